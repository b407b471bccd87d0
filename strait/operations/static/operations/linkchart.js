/* The link chart of an operation: its entities and relations drawn with Cytoscape.js.

   The page holds a container #linkchart whose data-src names the chart.json of the operation
   (shape in operations/chart.py), the legend's colour swatches (one per entity kind, coloured
   by operations/charts.css: the chart reads the colours from them, so legend and drawing
   agree), the relation-kind checkboxes, the date range, the export buttons, and a json_script
   #linkchart-text with the page's words in the reader's language. No inline script, no
   innerHTML: partner text is only ever set as text.

   When the drawing is done the container gets data-draw-ms (from this script's start to the
   second frame after the layout: fetch, build, layout and paint), data-nodes, data-edges and
   data-layout, and the moments of its steps (data-fetched-ms: the data read; data-ready-ms: the
   Arabic font loaded; data-built-ms; data-laid-out-ms); the benchmark and the browser test read
   them. */
(function () {
  "use strict";

  var started = performance.now();
  var container = document.getElementById("linkchart");
  if (!container || typeof cytoscape === "undefined") {
    return;
  }
  var words = JSON.parse(document.getElementById("linkchart-text").textContent);
  var status = document.getElementById("linkchart-status");
  var selected = document.getElementById("linkchart-selected");
  var ARABIC_FONT = '"Noto Naskh Arabic"';
  var FONT = ARABIC_FONT + ", system-ui, sans-serif";
  // Measured in Debian's Chromium on a 2-core machine: cose lays out 200 entities in about two
  // seconds and grows quadratically, so it runs only on small charts; larger ones get rings by
  // number of relations, computed here (Cytoscape's own layouts spend most of their time on
  // bounding boxes).
  var COSE_LIMIT = 120;
  // Up to this many entities in view, every label, arrow and relation name is drawn; above it,
  // labels cost more than a second to measure, so they appear once a node is expanded.
  var DETAILED_LIMIT = 400;
  // Each label is isolated in its own direction: an Arabic one right to left even in a
  // left-to-right page, any other left to right even in an Arabic page (the canvas takes the
  // page's direction, which would draw "+212…" as "212…+").
  var RLI = "\u2067";
  var LRI = "\u2066";
  var PDI = "\u2069";
  // An expanded neighbourhood is shown no larger than this (labels readable, not huge).
  var MAX_FIT_ZOOM = 1.4;

  function say(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, name) {
      return String(values[name]);
    });
  }

  function setStatus(text) {
    status.textContent = text;
  }

  var colours = {};
  function kindColour(kind) {
    if (!(kind in colours)) {
      var swatch = document.querySelector(".linkchart-legend .swatch.kind-" + kind);
      colours[kind] = swatch ? getComputedStyle(swatch).backgroundColor : "#777777";
    }
    return colours[kind];
  }

  // Concentric rings, the most connected entities in the middle.
  function ringPositions(data) {
    var degree = {};
    data.edges.forEach(function (edge) {
      degree[edge.source] = (degree[edge.source] || 0) + 1;
      degree[edge.target] = (degree[edge.target] || 0) + 1;
    });
    var order = data.nodes.map(function (node) {
      return node.id;
    });
    order.sort(function (a, b) {
      return (degree[b] || 0) - (degree[a] || 0);
    });
    var positions = {};
    var spacing = 34;
    var ring = 0;
    var placed = 0;
    while (placed < order.length) {
      var radius = ring * spacing;
      var slots = ring === 0 ? 1 : Math.floor((2 * Math.PI * radius) / spacing);
      for (var slot = 0; slot < slots && placed < order.length; slot += 1, placed += 1) {
        var angle = (2 * Math.PI * slot) / slots;
        positions[order[placed]] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
      }
      ring += 1;
    }
    return positions;
  }

  // cy.fit measures every element's bounding box (half a second for 7,000); the rings' extent
  // is known, so the viewport is set from it.
  function fitPositions(cy, positions) {
    var x1 = Infinity;
    var y1 = Infinity;
    var x2 = -Infinity;
    var y2 = -Infinity;
    Object.keys(positions).forEach(function (id) {
      var p = positions[id];
      x1 = Math.min(x1, p.x);
      y1 = Math.min(y1, p.y);
      x2 = Math.max(x2, p.x);
      y2 = Math.max(y2, p.y);
    });
    var pad = 30;
    var zoom = Math.min(
      (cy.width() - 2 * pad) / Math.max(x2 - x1, 1),
      (cy.height() - 2 * pad) / Math.max(y2 - y1, 1),
      1.5
    );
    cy.viewport({
      zoom: zoom,
      pan: { x: cy.width() / 2 - zoom * ((x1 + x2) / 2), y: cy.height() / 2 - zoom * ((y1 + y2) / 2) },
    });
  }

  function elementsOf(data, positions) {
    var elements = [];
    data.nodes.forEach(function (node) {
      elements.push({
        group: "nodes",
        data: {
          id: node.id,
          text: node.label,
          label: (node.rtl ? RLI : LRI) + node.label + PDI,
          rtl: node.rtl,
          kind: node.kind,
          owner: node.owner,
          handling: node.handling,
          colour: kindColour(node.kind),
        },
        position: positions ? positions[node.id] : undefined,
      });
    });
    data.edges.forEach(function (edge) {
      elements.push({
        group: "edges",
        data: {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          kind: edge.kind,
          label: data.kinds[edge.kind] || edge.label,
          on: edge.on || "",
        },
      });
    });
    return elements;
  }

  var NODE_LABEL = {
    label: "data(label)",
    "font-family": FONT,
    "font-size": 13,
    color: "#1b1b1b",
    "text-valign": "bottom",
    "text-margin-y": 3,
    "text-wrap": "ellipsis",
    "text-max-width": "160px",
    "text-background-color": "#ffffff",
    "text-background-opacity": 0.75,
    "text-background-padding": "1px",
  };
  var EDGE_DETAIL = {
    width: 1.5,
    "line-color": "#8a9099",
    "target-arrow-color": "#8a9099",
    "target-arrow-shape": "triangle",
    "curve-style": "bezier",
    label: "data(label)",
    "font-family": FONT,
    "font-size": 10,
    color: "#444444",
    "text-rotation": "autorotate",
    "text-background-color": "#ffffff",
    "text-background-opacity": 0.8,
  };

  function styleFor(detailed, kinds) {
    // One selector per entity kind: about a tenth faster to draw than a data() mapping.
    var colourByKind = kinds
      .filter(function (kind) {
        return /^[a-z_]+$/.test(kind);
      })
      .map(function (kind) {
        return {
          selector: 'node[kind = "' + kind + '"]',
          style: { "background-color": kindColour(kind) },
        };
      });
    return [
      {
        selector: "node",
        style: { "background-color": "#777777", width: 18, height: 18 },
      },
    ].concat(colourByKind, [
      // Borders cost a second on 2,000 entities drawn without a GPU: small charts only.
      { selector: detailed ? "node" : "node.labelled", style: { "border-width": 1, "border-color": "#333333" } },
      { selector: detailed ? "node" : "node.labelled", style: NODE_LABEL },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111111" } },
      {
        selector: "edge",
        style: { width: 1, "line-color": "#9aa0a6", "curve-style": "haystack", "haystack-radius": 0 },
      },
      { selector: detailed ? "edge" : "edge.labelled", style: EDGE_DETAIL },
      { selector: ".hidden", style: { display: "none" } },
    ]);
  }

  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    // The browser reads the blob after the click returns: a large chart's PNG takes a while.
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 60000);
  }

  function xml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;");
  }

  function fixed(value) {
    return value.toFixed(1);
  }

  // The SVG export: what is shown, where it is drawn, as lines, circles and text (real text, so
  // Arabic stays shaped and right to left in any viewer). cytoscape-svg is GPL; this is ours.
  function toSvg(shown) {
    var box = shown.nodes().boundingBox({ includeLabels: false });
    var pad = 40;
    var width = Math.ceil(box.w + 2 * pad);
    var height = Math.ceil(box.h + 2 * pad);
    var dx = pad - box.x1;
    var dy = pad - box.y1;
    var parts = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<svg xmlns="http://www.w3.org/2000/svg" width="' + width + '" height="' + height +
        '" viewBox="0 0 ' + width + " " + height + '" font-family="' + xml(FONT) + '">',
      '<rect width="100%" height="100%" fill="#ffffff"/>',
      '<g stroke="#8a9099" stroke-width="1">',
    ];
    shown.edges().forEach(function (edge) {
      var a = edge.source().position();
      var b = edge.target().position();
      parts.push(
        '<line x1="' + fixed(a.x + dx) + '" y1="' + fixed(a.y + dy) + '" x2="' +
          fixed(b.x + dx) + '" y2="' + fixed(b.y + dy) + '"><title>' +
          xml(edge.data("label")) + "</title></line>"
      );
    });
    parts.push("</g>", '<g stroke="#333333" stroke-width="1" font-size="13" text-anchor="middle">');
    shown.nodes().forEach(function (node) {
      var p = node.position();
      var x = fixed(p.x + dx);
      parts.push(
        '<circle cx="' + x + '" cy="' + fixed(p.y + dy) + '" r="9" fill="' +
          xml(node.data("colour")) + '"/>',
        '<text x="' + x + '" y="' + fixed(p.y + dy + 25) + '" stroke="none" fill="#1b1b1b"' +
          (node.data("rtl") ? ' direction="rtl" unicode-bidi="embed"' : "") + ">" +
          xml(node.data("text")) + "</text>"
      );
    });
    parts.push("</g>", "</svg>");
    return new Blob([parts.join("\n")], { type: "image/svg+xml" });
  }

  function mark(name) {
    container.dataset[name] = String(Math.round(performance.now() - started));
  }

  function draw(data) {
    mark("readyMs");
    var count = data.nodes.length;
    var small = count <= COSE_LIMIT;
    var detailed = count <= DETAILED_LIMIT;
    var cy = cytoscape({
      container: container,
      style: styleFor(
        detailed,
        Object.keys(
          data.nodes.reduce(function (seen, node) {
            seen[node.kind] = true;
            return seen;
          }, {})
        )
      ),
      textureOnViewport: !detailed,
      hideEdgesOnViewport: !detailed,
      pixelRatio: detailed ? "auto" : 1,
    });
    // Adding to a built chart is three times faster than handing the elements to the
    // constructor, which lays them out on a grid first.
    var renderer = cy.renderer();
    if (
      !detailed &&
      typeof renderer.drawLayeredElements === "function" &&
      typeof renderer.drawElements === "function"
    ) {
      // Cytoscape paints a large chart into layered textures first (for smooth zooming, which
      // textureOnViewport gives as well); drawn straight, 2,000 entities' first frame comes
      // about a third sooner. (The pinned 3.35 renderer's own method, checked before use.)
      renderer.drawLayeredElements = function (context, eles) {
        renderer.drawElements(context, eles);
      };
    }
    var positions = small ? null : ringPositions(data);
    cy.add(elementsOf(data, positions));
    mark("builtMs");
    var shownNow = cy.elements(); // what the filters and expansions leave in view
    var focus = null; // the elements expanded nodes brought in view, or null for all
    var roots = null; // the entities tapped to expand them: shown even with no relation passing

    function kindsChecked() {
      var kinds = {};
      document.querySelectorAll("input[name=relation]").forEach(function (box) {
        kinds[box.value] = box.checked;
      });
      return kinds;
    }

    function dateValue(id) {
      var input = document.getElementById(id);
      return input && input.value ? input.value : "";
    }

    function edgePasses(edge, kinds, from, to, undated) {
      if (kinds[edge.data("kind")] === false) {
        return false;
      }
      var on = edge.data("on");
      if (!on) {
        return undated;
      }
      return (!from || on >= from) && (!to || on <= to);
    }

    function apply() {
      var kinds = kindsChecked();
      var from = dateValue("linkchart-from");
      var to = dateValue("linkchart-to");
      var undatedBox = document.getElementById("linkchart-undated");
      var undated = undatedBox ? undatedBox.checked : true;
      var kept = [];
      var passing = cy.collection();
      cy.batch(function () {
        passing = cy.edges().filter(function (edge) {
          return (
            edgePasses(edge, kinds, from, to, undated) &&
            (focus === null || (focus.has(edge.source()) && focus.has(edge.target())))
          );
        });
        var linked = {};
        var passes = {};
        passing.forEach(function (edge) {
          passes[edge.id()] = true;
          linked[edge.data("source")] = true;
          linked[edge.data("target")] = true;
        });
        // Only what changes is touched: a class change makes Cytoscape restyle the element,
        // and restyling 7,000 of them costs as much as drawing them.
        cy.edges().forEach(function (edge) {
          var hide = passes[edge.id()] !== true;
          if (edge.hasClass("hidden") !== hide) {
            edge.toggleClass("hidden", hide);
          }
        });
        cy.nodes().forEach(function (node) {
          // An entity stays when one of its relations passes, when it has none at all, or
          // when it was tapped to expand it.
          var keep =
            (focus === null || focus.has(node)) &&
            (linked[node.id()] === true ||
              node.degree(false) === 0 ||
              (roots !== null && roots.has(node)));
          if (node.hasClass("hidden") === keep) {
            node.toggleClass("hidden", !keep);
          }
          if (keep) {
            kept.push(node);
          }
        });
        // What is shown, from here (":visible" reads styles that a batch leaves stale).
        shownNow = cy.collection(kept).union(passing);
        if (!detailed) {
          // A large chart names what is in view once an expansion has narrowed it.
          cy.elements(".labelled").removeClass("labelled");
          if (focus !== null && kept.length <= DETAILED_LIMIT) {
            shownNow.addClass("labelled");
          }
        }
      });
      var shownNodes = kept.length;
      var shownEdges = passing.length;
      setStatus(
        shownNodes === 0 && count > 0
          ? words.empty
          : say(words.shown, { nodes: shownNodes, edges: shownEdges })
      );
      document.getElementById("linkchart-all").disabled = focus === null;
      return { nodes: shownNodes, edges: shownEdges };
    }

    function showDetails(node) {
      selected.replaceChildren();
      var title = document.createElement("p");
      var name = document.createElement("bdi");
      name.textContent = node.data("text");
      name.dir = "auto";
      title.appendChild(name);
      var facts = document.createElement("p");
      facts.className = "hint";
      facts.textContent = say(words.entity, {
        kind: words.entity_kinds[node.data("kind")] || node.data("kind"),
        owner: node.data("owner"),
        handling: node.data("handling"),
        relations: node.degree(false),
      });
      selected.append(title, facts);
    }

    cy.on("tap", "node", function (event) {
      var node = event.target;
      // The first tap keeps only the entity and its neighbours; later taps expand further.
      focus = focus === null ? node.closedNeighborhood() : focus.union(node.closedNeighborhood());
      roots = roots === null ? node : roots.union(node);
      var shown = apply();
      showDetails(node);
      container.dataset.nodes = String(shown.nodes);
      container.dataset.edges = String(shown.edges);
      var visible = shownNow;
      if (shown.nodes <= DETAILED_LIMIT) {
        // Lay the neighbourhood out afresh: the expanded entities in the middle, their
        // neighbours around them.
        var spread = {
          name: "concentric",
          animate: false,
          minNodeSpacing: 60,
          concentric: function (each) {
            return roots.has(each) ? 2 : 1;
          },
          levelWidth: function () {
            return 1;
          },
        };
        visible.layout(spread).run();
        cy.fit(visible, 40);
        if (cy.zoom() > MAX_FIT_ZOOM) {
          cy.zoom(MAX_FIT_ZOOM);
          cy.center(visible);
        }
      } else {
        cy.fit(visible, 30);
      }
    });

    document.getElementById("linkchart-all").addEventListener("click", function () {
      focus = null;
      roots = null;
      selected.replaceChildren();
      var shown = apply();
      container.dataset.nodes = String(shown.nodes);
      container.dataset.edges = String(shown.edges);
      if (small) {
        shownNow.layout({ name: "cose", animate: false }).run();
      } else {
        cy.nodes().positions(function (node) {
          return positions[node.id()];
        });
        fitPositions(cy, positions);
      }
    });
    document.querySelectorAll("#linkchart-filters input").forEach(function (input) {
      input.addEventListener("change", function () {
        var shown = apply();
        container.dataset.nodes = String(shown.nodes);
        container.dataset.edges = String(shown.edges);
      });
    });
    document.getElementById("linkchart-png").addEventListener("click", function () {
      var blob = cy.png({
        output: "blob",
        bg: "#ffffff",
        full: true,
        scale: detailed ? 2 : 1,
        maxWidth: 4000,
        maxHeight: 4000,
      });
      download(blob, container.dataset.filename + ".png");
    });
    document.getElementById("linkchart-svg").addEventListener("click", function () {
      download(toSvg(shownNow), container.dataset.filename + ".svg");
    });

    var layout = small
      ? { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true }
      : { name: "preset", fit: false };
    cy.one("layoutstop", function () {
      mark("laidOutMs");
      var shown = apply();
      if (small) {
        cy.fit(undefined, 30);
      } else {
        fitPositions(cy, positions);
      }
      // Everything is placed; the drawing is done once the next frames are painted.
      requestAnimationFrame(function () {
        requestAnimationFrame(function () {
          container.dataset.drawMs = String(Math.round(performance.now() - started));
          container.dataset.nodes = String(shown.nodes);
          container.dataset.edges = String(shown.edges);
          container.dataset.layout = small ? "cose" : "rings";
        });
      });
    });
    cy.layout(layout).run();
    window.straitLinkChart = cy; // for the browser test and the benchmark
  }

  setStatus(words.loading);
  fetch(container.dataset.src, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      return response.json();
    })
    .then(function (data) {
      mark("fetchedMs");
      var arabic = data.nodes.some(function (node) {
        return node.rtl;
      });
      // The canvas does not ask for a web font by itself: load the Arabic one before drawing.
      var font =
        arabic && document.fonts
          ? document.fonts.load("13px " + ARABIC_FONT, "\u0639")
          : Promise.resolve();
      return font.then(
        function () {
          return data;
        },
        function () {
          return data;
        }
      );
    })
    .then(draw)
    .catch(function (error) {
      console.error(error);
      setStatus(words.failed);
      container.dataset.failed = "true";
    });
})();
