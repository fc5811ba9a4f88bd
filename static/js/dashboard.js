// The dashboard's grid as a bar chart; the same figures are in the table above it.
(function () {
  "use strict";
  var source = document.getElementById("grid-chart-data");
  var canvas = document.getElementById("grid-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{
        data: data.values,
        backgroundColor: ["#146c43", "#5c6b1f", "#0a58ca", "#b02a37", "#0f5132", "#5a3d8a", "#495057", "#6c757d"]
      }]
    },
    options: {
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();
