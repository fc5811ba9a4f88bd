// Portal behaviour that needs JavaScript; everything works without it.
(function () {
  "use strict";
  // Buttons with data-confirm ask before submitting (no inline handlers: the CSP forbids them).
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
