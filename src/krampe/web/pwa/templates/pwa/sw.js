/* Krampe's service worker ({{ version }}).
   Caches the app shell only: static files and two pages with no one's data in them.
   Pages with health data always come from the network; offline, the nightly log
   opens from the shell and a night is queued on the phone (queue.js). */
"use strict";
const CONFIG = {{ config|safe }};
importScripts("{{ queue_js }}");
const CACHE = "krampe-shell-" + CONFIG.version;
const SHELL = CONFIG.static.concat(CONFIG.pages);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("krampe-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function offlinePage(path) {
  const page = path.startsWith(CONFIG.log) ? CONFIG.offlineLog : CONFIG.offline;
  return caches.match(page).then((hit) => hit || Response.error());
}

async function postOrQueue(request) {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    // The network failed under the form: keep the night on the phone instead.
    const session = await KrampeQueue.getMeta("session");
    if (session) {
      await KrampeQueue.enqueue(KrampeQueue.nightFrom(await copy.formData()), session.owner);
      await registerSync();
    }
    return offlinePage(CONFIG.log);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "GET" && CONFIG.static.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  } else if (request.mode === "navigate" && request.method === "GET") {
    event.respondWith(fetch(request).catch(() => offlinePage(url.pathname)));
  } else if (request.mode === "navigate" && request.method === "POST" && url.pathname === CONFIG.log) {
    event.respondWith(postOrQueue(request));
  }
});

function registerSync() {
  if (!self.registration.sync) { return Promise.resolve(); }
  return self.registration.sync.register(KrampeQueue.SYNC_TAG).catch(() => undefined);
}

async function tellPages() {
  const pages = await self.clients.matchAll({ type: "window" });
  pages.forEach((page) => page.postMessage("krampe-queue-changed"));
}

async function flushQueue() {
  const session = await KrampeQueue.getMeta("session");
  if (!session) { return; }
  const left = await KrampeQueue.flush(session);
  await tellPages();
  if (left > 0) { throw new Error("nights still waiting for the network"); }  // sync tries again
}

self.addEventListener("sync", (event) => {
  if (event.tag === KrampeQueue.SYNC_TAG) { event.waitUntil(flushQueue()); }
});

self.addEventListener("message", (event) => {
  if (event.data === "krampe-refresh-shell") {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)));
  }
});

self.addEventListener("push", (event) => {
  let data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "Krampe", {
    body: data.body || "",
    tag: data.tag,
    lang: data.lang,
    icon: CONFIG.icon,
    badge: CONFIG.icon,
    actions: data.actions || [],
    data: data,
  }));
});

async function openPage(path) {
  const target = new URL(path || "/", self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const page of windows) {
    if ("navigate" in page) { await page.focus(); return page.navigate(target); }
  }
  return self.clients.openWindow(target);
}

async function recordTaken(data) {
  try {
    const response = await fetch(data.taken.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: data.taken.token }),
    });
    if (response.ok) {
      return self.registration.showNotification("Krampe", { body: data.taken.done, tag: data.tag, icon: CONFIG.icon, data: { url: data.url } });
    }
  } catch (error) { /* no network: the form lets the person say it there */ }
  return openPage(data.url);
}

self.addEventListener("notificationclick", (event) => {
  const data = event.notification.data || {};
  event.notification.close();
  const work = event.action === "taken" && data.taken ? recordTaken(data) : openPage(data.url);
  // Only an event from the browser itself can be kept alive; one dispatched by code cannot.
  if (event.isTrusted) { event.waitUntil(work); }
});
