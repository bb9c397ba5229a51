// Drag and drop on the organisers' floor plan, with a mouse, a pen or a finger (pointer
// events). Everything it does can be done without it: a click (or Enter) on a booth
// selects it and the panel beside the plan offers assign, move, swap and unassign. A drop
// fills the page's hidden form with what the page shows (the booths' current exhibitors,
// so that the server refuses with a 409 when another organiser changed them meanwhile)
// and submits it; a drop onto an occupied booth opens the swap confirmation instead.
(function () {
  "use strict";
  var floor = document.getElementById("floor");
  var form = document.getElementById("drop-form");
  if (!floor || !form || !floor.hasAttribute("data-planner")) { return; }
  var HOLD_MS = 350;      // a finger holds still this long before a drag starts
  var THRESHOLD = 6;      // a mouse moves this far (px) before a press becomes a drag
  var drag = null;        // {kind, id, occupant, code, x, y, pointer, started, ghost, timer}
  var suppressClick = false;

  function boothAt(x, y) {
    var element = document.elementFromPoint(x, y);
    return element && element.closest ? element.closest("a.booth-link") : null;
  }

  function field(name, value) { form.elements[name].value = value === undefined ? "" : String(value); }

  function start(event, kind, element) {
    if (event.button !== undefined && event.button !== 0) { return; }
    drag = {
      kind: kind,
      element: element,
      id: element.getAttribute(kind === "booth" ? "data-booth" : "data-exhibitor"),
      occupant: element.getAttribute("data-occupant") || "",
      label: kind === "booth" ? element.getAttribute("data-code") : element.textContent.trim(),
      x: event.clientX, y: event.clientY, pointer: event.pointerId, touch: event.pointerType === "touch",
      started: false, ghost: null, timer: null, over: null
    };
    if (drag.touch) {
      drag.timer = window.setTimeout(function () { if (drag) { begin(); } }, HOLD_MS);
    }
  }

  function begin() {
    drag.started = true;
    var ghost = document.createElement("div");
    ghost.className = "drag-ghost";
    ghost.textContent = drag.label;
    document.body.appendChild(ghost);
    drag.ghost = ghost;
    document.body.classList.add("dragging");
    if (drag.element.setPointerCapture && drag.pointer !== undefined) {
      try { drag.element.setPointerCapture(drag.pointer); } catch (ignored) { /* capture is a nicety */ }
    }
    place(drag.x, drag.y);
  }

  function place(x, y) {
    drag.ghost.style.left = (x + 12) + "px";
    drag.ghost.style.top = (y + 12) + "px";
    var over = boothAt(x, y);
    if (drag.over && drag.over !== over) { drag.over.classList.remove("drop-target"); }
    if (over && !(drag.kind === "booth" && over.getAttribute("data-booth") === drag.id)) {
      over.classList.add("drop-target");
      drag.over = over;
    } else {
      drag.over = null;
    }
  }

  function move(event) {
    if (!drag || event.pointerId !== drag.pointer) { return; }
    var far = Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) > THRESHOLD;
    if (!drag.started) {
      if (drag.touch) {
        if (far) { cancel(); }   // the finger pans the plan: no drag
        return;
      }
      if (!far) { return; }
      begin();
    }
    event.preventDefault();
    place(event.clientX, event.clientY);
  }

  function cancel() {
    if (!drag) { return; }
    if (drag.timer) { window.clearTimeout(drag.timer); }
    if (drag.ghost) { drag.ghost.remove(); }
    if (drag.over) { drag.over.classList.remove("drop-target"); }
    document.body.classList.remove("dragging");
    drag = null;
  }

  function drop(event) {
    if (!drag || event.pointerId !== drag.pointer) { return; }
    var started = drag.started;
    var target = started ? boothAt(event.clientX, event.clientY) : null;
    var source = drag;
    cancel();
    if (!started) { return; }
    suppressClick = true;
    window.setTimeout(function () { suppressClick = false; }, 0);
    if (!target) { return; }
    var targetId = target.getAttribute("data-booth");
    var targetOccupant = target.getAttribute("data-occupant") || "0";
    if (target.getAttribute("data-status") === "blocked") { return; }
    if (source.kind === "booth") {
      if (targetId === source.id) { return; }
      if (targetOccupant !== "0") {
        // A swap changes two exhibitors' places: the panel asks to confirm it.
        var params = new URLSearchParams(window.location.search);
        params.set("source", source.id);
        params.set("booth", targetId);
        params.delete("q");
        window.location.assign("?" + params.toString() + "#panel");
        return;
      }
      field("action", "move"); field("booth", source.id); field("target", targetId);
      field("expected", source.occupant); field("expected_target", "0"); field("exhibitor", "");
    } else {
      if (targetOccupant !== "0") { return; }
      field("action", "assign"); field("booth", targetId); field("exhibitor", source.id);
      field("expected", "0"); field("target", ""); field("expected_target", "");
    }
    form.submit();
  }

  floor.addEventListener("pointerdown", function (event) {
    var booth = event.target.closest ? event.target.closest("a.booth-link") : null;
    if (booth && booth.getAttribute("data-occupant") !== "0") { start(event, "booth", booth); }
  });
  Array.prototype.forEach.call(document.querySelectorAll(".waiting-exhibitor"), function (item) {
    item.addEventListener("pointerdown", function (event) { start(event, "exhibitor", item); });
  });
  document.addEventListener("pointermove", move);
  document.addEventListener("pointerup", drop);
  document.addEventListener("pointercancel", cancel);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { cancel(); } });
  // While a finger drags, the page must not scroll under it.
  document.addEventListener("touchmove", function (event) {
    if (drag && drag.started) { event.preventDefault(); }
  }, { passive: false });
  // A link's own drag (of its address) would hide the drop.
  floor.addEventListener("dragstart", function (event) { event.preventDefault(); });
  floor.addEventListener("click", function (event) {
    if (suppressClick) { event.preventDefault(); event.stopPropagation(); }
  }, true);
  // A long press on a phone opens the context menu of the link; the hold is ours.
  floor.addEventListener("contextmenu", function (event) {
    if (drag) { event.preventDefault(); }
  });
})();
