/* Steppers for counts, and printing the allocation sheet. The page works without it. */
(function () {
  "use strict";
  function setup() {
    document.querySelectorAll("button.step").forEach(function (button) {
      var input = document.getElementById(button.dataset.for);
      if (!input) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var min = Number(input.min || 0), max = Number(input.max || 99);
        var value = Number(input.value || 0) + Number(button.dataset.step);
        input.value = String(Math.min(max, Math.max(min, value)));
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    // A form showing a logged night: another date opens that night, never these values.
    document.querySelectorAll("form[data-shown]").forEach(function (form) {
      var date = form.querySelector('input[name="date"]');
      if (!date) { return; }
      date.addEventListener("change", function () {
        if (date.value && date.value !== form.dataset.shown) {
          window.location.search = "?date=" + encodeURIComponent(date.value);
        }
      });
    });
    // A new night's form: another date opens that night (its stored values when it is
    // logged already), unless something was typed; then saving says so instead.
    document.querySelectorAll("form[data-date]").forEach(function (form) {
      var date = form.querySelector('input[name="date"]');
      if (!date) { return; }
      var touched = false;
      form.addEventListener("input", function (event) {
        if (event.target !== date) { touched = true; }
      });
      form.addEventListener("change", function (event) {
        if (event.target !== date) { touched = true; }
      });
      date.addEventListener("change", function () {
        if (!touched && date.value && date.value !== form.dataset.date) {
          window.location.search = "?date=" + encodeURIComponent(date.value);
        }
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details.print-open").forEach(function (d) { d.open = true; });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
