// Long threads: each top-level comment with replies gets a button that hides or shows them.
// Without this file every reply is shown. Which threads a reader collapsed is kept in this
// browser (localStorage), never on the server: the page itself is one cached copy for all.
(function () {
  "use strict";

  var STORAGE_KEY = "marginalia-collapsed-threads";
  var REMEMBERED = 500; // the newest ids kept; older ones are forgotten

  function remembered() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]");
      return Array.isArray(ids) ? ids.map(String) : [];
    } catch (error) {
      return []; // storage blocked or garbled: nothing is remembered
    }
  }

  function remember(id, collapsed) {
    var ids = remembered().filter(function (known) {
      return known !== id;
    });
    if (collapsed) {
      ids.push(id);
    }
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(ids.slice(-REMEMBERED)));
    } catch (error) {
      // Not remembered, but this page still collapses.
    }
  }

  function Thread(item) {
    this.id = item.id.replace("comment-", "");
    this.replies = item.querySelector(":scope > .comment-list--replies");
    this.replies.id = this.replies.id || "replies-" + this.id;
    this.count = this.replies.querySelectorAll("li.comment").length;
    this.button = document.createElement("button");
    this.button.type = "button";
    this.button.className = "thread-toggle";
    this.button.setAttribute("aria-controls", this.replies.id);
    var footer = item.querySelector(":scope > article > .comment__actions");
    (footer || item.querySelector(":scope > article")).appendChild(this.button);
  }

  Thread.prototype.show = function (expanded) {
    var noun = this.count === 1 ? " reply" : " replies";
    this.replies.hidden = !expanded;
    this.button.setAttribute("aria-expanded", expanded ? "true" : "false");
    this.button.textContent = (expanded ? "Hide " : "Show ") + this.count + noun;
  };

  Thread.prototype.holds = function (element) {
    return element !== null && this.replies.contains(element);
  };

  function linkedComment() {
    var id = window.location.hash.slice(1);
    return id ? document.getElementById(id) : null;
  }

  function toolButton(label, onClick) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary thread-tools__button";
    button.textContent = label;
    button.addEventListener("click", onClick);
    return button;
  }

  function setUpThreads() {
    var list = document.getElementById("comment-threads");
    if (!list) {
      return;
    }
    var items = list.querySelectorAll(":scope > li.comment");
    var threads = [];
    items.forEach(function (item) {
      if (item.querySelector(":scope > .comment-list--replies")) {
        threads.push(new Thread(item));
      }
    });
    if (!threads.length) {
      return;
    }
    var collapsed = remembered();
    var target = linkedComment();
    threads.forEach(function (thread) {
      // A permalink to a reply opens its thread, whatever was remembered.
      thread.show(collapsed.indexOf(thread.id) === -1 || thread.holds(target));
      thread.button.addEventListener("click", function () {
        var expand = thread.button.getAttribute("aria-expanded") !== "true";
        thread.show(expand);
        remember(thread.id, !expand);
      });
    });
    window.addEventListener("hashchange", function () {
      var linked = linkedComment();
      threads.forEach(function (thread) {
        if (thread.holds(linked)) {
          thread.show(true);
          linked.scrollIntoView();
        }
      });
    });
    var tools = document.getElementById("thread-tools");
    if (tools) {
      var group = document.createElement("p");
      group.className = "thread-tools__all";
      group.append(
        toolButton("Collapse all", function () {
          threads.forEach(function (thread) {
            thread.show(false);
            remember(thread.id, true);
          });
        }),
        " ",
        toolButton("Expand all", function () {
          threads.forEach(function (thread) {
            thread.show(true);
            remember(thread.id, false);
          });
        })
      );
      tools.appendChild(group);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpThreads);
  } else {
    setUpThreads();
  }
})();
