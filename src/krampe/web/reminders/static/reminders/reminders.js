/* The plan page's "Turn on reminders on this phone": permission, push subscription,
   and telling the server (with this phone's time zone). Without it the calendar remains. */
(function () {
  "use strict";
  var box = document.querySelector(".push-optin[data-key]");
  if (!box || !box.dataset.key) { return; }
  var state = box.querySelector(".push-state");
  var on = box.querySelector('[data-push="on"]');
  var off = box.querySelector('[data-push="off"]');

  function say(key) {
    var node = box.querySelector(".push-texts").content.querySelector('[data-key="' + key + '"]');
    state.textContent = node ? node.textContent.trim() : "";
  }

  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) { say("unsupported"); return; }
  box.querySelector(".push-unsupported").hidden = true;
  box.querySelector(".push-actions").hidden = false;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(data)
    }).then(function (response) { if (!response.ok) { throw new Error(String(response.status)); } });
  }

  function serverKey() {
    var text = box.dataset.key.replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(text + "=".repeat((4 - (text.length % 4)) % 4));
    return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
  }

  function show(subscription) {
    on.hidden = Boolean(subscription);
    off.hidden = !subscription;
    say(subscription ? "on" : (Notification.permission === "denied" ? "denied" : "off"));
  }

  navigator.serviceWorker.ready.then(function (registration) {
    registration.pushManager.getSubscription().then(show);

    on.addEventListener("click", function () {
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") { say("denied"); return; }
        return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: serverKey() })
          .then(function (subscription) {
            var json = subscription.toJSON();
            return post(box.dataset.subscribe, {
              endpoint: json.endpoint,
              keys: json.keys,
              time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone
            }).then(function () { show(subscription); });
          });
      }).catch(function () { say("failed"); });
    });

    off.addEventListener("click", function () {
      registration.pushManager.getSubscription().then(function (subscription) {
        if (!subscription) { show(null); return; }
        return post(box.dataset.unsubscribe, { endpoint: subscription.endpoint })
          .then(function () { return subscription.unsubscribe(); })
          .then(function () { show(null); });
      }).catch(function () { say("failed"); });
    });
  });
})();
