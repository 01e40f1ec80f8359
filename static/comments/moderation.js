/* Keyboard shortcuts in the moderation queue, as WordPress's: j/k next and previous comment,
   a approve (not spam, on spam), u unapprove, s spam, t trash, r reply, q quick edit, x select
   for a bulk action, z undo the last action. Without JavaScript the buttons work the same;
   these press them. */
(function () {
  "use strict";

  function typing(target) {
    return target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
  }

  function start() {
    var table = document.getElementById("result_list");
    var rows = table ? Array.prototype.slice.call(table.querySelectorAll("tbody tr")) : [];
    if (!rows.length) {
      return;
    }
    // After an action the page reloads, and the next comment has moved into the same place.
    var key = "cm-current:" + location.pathname + location.search;
    var current = 0;

    function select(index) {
      rows[current].classList.remove("cm-current");
      rows[current].removeAttribute("aria-current");
      current = Math.max(0, Math.min(index, rows.length - 1));
      rows[current].classList.add("cm-current");
      rows[current].setAttribute("aria-current", "true");
      rows[current].scrollIntoView({block: "nearest"});
      try {
        sessionStorage.setItem(key, String(current));
      } catch (error) {
        /* storage may be off: the shortcuts still work on this page */
      }
    }

    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || typing(event.target)) {
        return;
      }
      if (event.key === "j") {
        select(current + 1);
      } else if (event.key === "k") {
        select(current - 1);
      } else if (event.key === "z") {
        var undo = document.querySelector(".messagelist .cm-undo button");
        if (!undo) {
          return;
        }
        undo.click();
      } else if (event.key === "x") {
        var box = rows[current].querySelector("input.action-select");
        if (box) {
          box.click();
        }
      } else if (/^[a-z]$/.test(event.key)) {
        var button = rows[current].querySelector('[data-shortcut="' + event.key + '"]');
        if (!button) {
          return;
        }
        button.click();
      } else {
        return;
      }
      event.preventDefault();
    });

    rows.forEach(function (row, index) {
      row.addEventListener("click", function () {
        select(index);
      });
    });

    var saved = 0;
    try {
      saved = Number(sessionStorage.getItem(key)) || 0;
    } catch (error) {
      saved = 0;
    }
    select(saved);
  }

  // The admin loads media scripts in <head>, before the list exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
