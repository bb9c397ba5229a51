// Zoom on the floor plan without reloading: the zoom links work without JavaScript too
// (the server renders the plan at ?zoom=N); here they only change the plan's class, and
// the container scrolls, so a finger pans the plan as it pans any page.
(function () {
  "use strict";
  var floor = document.getElementById("floor");
  if (!floor) { return; }
  Array.prototype.forEach.call(document.querySelectorAll(".zoom-link"), function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var level = link.getAttribute("data-zoom");
      var centreX = (floor.scrollLeft + floor.clientWidth / 2) / (floor.scrollWidth || 1);
      var centreY = (floor.scrollTop + floor.clientHeight / 2) / (floor.scrollHeight || 1);
      floor.className = floor.className.replace(/\bzoom-\d\b/, "zoom-" + level);
      floor.scrollLeft = centreX * floor.scrollWidth - floor.clientWidth / 2;
      floor.scrollTop = centreY * floor.scrollHeight - floor.clientHeight / 2;
      Array.prototype.forEach.call(document.querySelectorAll(".zoom-link"), function (other) {
        if (other === link) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
      });
      // The zoom goes along in the plan's forms and booth links, so it survives a reload.
      Array.prototype.forEach.call(document.querySelectorAll("input[name=zoom]"), function (input) {
        input.value = level === "1" ? "" : level;
      });
      Array.prototype.forEach.call(floor.querySelectorAll("a.booth-link"), function (booth) {
        var href = booth.getAttribute("href");
        if (href.charAt(0) !== "?") { return; }
        var hash = href.indexOf("#") >= 0 ? href.slice(href.indexOf("#")) : "";
        var params = new URLSearchParams(href.slice(1, hash ? href.indexOf("#") : undefined));
        if (level === "1") { params.delete("zoom"); } else { params.set("zoom", level); }
        booth.setAttribute("href", "?" + params.toString() + hash);
      });
      var url = new URL(window.location.href);
      if (level === "1") { url.searchParams.delete("zoom"); } else { url.searchParams.set("zoom", level); }
      window.history.replaceState(null, "", url.toString());
    });
  });
  // Keep the selected booth in sight after the page loads at a zoom.
  var highlighted = floor.querySelector(".highlighted");
  if (highlighted && floor.scrollWidth > floor.clientWidth) {
    var box = highlighted.getBoundingClientRect();
    var frame = floor.getBoundingClientRect();
    floor.scrollLeft += box.left - frame.left - frame.width / 2 + box.width / 2;
    floor.scrollTop += box.top - frame.top - frame.height / 2 + box.height / 2;
  }
})();
