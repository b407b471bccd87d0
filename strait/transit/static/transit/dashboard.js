/* The transit dashboard's charts, drawn with Chart.js from the json_script #transit-data:
   passengers per port and day (stacked bars, peak days outlined in red) and the season's
   cumulative passengers against earlier years and the plan. The tables beside them hold the
   same figures for every reader. */
(function () {
  "use strict";

  var source = document.getElementById("transit-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  Chart.defaults.font.family = '"Noto Naskh Arabic", system-ui, sans-serif';
  Chart.defaults.color = "#1b1b1b";

  var days = document.getElementById("chart-days");
  if (days && data.days.length) {
    var datasets = data.ports.map(function (port) {
      return {
        label: port.label,
        data: port.values,
        backgroundColor: port.colour,
        borderColor: data.peaks.map(function (peak) { return peak ? data.peak_colour : port.colour; }),
        borderWidth: data.peaks.map(function (peak) { return peak ? 2 : 0; }),
        stack: "ports",
      };
    });
    new Chart(days, {
      type: "bar",
      data: { labels: data.days, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, reverse: rtl, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, position: rtl ? "right" : "left" },
        },
        plugins: {
          legend: { rtl: rtl },
          tooltip: {
            callbacks: {
              footer: function (items) {
                return items.length && data.peaks[items[0].dataIndex] ? data.words.peak : "";
              },
            },
          },
        },
      },
    });
  }

  var cumulative = document.getElementById("chart-cumulative");
  if (cumulative) {
    var lines = data.cumulative.map(function (season, n) {
      return {
        label: season.label,
        data: season.values,
        borderWidth: n === 0 ? 3 : 1.5,
        pointRadius: 0,
        fill: false,
      };
    });
    if (data.plan.length) {
      lines.push({ label: data.words.plan, data: data.plan, borderDash: [6, 4], pointRadius: 0 });
    }
    new Chart(cumulative, {
      type: "line",
      data: { labels: data.season_days, datasets: lines },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { reverse: rtl, title: { display: true, text: data.words.season_day } },
          y: { beginAtZero: true, position: rtl ? "right" : "left" },
        },
        plugins: { legend: { rtl: rtl } },
      },
    });
  }
})();
