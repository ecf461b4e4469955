/* The phone's queue of nights logged without a network (IndexedDB).
   Shared by the pages and the service worker; holds nothing but the queue and the
   session it belongs to, and is cleared at logout. */
(function (scope) {
  "use strict";
  var DB = "krampe", VERSION = 1, SYNC_TAG = "krampe-queue";
  var FIELDS = ["date", "cramps", "worst_pain", "awakenings", "took_dose", "stretched", "side_effect", "note"];

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) { db.createObjectStore("queue", { keyPath: "id" }); }
        if (!db.objectStoreNames.contains("meta")) { db.createObjectStore("meta", { keyPath: "key" }); }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(storeName, mode);
        var request = work(transaction.objectStore(storeName));
        transaction.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function all() {
    return run("queue", "readonly", function (store) { return store.getAll(); }).then(function (rows) {
      return (rows || []).sort(function (a, b) { return a.queuedAt < b.queuedAt ? -1 : 1; });
    });
  }
  function put(entry) { return run("queue", "readwrite", function (store) { return store.put(entry); }); }
  function remove(id) { return run("queue", "readwrite", function (store) { return store.delete(id); }); }
  function getMeta(key) { return run("meta", "readonly", function (store) { return store.get(key); }); }
  function setMeta(value) { return run("meta", "readwrite", function (store) { return store.put(value); }); }
  function clear() {
    return run("queue", "readwrite", function (store) { return store.clear(); }).then(function () {
      return run("meta", "readwrite", function (store) { return store.clear(); });
    });
  }

  function newId() {
    if (scope.crypto && scope.crypto.randomUUID) { return scope.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    scope.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  /* The night's answers from the log form's data, as the form would post them. */
  function nightFrom(formData) {
    var night = {};
    FIELDS.forEach(function (name) { night[name] = formData.get(name) || ""; });
    return night;
  }

  function enqueue(night, owner) {
    var entry = { id: newId(), owner: String(owner), date: night.date, night: night,
      queuedAt: new Date().toISOString(), state: "pending" };
    return put(entry).then(function () { return entry; });
  }

  function send(entry, session) {
    return fetch(session.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": session.token },
      body: JSON.stringify({ id: entry.id, owner: entry.owner, night: entry.night, replace: entry.replace || null })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  /* What the server's answer makes of an entry; undefined keeps it pending. */
  function settle(entry, answer) {
    if (answer.status === 201 || answer.status === 200) {
      // Sent: keep only the date, to say "sent" once, not the night's answers.
      return { id: entry.id, owner: entry.owner, date: entry.date, queuedAt: entry.queuedAt, state: "sent" };
    }
    if (answer.status === 409 && answer.body.stored) {
      return Object.assign({}, entry, { state: "conflict", stored: answer.body.stored });
    }
    if (answer.status === 422 || answer.status === 400) {
      return Object.assign({}, entry, { state: "invalid", errors: answer.body.errors || {} });
    }
    return undefined;  // a stale session or a server error: try again later
  }

  /* Send the owner's pending entries one by one; resolves to the number still pending. */
  function flush(session) {
    return all().then(function (entries) {
      var pending = entries.filter(function (e) { return e.state === "pending" && e.owner === String(session.owner); });
      var left = pending.length;
      return pending.reduce(function (chain, entry) {
        return chain.then(function () {
          return send(entry, session).then(function (answer) {
            var next = settle(entry, answer);
            if (next) { left -= 1; return put(next); }
          }, function () { /* no network: stays pending */ });
        });
      }, Promise.resolve()).then(function () { return left; });
    });
  }

  scope.KrampeQueue = { SYNC_TAG: SYNC_TAG, all: all, put: put, remove: remove, clear: clear,
    getMeta: getMeta, setMeta: setMeta, nightFrom: nightFrom, enqueue: enqueue, flush: flush };
})(self);
