// The dashboard's charts; every figure is also in the table next to its chart.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var gridColours = ["#146c43", "#997404", "#0a58ca", "#b02a37", "#0f5132", "#5a3d8a", "#495057", "#6c757d"];
  var unitColours = ["#146c43", "#997404", "#b02a37", "#0a58ca"];
  var healthColours = ["#146c43", "#997404", "#b02a37"];

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  function stacked(series, colours) {
    return series.map(function (s, i) {
      return { label: s.label, data: s.values, backgroundColor: colours[i % colours.length] };
    });
  }

  var common = { animation: false, maintainAspectRatio: false };

  if (data.grid) {
    draw("grid-chart", {
      type: "bar",
      data: { labels: data.grid.labels, datasets: [{ data: data.grid.values, backgroundColor: gridColours }] },
      options: Object.assign({}, common, {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      })
    });
  }
  if (data.units) {
    draw("units-chart", {
      type: "bar",
      data: { labels: data.units.labels, datasets: stacked(data.units.series, unitColours) },
      options: Object.assign({}, common, {
        indexAxis: "y",
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } }
      })
    });
  }
  if (data.portfolio) {
    draw("portfolio-chart", {
      type: "bar",
      data: { labels: data.portfolio.labels, datasets: stacked(data.portfolio.series, healthColours) },
      options: Object.assign({}, common, {
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }
      })
    });
  }
  if (data.scorecards) {
    draw("scorecard-chart", {
      type: "bar",
      data: { labels: data.scorecards.labels, datasets: stacked(data.scorecards.series, ["#0a58ca", "#5a3d8a"]) },
      options: Object.assign({}, common, {
        indexAxis: "y",
        scales: { x: { beginAtZero: true, max: 100 } }
      })
    });
  }
})();
