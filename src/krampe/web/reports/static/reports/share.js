/* The doctor summary's "Share the PDF" button: shown only where the phone can share a
   file through its share sheet (navigator.share with files); elsewhere the download
   link is all there is. A static file, so the Content-Security-Policy needs no
   inline script. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var button = document.querySelector("[data-share-pdf]");
    if (!button || typeof navigator.share !== "function" || typeof navigator.canShare !== "function") {
      return;
    }
    var probe = new File([""], "krampe.pdf", { type: "application/pdf" });
    if (!navigator.canShare({ files: [probe] })) { return; }
    var status = document.querySelector(".share-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(button.dataset.sharePdf, { credentials: "same-origin" })
        .then(function (answer) {
          if (!answer.ok) { throw new Error("HTTP " + answer.status); }
          return answer.blob();
        })
        .then(function (blob) {
          var file = new File([blob], "krampe-summary.pdf", { type: "application/pdf" });
          return navigator.share({ files: [file], title: button.dataset.shareTitle });
        })
        .catch(function (error) {
          // The person closing the share sheet is no failure.
          if (error && error.name === "AbortError") { return; }
          if (status) { status.hidden = false; status.textContent = button.dataset.shareFailed; }
        })
        .then(function () { button.disabled = false; });
    });
  });
})();
