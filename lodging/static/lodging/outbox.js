// The offline queue: every family registered in the form is kept in IndexedDB with a
// client-made Idempotency-Key and sent to POST /api/v1/stays/ when it can be: at once,
// when the connection returns, whenever a page of the app opens, and every minute.
// (Background Sync is not used: Safari has none.)
//
// Exactly one registration per family: a tab sends only while it holds the Web Lock
// "stays-outbox" (other tabs wait, then find the family already sent); a family left
// "sending" by a page closed mid-request is sent again with the same key, and the server
// answers a repeated key with the first answer instead of registering twice.
// Personal data leaves the queue as soon as the server has it; signing out deletes all.
(function () {
  "use strict";
  const DB_NAME = "stays-outbox";
  const STORE = "families";
  const LOCK = "stays-outbox";
  const KEEP_SENT_MS = 12 * 3600 * 1000;
  const STALE_CLAIM_MS = 60 * 1000;  // only without Web Locks: a claim older is abandoned
  const tabId = Math.random().toString(36).slice(2);
  const app = () => document.getElementById("stays-app");
  const _ = (text) => window.gettext ? window.gettext(text) : text;
  const ngettext = (one, many, count) => window.ngettext ? window.ngettext(one, many, count)
    : (count === 1 ? one : many);
  const fmt = (text, values) => window.interpolate
    ? window.interpolate(text, values, true)
    : text.replace(/%\((\w+)\)s/g, (match, key) => values[key]);
  const channel = "BroadcastChannel" in window ? new BroadcastChannel(DB_NAME) : null;

  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          request.result.createObjectStore(STORE, { keyPath: "key" });
        };
        request.onsuccess = () => {
          const database = request.result;
          // Another tab deleting the database (sign-out) must not be blocked by us.
          database.onversionchange = () => { database.close(); dbPromise = null; };
          resolve(database);
        };
        request.onerror = () => reject(request.error);
      });
    }
    return dbPromise;
  }

  async function tx(mode, work) {
    const database = await db();
    return new Promise((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const store = transaction.objectStore(STORE);
      let result;
      Promise.resolve(work(store, (value) => { result = value; })).catch(reject);
      transaction.oncomplete = () => resolve(result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  const req = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

  function list() {
    return tx("readonly", (store, done) => req(store.getAll()).then(done));
  }
  function get(key) {
    return tx("readonly", (store, done) => req(store.get(key)).then(done));
  }
  function put(record) {
    return tx("readwrite", (store) => { store.put(record); }).then(changed);
  }
  function remove(key) {
    return tx("readwrite", (store) => { store.delete(key); }).then(changed);
  }
  function changed() {
    if (channel) channel.postMessage("changed");
    render();
  }

  function newKey() {
    if (crypto.randomUUID) return "form-" + crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return "form-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // Claims a family for sending in one IndexedDB transaction (atomic across tabs).
  function claim(key, withLock) {
    return tx("readwrite", async (store, done) => {
      const record = await req(store.get(key));
      const now = Date.now();
      if (!record || !["waiting", "sending"].includes(record.state)) return done(null);
      if (!withLock && record.state === "sending" && record.claimed_by !== tabId
          && now - record.sending_since < STALE_CLAIM_MS) return done(null);
      Object.assign(record, { state: "sending", sending_since: now, claimed_by: tabId,
                              attempts: (record.attempts || 0) + 1 });
      store.put(record);
      done(record);
    });
  }

  let token = null;
  function pageToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  async function freshToken() {
    const response = await fetch(app().dataset.csrfUrl, {
      credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
    });
    const data = await response.json();
    token = data.token;
    document.querySelectorAll("input[name=csrfmiddlewaretoken]")
      .forEach((input) => { input.value = data.token; });
    return data;
  }

  function post(record) {
    return fetch(app().dataset.api, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json",
                 "Accept-Language": record.lang || app().dataset.lang,
                 "X-CSRFToken": token || pageToken(), "Idempotency-Key": record.key },
      body: JSON.stringify(record.payload),
    });
  }

  // Sends one claimed family; returns its new state. Throws nothing.
  async function send(record) {
    let response;
    try {
      response = await post(record);
      if (response.status === 403 || response.status === 401) {
        // A token kept offline may be stale, or the session ended: ask who is signed in.
        const who = await freshToken();
        if (who.user !== record.user) {
          return settle(record, { state: "waiting", problem: "sign_in" });
        }
        response = await post(record);
      }
    } catch (error) {
      return settle(record, { state: "waiting", problem: "offline" });
    }
    let body = {};
    try { body = await response.json(); } catch (error) { body = {}; }
    if (response.status === 201) {
      // Sent: keep the receipt, drop every piece of personal data.
      const sent = { key: record.key, user: record.user, state: "sent",
                     receipt_code: body.receipt_code, guest_count: record.guest_count,
                     room: record.room, queued_at: record.queued_at, sent_at: Date.now(),
                     late: (body.stays || []).some((stay) => stay.late) };
      await put(sent);
      return sent;
    }
    if (response.status === 400 || response.status === 422) {
      return settle(record, { state: "refused", errors: body.errors || [], problem: null });
    }
    if (response.status === 403 || response.status === 401) {
      return settle(record, { state: "waiting", problem: "sign_in" });
    }
    return settle(record, { state: "waiting", problem: "server" });
  }

  async function settle(record, changes) {
    const current = await get(record.key);
    if (!current || current.state === "sent") return current;
    const next = Object.assign(current, changes, { claimed_by: null });
    await put(next);
    return next;
  }

  function withLock(work) {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request(LOCK, () => work(true));
    }
    return work(false);
  }

  // Sends every family of the signed-in user that waits (or was left mid-send).
  // Calls in one tab run one after the other; tabs take turns through the lock.
  async function flushOnce() {
    const user = app() && app().dataset.user;
    if (!user) return;
    await withLock(async (locked) => {
      const waiting = (await list()).filter((record) => record.user === user
        && ["waiting", "sending"].includes(record.state))
        .sort((a, b) => a.queued_at - b.queued_at);
      for (const candidate of waiting) {
        const record = await claim(candidate.key, locked);
        if (!record) continue;
        const result = await send(record);
        if (result && result.state === "waiting") break;  // offline or signed out
      }
    });
  }
  let queue = Promise.resolve();
  function flush() {
    queue = queue.then(flushOnce).catch(() => {});
    return queue;
  }

  async function add(record) {
    await put(Object.assign({ state: "waiting", attempts: 0, queued_at: Date.now(),
                              user: app().dataset.user, lang: app().dataset.lang }, record));
  }

  async function clearAll() {
    dbPromise = null;
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
    if (channel) channel.postMessage("changed");
  }

  async function unsentCount() {
    return (await list()).filter((record) => record.state !== "sent").length;
  }

  // --- The list of kept families shown on every page of the app ---
  function duration(ms) {
    const minutes = Math.max(0, Math.round(ms / 60000));
    if (minutes < 60) return fmt(_("%(minutes)s min"), { minutes });
    return fmt(_("%(hours)s h %(minutes)s min"),
      { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  }
  function clock(ms) {  // deadlines are in Vietnam's time, whatever the phone says
    return new Date(ms).toLocaleString(app().dataset.lang === "vi" ? "vi-VN" : "en-GB",
      { timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit",
        day: "2-digit", month: "2-digit" });
  }

  const gettext_noop = (text) => text;  // marks the texts for translation, _() shows them
  const PROBLEMS = {
    offline: gettext_noop("No connection yet; it is sent as soon as the connection returns."),
    sign_in: gettext_noop("Sign in again to send it (your session ended)."),
    server: gettext_noop("The server did not answer; it is tried again automatically."),
  };

  function item(record, user) {
    const li = document.createElement("li");
    li.className = "outbox-item state-" + record.state;
    li.dataset.key = record.key;
    const title = document.createElement("p");
    title.className = "outbox-title";
    const now = Date.now();
    const guests = fmt(ngettext("%(count)s guest", "%(count)s guests",
      record.guest_count), { count: record.guest_count });
    const mine = record.user === user;
    if (record.state === "sent") {
      title.textContent = fmt(_("Room %(room)s, %(guests)s: sent, receipt "), {
        room: record.room, guests });
      const link = document.createElement("a");
      link.href = app().dataset.receiptUrl.replace("CODE", record.receipt_code);
      link.textContent = record.receipt_code;
      link.className = "receipt-code";
      title.append(link);
      li.append(title);
      return li;
    }
    if (!mine) {
      title.textContent = fmt(_("A family kept on this phone by %(user)s: they must sign in " +
        "to send it."), { user: record.user });
      li.append(title);
      return li;
    }
    const names = (record.names || []).join(", ");
    title.textContent = fmt(_("Room %(room)s, %(guests)s (%(names)s)"),
      { room: record.room, guests, names });
    li.append(title);
    const state = document.createElement("p");
    state.className = "outbox-state";
    if (record.state === "refused") {
      state.textContent = _("Refused by the server: fix it and send again.");
      const errors = document.createElement("ul");
      errors.className = "errors";
      for (const error of record.errors || []) {
        const entry = document.createElement("li");
        entry.textContent = error.message;
        errors.append(entry);
      }
      li.append(state, errors);
    } else {
      const waited = fmt(_("Waiting for %(time)s"), { time: duration(now - record.queued_at) });
      const left = record.deadline - now;
      const deadline = left >= 0
        ? fmt(_("deadline %(when)s (in %(left)s)"), { when: clock(record.deadline),
                                                   left: duration(left) })
        : fmt(_("deadline %(when)s passed %(ago)s ago: it will be recorded as late"),
          { when: clock(record.deadline), ago: duration(-left) });
      state.textContent = `${waited} · ${deadline}`;
      if (left < 0) state.classList.add("late");
      li.append(state);
      if (record.problem) {
        const problem = document.createElement("p");
        problem.className = "outbox-problem";
        problem.textContent = _(PROBLEMS[record.problem] || PROBLEMS.server);
        if (record.problem === "sign_in") {
          const link = document.createElement("a");
          link.href = app().dataset.loginUrl;
          link.textContent = " " + _("Sign in");
          problem.append(link);
        }
        li.append(problem);
      }
    }
    const actions = document.createElement("p");
    actions.className = "outbox-actions";
    if (record.state === "refused") {
      const fix = document.createElement("a");
      fix.className = "button";
      fix.href = app().dataset.registerUrl + "#fix=" + encodeURIComponent(record.key);
      fix.textContent = _("Fix in the form");
      actions.append(fix);
    } else {
      const again = document.createElement("button");
      again.type = "button";
      again.textContent = _("Send now");
      again.addEventListener("click", () => flush());
      actions.append(again);
    }
    const drop = document.createElement("button");
    drop.type = "button";
    drop.className = "link danger";
    drop.textContent = _("Delete");
    drop.addEventListener("click", async () => {
      const ok = await window.StaysUi.confirm(
        _("Delete this family from the phone? It has not been notified to the police."),
        _("Delete"));
      if (ok) await remove(record.key);
    });
    actions.append(drop);
    li.append(actions);
    return li;
  }

  // One render at a time; a change during a render renders again after it.
  let rendering = false, renderAgain = false;
  async function render() {
    const section = document.getElementById("outbox");
    if (!section) return;
    if (rendering) { renderAgain = true; return; }
    rendering = true;
    renderAgain = false;
    try {
      const now = Date.now();
      const records = await list();
      for (const record of records) {
        if (record.state === "sent" && now - record.sent_at > KEEP_SENT_MS) {
          await tx("readwrite", (store) => { store.delete(record.key); });
        }
      }
      const shown = records.filter((r) => r.state !== "sent" || now - r.sent_at <= KEEP_SENT_MS)
        .sort((a, b) => b.queued_at - a.queued_at);
      const ul = section.querySelector(".outbox-list");
      ul.replaceChildren(...shown.map((record) => item(record, app().dataset.user)));
      section.hidden = shown.length === 0;
    } catch (error) {
      section.hidden = true;
    } finally {
      rendering = false;
      if (renderAgain) render();
    }
  }

  if (channel) channel.onmessage = () => render();

  window.StaysOutbox = { add, get, list, put, remove, flush, clearAll, unsentCount, render,
                         newKey };
})();
