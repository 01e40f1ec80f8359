// Comments on a passage: the margin control and a text selection fill the comment form.
// Progressive enhancement: without this file the control is a link to `?passage=<id>#respond`,
// whose page has the form filled in already (comments/passages.py).
(function () {
  "use strict";

  const QUOTE_MAX = 300; // Comment.anchor_quote's length
  const body = document.querySelector(".essay__body");
  const form = document.querySelector("#respond form");
  const box = document.getElementById("form-passage");
  if (!body || !form || !box) return;
  const idInput = form.elements.anchor_id;
  const quoteInput = form.elements.anchor_quote;
  const quoteShown = box.querySelector("[data-passage-quote]");
  const link = box.querySelector("[data-passage-link]");
  let selectionButton = null;

  // The words a reader sees: no note numbers, sidenotes or margin controls.
  function readerText(fragment) {
    fragment.querySelectorAll(".sidenote, sup.noteref, .passage").forEach(function (node) {
      node.remove();
    });
    return fragment.textContent.replace(/\s+/g, " ").trim();
  }

  function excerpt(text) {
    if (text.length <= QUOTE_MAX) return text;
    const start = text.slice(0, QUOTE_MAX - 1);
    const cut = start.lastIndexOf(" ");
    return (cut > 0 ? start.slice(0, cut) : start) + "…";
  }

  function paragraphOf(node) {
    const element = node && (node.nodeType === 1 ? node : node.parentElement);
    const block = element && element.closest('[id^="p-"]');
    return block && body.contains(block) ? block : null;
  }

  function cancelReply() {
    // site.js moves the form under a comment to reply; a passage comment starts a thread.
    const cancel = document.querySelector("#respond .cancel-reply");
    if (form.elements.parent && form.elements.parent.value && cancel) cancel.click();
  }

  function answer(paragraph, quote) {
    cancelReply();
    idInput.value = paragraph.id;
    quoteInput.value = quote;
    quoteShown.textContent = quote;
    link.setAttribute("href", "#" + paragraph.id);
    box.hidden = false;
    const respond = document.getElementById("respond");
    respond.scrollIntoView({ block: "start" });
    const names = ["author_name", "author_email", "body"];
    const empty = names.map(function (name) { return form.elements[name]; })
      .find(function (field) { return field && !field.value; });
    (empty || form.elements.body).focus({ preventScroll: true });
  }

  function clear() {
    idInput.value = "";
    quoteInput.value = "";
    quoteShown.textContent = "";
    box.hidden = true;
  }

  document.addEventListener("click", function (event) {
    const control = event.target.closest("a.passage__respond[data-passage]");
    const paragraph = control && document.getElementById(control.getAttribute("data-passage"));
    if (paragraph) {
      event.preventDefault();
      answer(paragraph, excerpt(readerText(paragraph.cloneNode(true))));
    } else if (event.target.closest("[data-passage-clear]")) {
      event.preventDefault();
      clear();
      form.elements.body.focus();
    } else if (event.target.closest("a.reply-link")) {
      clear(); // a reply answers its comment, not a passage
    }
  });

  // Desktop: selecting words within one paragraph offers "Comment on selection".
  if (!window.matchMedia || !window.matchMedia("(hover: hover) and (pointer: fine)").matches) {
    return;
  }

  function hideButton() {
    if (selectionButton) selectionButton.hidden = true;
  }

  function showButton(paragraph, range) {
    if (!selectionButton) {
      selectionButton = document.createElement("button");
      selectionButton.type = "button";
      selectionButton.className = "passage-selection";
      selectionButton.textContent = "Comment on selection";
      // Kept from taking the focus (and the selection) away on mousedown.
      selectionButton.addEventListener("mousedown", function (event) { event.preventDefault(); });
      selectionButton.addEventListener("click", function () {
        const target = document.getElementById(selectionButton.dataset.paragraph);
        if (target) answer(target, selectionButton.dataset.quote);
        hideButton();
      });
      document.body.appendChild(selectionButton);
    }
    const rect = range.getBoundingClientRect();
    selectionButton.dataset.paragraph = paragraph.id;
    selectionButton.dataset.quote = excerpt(readerText(range.cloneContents()));
    selectionButton.style.top = window.scrollY + rect.bottom + 8 + "px";
    selectionButton.style.left = Math.max(8, window.scrollX + rect.left) + "px";
    selectionButton.hidden = false;
  }

  function checkSelection() {
    const selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return hideButton();
    const range = selection.getRangeAt(0);
    const paragraph = paragraphOf(range.startContainer);
    if (!paragraph || paragraph !== paragraphOf(range.endContainer)) return hideButton();
    if (!readerText(range.cloneContents())) return hideButton();
    showButton(paragraph, range);
  }

  document.addEventListener("mouseup", function (event) {
    if (selectionButton && event.target === selectionButton) return;
    setTimeout(checkSelection, 0); // after the browser has updated the selection
  });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey || event.key === "Shift") checkSelection();
    if (event.key === "Escape") hideButton();
  });
})();
