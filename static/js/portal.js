// Progressive enhancement only: every page works without it.
document.addEventListener("DOMContentLoaded", function () {
  // Take keyboard and screen-reader users straight to the error summary.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // Live totals in the budget grid; the server computes the same figures on save.
  var grid = document.querySelector("[data-budget-grid]");
  if (!grid) { return; }
  var format = new Intl.NumberFormat(document.documentElement.lang === "fr" ? "fr-CA" : "en-CA",
    { style: "currency", currency: "CAD" });
  function recompute() {
    var rows = grid.querySelectorAll("tbody tr[data-row]");
    var columns = [];
    var total = 0;
    rows.forEach(function (row) {
      var rowTotal = 0;
      row.querySelectorAll("input").forEach(function (input, i) {
        var v = parseFloat(input.value) || 0;
        rowTotal += v; columns[i] = (columns[i] || 0) + v;
      });
      row.querySelector("[data-row-total]").textContent = format.format(rowTotal);
      total += rowTotal;
    });
    grid.querySelectorAll("[data-col-total]").forEach(function (cell, i) { cell.textContent = format.format(columns[i] || 0); });
    grid.querySelector("[data-grand-total]").textContent = format.format(total);
  }
  grid.addEventListener("input", recompute);
});
