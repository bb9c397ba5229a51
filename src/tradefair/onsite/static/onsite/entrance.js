// Refreshes the entrance figures from the API every 15 seconds.
(function () {
  "use strict";
  const root = document.getElementById("entrance");
  if (!root) return;
  const number = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function fill(table, rows, columns) {
    const body = root.querySelector('[data-table="' + table + '"]');
    if (!body) return;
    body.replaceChildren();
    rows.forEach(function (row) {
      const line = document.createElement("tr");
      columns.forEach(function (column) {
        const cell = document.createElement("td");
        const value = row[column];
        cell.textContent = typeof value === "number" ? number.format(value) : value || "–";
        line.appendChild(cell);
      });
      body.appendChild(line);
    });
  }

  async function refresh() {
    try {
      const response = await fetch(root.dataset.endpoint, { credentials: "same-origin" });
      if (!response.ok) return;
      const figures = await response.json();
      if (figures.entries && !root.querySelector("[data-table]")) { window.location.reload(); return; }
      root.querySelector('[data-figure="visitors"]').textContent = number.format(figures.visitors);
      root.querySelector('[data-figure="entries"]').textContent = number.format(figures.entries);
      fill("by_day", figures.by_day, ["day", "visitors", "entries"]);
      fill("by_gate", figures.by_gate, ["gate", "visitors", "entries"]);
      fill("by_country", figures.by_country, ["country_name", "visitors"]);
    } catch (error) { /* keep the last figures */ }
  }

  setInterval(refresh, 15000);
})();
