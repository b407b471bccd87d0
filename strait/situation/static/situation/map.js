/* The situation map: an offline basemap (Natural Earth countries from world-atlas, drawn by
   Leaflet from TopoJSON: no tile server, no CDN), and three layers from the json_script
   #situation-data (or map.json for another window of the timeline): coast segments coloured by
   impact level, crossing reports, and the active surge, vessel and aircraft alerts. Partner text
   (titles, names) is always set as text, never as HTML. The map stays left to right; in an
   Arabic page its controls stand on the right. */
(function () {
  "use strict";

  var el = document.getElementById("situation-map");
  var source = document.getElementById("situation-data");
  var textSource = document.getElementById("situation-text");
  if (!el || !source || !textSource || typeof L === "undefined") {
    return;
  }
  var words = JSON.parse(textSource.textContent);
  var status = document.getElementById("situation-status");
  var rtl = document.documentElement.dir === "rtl";
  var lang = document.documentElement.lang || "en";
  var WINDOWS = ["6h", "24h", "7d"];
  var COLOURS = { low: "#2e7d32", medium: "#f9a825", high: "#c62828", "": "#757575" };
  // The countries drawn (ISO 3166 numeric, as world-atlas names them).
  var COUNTRIES = ["504", "724", "620", "012", "292", "732", "250"];
  var LABELS = [
    ["724", 37.15, -4.6],
    ["504", 34.75, -5.2],
  ];

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) {
      return String(values[key]);
    });
  }

  function node(tag, text, className) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) {
      n.textContent = String(text);
    }
    if (className) {
      n.className = className;
    }
    return n;
  }

  function lines(rows) {
    var box = node("div");
    rows.forEach(function (row) {
      if (row === null) {
        return;
      }
      var p = node("div");
      if (row[0]) {
        p.appendChild(node("strong", row[0] + ": "));
      }
      p.appendChild(node("bdi", row[1]));
      box.appendChild(p);
    });
    box.setAttribute("dir", rtl ? "rtl" : "ltr");
    return box;
  }

  var timeFormat = new Intl.DateTimeFormat(lang, {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });

  function when(seconds) {
    return timeFormat.format(new Date(seconds * 1000));
  }

  var box = el.dataset.box.split(",").map(Number);
  var bounds = L.latLngBounds([box[0], box[1]], [box[2], box[3]]);
  var map = L.map(el, {
    preferCanvas: true,
    zoomControl: false,
    attributionControl: false,
    maxBounds: bounds.pad(0.5),
    minZoom: 6,
    maxZoom: 13,
  });
  L.control
    .zoom({
      position: rtl ? "topright" : "topleft",
      zoomInTitle: words.zoom_in,
      zoomOutTitle: words.zoom_out,
    })
    .addTo(map);
  L.control
    .attribution({ position: rtl ? "bottomleft" : "bottomright", prefix: "Leaflet" })
    .addAttribution("Natural Earth")
    .addTo(map);
  map.fitBounds(bounds);

  var segmentsLayer = L.layerGroup().addTo(map);
  var crossingsLayer = L.layerGroup().addTo(map);
  var alertsLayer = L.layerGroup().addTo(map);
  var popup = L.popup({ maxWidth: 320 });
  var chart = null;

  function drawBasemap() {
    fetch(el.dataset.basemap)
      .then(function (r) {
        return r.json();
      })
      .then(function (topo) {
        var object = topo.objects.countries;
        var near = {
          type: "GeometryCollection",
          geometries: object.geometries.filter(function (g) {
            return COUNTRIES.indexOf(g.id) >= 0;
          }),
        };
        var land = L.geoJSON(topojson.feature(topo, near), {
          interactive: false,
          style: { color: "#7d7461", weight: 1, fillColor: "#f4f0e4", fillOpacity: 1 },
        });
        land.addTo(map);
        land.bringToBack();
        LABELS.forEach(function (label) {
          L.tooltip({
            permanent: true,
            direction: "center",
            className: "situation-place-label",
            interactive: false,
          })
            .setLatLng([label[1], label[2]])
            .setContent(node("span", words.countries[label[0]]))
            .addTo(map);
        });
        el.dataset.basemapReady = "true";
      })
      .catch(function () {
        say(words.failed);
      });
  }

  function segmentPopup(s) {
    return lines([
      ["", s.name],
      [words.owner, s.owner],
      [words.segment, s.level ? words.levels[s.level] : words.no_level],
      s.response ? [words.response, s.response] : null,
      s.measures ? ["", s.measures] : null,
      [words.reports, s.reports + " · " + s.people + " " + words.people],
    ]);
  }

  function drawSegments(data) {
    segmentsLayer.clearLayers();
    data.segments.forEach(function (s) {
      var colour = COLOURS[s.level || ""];
      var options = { color: colour, weight: 7, opacity: 0.9, fillColor: colour, fillOpacity: 0.25 };
      var shape = s.shape === "polygon" ? L.polygon(s.points, options) : L.polyline(s.points, options);
      shape.bindTooltip(node("bdi", s.name), { sticky: true });
      shape.on("click", function (e) {
        popup.setLatLng(e.latlng).setContent(segmentPopup(s)).openOn(map);
      });
      segmentsLayer.addLayer(shape);
    });
  }

  function drawCrossings(data) {
    crossingsLayer.clearLayers();
    data.crossings.forEach(function (c) {
      var marker = L.circleMarker([c[0], c[1]], {
        radius: Math.min(12, 3 + Math.sqrt(c[2])),
        color: "#4a148c",
        weight: 1,
        fillColor: "#8e24aa",
        fillOpacity: 0.55,
      });
      marker.on("click", function () {
        popup
          .setLatLng([c[0], c[1]])
          .setContent(
            lines([
              ["", when(c[7])],
              [words.outcomes[c[4]] || c[4], c[2] + " " + words.people],
              ["", words.boats[c[3]] || c[3]],
              [words.segment, c[5] || words.no_segment],
              [words.reported_by, c[6]],
            ])
          )
          .openOn(map);
      });
      crossingsLayer.addLayer(marker);
    });
  }

  function alertPopup(a) {
    var content = lines([
      [a.type_label, a.title],
      [words.alert_until, when(a.until)],
    ]);
    var link = node("a", words.open_alert);
    link.href = a.url;
    content.appendChild(link);
    if (a.type === "migration_surge") {
      content.appendChild(document.createTextNode(" · "));
      var log = node("a", words.open_log);
      log.href = a.log;
      content.appendChild(log);
    }
    return content;
  }

  function drawAlerts(data) {
    alertsLayer.clearLayers();
    var shapes = {};
    data.segments.forEach(function (s) {
      shapes[s.code] = s;
    });
    data.alerts.forEach(function (a) {
      var open = function (e) {
        popup.setLatLng(e.latlng).setContent(alertPopup(a)).openOn(map);
      };
      // The segments the alert names: a dashed outline over them.
      a.areas.forEach(function (code) {
        var s = shapes[code];
        if (!s) {
          return;
        }
        var options = { color: "#d84315", weight: 14, opacity: 0.45, dashArray: "10 8", fill: false };
        var area = s.shape === "polygon" ? L.polygon(s.points, options) : L.polyline(s.points, options);
        area.on("click", open);
        alertsLayer.addLayer(area);
      });
      if (a.lat !== null && a.lon !== null) {
        var ring = L.circle([a.lat, a.lon], {
          radius: 8000,
          color: "#d84315",
          weight: 2,
          fillColor: "#ff7043",
          fillOpacity: 0.2,
        });
        var marker = L.circleMarker([a.lat, a.lon], {
          radius: 9,
          color: "#000",
          weight: 2,
          fillColor: "#d84315",
          fillOpacity: 0.95,
        });
        ring.on("click", open);
        marker.on("click", open);
        alertsLayer.addLayer(ring);
        alertsLayer.addLayer(marker);
      }
    });
  }

  function drawChart(data) {
    var canvas = document.getElementById("situation-chart");
    if (!canvas || typeof Chart === "undefined") {
      return;
    }
    var labels = data.segments.map(function (s) {
      return s.name;
    });
    var values = data.segments.map(function (s) {
      return s.reports;
    });
    var colours = data.segments.map(function (s) {
      return COLOURS[s.level || ""];
    });
    if (data.unsegmented) {
      labels.push(words.no_segment);
      values.push(data.unsegmented);
      colours.push("#8e24aa");
    }
    if (chart) {
      chart.data.labels = labels;
      chart.data.datasets[0].data = values;
      chart.data.datasets[0].backgroundColor = colours;
      chart.update();
      return;
    }
    Chart.defaults.font.family = '"Noto Naskh Arabic", system-ui, sans-serif';
    chart = new Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [{ label: words.chart_title, data: values, backgroundColor: colours }],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 }, reverse: rtl },
          y: { position: rtl ? "right" : "left" },
        },
        plugins: { legend: { display: false }, tooltip: { rtl: rtl } },
      },
    });
  }

  function draw(data) {
    drawSegments(data);
    drawCrossings(data);
    drawAlerts(data);
    drawChart(data);
    say(fmt(words.shown, { crossings: data.crossings.length, alerts: data.alerts.length }));
    el.dataset.window = data.window;
    el.dataset.ready = "true";
  }

  function toggle(id, layer) {
    var box = document.getElementById(id);
    if (!box) {
      return;
    }
    box.addEventListener("change", function () {
      if (box.checked) {
        layer.addTo(map);
      } else {
        map.removeLayer(layer);
      }
    });
  }
  toggle("layer-segments", segmentsLayer);
  toggle("layer-crossings", crossingsLayer);
  toggle("layer-alerts", alertsLayer);

  function load(windowName) {
    say(words.loading);
    fetch(el.dataset.src + "?window=" + encodeURIComponent(windowName), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (r) {
        if (!r.ok) {
          throw new Error(String(r.status));
        }
        return r.json();
      })
      .then(function (data) {
        draw(data);
        document.querySelectorAll(".situation-window-steps a").forEach(function (a) {
          if (a.dataset.window === windowName) {
            a.setAttribute("aria-current", "true");
          } else {
            a.removeAttribute("aria-current");
          }
        });
        var url = new URL(window.location.href);
        url.searchParams.set("window", windowName);
        window.history.replaceState(null, "", url.toString());
      })
      .catch(function () {
        say(words.failed);
      });
  }

  var slider = document.getElementById("situation-window");
  if (slider) {
    slider.addEventListener("change", function () {
      load(WINDOWS[Number(slider.value)] || "24h");
    });
  }
  document.querySelectorAll(".situation-window-steps a").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      if (slider) {
        slider.value = String(WINDOWS.indexOf(a.dataset.window));
      }
      load(a.dataset.window);
    });
  });

  drawBasemap();
  draw(JSON.parse(source.textContent));
})();
