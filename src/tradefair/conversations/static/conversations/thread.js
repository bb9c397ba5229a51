// New messages of a thread without reloading: every few seconds the page asks for the
// messages after the last one it shows. The server sends them as escaped HTML, so this
// script never builds markup from a message. No inline script: the page loads this file.
(function () {
  "use strict";
  var thread = document.getElementById("thread");
  if (!thread || !thread.hasAttribute("data-live")) { return; }
  var url = thread.getAttribute("data-poll");
  var delay = 4000;
  var slowest = 30000;

  function poll() {
    var last = thread.getAttribute("data-last") || "0";
    fetch(url + "?after=" + encodeURIComponent(last), {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      var next = response.headers.get("X-Last-Message") || last;
      return response.text().then(function (html) { return { html: html, next: next }; });
    }).then(function (result) {
      var template = document.createElement("template");
      template.innerHTML = result.html;
      var added = 0;
      Array.prototype.forEach.call(template.content.querySelectorAll("li.msg"), function (item) {
        if (!document.getElementById(item.id)) { thread.appendChild(item); added += 1; }
      });
      thread.setAttribute("data-last", result.next);
      delay = added ? 4000 : Math.min(delay * 1.5, slowest);
      if (added) { thread.lastElementChild.scrollIntoView({ block: "nearest" }); }
    }).catch(function () {
      delay = slowest;
    }).then(function () {
      window.setTimeout(poll, document.hidden ? slowest : delay);
    });
  }
  window.setTimeout(poll, delay);
})();
