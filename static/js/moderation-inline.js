/* Reply and Quick edit inside a row of the moderation queue. Each link opens a page of its
   own without JavaScript; here it fetches the same form with inline=1, shows it in the row
   and posts it in place. A refused form comes back with its errors and what was typed;
   a saved quick edit returns the row's new cells, a reply the reply as posted. */
(function () {
  "use strict";

  var INLINE = "inline";

  function withInline(url) {
    var address = new URL(url, location.href);
    address.searchParams.set(INLINE, "1");
    return address.toString();
  }

  function parse(html) {
    // A document of its own: inserting a <form> through innerHTML inside the changelist's
    // form would drop it (no nested forms in the parser); moved as a node, it stays.
    return new DOMParser().parseFromString(html, "text/html").body.firstElementChild;
  }

  function status(row, text, isError) {
    var note = row.querySelector(".cm-inline-status");
    if (!note) {
      note = document.createElement("p");
      note.className = "cm-inline-status";
      note.setAttribute("role", "status");
      row.querySelector(".field-comment_column").appendChild(note);
    }
    note.textContent = text;
    note.classList.toggle("errornote", Boolean(isError));
  }

  function close(row) {
    var panel = row.querySelector(".cm-panel");
    if (panel) {
      panel.remove();
    }
    row.classList.remove("cm-editing");
  }

  function show(row, form, kind) {
    close(row);
    form.dataset.kind = kind;
    row.classList.add("cm-editing");
    row.querySelector(".field-comment_column").appendChild(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(row, form);
    });
    form.querySelector(".cm-panel__cancel").addEventListener("click", function () {
      close(row);
      row.querySelector(".cm-action--" + kind).focus();
    });
    var first = form.querySelector("textarea, input:not([type=hidden]), select");
    if (first) {
      first.focus();
    }
  }

  function update(row, cells) {
    Object.keys(cells).forEach(function (name) {
      var cell = row.querySelector(".field-" + name);
      if (cell) {
        cell.innerHTML = cells[name];
      }
    });
  }

  function send(row, form) {
    var kind = form.dataset.kind;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin"})
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("application/json") === 0) {
          return response.json().then(function (result) {
            close(row);
            if (result.cells) {
              update(row, result.cells);
            }
            if (result.reply_html) {
              row.querySelector(".field-comment_column").appendChild(parse(result.reply_html));
            }
            status(row, result.message, false);
          });
        }
        if (!response.ok) {
          throw new Error("The server answered " + response.status + ".");
        }
        return response.text().then(function (html) {
          show(row, parse(html), kind); // refused: its errors, and what was typed
        });
      })
      .catch(function (error) {
        button.disabled = false;
        status(row, "Not saved: " + error.message + " Try again, or reload the page.", true);
      });
  }

  function open(link) {
    var row = link.closest("tr");
    var kind = link.dataset.inline;
    fetch(withInline(link.href), {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) {
          throw new Error("The server answered " + response.status + ".");
        }
        return response.text();
      })
      .then(function (html) {
        show(row, parse(html), kind);
      })
      .catch(function () {
        location.assign(link.href); // the page of its own still works
      });
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("#result_list a[data-inline]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    open(link);
  });
})();
