/* An event's venues on an offline map: the Natural Earth countries of world-atlas (the files the
   situation map ships: no tile server, no CDN) drawn by Leaflet from TopoJSON, each venue a
   circle coloured by the highest risk of its matches. Names are set as text, never as HTML. */
(function () {
  "use strict";

  var el = document.getElementById("events-map");
  var source = document.getElementById("events-map-data");
  var textSource = document.getElementById("events-map-text");
  if (!el || !source || !textSource || typeof L === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var words = JSON.parse(textSource.textContent);
  var status = document.getElementById("events-map-status");
  var rtl = document.documentElement.dir === "rtl";
  var COLOURS = { low: "#2e7d32", medium: "#f9a825", high: "#ef6c00", very_high: "#b71c1c", "": "#757575" };
  // Morocco, Spain, Portugal and their neighbours (ISO 3166 numeric, as world-atlas names them).
  var COUNTRIES = ["504", "724", "620", "012", "292", "732", "250", "478", "020"];

  function node(tag, text) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) {
      n.textContent = String(text);
    }
    return n;
  }

  function popup(v) {
    var box = node("div");
    box.setAttribute("dir", rtl ? "rtl" : "ltr");
    box.appendChild(node("strong", v.name));
    [
      [words.city, v.city + " (" + v.country + ")"],
      ["", v.kind_label],
      v.capacity ? [words.capacity, v.capacity] : null,
      [words.matches, v.matches],
      v.risk ? [words.highest_risk, v.risk_label] : null,
    ].forEach(function (row) {
      if (row) {
        var p = node("div", (row[0] ? row[0] + ": " : "") + row[1]);
        box.appendChild(p);
      }
    });
    return box;
  }

  var map = L.map(el, { zoomControl: false, attributionControl: false, minZoom: 3, maxZoom: 14 });
  L.control
    .zoom({ position: rtl ? "topright" : "topleft", zoomInTitle: words.zoom_in, zoomOutTitle: words.zoom_out })
    .addTo(map);
  L.control
    .attribution({ position: rtl ? "bottomleft" : "bottomright", prefix: "Leaflet" })
    .addAttribution("Natural Earth")
    .addTo(map);

  var points = [];
  data.venues.forEach(function (v) {
    points.push([v.lat, v.lon]);
    L.circleMarker([v.lat, v.lon], {
      radius: v.kind === "stadium" ? 8 : 6,
      color: "#000",
      weight: 1,
      fillColor: COLOURS[v.risk || ""],
      fillOpacity: 0.9,
      className: "events-venue",
    })
      .bindPopup(popup(v))
      .bindTooltip(node("span", v.name))
      .addTo(map);
  });
  if (points.length) {
    map.fitBounds(L.latLngBounds(points).pad(0.2));
  } else {
    map.setView([36.5, -6.0], 5);
  }
  el.dataset.venues = String(points.length);

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
      el.dataset.basemapReady = "true";
    })
    .catch(function () {
      if (status) {
        status.textContent = words.failed;
      }
    });
})();
