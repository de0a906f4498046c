// 打印: the service guide's print button. Without JavaScript it stays hidden (the `hidden` attribute); the
// page prints on one A4 page with the browser's own print command either way (@media print in site.css).
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
