/* Insert image: a picker of the media library, with an upload in the same step, that puts a
 * figure line, ![alt](media:12), on a line of its own at the cursor (essays/figures.py reads it).
 * Opened by the toolbar's "Insert image" or Ctrl/Cmd+Alt+M (static/js/editor.js), and by
 * "Choose from the library…" beside the hero field, where it sets the hero instead.
 */
"use strict";

(function () {
  const SEARCH_DELAY_MS = 250;

  function start() {
    const body = document.getElementById("id_body");
    const dialog = document.getElementById("media-dialog");
    if (!body || !window.marginaliaEditor) {
      return;
    }
    if (!dialog) {
      // No library rights: the button would open nothing.
      document.querySelectorAll("[data-command=image]").forEach((button) => button.remove());
      return;
    }
    const form = dialog.querySelector("form");
    const title = dialog.querySelector("#media-dialog-title");
    const parts = {
      search: dialog.querySelector("#media-search"),
      choices: dialog.querySelector("[data-role=choices]"),
      file: dialog.querySelector("#media-upload-file"),
      alt: dialog.querySelector("#media-upload-alt"),
      caption: dialog.querySelector("#media-upload-caption"),
      credit: dialog.querySelector("#media-upload-credit"),
      error: dialog.querySelector("[data-role=error]"),
      insert: dialog.querySelector("button[value=insert]"),
    };
    let cursor = [0, 0];
    let timer = null;
    let useAsHero = null; // the hero's <select> while choosing the hero

    const open = (heroSelect) => {
      useAsHero = heroSelect;
      title.textContent = heroSelect ? "Choose the hero image" : "Insert an image";
      parts.insert.textContent = heroSelect ? "Use as hero image" : "Insert image";
      form.reset();
      parts.error.textContent = "";
      dialog.returnValue = "";
      dialog.showModal();
      parts.search.focus();
      loadChoices(dialog, parts);
    };
    body.addEventListener("editor:image", () => {
      cursor = [body.selectionStart, body.selectionEnd];
      open(null);
    });
    addHeroButton(open);

    parts.search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => loadChoices(dialog, parts), SEARCH_DELAY_MS);
    });

    // A double click on an image inserts it at once.
    parts.choices.addEventListener("dblclick", (event) => {
      if (event.target.closest(".media-choice")) {
        form.requestSubmit(parts.insert);
      }
    });

    form.addEventListener("submit", async (event) => {
      if (!event.submitter || event.submitter.value !== "insert") {
        return; // Cancel closes the dialog
      }
      event.preventDefault();
      const entry = await chosenEntry(dialog, body, parts);
      if (!entry) {
        return;
      }
      dialog.close("insert");
      if (useAsHero) {
        setHero(useAsHero, entry);
      } else {
        insertFigure(body, cursor, entry.markdown);
      }
    });

    dialog.addEventListener("close", () => {
      if (dialog.returnValue !== "insert" && !useAsHero) {
        body.focus();
        body.setSelectionRange(cursor[0], cursor[1]);
      }
    });
  }

  async function loadChoices(dialog, parts) {
    const query = new URLSearchParams({ q: parts.search.value.trim() });
    try {
      const response = await fetch(`${dialog.dataset.pickerUrl}?${query}`, {
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const { results } = await response.json();
      parts.choices.replaceChildren(...results.map(choice));
      if (!results.length) {
        parts.choices.append(note(parts.search.value.trim()
          ? "No image matches; upload one below."
          : "The library is empty; upload an image below."));
      }
    } catch (error) {
      parts.choices.replaceChildren(note("The library could not be loaded; you can still upload."));
    }
  }

  function note(text) {
    const p = document.createElement("p");
    p.className = "media-dialog__hint";
    p.textContent = text;
    return p;
  }

  function choice(entry) {
    const label = document.createElement("label");
    label.className = "media-choice";
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "media-choice";
    radio.value = entry.id;
    radio.dataset.entry = JSON.stringify(entry);
    const image = document.createElement("img");
    image.src = entry.thumbnail;
    image.alt = ""; // the alt text is the label's own text, read once
    image.width = 96;
    image.height = Math.round((96 * entry.height) / Math.max(entry.width, 1));
    image.loading = "lazy";
    const text = document.createElement("span");
    text.textContent = entry.alt;
    label.append(radio, image, text);
    return label;
  }

  // The image to use, {id, alt, markdown, ...}: uploaded first when a file is chosen, else the
  // one chosen in the library.
  async function chosenEntry(dialog, body, parts) {
    parts.error.textContent = "";
    if (parts.file && parts.file.files.length) {
      return upload(dialog, body, parts);
    }
    const chosen = dialog.querySelector("input[name=media-choice]:checked");
    if (chosen) {
      return JSON.parse(chosen.dataset.entry);
    }
    parts.error.textContent = "Choose an image, or upload one with its alt text.";
    parts.search.focus();
    return null;
  }

  async function upload(dialog, body, parts) {
    const data = new FormData();
    data.append("image", parts.file.files[0]);
    data.append("alt", parts.alt.value);
    data.append("caption", parts.caption.value);
    data.append("credit", parts.credit.value);
    const token = body.form.querySelector("[name=csrfmiddlewaretoken]");
    parts.insert.disabled = true;
    parts.error.textContent = "Uploading…";
    try {
      const response = await fetch(dialog.dataset.uploadUrl, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
      });
      const answer = await response.json();
      if (response.ok) {
        parts.error.textContent = "";
        return answer;
      }
      parts.error.textContent = describeErrors(dialog, answer.errors || {});
    } catch (error) {
      parts.error.textContent = "The image could not be uploaded; nothing was inserted. Try again.";
    } finally {
      parts.insert.disabled = false;
    }
    return null;
  }

  function describeErrors(dialog, errors) {
    return Object.entries(errors).map(([name, messages]) => {
      const label = dialog.querySelector(`label[for="media-upload-${name === "image" ? "file" : name}"]`);
      return `${label ? label.textContent.trim() : "Upload"}: ${messages.join(" ")}`;
    }).join(" ");
  }

  // The admin's autocomplete select of the hero keeps working; this offers thumbnails beside it.
  function addHeroButton(open) {
    const select = document.getElementById("id_hero_media");
    const row = select && select.closest(".related-widget-wrapper, div");
    if (!row) {
      return;
    }
    nameCombobox(select);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button media-hero-button";
    button.textContent = "Choose from the library…";
    button.addEventListener("click", () => open(select));
    row.append(button); // after the select and its links, on their line
  }

  // select2 draws the single select as a combobox and a textbox named by the (empty) selection;
  // both are named after the field's label instead, now and whenever select2 draws them again.
  function nameCombobox(select) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const name = label ? label.textContent.replace(/:\s*$/, "").trim() : "Hero image";
    const run = () => {
      const parts = ".select2-selection--single, .select2-selection__rendered";
      select.parentElement.querySelectorAll(parts).forEach((part) => {
        if (!part.hasAttribute("aria-label")) {
          part.setAttribute("aria-label", name);
        }
      });
    };
    run();
    new MutationObserver(run).observe(select.parentElement, { childList: true, subtree: true });
  }

  function setHero(select, entry) {
    const option = Array.from(select.options).find((o) => o.value === String(entry.id))
      || new Option(entry.alt, entry.id);
    select.append(option);
    select.value = String(entry.id);
    select.dispatchEvent(new Event("change", { bubbles: true })); // select2 redraws on it
  }

  // The figure on a line of its own (a blank line before and after it, no more), after any
  // selected words, which stay.
  function insertFigure(body, cursor, markdown) {
    const at = cursor[1];
    const before = body.value.slice(0, at);
    const after = body.value.slice(at);
    const lead = !before || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const tail = !after || after.startsWith("\n\n") ? "" : after.startsWith("\n") ? "\n" : "\n\n";
    body.focus();
    body.setSelectionRange(at, at);
    window.marginaliaEditor.replaceSelection(body, lead + markdown + tail);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
