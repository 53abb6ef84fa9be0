{% load lodging_tags %}
// The hotel UI's service worker (scope {{ scope }}): opens the registration form and
// the static files without a connection. It keeps no page with guest data: lists,
// stays and receipts always come from the network. Sending queued families is the
// pages' job (lodging/outbox.js), not Background Sync, which Safari does not have.
"use strict";
const VERSION = "{{ version }}";
const PREFIX = "stays:" + {{ scope|js_value }};
const CACHE = PREFIX + VERSION;
const ASSETS = {{ assets|js_value }};
const PAGES = {{ pages|js_value }};
const REGISTER = {{ register_url|js_value }};
const OFFLINE = {{ offline_url|js_value }};
const SCOPE = {{ scope|js_value }};

async function fetchWithRetry(url, tries = 3) {
  for (let attempt = 1; ; attempt++) {
    let response = null;
    try {
      response = await fetch(url, { cache: "no-cache" });
    } catch (error) {
      if (attempt >= tries) throw error;
    }
    if (response && response.ok) return response;
    if (response && (response.status < 500 || attempt >= tries)) {
      throw new Error(url + " answered " + response.status);
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Each file with a few tries rather than addAll, which gives up on the
    // whole install when one request of a weak connection drops. A file still missing
    // fails the install, and app.js registers again later.
    await Promise.all(ASSETS.map(async (url) => {
      if (!await cache.match(url)) await cache.put(url, await fetchWithRetry(url));
    }));
    // Pages that need a sign-in are kept only when the answer is the page itself.
    await Promise.all(PAGES.map(async (url) => {
      try {
        const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
        if (response.ok && !response.redirected) await cache.put(url, response);
      } catch (error) { /* kept on the next visit */ }
    }));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromNetworkKeeping(request, key) {
  const response = await fetch(request);
  if (response.ok && !response.redirected) {
    const cache = await caches.open(CACHE);
    await cache.put(key, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate" && url.pathname.startsWith(SCOPE)) {
    // The network first (fresh lists, fresh CSRF token); the kept form when offline.
    const keep = PAGES.includes(url.pathname) && !url.search ? url.pathname : null;
    event.respondWith((async () => {
      try {
        return keep ? await fromNetworkKeeping(request, keep) : await fetch(request);
      } catch (error) {
        const cache = await caches.open(CACHE);
        return (keep && await cache.match(keep)) || await cache.match(OFFLINE)
          || Response.error();
      }
    })());
    return;
  }
  if (PAGES.includes(url.pathname) && !url.search) {  // the catalogue, the manifest
    event.respondWith(fromNetworkKeeping(request, url.pathname)
      .catch(() => caches.match(url.pathname)));
  }
});
