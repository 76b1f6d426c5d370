// Copilote: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  // Never lose what was typed: warn before leaving a form with unsaved changes.
  var dirty = new Set();
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.method.toLowerCase() === "post" && !form.hasAttribute("hx-post")) {
      dirty.add(form);
    }
  });
  document.addEventListener("submit", function (event) { dirty.delete(event.target); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) { event.preventDefault(); event.returnValue = ""; }
  });
})();
