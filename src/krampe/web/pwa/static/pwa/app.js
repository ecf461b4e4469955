/* On every page: the service worker, the offline queue's status, logging a night offline,
   and clearing the phone at logout. The site works without it. */
(function () {
  "use strict";
  var config = document.querySelector('meta[name="krampe-pwa"]');
  if (!config || !("indexedDB" in window) || !window.KrampeQueue) { return; }
  var owner = config.dataset.owner || "";
  var Queue = window.KrampeQueue;

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(config.dataset.sw, { scope: "/" }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data === "krampe-queue-changed") { render(); }
    });
  }

  function text(key, values) {
    var texts = document.getElementById("queue-texts");
    var node = texts && texts.content.querySelector('[data-key="' + key + '"]');
    var out = node ? node.textContent.trim() : key;
    Object.keys(values || {}).forEach(function (name) { out = out.split("{" + name + "}").join(values[name]); });
    return out;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) { return decodeURIComponent(match[1]); }
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function session() {
    return { key: "session", owner: owner, token: csrfToken(), url: config.dataset.queue };
  }

  function nightLabel(iso) {
    var parts = (iso || "").split("-").map(Number);
    if (parts.length !== 3 || !parts[0]) { return iso || ""; }
    var date = new Date(parts[0], parts[1] - 1, parts[2]);
    return new Intl.DateTimeFormat(document.documentElement.lang || "da",
      { weekday: "long", day: "numeric", month: "long" }).format(date);
  }

  function values(night) {
    var cramps = night.cramps === "" || night.cramps === null ? "–" : String(night.cramps);
    var pain = night.worst_pain === "" || night.worst_pain === null || night.worst_pain === undefined ? "–" : String(night.worst_pain);
    return text("values", { cramps: cramps, pain: pain });
  }

  function element(tag, className, content) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (content) { node.textContent = content; }
    return node;
  }

  function button(label, onClick) {
    var node = element("button", "", label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function conflictItem(entry) {
    var item = element("li", "queue-conflict");
    item.appendChild(element("p", "", text("conflict", { date: nightLabel(entry.date) })));
    var list = element("ul");
    list.appendChild(element("li", "", text("stored", { values: values(entry.stored || {}) })));
    list.appendChild(element("li", "", text("phone", { values: values(entry.night || {}) })));
    item.appendChild(list);
    var actions = element("div", "actions");
    actions.appendChild(button(text("keep_phone"), function () {
      entry.state = "pending";
      entry.replace = entry.stored.version;
      Queue.put(entry).then(sendAll);
    }));
    actions.appendChild(button(text("keep_stored"), function () { Queue.remove(entry.id).then(render); }));
    item.appendChild(actions);
    return item;
  }

  function invalidItem(entry) {
    var item = element("li", "queue-invalid");
    var problems = Object.keys(entry.errors || {}).map(function (k) { return entry.errors[k].join(" "); }).join(" ");
    item.appendChild(element("p", "", text("invalid", { date: nightLabel(entry.date), problems: problems })));
    item.appendChild(button(text("discard"), function () { Queue.remove(entry.id).then(render); }));
    return item;
  }

  function render() {
    var box = document.getElementById("queue-status");
    if (!box) { return Promise.resolve(); }
    return Queue.all().then(function (entries) {
      var mine = entries.filter(function (e) { return e.owner === owner; });
      box.textContent = "";
      box.hidden = mine.length === 0;
      if (!mine.length) { return; }
      var list = element("ul", "queue-list");
      mine.forEach(function (entry) {
        var label = nightLabel(entry.date);
        if (entry.state === "pending") { list.appendChild(element("li", "queue-pending", text("pending", { date: label }))); }
        else if (entry.state === "sent") { list.appendChild(element("li", "queue-sent", text("sent", { date: label }))); }
        else if (entry.state === "conflict") { list.appendChild(conflictItem(entry)); }
        else if (entry.state === "invalid") { list.appendChild(invalidItem(entry)); }
      });
      box.appendChild(list);
      // "Sent" stays on this page; the next page no longer mentions it.
      return Promise.all(mine.filter(function (e) { return e.state === "sent" && !e.shown; }).map(function (e) {
        return Queue.put(Object.assign({}, e, { shown: true }));
      }));
    });
  }

  function forgetShown() {
    return Queue.all().then(function (entries) {
      return Promise.all(entries.filter(function (e) { return e.state === "sent" && e.shown; }).map(function (e) {
        return Queue.remove(e.id);
      }));
    });
  }

  function sendAll() {
    if (!owner || !navigator.onLine) { return render(); }
    return Queue.flush(session()).then(render, render);
  }

  function localDate(offsetDays) {
    var day = new Date();
    day.setDate(day.getDate() + offsetDays);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate());
  }
  function lastNight() { return localDate(-1); }

  /* The checks the server makes too, so that a night queued offline can be sent as it is:
     a night that has begun (tonight only from the evening hour the form names). */
  function problem(night, form) {
    var evening = Number(form.dataset.eveningHour || 18);
    var latest = new Date().getHours() >= evening ? localDate(0) : localDate(-1);
    if (!night.date || night.date > latest) { return text("need_date"); }
    if (!/^\d+$/.test(night.cramps) || Number(night.cramps) > 20) { return text("need_cramps"); }
    if (Number(night.cramps) > 0 && night.worst_pain === "") { return text("need_pain"); }
    return "";
  }

  function setUpForm(form) {
    var date = form.querySelector('input[name="date"]');
    if (date && !date.value) { date.value = lastNight(); }
    form.addEventListener("submit", function (event) {
      if (navigator.onLine || !owner) { return; }  // online, the form posts as usual
      event.preventDefault();
      var night = Queue.nightFrom(new FormData(form));
      var box = document.getElementById("queue-status");
      var wrong = problem(night, form);
      if (wrong) {
        box.hidden = false;
        box.textContent = "";
        box.appendChild(element("p", "errors", wrong));
        return;
      }
      Queue.enqueue(night, owner).then(function () {
        form.reset();
        if (date) { date.value = lastNight(); }
        return navigator.serviceWorker && navigator.serviceWorker.ready.then(function (registration) {
          return registration.sync ? registration.sync.register(Queue.SYNC_TAG).catch(function () {}) : undefined;
        });
      }).then(render);
      window.scrollTo(0, 0);
    });
  }

  function setUpLogout() {
    var logout = config.dataset.logout;
    document.querySelectorAll("form").forEach(function (form) {
      if (form.getAttribute("action") !== logout) { return; }
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var timeout = new Promise(function (resolve) { setTimeout(resolve, 3000); });
        // Send what can still be sent, then leave nothing of this person on the phone.
        Promise.race([sendAll(), timeout])
          .then(function () { return Queue.clear(); })
          .then(function () { return window.caches ? caches.keys() : []; })
          .then(function (keys) {
            return Promise.all(keys.filter(function (k) { return k.indexOf("krampe-") === 0; }).map(function (k) { return caches.delete(k); }));
          })
          .catch(function () {})
          .then(function () { form.submit(); });
      });
    });
  }

  function remember() {
    if (!owner) { return Promise.resolve(); }
    return Queue.getMeta("session").then(function (previous) {
      var changed = !previous || previous.owner !== owner;
      return Queue.setMeta(session()).then(function () {
        // After a login the cached offline pages still show the last visitor's header.
        if (changed && navigator.serviceWorker && navigator.serviceWorker.controller) {
          navigator.serviceWorker.controller.postMessage("krampe-refresh-shell");
        }
      });
    });
  }

  document.querySelectorAll("form.night-form[data-queue]").forEach(setUpForm);
  setUpLogout();
  window.addEventListener("online", sendAll);
  forgetShown().then(remember).then(sendAll);
})();
