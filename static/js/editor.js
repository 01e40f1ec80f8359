/* The essay writing page: the body as a large Markdown editor with a live preview beside it.
 *
 * The preview is rendered by the server (essays:preview-render) with the public page's
 * renderer, from the form as it stands; nothing is saved. Word count and reading time come
 * with it. Shortcuts: Ctrl/Cmd+B bold, +I italic, +K link, Ctrl/Cmd+Alt+N insert a note
 * (static/js/editor-notes.js), Ctrl/Cmd+Alt+M insert an image (static/js/editor-media.js).
 * Without this script the form is the plain admin form.
 */
"use strict";

(function () {
  const PREVIEW_DELAY_MS = 300;

  function start() {
    const body = document.getElementById("id_body");
    const chrome = document.getElementById("editor-chrome");
    if (!body || !chrome || !body.dataset.previewUrl) {
      return;
    }
    const editor = chrome.content.firstElementChild.cloneNode(true);
    body.replaceWith(editor);
    editor.querySelector("[data-role=write]").append(body);
    document.body.classList.add("has-editor");
    labelAutocompletes(body.form);
    const preview = makePreview(body, editor);
    bindCommands(body, editor);
    bindViews(editor, preview.refresh);
    body.addEventListener("input", preview.schedule);
    const notes = document.getElementById("footnotes-group");
    if (notes) {
      notes.addEventListener("input", preview.schedule);
      notes.addEventListener("change", preview.schedule);
    }
    preview.refresh();
  }

  // The admin's autocomplete (select2) draws an unlabelled search box in a multiple select;
  // it is named after the field's label, now and each time select2 draws it again.
  function labelAutocompletes(root) {
    const name = (field) => {
      const container = field.closest(".select2-container");
      const select = container && container.previousElementSibling;
      const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
      if (label) {
        field.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      }
    };
    const run = () => root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(name);
    run();
    new MutationObserver(run).observe(root, { childList: true, subtree: true });
  }

  function makePreview(body, editor) {
    const target = editor.querySelector("[data-role=preview]");
    const count = editor.querySelector("[data-role=count]");
    let timer = null;
    let inflight = null;

    async function refresh() {
      clearTimeout(timer);
      if (inflight) {
        inflight.abort();
      }
      inflight = new AbortController();
      try {
        const response = await fetch(body.dataset.previewUrl, {
          method: "POST",
          body: previewData(body.form),
          credentials: "same-origin",
          signal: inflight.signal,
        });
        // The server's rendering, sanitised as the public page is; ours to place as it is.
        target.innerHTML = await response.text();
        const meta = target.querySelector("[data-words]");
        if (meta) {
          const words = Number(meta.dataset.words);
          count.textContent = `${words} word${words === 1 ? "" : "s"} · ${meta.dataset.minutes} min read`;
        }
      } catch (error) {
        if (error.name !== "AbortError") {
          target.textContent = "The preview could not be loaded. Your text is still in the form.";
        }
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(refresh, PREVIEW_DELAY_MS);
    }

    return { refresh, schedule };
  }

  function previewData(form) {
    const data = new FormData(form);
    for (const [name, value] of Array.from(data.entries())) {
      if (value instanceof File) {
        data.delete(name); // the hero image is not part of the preview
      }
    }
    // A saved note's label is shown disabled, and disabled fields are not sent.
    form.querySelectorAll("input[name^='footnotes-'][name$='-label']:disabled").forEach((input) => {
      data.set(input.name, input.value);
    });
    return data;
  }

  function replaceSelection(body, text, selectFrom, selectTo) {
    const start = body.selectionStart;
    body.focus();
    // insertText keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand("insertText", false, text)) {
      body.setRangeText(text, start, body.selectionEnd, "end");
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }
    if (selectFrom !== undefined) {
      body.setSelectionRange(start + selectFrom, start + selectTo);
    }
  }

  function wrap(body, before, after, placeholder) {
    const selected = body.value.slice(body.selectionStart, body.selectionEnd) || placeholder;
    replaceSelection(body, before + selected + after, before.length, before.length + selected.length);
  }

  const COMMANDS = {
    bold: (body) => wrap(body, "**", "**", "bold text"),
    italic: (body) => wrap(body, "*", "*", "italic text"),
    link: (body) => {
      const text = body.value.slice(body.selectionStart, body.selectionEnd) || "link text";
      const markup = `[${text}](https://)`;
      replaceSelection(body, markup, text.length + 3, markup.length - 1);
    },
    note: (body) => body.dispatchEvent(new CustomEvent("editor:note", { bubbles: true })),
    image: (body) => body.dispatchEvent(new CustomEvent("editor:image", { bubbles: true })),
  };

  function commandFor(event) {
    if (!(event.ctrlKey || event.metaKey) || event.shiftKey) {
      return null;
    }
    if (event.altKey) {
      return { KeyN: "note", KeyM: "image" }[event.code] || null;
    }
    return { KeyB: "bold", KeyI: "italic", KeyK: "link" }[event.code] || null;
  }

  function bindCommands(body, editor) {
    editor.querySelectorAll("[data-command]").forEach((button) => {
      button.addEventListener("click", () => COMMANDS[button.dataset.command](body));
    });
    body.addEventListener("keydown", (event) => {
      const command = commandFor(event);
      if (command) {
        event.preventDefault();
        COMMANDS[command](body);
      }
    });
  }

  function bindViews(editor, refresh) {
    const buttons = editor.querySelectorAll(".editor__views [data-view]");
    buttons.forEach((button) => {
      button.addEventListener("click", () => {
        editor.dataset.view = button.dataset.view;
        buttons.forEach((other) => other.setAttribute("aria-pressed", String(other === button)));
        if (button.dataset.view === "preview") {
          refresh();
        }
      });
    });
  }

  // Shared with editor-notes.js, which inserts a marker where the cursor is.
  window.marginaliaEditor = { replaceSelection };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
