// Every page of the hotel app: the service worker, the connection notice, the queue of
// families kept on the phone, confirmations before acting, and signing out cleanly.
(function () {
  "use strict";
  const app = document.getElementById("stays-app");
  if (!app) return;
  const _ = (text) => window.gettext ? window.gettext(text) : text;
  const ngettext = (one, many, count) => window.ngettext ? window.ngettext(one, many, count)
    : (count === 1 ? one : many);
  const fmt = (text, values) => window.interpolate
    ? window.interpolate(text, values, true) : text;
  const outbox = window.StaysOutbox;

  // A confirmation in the page (a <dialog>), resolved true when the person confirms.
  function confirm(text, okLabel) {
    const dialog = document.getElementById("confirm-dialog");
    if (!dialog || !dialog.showModal) return Promise.resolve(window.confirm(text));
    dialog.querySelector("#confirm-text").textContent = text;
    dialog.querySelector("#confirm-ok").textContent = okLabel;
    dialog.returnValue = "";
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"),
                              { once: true });
      dialog.showModal();
      dialog.querySelector("#confirm-ok").focus();
    });
  }
  window.StaysUi = { confirm };

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.dataset || !form.dataset.confirm || form.dataset.confirmed) return;
    event.preventDefault();
    if (await confirm(form.dataset.confirm, form.dataset.confirmButton || _("Confirm"))) {
      form.dataset.confirmed = "1";
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });

  // Signing out deletes the families kept on this phone (the server also asks the
  // browser to clear the site's storage); unsent ones are named before they go.
  const logout = document.getElementById("logout-form");
  if (logout && outbox) {
    logout.addEventListener("submit", async (event) => {
      if (logout.dataset.cleared) return;
      event.preventDefault();
      let unsent = 0;
      try { unsent = await outbox.unsentCount(); } catch (error) { unsent = 0; }
      if (unsent && !await confirm(fmt(ngettext(
        "%(count)s family has not been sent to the police yet. Signing out deletes it " +
          "from this phone.",
        "%(count)s families have not been sent to the police yet. Signing out deletes " +
          "them from this phone.", unsent), { count: unsent }), _("Sign out and delete"))) return;
      await outbox.clearAll();
      if (window.caches) {
        for (const name of await caches.keys()) {
          if (name.startsWith("stays:")) await caches.delete(name);
        }
      }
      logout.dataset.cleared = "1";
      logout.submit();
    });
  }

  const notice = document.getElementById("connection");
  function showConnection() { if (notice) notice.hidden = navigator.onLine; }
  showConnection();
  window.addEventListener("offline", showConnection);
  window.addEventListener("online", () => { showConnection(); if (outbox) outbox.flush(); });

  if (outbox) {
    outbox.render();
    outbox.flush();
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") outbox.flush();
    });
    setInterval(() => { outbox.render(); if (navigator.onLine) outbox.flush(); }, 60 * 1000);
  }

  // A failed install (a weak signal while the files were fetched) is tried again when
  // the connection comes back and every half minute while the page stays open, so the
  // offline form becomes available without waiting for another visit.
  if ("serviceWorker" in navigator && app.dataset.sw) {
    let retry = null;
    const register = () => {
      clearTimeout(retry);
      navigator.serviceWorker.register(app.dataset.sw, { scope: app.dataset.scope })
        .catch(() => { retry = setTimeout(register, 30 * 1000); });
    };
    register();
    window.addEventListener("online", () => {
      if (!navigator.serviceWorker.controller) register();
    });
  }

  const summary = document.getElementById("error-summary");
  if (summary && !summary.hidden) summary.focus();
})();
