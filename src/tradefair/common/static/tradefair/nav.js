// The menu button of narrow screens: without this file the menu stays open as a
// scrolling strip (site.css), so every link is reachable without JavaScript too.
// The language switcher changes the language as soon as one is chosen (without this
// file its <noscript> button does). No handler sits in the markup: the
// Content-Security-Policy forbids inline script.
(function () {
  "use strict";
  function ready() {
    var language = document.getElementById("language-select");
    if (language && language.form) {
      language.addEventListener("change", function () { language.form.submit(); });
    }
    var button = document.querySelector(".menu-button");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) { return; }
    document.documentElement.classList.add("has-menu-button");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("is-open", open);
    });
    // One organiser group open at a time: an opened group closes the others.
    var groups = document.querySelectorAll(".organiser-group");
    Array.prototype.forEach.call(groups, function (group) {
      group.addEventListener("toggle", function () {
        if (!group.open) { return; }
        Array.prototype.forEach.call(groups, function (other) {
          if (other !== group) { other.open = false; }
        });
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      Array.prototype.forEach.call(groups, function (group) { group.open = false; });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
