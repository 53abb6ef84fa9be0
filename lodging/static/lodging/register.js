// Keyboard-first group registration: add guests, and fill a guest from a scan.
// The rules stay in Python: the scan box posts its text to /stays/scan/.
(function () {
  const form = document.getElementById("register-form");
  if (!form) return;
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const guests = document.getElementById("guests");
  const template = document.getElementById("guest-template");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function looksComplete(text) {
    const t = text.trim();
    if (t.split("|").length >= 7) return true;              // CCCD QR text
    const lines = t.split(/\r?\n/).map((l) => l.replace(/\s+/g, ""));
    return lines.length === 2 && lines.every((l) => l.length === 44);  // passport MRZ
  }

  function fill(fieldset, fields) {
    for (const [name, value] of Object.entries(fields)) {
      const input = fieldset.querySelector(`[name$='-${name}']`);
      if (input && value !== null && value !== "") input.value = value;
    }
  }

  async function scan(textarea) {
    const fieldset = textarea.closest("[data-guest]");
    const status = fieldset.querySelector(".scan-status");
    const body = new URLSearchParams({ text: textarea.value });
    const response = await fetch(form.dataset.scanUrl, {
      method: "POST", body, headers: { "X-CSRFToken": csrf },
      credentials: "same-origin",
    });
    const data = await response.json();
    if (response.ok) {
      fill(fieldset, data.fields);
      status.textContent = "✓";
      status.className = "scan-status ok";
      textarea.value = "";
      const room = fieldset.querySelector("[name$='-phone']");
      if (room) room.focus();
    } else {
      status.textContent = data.errors.join(" ");
      status.className = "scan-status error";
    }
  }

  function wire(fieldset) {
    const textarea = fieldset.querySelector("textarea.scan");
    if (!textarea) return;
    textarea.addEventListener("input", () => {
      if (looksComplete(textarea.value)) scan(textarea);
    });
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.ctrlKey) { event.preventDefault(); scan(textarea); }
    });
  }

  document.getElementById("add-guest").addEventListener("click", () => {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, index)
      .replace(/__number__/g, index + 1);
    guests.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    const added = guests.lastElementChild;
    wire(added);
    added.querySelector("textarea.scan").focus();
  });

  guests.querySelectorAll("[data-guest]").forEach(wire);
})();
