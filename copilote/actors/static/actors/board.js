// Mobilisation board: drag a card to another column, or use its status list (keyboard).
// Both press the card's « Move » button (htmx posts it; without JavaScript it submits the
// board's form, which every card's status list and button belong to, to the card's address).
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  if (!board) { return; }

  function listFor(status) { return board.querySelector('[data-drop="' + status + '"]'); }

  function recount() {
    board.querySelectorAll(".board-column").forEach(function (column) {
      var list = column.querySelector(".board-cards");
      var cards = list.querySelectorAll(".board-card").length;
      var empty = list.querySelector(".board-empty");
      if (empty) { empty.hidden = cards > 0; }
      var count = column.querySelector(".count");
      if (count && !column.dataset.truncated) { count.textContent = String(cards); }
    });
  }

  // Put a swapped card in the column of its new status, and keep the keyboard focus on it.
  document.body.addEventListener("htmx:afterSwap", function (event) {
    var card = event.detail.elt && event.detail.elt.id ? document.getElementById(event.detail.elt.id) : null;
    if (!card || !card.classList.contains("board-card")) { return; }
    var list = listFor(card.dataset.status);
    if (list && card.parentElement !== list) { list.prepend(card); }
    recount();
    var select = card.querySelector("select");
    if (select && event.detail.requestConfig && event.detail.requestConfig.triggeringEvent &&
        event.detail.requestConfig.triggeringEvent.type === "click" && !card.dataset.dragged) {
      select.focus();
    }
  });

  var dragged = null;
  board.addEventListener("dragstart", function (event) {
    var card = event.target.closest(".board-card[draggable]");
    if (!card) { return; }
    dragged = card;
    card.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.id);
  });
  board.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    board.querySelectorAll(".drop-target").forEach(function (el) { el.classList.remove("drop-target"); });
  });
  board.addEventListener("dragover", function (event) {
    var list = event.target.closest("[data-drop]");
    if (!list || !dragged) { return; }
    event.preventDefault();
    list.classList.add("drop-target");
  });
  board.addEventListener("dragleave", function (event) {
    var list = event.target.closest("[data-drop]");
    if (list && !list.contains(event.relatedTarget)) { list.classList.remove("drop-target"); }
  });
  board.addEventListener("drop", function (event) {
    var list = event.target.closest("[data-drop]");
    if (!list || !dragged) { return; }
    event.preventDefault();
    list.classList.remove("drop-target");
    var status = list.dataset.drop;
    if (status === dragged.dataset.status) { return; }
    dragged.querySelector(".move-form select").value = status;
    list.prepend(dragged);
    recount();
    dragged.querySelector(".move-form button").click();
  });
})();
