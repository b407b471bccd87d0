/* The statistics page's charts, drawn with Chart.js from the json_script #statistics-data
   ({"label": …, "charts": [{"name", "title", "labels", "values"}]}) into the canvases
   #chart-<name>. The tables beside them hold the same figures for every reader. */
(function () {
  "use strict";

  var source = document.getElementById("statistics-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  Chart.defaults.font.family = '"Noto Naskh Arabic", system-ui, sans-serif';
  Chart.defaults.color = "#1b1b1b";
  // Many bars (months over years, or many operations) are drawn horizontally.
  var LONG = 12;

  data.charts.forEach(function (chart) {
    var canvas = document.getElementById("chart-" + chart.name);
    if (!canvas || chart.values.length === 0) {
      return;
    }
    var horizontal = chart.name !== "period" && chart.values.length > 4;
    var category = horizontal ? "y" : "x";
    var value = horizontal ? "x" : "y";
    var scales = {};
    scales[value] = { beginAtZero: true, ticks: { precision: 0 } };
    scales[category] = {
      ticks: { autoSkip: chart.values.length > LONG },
      // In an Arabic page the first period stands on the right.
      reverse: rtl && !horizontal,
    };
    if (rtl && !horizontal) {
      scales.y.position = "right";
    }
    if (horizontal && rtl) {
      scales.x.reverse = true;
      scales.y.position = "right";
    }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: [
          {
            label: data.label,
            data: chart.values,
            backgroundColor: "#1f77b4",
          },
        ],
      },
      options: {
        indexAxis: category,
        maintainAspectRatio: false,
        animation: false,
        scales: scales,
        plugins: {
          legend: { display: false },
          tooltip: { rtl: rtl },
        },
        locale: document.documentElement.lang || "en",
      },
    });
    canvas.dataset.drawn = "true";
  });
})();
