/* Nothing lost while writing: the body is kept in this browser every few seconds, offered
 * back if the page is opened again with other text (a crash, a closed tab, a failed save),
 * and leaving with unsaved changes asks first. Server-side revisions are not kept here.
 */
"use strict";

(function () {
  const KEEP_EVERY_MS = 3000;

  function start() {
    const body = document.getElementById("id_body");
    const chrome = document.getElementById("autosave-chrome");
    if (!body || !chrome || !window.localStorage) {
      return;
    }
    const key = `marginalia-draft:${window.location.pathname}`;
    offerKept(body, chrome, key);
    let dirty = false;
    let timer = null;
    body.addEventListener("input", () => {
      dirty = true;
      if (!timer) {
        timer = setTimeout(() => {
          timer = null;
          keep(key, body.value);
        }, KEEP_EVERY_MS);
      }
    });
    body.form.addEventListener("submit", () => {
      dirty = false; // the copy stays until a page shows the text saved
      keep(key, body.value);
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty) {
        keep(key, body.value);
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  function keep(key, text) {
    try {
      window.localStorage.setItem(key, JSON.stringify({ body: text, keptAt: Date.now() }));
    } catch (error) {
      // Storage full or refused: the warning before leaving still protects the text.
    }
  }

  function kept(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function offerKept(body, chrome, key) {
    const copy = kept(key);
    if (!copy || typeof copy.body !== "string") {
      return;
    }
    if (copy.body === body.value) {
      window.localStorage.removeItem(key); // saved: nothing to offer
      return;
    }
    const bar = chrome.content.firstElementChild.cloneNode(true);
    const when = new Date(copy.keptAt).toLocaleString();
    bar.querySelector("[data-role=text]").textContent =
      `Text you wrote on ${when} was not saved; this browser kept it.`;
    bar.querySelector("[data-action=restore]").addEventListener("click", () => {
      body.value = copy.body;
      body.dispatchEvent(new Event("input", { bubbles: true }));
      bar.remove();
      body.focus();
    });
    bar.querySelector("[data-action=discard]").addEventListener("click", () => {
      window.localStorage.removeItem(key);
      bar.remove();
    });
    const row = body.closest(".form-row") || body.parentNode;
    row.before(bar);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
