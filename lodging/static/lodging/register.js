// The registration form: a family per room, each guest scanned (camera QR, passport
// photo, USB scanner) or typed, sent through the offline queue (outbox.js).
(function () {
  "use strict";
  const form = document.getElementById("register-form");
  if (!form) return;
  const app = document.getElementById("stays-app");
  const _ = (text) => window.gettext ? window.gettext(text) : text;
  const ngettext = (one, many, count) => window.ngettext ? window.ngettext(one, many, count)
    : (count === 1 ? one : many);
  const fmt = (text, values) => window.interpolate
    ? window.interpolate(text, values, true)
    : text.replace(/%\((\w+)\)s/g, (match, key) => values[key]);
  const total = form.querySelector("input[name$='-TOTAL_FORMS']");
  const guests = document.getElementById("guests");
  const template = document.getElementById("guest-template");
  const summary = document.getElementById("error-summary");
  const outbox = window.StaysOutbox;
  const cccd = window.StaysCccd;
  const remote = JSON.parse(document.getElementById("remote-establishments").textContent);

  const IDENTITY = ["full_name", "sex", "date_of_birth", "document_type", "card_name",
    "document_number", "nationality", "address", "phone", "entry_date", "port_of_entry",
    "visa_type", "visa_number", "permitted_stay_until"];
  const FOREIGN = ["entry_date", "port_of_entry", "visa_type", "visa_number",
    "permitted_stay_until"];
  const GROUP = ["room", "arrival", "expected_departure", "reason"];
  const NUMERIC_DOCUMENTS = ["cccd", "cmnd"];

  // --- Countries: the datalist carries codes and names in both languages ---
  const countryLabel = new Map();
  const countryByName = new Map();
  for (const option of document.querySelectorAll("#countries option")) {
    countryLabel.set(option.value, option.label);
    countryByName.set(cccd.fold(option.value), option.value);
    for (const name of option.label.split(" · ")) countryByName.set(cccd.fold(name), option.value);
    countryByName.set(cccd.fold(option.label), option.value);
  }
  function countryCode(value) {
    const text = (value || "").trim();
    if (!text) return "";
    return countryByName.get(cccd.fold(text)) || text.toUpperCase();
  }

  const input = (fieldset, name) => fieldset.querySelector(`[name$='-${name}']`);
  const fieldBox = (fieldset, name) => fieldset.querySelector(`.field-${name}`);

  function setStatus(fieldset, kind, lines) {
    const status = fieldset.querySelector(".scan-status");
    status.className = "scan-status " + kind;
    status.replaceChildren();
    const list = Array.isArray(lines) ? lines : [lines];
    if (list.length === 1) { status.textContent = list[0]; return; }
    const [head, ...rest] = list;
    status.append(head);
    const ul = document.createElement("ul");
    for (const line of rest) {
      const li = document.createElement("li");
      li.textContent = line;
      ul.append(li);
    }
    status.append(ul);
  }

  function showForeign(fieldset) {
    const code = countryCode(input(fieldset, "nationality").value || "VNM");
    const foreign = code !== "VNM";
    for (const name of FOREIGN) {
      const box = fieldBox(fieldset, name);
      if (box) box.hidden = !foreign;
    }
    const label = fieldset.querySelector(".country-name");
    if (label) label.textContent = countryLabel.get(code) || "";
  }

  function showDocument(fieldset) {
    const type = input(fieldset, "document_type").value;
    input(fieldset, "document_number").inputMode =
      NUMERIC_DOCUMENTS.includes(type) ? "numeric" : "text";
    const card = fieldBox(fieldset, "card_name");
    if (card) card.hidden = type !== "cccd";
  }

  // Each guest's latest scan wins: an answer to an earlier one that arrives late is
  // dropped, so it can never overwrite what came after it.
  function beginScan(fieldset) {
    fieldset.scanSeq = (fieldset.scanSeq || 0) + 1;
    const seq = fieldset.scanSeq;
    return () => fieldset.scanSeq === seq;
  }

  // A scan starts from an empty guest: nothing of a previous scan survives a new one.
  function clearGuest(fieldset) {
    for (const name of IDENTITY) {
      const field = input(fieldset, name);
      if (!field) continue;
      field.value = name === "nationality" ? "VNM"
        : name === "document_type" ? "cccd" : "";
      field.classList.remove("needs-review");
      field.removeAttribute("aria-invalid");
    }
    fieldset.querySelectorAll(".field .error").forEach((node) => node.remove());
    const confirmBox = fieldset.querySelector(".name-confirm");
    confirmBox.hidden = true;
    delete fieldset.dataset.nameToConfirm;
    showForeign(fieldset);
    showDocument(fieldset);
  }

  function fill(fieldset, fields, needsReview) {
    for (const [name, value] of Object.entries(fields || {})) {
      const field = input(fieldset, name);
      if (field && value !== null && value !== undefined && value !== "") {
        field.value = value;
      }
    }
    for (const name of needsReview || []) {
      const field = input(fieldset, name);
      if (field) field.classList.add("needs-review");
    }
    showForeign(fieldset);
    showDocument(fieldset);
  }

  function askNameConfirmation(fieldset) {
    const name = input(fieldset, "full_name");
    const box = fieldset.querySelector(".name-confirm");
    box.querySelector(".name-read").textContent = name.value;
    box.hidden = false;
    fieldset.dataset.nameToConfirm = "1";
    name.classList.add("needs-review");
  }

  function nameConfirmed(fieldset) {
    fieldset.querySelector(".name-confirm").hidden = true;
    delete fieldset.dataset.nameToConfirm;
    input(fieldset, "full_name").classList.remove("needs-review");
  }

  // The text of a CCCD QR code (camera, photo or USB scanner), read here.
  function applyQr(fieldset, text) {
    clearGuest(fieldset);
    const result = cccd.parseQr(text);
    if (result.errors) {
      setStatus(fieldset, "error",
        [_("This QR code was refused; the guest's fields stay empty:"), ...result.errors]);
      return false;
    }
    fill(fieldset, result.fields);
    const card = result.fields.card_name === "can_cuoc" ? "Căn cước" : "CCCD";
    setStatus(fieldset, "ok", fmt(_("✓ %(card)s read: check the details, the card name " +
      "follows the issue date and can be changed."), { card }));
    return true;
  }

  function applyMrzFields(fieldset, fields, needsReview) {
    clearGuest(fieldset);
    fill(fieldset, fields, needsReview);
    askNameConfirmation(fieldset);
    setStatus(fieldset, "ok", _("✓ Passport read: confirm the name below."));
  }

  function looksComplete(text) {
    const value = text.trim();
    if (value.split("|").length >= 7) return true;                 // CCCD QR text
    const lines = value.split(/\r?\n/).map((line) => line.replace(/\s+/g, ""));
    return lines.length === 2 && lines.every((line) => line.length === 44);  // MRZ
  }

  async function csrfToken() {
    return form.querySelector("input[name=csrfmiddlewaretoken]").value;
  }
  async function refreshToken() {
    const response = await fetch(app.dataset.csrfUrl, { credentials: "same-origin",
                                                        cache: "no-store" });
    const data = await response.json();
    document.querySelectorAll("input[name=csrfmiddlewaretoken]")
      .forEach((node) => { node.value = data.token; });
  }
  async function postWithToken(url, body, headers) {
    let response = await fetch(url, { method: "POST", body, credentials: "same-origin",
      headers: { ...headers, "X-CSRFToken": await csrfToken() } });
    if (response.status === 403) {
      await refreshToken();
      response = await fetch(url, { method: "POST", body, credentials: "same-origin",
        headers: { ...headers, "X-CSRFToken": await csrfToken() } });
    }
    return response;
  }

  // Typed or USB-scanned text: QR text is read here, MRZ lines by the server.
  async function scanText(textarea) {
    const fieldset = textarea.closest("[data-guest]");
    const text = textarea.value;
    if (fieldset.scanText === text) return;  // the same lines, already being read
    const current = beginScan(fieldset);
    if (text.includes("|")) {
      if (applyQr(fieldset, text)) textarea.value = "";
      return;
    }
    fieldset.scanText = text;
    clearGuest(fieldset);
    setStatus(fieldset, "busy", _("Checking the passport lines…"));
    let response;
    try {
      response = await postWithToken(form.dataset.scanUrl, new URLSearchParams({ text }),
                                     { Accept: "application/json" });
    } catch (error) {
      fieldset.scanText = null;
      if (current()) {
        setStatus(fieldset, "error", _("Passport lines are checked by the server: no " +
          "connection now. Type the details, or try again when online."));
      }
      return;
    }
    const data = await response.json().catch(() => ({}));
    fieldset.scanText = null;
    if (!current()) return;
    if (response.ok) {
      applyMrzFields(fieldset, data.fields, ["full_name"]);
      textarea.value = "";
    } else {
      setStatus(fieldset, "error",
        [_("These passport lines were refused; the guest's fields stay empty:"),
          ...(data.errors || [_("They could not be read.")])]);
    }
  }

  // A photo: a QR code in it is read here; anything else goes to the server's reader
  // (the passport's machine-readable zone), which needs a connection.
  const SCAN_TYPES = ["image/jpeg", "image/png", "image/webp"];
  const SCAN_MAX_BYTES = 10 * 1024 * 1024;

  async function uploadable(file) {
    if (SCAN_TYPES.includes(file.type) && file.size <= SCAN_MAX_BYTES / 2) return file;
    try {  // a phone photo can be huge or HEIC: send a JPEG the server takes
      const bitmap = await createImageBitmap(file);
      const scale = Math.min(1, 3000 / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.92));
    } catch (error) {
      return file;
    }
  }

  async function scanPhoto(fileInput) {
    const fieldset = fileInput.closest("[data-guest]");
    const file = fileInput.files && fileInput.files[0];
    fileInput.value = "";
    if (!file) return;
    const current = beginScan(fieldset);
    clearGuest(fieldset);
    setStatus(fieldset, "busy", _("Reading the photo…"));
    const qr = await window.StaysScanner.decodeFile(file);
    if (!current()) return;
    if (qr && qr.includes("|")) { applyQr(fieldset, qr); return; }
    if (!navigator.onLine) {
      setStatus(fieldset, "error", _("A passport photo is read by the server: no " +
        "connection now. Type the details, or try again when online."));
      return;
    }
    const body = new FormData();
    body.append("image", await uploadable(file), "scan.jpg");
    let response;
    try {
      response = await postWithToken(app.dataset.scanApi, body, {
        Accept: "application/json", "Accept-Language": app.dataset.lang });
    } catch (error) {
      if (current()) {
        setStatus(fieldset, "error", _("The photo could not be sent: no connection. " +
          "Type the details, or try again when online."));
      }
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (!current()) return;
    if (response.ok && data.problems && data.problems.length) {
      clearGuest(fieldset);
      setStatus(fieldset, "error",
        [_("The document was refused; the guest's fields stay empty:"), ...data.problems]);
    } else if (response.ok && data.kind === "passport_mrz") {
      applyMrzFields(fieldset, data.fields, data.needs_review);
    } else if (response.ok && data.kind === "cccd_qr") {
      clearGuest(fieldset);
      fill(fieldset, data.fields, data.needs_review);
      setStatus(fieldset, "ok", _("✓ Card read: check the details."));
    } else {
      const reasons = {
        413: _("The photo is too large (at most 10 MB)."),
        415: _("This file is not a photo the reader takes (JPEG, PNG or WebP)."),
      };
      setStatus(fieldset, "error", [_("Nothing could be read; the guest's fields stay " +
        "empty:"), data.detail || reasons[response.status]
        || _("Take the photo again, flat and well lit, with the two lines at the bottom " +
             "of the photo page in view.")]);
    }
  }

  async function scanCamera(fieldset) {
    const current = beginScan(fieldset);
    const text = await window.StaysScanner.scanWithCamera();
    if (text === null || !current()) return;
    applyQr(fieldset, text);
    const next = input(fieldset, "phone");
    if (next) next.focus();
  }

  function wire(fieldset) {
    const textarea = fieldset.querySelector("textarea.scan");
    textarea.addEventListener("input", () => {
      if (looksComplete(textarea.value)) scanText(textarea);
    });
    // A USB scanner may type before this script runs (a slow phone, a page still
    // loading): what it typed is read now. Text the server put back is not a new scan.
    if (textarea.value !== textarea.defaultValue && looksComplete(textarea.value)) {
      scanText(textarea);
    }
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.ctrlKey) { event.preventDefault(); scanText(textarea); }
    });
    fieldset.querySelector(".scan-camera")
      .addEventListener("click", () => scanCamera(fieldset));
    const photo = fieldset.querySelector(".scan-photo");
    photo.addEventListener("change", () => scanPhoto(photo));
    const nationality = input(fieldset, "nationality");
    nationality.addEventListener("input", () => showForeign(fieldset));
    nationality.addEventListener("change", () => {
      const code = countryCode(nationality.value);
      if (countryLabel.has(code)) nationality.value = code;
      showForeign(fieldset);
    });
    input(fieldset, "document_type").addEventListener("change", () => showDocument(fieldset));
    input(fieldset, "full_name").addEventListener("input", () => {
      if (fieldset.dataset.nameToConfirm) nameConfirmed(fieldset);  // corrected by hand
    });
    fieldset.querySelector(".confirm-name")
      .addEventListener("click", () => nameConfirmed(fieldset));
    showForeign(fieldset);
    showDocument(fieldset);
  }

  function addGuest() {
    const index = parseInt(total.value, 10);
    const html = template.innerHTML.replace(/__prefix__/g, index)
      .replace(/__number__/g, index + 1);
    guests.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    const added = guests.lastElementChild;
    wire(added);
    return added;
  }

  document.getElementById("add-guest").addEventListener("click", () => {
    addGuest().querySelector(".scan-camera").focus();
  });
  guests.querySelectorAll("[data-guest]").forEach(wire);

  // --- Sending: the family goes into the queue first, then to the server ---
  const value = (name) => (form.querySelector(`[name='${name}']`) || {}).value || "";

  function offsetMinutes() {
    const [, sign, hours, minutes] = /([+-])(\d\d):(\d\d)/.exec(form.dataset.utcOffset);
    return (sign === "-" ? -1 : 1) * (+hours * 60 + +minutes);
  }
  function localMs(dateText, hours, minutes) {  // a wall-clock time in Vietnam, as ms
    const [y, m, d] = dateText.split("-").map(Number);
    return Date.UTC(y, m - 1, d, hours, minutes) - offsetMinutes() * 60000;
  }
  // lodging/deadlines.py, for the queue's "time left" (the server decides lateness).
  function deadline(arrival, foreign, isRemote) {
    const [date, time] = arrival.split("T");
    const [hours, minutes] = time.split(":").map(Number);
    const arrivalMs = localMs(date, hours, minutes);
    if (foreign) return arrivalMs + (isRemote ? 24 : 12) * 3600 * 1000;
    if (hours < 23) return localMs(date, 23, 0);
    return localMs(date, 23, 0) + 9 * 3600 * 1000;  // 08:00 the next day
  }

  function guestIsBlank(fieldset) {
    return !["full_name", "document_number", "date_of_birth", "address"]
      .some((name) => (input(fieldset, name).value || "").trim());
  }

  function collect() {
    const establishment = value("establishment");
    const shared = { establishment_code: establishment, room: value("room").trim(),
                     reason: value("reason") };
    const offset = form.dataset.utcOffset;
    for (const name of ["arrival", "expected_departure"]) {
      if (value(name)) shared[name] = value(name) + ":00" + offset;
    }
    const fieldsets = [...guests.querySelectorAll("[data-guest]")];
    const sent = fieldsets.filter((fieldset) => !guestIsBlank(fieldset));
    const rows = sent.map((fieldset) => {
      const row = { ...shared };
      const nationality = countryCode(input(fieldset, "nationality").value || "VNM");
      for (const name of IDENTITY) {
        const field = input(fieldset, name);
        if (!field) continue;
        let text = field.value.trim();
        if (name === "nationality") text = nationality;
        if (FOREIGN.includes(name) && nationality === "VNM") continue;
        if (name === "card_name" && input(fieldset, "document_type").value !== "cccd") continue;
        if (text) row[name] = text;
      }
      return row;
    });
    return { rows, sent, establishment };
  }

  function clearErrors() {
    form.querySelectorAll(".field .error.from-server, .guest > .error.from-server")
      .forEach((node) => node.remove());
    form.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
    summary.hidden = true;
  }

  // Errors as the API gives them ({row, field, message}), beside their fields and in
  // the summary at the top, which takes the focus.
  function showErrors(errors, sent) {
    clearErrors();
    const entries = [];
    for (const error of errors) {
      const groupField = error.field === "establishment_code" ? "establishment" : error.field;
      let anchor, label;
      if (GROUP.includes(groupField) || groupField === "establishment") {
        anchor = form.querySelector(`[name='${groupField}']`);
        const labelNode = anchor && form.querySelector(`label[for='${anchor.id}']`);
        label = labelNode ? labelNode.textContent.replace(/:$/, "") : "";
      } else {
        const fieldset = sent[error.row] || guests.querySelector("[data-guest]");
        const number = fieldset.querySelector(".guest-number").textContent;
        const field = ["qr", "mrz"].includes(error.field) ? "scan" : error.field;
        anchor = input(fieldset, field) || fieldset;
        const labelNode = anchor.id && form.querySelector(`label[for='${anchor.id}']`);
        label = fmt(_("Guest %(number)s"), { number })
          + (labelNode ? ", " + labelNode.textContent.replace(/:$/, "") : "");
        if (anchor.tagName === "FIELDSET") anchor = fieldset;
      }
      if (!anchor || anchor === form) anchor = form;
      const note = document.createElement("span");
      note.className = "error from-server";
      note.textContent = error.message;
      if (anchor.tagName === "FIELDSET" || anchor === form) {
        note.setAttribute("role", "alert");
        anchor.prepend(note);
      } else {
        anchor.setAttribute("aria-invalid", "true");
        anchor.closest(".field").append(note);
        if (anchor.closest(".field").hidden) anchor.closest(".field").hidden = false;
      }
      if (!anchor.id) anchor.id = "register-form";
      entries.push([anchor.id, label ? `${label}: ${error.message}` : error.message]);
    }
    const heading = summary.querySelector("h2");
    heading.textContent = fmt(ngettext("There is %(counter)s problem to fix:",
      "There are %(counter)s problems to fix:", entries.length), { counter: entries.length });
    const list = summary.querySelector("ul");
    list.replaceChildren(...entries.map(([id, text]) => {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#" + id;
      link.textContent = text;
      li.append(link);
      return li;
    }));
    summary.hidden = false;
    summary.focus();
  }

  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (!link) return;
    const target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    const box = target.closest(".field");
    if (box && box.hidden) box.hidden = false;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  });

  function resetForNextFamily() {
    const room = form.querySelector("[name='room']");
    room.value = "";
    guests.querySelectorAll("[data-guest]").forEach((fieldset, index) => {
      if (index === 0) {
        clearGuest(fieldset);
        fieldset.querySelector("textarea.scan").value = "";
        setStatus(fieldset, "", "");
      } else {
        fieldset.remove();
      }
    });
    total.value = 1;
  }

  const SEND_WAIT_MS = 8000;
  let fixing = null;  // the key of a refused family loaded back into the form

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (form.dataset.sending) return;
    const { rows, sent, establishment } = collect();
    const unconfirmed = sent.filter((fieldset) => fieldset.dataset.nameToConfirm);
    if (unconfirmed.length) {
      showErrors(unconfirmed.map((fieldset) => ({
        row: sent.indexOf(fieldset), field: "full_name",
        message: _("Confirm the name read from the passport (it has no check digit)."),
      })), sent);
      return;
    }
    if (!rows.length) {
      showErrors([{ row: 0, field: "full_name", message: _("Enter the guest's full name.") }],
                 sent);
      return;
    }
    // Offline, a family without its room or arrival would only be refused later; online
    // the server reports these with every other problem at once.
    if (!navigator.onLine && (!value("room").trim() || !value("arrival"))) {
      const errors = [];
      if (!value("room").trim()) errors.push({ row: 0, field: "room", message: _("Enter the room.") });
      if (!value("arrival")) errors.push({ row: 0, field: "arrival",
                                           message: _("Enter the arrival date and time.") });
      showErrors(errors, sent);
      return;
    }
    const key = outbox.newKey();
    const isRemote = !!remote[establishment];
    const record = {
      key, payload: rows, guest_count: rows.length, room: value("room").trim(),
      names: rows.map((row) => row.full_name || "?"), establishment,
      deadline: Math.min(...rows.map((row) =>
        deadline(value("arrival"), (row.nationality || "VNM") !== "VNM", isRemote))),
    };
    form.dataset.sending = "1";
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await outbox.add(record);
      if (fixing) { await outbox.remove(fixing); fixing = null; }
      // A weak signal can hold a request for minutes: after a few seconds the family
      // stays in the queue (which shows how it ends) and the form is free again.
      await Promise.race([outbox.flush(), new Promise((resolve) => {
        setTimeout(resolve, navigator.onLine ? SEND_WAIT_MS : 0);
      })]);
      const result = await outbox.get(key);
      if (result && result.state === "sent") {
        window.location.assign(app.dataset.receiptUrl.replace("CODE", result.receipt_code));
        return;
      }
      if (result && result.state === "refused") {
        await outbox.remove(key);  // the data is still in the form, with its errors
        showErrors(result.errors, sent);
        return;
      }
      clearErrors();
      resetForNextFamily();
      const notice = document.getElementById("connection");
      notice.hidden = false;
      notice.textContent = _("Kept on this phone: it is sent to the police as soon as " +
        "the connection returns. You can register the next family.");
      notice.setAttribute("tabindex", "-1");
      notice.focus();
    } finally {
      delete form.dataset.sending;
      button.disabled = false;
    }
  });

  // "Fix in the form" from the queue: the refused family back in the form, with its errors.
  async function loadForFixing() {
    const match = /^#fix=(.+)$/.exec(window.location.hash);
    if (!match) return;
    const record = await outbox.get(decodeURIComponent(match[1]));
    if (!record || record.state !== "refused") return;
    fixing = record.key;
    guests.querySelectorAll("[data-guest]").forEach((fieldset, index) => {
      if (index > 0) fieldset.remove();
    });
    total.value = 1;
    const first = record.payload[0] || {};
    for (const name of GROUP) {
      const field = form.querySelector(`[name='${name}']`);
      if (field && first[name]) field.value = String(first[name]).slice(0, 16);
    }
    const establishmentField = form.querySelector("[name='establishment']");
    if (establishmentField && first.establishment_code) {
      establishmentField.value = first.establishment_code;
    }
    const fieldsets = [];
    record.payload.forEach((row, index) => {
      const fieldset = index === 0 ? guests.querySelector("[data-guest]") : addGuest();
      clearGuest(fieldset);
      fill(fieldset, row);
      fieldsets.push(fieldset);
    });
    showErrors(record.errors || [], fieldsets);
  }
  loadForFixing();
  window.addEventListener("hashchange", loadForFixing);  // "Fix" clicked on this page
})();
