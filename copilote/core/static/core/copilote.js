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

(function () {
  "use strict";
  // Small screens show each row of a list as a card: every cell says its column's name.
  function labelCells(root) {
    root.querySelectorAll("table.table").forEach(function (table) {
      var heads = Array.prototype.map.call(
        table.querySelectorAll("thead th, thead td"), function (cell) { return cell.textContent.trim(); }
      );
      if (!heads.length) { return; }
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (heads[index] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[index]); }
        });
      });
    });
  }
  // A table cut by the page's width says that it scrolls, and the keyboard can scroll it.
  function markCut(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var cut = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("scrolls", cut);
      if (cut && !wrap.hasAttribute("tabindex")) { wrap.setAttribute("tabindex", "0"); }
      var hint = wrap.nextElementSibling;
      var hasHint = hint && hint.classList.contains("scroll-hint");
      if (cut && !hasHint) {
        hint = document.createElement("p");
        hint.className = "scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = document.documentElement.lang === "fr"
          ? "Le tableau continue à droite : faites-le défiler →"
          : "The table goes on to the right: scroll it →";
        wrap.parentNode.insertBefore(hint, wrap.nextSibling);
      } else if (!cut && hasHint) {
        hint.remove();
      }
    });
  }
  function enhance(root) { labelCells(root); markCut(root); }
  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  window.addEventListener("resize", function () { markCut(document); });
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
