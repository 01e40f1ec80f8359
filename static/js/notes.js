// Note popovers: a note marker shows its note beside the text on hover, focus or tap.
// Progressive enhancement: without this file a marker is a plain link to its note, and the
// note links back. Escape closes the popover and returns focus to the marker.
(function () {
  "use strict";

  const SHOW_DELAY = 120;
  const HIDE_DELAY = 300;
  const markers = document.querySelectorAll('sup.noteref a[role="doc-noteref"]');
  if (!markers.length) return;

  let popover = null; // the open popover
  let owner = null; // the marker link it belongs to
  let openedBy = ""; // "hover", "focus" or "tap"
  let lastPointer = ""; // "mouse", "touch", "pen", or "key" after a key press
  let showTimer = 0;
  let hideTimer = 0;
  let refocusing = false;

  function noteFor(link) {
    const id = decodeURIComponent(link.hash.slice(1));
    return id ? document.getElementById(id) : null;
  }

  function build(link, note) {
    const box = document.createElement("span");
    box.className = "note-popover";
    box.id = "note-popover";
    box.setAttribute("role", "note");
    const number = note.querySelector(".note-number");
    const text = note.querySelector(".note-text");
    box.setAttribute("aria-label", "Note " + (number ? number.textContent : link.textContent));
    if (number) box.appendChild(number.cloneNode(true));
    box.appendChild(document.createTextNode(" "));
    // Exactly the note's own text: nothing from the notes around it.
    box.appendChild(text ? text.cloneNode(true) : document.createTextNode(note.textContent));
    box.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    box.addEventListener("pointerleave", function (event) {
      if (openedBy === "hover" && event.pointerType !== "touch") scheduleHide();
    });
    return box;
  }

  function sidenoteShown(link) {
    const next = link.parentNode.nextElementSibling;
    return !!next && next.classList.contains("sidenote") && next.offsetParent !== null;
  }

  function place(box, link) {
    // Positioned in the nearest positioned ancestor (.essay__body), below the marker, or
    // above it when the window has no room below.
    const frame = (box.offsetParent || document.body).getBoundingClientRect();
    const mark = link.getBoundingClientRect();
    const width = box.offsetWidth;
    const height = box.offsetHeight;
    const left = Math.max(0, Math.min(mark.left - frame.left - 24, frame.width - width));
    let top = mark.bottom - frame.top + 6;
    if (mark.bottom + height + 12 > window.innerHeight && mark.top > height + 12) {
      top = mark.top - frame.top - height - 6;
    }
    box.style.left = left + "px";
    box.style.top = top + "px";
  }

  function show(link, how) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (owner === link && popover) {
      if (how !== "hover") openedBy = how;
      return;
    }
    hide();
    const note = noteFor(link);
    if (!note || sidenoteShown(link)) return; // on a wide screen the note is in the margin
    popover = build(link, note);
    owner = link;
    openedBy = how;
    link.parentNode.insertAdjacentElement("afterend", popover);
    link.setAttribute("aria-expanded", "true");
    place(popover, link);
  }

  function hide() {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (popover) popover.remove();
    if (owner) owner.removeAttribute("aria-expanded");
    popover = null;
    owner = null;
    openedBy = "";
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function within(node) {
    return !!node && ((popover && popover.contains(node)) || node === owner);
  }

  markers.forEach(function (link) {
    link.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "touch") return;
      clearTimeout(showTimer);
      showTimer = setTimeout(function () { show(link, "hover"); }, SHOW_DELAY);
    });
    link.addEventListener("pointerleave", function (event) {
      clearTimeout(showTimer);
      if (event.pointerType !== "touch" && openedBy === "hover") scheduleHide();
    });
    link.addEventListener("focus", function () {
      if (refocusing) return;
      show(link, "focus");
    });
    link.addEventListener("click", function (event) {
      // The first tap shows the note; a second tap (or any mouse click or Enter) follows the
      // link to the notes list, as it does without JavaScript.
      if (lastPointer === "touch" && !(owner === link && openedBy === "tap")) {
        event.preventDefault();
        show(link, "tap");
        return;
      }
      hide();
    });
  });

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType;
    if (popover && !within(event.target)) hide();
  }, true);

  document.addEventListener("keydown", function (event) {
    lastPointer = "key";
    if (event.key !== "Escape" || !popover) return;
    // Focus moves back before the popover goes: a focused element that is removed would
    // leave focus on <body>.
    if (within(document.activeElement) || openedBy !== "hover") {
      refocusing = true;
      owner.focus();
      refocusing = false;
    }
    hide();
    event.preventDefault();
  });

  document.addEventListener("focusout", function (event) {
    if (!popover || openedBy === "hover") return;
    if (!within(event.relatedTarget)) hide();
  });

  window.addEventListener("resize", function () {
    if (popover && owner) place(popover, owner);
  });
})();
