// Refresh the live part of the results dashboard while the expo runs, without reloading
// the page (and without any library): the server renders the same fragment.
(function () {
  var live = document.getElementById("live-results");
  if (!live || !live.dataset.refreshSeconds) return;
  var every = parseInt(live.dataset.refreshSeconds, 10) * 1000;
  function refresh() {
    if (document.hidden) return;
    var url = new URL(window.location.href);
    url.searchParams.set("fragment", "1");
    fetch(url.toString(), { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) live.innerHTML = html; })
      .catch(function () { /* the hall's network drops; try again next time */ });
  }
  window.setInterval(refresh, every);
})();
