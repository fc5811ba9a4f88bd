// Trend chart of an indicator: data from the json_script block, the same figures as the table.
(function () {
  "use strict";
  var canvas = document.getElementById("kpi-trend-chart");
  var source = document.getElementById("kpi-trend-data");
  if (!canvas || !source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [{ label: data.label + " (" + data.unit + ")", data: data.values, spanGaps: true, borderColor: "#0a58ca", backgroundColor: "#0a58ca" }]
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, suggestedMax: data.unit === "%" ? 100 : undefined } },
      plugins: {
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var v = ctx.parsed.y;
              return v === null ? "—" : v.toFixed(1).replace(".", ",") + (data.unit === "%" ? " %" : " " + data.unit);
            }
          }
        }
      }
    }
  });
})();
