// The deal form's party picker: a few letters ask the server for the organisations the
// user may name (paginated), a click adds one to the chosen parties. No library.
(function () {
  var picker = document.getElementById("party-picker");
  if (!picker) return;
  var search = document.getElementById("party-search");
  var chosen = document.getElementById("chosen-parties");
  var list = document.getElementById("party-suggestions");
  var url = picker.dataset.searchUrl;
  var timer = null;

  function isChosen(id) {
    return !!chosen.querySelector('input[name="parties"][value="' + id + '"]');
  }

  function choose(party) {
    if (isChosen(party.id)) return;
    var item = document.createElement("li");
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = "parties";
    box.value = party.id;
    box.checked = true;
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + party.label));
    item.appendChild(label);
    chosen.appendChild(item);
  }

  function show(body, append) {
    if (!append) list.innerHTML = "";
    var more = list.querySelector(".more");
    if (more) more.remove();
    body.results.forEach(function (party) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary suggestion";
      button.textContent = party.label;
      button.addEventListener("click", function () { choose(party); item.remove(); search.focus(); });
      item.appendChild(button);
      list.appendChild(item);
    });
    if (!body.results.length && !append) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = picker.dataset.emptyLabel;
      list.appendChild(none);
    }
    if (body.next) {
      var next = document.createElement("li");
      next.className = "more";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = picker.dataset.moreLabel;
      button.addEventListener("click", function () { load(body.next, true); });
      next.appendChild(button);
      list.appendChild(next);
    }
  }

  function load(address, append) {
    fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) { if (body) show(body, append); })
      .catch(function () { /* the hall's network drops; the next keystroke tries again */ });
  }

  search.addEventListener("input", function () {
    window.clearTimeout(timer);
    var text = search.value.trim();
    if (text.length < 2) { list.innerHTML = ""; return; }
    timer = window.setTimeout(function () {
      load(url + "?page_size=10&q=" + encodeURIComponent(text), false);
    }, 250);
  });
  // Enter in the search box looks up at once instead of submitting the deal.
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (search.value.trim().length >= 2) load(url + "?page_size=10&q=" + encodeURIComponent(search.value.trim()), false);
    }
  });
})();
