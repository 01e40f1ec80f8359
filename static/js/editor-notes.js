/* Insert note: one step puts a [^label] marker at the cursor and its row under Footnotes,
 * with a source found by search (or made in the admin's "New source" pop-up), a page and a
 * comment. The label is the next free number; the server orders and numbers the notes.
 */
"use strict";

(function () {
  const SEARCH_DELAY_MS = 250;
  const MARKER = /\[\^([A-Za-z0-9_.:-]{1,40})\]/g;

  function start() {
    const body = document.getElementById("id_body");
    const dialog = document.getElementById("note-dialog");
    if (!body || !dialog || !body.dataset.sourcesUrl || !window.marginaliaEditor) {
      return;
    }
    const fields = {
      search: dialog.querySelector("#note-source-search"),
      source: dialog.querySelector("#id_note_source"),
      pinpoint: dialog.querySelector("#note-pinpoint"),
      commentary: dialog.querySelector("#note-commentary"),
      error: dialog.querySelector("[data-role=error]"),
    };
    const noSource = fields.source.options[0];
    const lookup = {
      input: dialog.querySelector("#note-source-lookup"),
      button: dialog.querySelector("[data-action=lookup]"),
    };
    let cursor = [0, 0];

    body.addEventListener("editor:note", () => {
      cursor = [body.selectionStart, body.selectionEnd];
      fields.search.value = fields.pinpoint.value = fields.commentary.value = "";
      lookup.input.value = "";
      fields.error.textContent = "";
      fields.source.replaceChildren(noSource);
      fields.source.value = "";
      dialog.returnValue = "";
      dialog.showModal();
      fields.search.focus();
    });

    let timer = null;
    fields.search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => findSources(body.dataset.sourcesUrl, fields), SEARCH_DELAY_MS);
    });

    const lookUpSource = () => findOrAddSource(dialog.dataset.lookupUrl, lookup, fields);
    lookup.button.addEventListener("click", lookUpSource);
    lookup.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter looks up; it must not close the dialog
        lookUpSource();
      }
    });

    dialog.querySelector("form").addEventListener("submit", (event) => {
      if (event.submitter && event.submitter.value === "insert" && !fields.source.value
          && !fields.commentary.value.trim()) {
        event.preventDefault();
        fields.error.textContent = "Choose a source or write a comment.";
        fields.search.focus();
      }
    });

    dialog.addEventListener("close", () => {
      body.focus();
      body.setSelectionRange(cursor[1], cursor[1]);
      if (dialog.returnValue !== "insert") {
        return;
      }
      const label = nextLabel(body);
      if (!addRow(label, fields)) {
        return;
      }
      // After any selected words: the note attaches to what precedes it.
      window.marginaliaEditor.replaceSelection(body, `[^${label}]`);
    });
  }

  async function findSources(url, fields) {
    const query = new URLSearchParams({
      app_label: "essays", model_name: "footnote", field_name: "source",
      term: fields.search.value.trim(),
    });
    try {
      const response = await fetch(`${url}?${query}`, { credentials: "same-origin" });
      const { results } = await response.json();
      const keep = fields.source.options[0];
      fields.source.replaceChildren(keep, ...results.map((r) => new Option(r.text, r.id)));
      if (results.length) {
        fields.source.value = results[0].id;
      }
      fields.error.textContent = results.length ? "" : "No source matches; try New source…";
    } catch (error) {
      fields.error.textContent = "Sources could not be searched; choose New source… instead.";
    }
  }

  // The Source admin's lookup: an existing match, or a source made from Crossref, Open
  // Library or the page's metadata (essays/admin/source_lookup.py), chosen either way.
  async function findOrAddSource(url, lookup, fields) {
    const text = lookup.input.value.trim();
    if (!text) {
      fields.error.textContent = "Paste a DOI, an ISBN or a URL first.";
      return;
    }
    const token = document.querySelector("input[name=csrfmiddlewaretoken]");
    lookup.button.disabled = true;
    fields.error.textContent = "Looking it up…";
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
        body: new URLSearchParams({ q: text }),
      });
      const answer = await response.json();
      if (!response.ok) {
        fields.error.textContent = answer.error || "The lookup failed; try New source… instead.";
        return;
      }
      const keep = fields.source.options[0];
      fields.source.replaceChildren(keep, new Option(answer.text, answer.id, true, true));
      fields.error.textContent = answer.created
        ? `Added “${answer.text}” to the sources.`
        : `Already stored: “${answer.text}” is chosen.`;
    } catch (error) {
      fields.error.textContent = "The lookup failed; try New source… instead.";
    } finally {
      lookup.button.disabled = false;
    }
  }

  function nextLabel(body) {
    const used = new Set(Array.from(body.value.matchAll(MARKER), (match) => match[1]));
    document.querySelectorAll("#footnotes-group input[name$='-label']").forEach((input) => {
      used.add(input.value);
    });
    let n = 1;
    while (used.has(String(n))) {
      n += 1;
    }
    return String(n);
  }

  function addRow(label, fields) {
    const group = document.getElementById("footnotes-group");
    const add = group && group.querySelector(".add-row a");
    if (!add) {
      return false;
    }
    add.click();
    const rows = group.querySelectorAll(".dynamic-footnotes");
    const row = rows[rows.length - 1];
    row.querySelector("[name$='-label']").value = label;
    const chosen = fields.source.selectedOptions[0];
    if (chosen && chosen.value) {
      const select = row.querySelector("select[name$='-source']");
      select.append(new Option(chosen.text, chosen.value, true, true));
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
    row.querySelector("[name$='-pinpoint']").value = fields.pinpoint.value.trim();
    row.querySelector("[name$='-commentary']").value = fields.commentary.value.trim();
    return true;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
