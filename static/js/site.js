// Progressive enhancements; every page works without this file.
// Loaded in <head> without `defer`: the colour scheme must be set before the first paint,
// and a strict Content-Security-Policy allows no inline script to do it.
(function () {
  "use strict";

  var THEME_KEY = "marginalia-theme";
  var root = document.documentElement;
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  // Colour scheme ------------------------------------------------------------------------
  function storedTheme() {
    try {
      var value = window.localStorage.getItem(THEME_KEY);
      return value === "light" || value === "dark" ? value : null;
    } catch (error) {
      return null; // storage blocked: follow the system
    }
  }

  function systemTheme() {
    return systemDark && systemDark.matches ? "dark" : "light";
  }

  function applyTheme(theme) {
    if (theme) {
      root.setAttribute("data-theme", theme);
    } else {
      root.removeAttribute("data-theme");
    }
  }

  applyTheme(storedTheme());

  function setUpThemeToggle() {
    var buttons = document.querySelectorAll("[data-theme-toggle]");
    function sync() {
      var dark = (root.getAttribute("data-theme") || systemTheme()) === "dark";
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", dark ? "true" : "false");
      });
    }
    buttons.forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var next = (root.getAttribute("data-theme") || systemTheme()) === "dark" ? "light" : "dark";
        // Choosing what the system prefers forgets the choice: the page follows the system again.
        var remembered = next === systemTheme() ? null : next;
        try {
          if (remembered) {
            window.localStorage.setItem(THEME_KEY, remembered);
          } else {
            window.localStorage.removeItem(THEME_KEY);
          }
        } catch (error) {
          // Not remembered, but this page still switches.
        }
        applyTheme(remembered);
        sync();
      });
    });
    if (systemDark && systemDark.addEventListener) {
      systemDark.addEventListener("change", sync);
    }
    window.addEventListener("storage", function (event) {
      if (event.key === THEME_KEY) {
        applyTheme(storedTheme());
        sync();
      }
    });
    sync();
  }

  // Reply forms: the form moves under the comment being answered -------------------------
  function setUpReplyForms() {
    var respond = document.getElementById("respond");
    var form = respond && respond.querySelector("form");
    var parentInput = form && form.querySelector('input[name="parent"]');
    var heading = document.getElementById("respond-heading");
    if (!parentInput || !heading) {
      return;
    }
    var home = document.createComment(" the comment form's place ");
    respond.parentNode.insertBefore(home, respond);
    var opener = null;
    var cancel = respond.querySelector(".cancel-reply");
    if (!cancel) {
      cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "button--secondary cancel-reply";
      cancel.textContent = "Cancel reply";
      var wrapper = document.createElement("p");
      wrapper.hidden = true;
      wrapper.appendChild(cancel);
      heading.insertAdjacentElement("afterend", wrapper);
    }
    var cancelWrapper = cancel.parentNode;

    function setHeading(name) {
      heading.textContent = "";
      if (name === null) {
        heading.textContent = "Leave a reply";
        return;
      }
      var bdi = document.createElement("bdi");
      bdi.textContent = name;
      heading.append("Reply to ", bdi);
    }

    function firstFieldToFill() {
      var names = ["author_name", "author_email", "body"];
      for (var i = 0; i < names.length; i += 1) {
        var field = form.elements[names[i]];
        if (field && !field.value) {
          return field;
        }
      }
      return form.elements.body || null;
    }

    function replyTo(commentId) {
      var item = document.getElementById("comment-" + commentId);
      var article = item && item.querySelector(":scope > article");
      if (!article) {
        return false;
      }
      var author = article.querySelector(".comment__author");
      article.insertAdjacentElement("afterend", respond);
      parentInput.value = commentId;
      setHeading(author ? author.textContent.trim() : "");
      cancelWrapper.hidden = false;
      return true;
    }

    function cancelReply() {
      home.parentNode.insertBefore(respond, home.nextSibling);
      parentInput.value = "";
      setHeading(null);
      cancelWrapper.hidden = true;
      if (opener && document.contains(opener)) {
        opener.focus();
      }
      opener = null;
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.reply-link[data-reply-to]");
      if (link && replyTo(link.getAttribute("data-reply-to"))) {
        event.preventDefault();
        opener = link;
        var field = firstFieldToFill();
        if (field) {
          field.focus();
        }
      } else if (event.target.closest(".cancel-reply")) {
        event.preventDefault();
        cancelReply();
      }
    });

    // Back from a failed reply (or ?replyto=): show the form under its comment again.
    if (parentInput.value) {
      replyTo(parentInput.value);
    }
  }

  // Error summary: focused after a failed post; its links take the reader to the field -----
  function setUpErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var label = document.querySelector('label[for="' + field.id + '"]');
      (label || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  }

  function ready() {
    setUpThemeToggle();
    setUpReplyForms();
    setUpErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
