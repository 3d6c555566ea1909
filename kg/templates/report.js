/* The kg report: draws the actor network (vis-network), the map (Leaflet) and the control
   timeline (vis-timeline) from the data inlined in #kg-data. Text from the graph is always
   set as text, never as HTML. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var rendered = [];
  // For scripts and tests: where an actor is drawn on the page (filled in by drawNetwork).
  var api = window.kgReport = { actorAt: function () { return null; } };
  var errors = [];
  window.addEventListener("error", function (event) {
    errors.push(String(event.message));
    document.body.setAttribute("data-errors", errors.join(" | "));
  });

  var NO_SIDE = data.meta.noSideColour;
  var RELATION_TEXT = { backs: "backs", alliedWith: "is allied with", opposes: "opposes" };
  var RELATION_STYLE = {
    backs: { color: "#3b4650", dashes: false, arrows: "to" },
    alliedWith: { color: "#2e8b57", dashes: [8, 5], arrows: "" },
    opposes: { color: "#c0392b", dashes: [2, 5], arrows: "to" }
  };

  // --- small DOM helpers ---------------------------------------------------------------
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return parent;
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function swatch(colour, className) {
    var s = el("span", null, className || "swatch");
    if ((className || "swatch") === "swatch") s.style.background = colour;
    else s.style.borderColor = colour;
    return s;
  }
  function show(target, nodes) {
    var box = document.getElementById(target);
    box.textContent = "";
    nodes.forEach(function (n) { if (n) box.appendChild(n); });
  }
  function fields(pairs) {
    var dl = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === "" || pair[1] === null || pair[1] === undefined) return;
      append(dl, el("dt", pair[0]), pair[1] instanceof Node ? append(el("dd"), pair[1]) : el("dd", pair[1]));
    });
    return dl;
  }

  var articlesById = {};
  data.articles.forEach(function (a) { articlesById[a.id] = a; });

  function sourceList(ids) {
    if (!ids || !ids.length) return el("p", "No article named.", "note");
    var list = el("ul");
    ids.forEach(function (id) {
      var a = articlesById[id] || { id: id, title: "", date: "" };
      var item = el("li", null, "source");
      var link = el("a", id);
      link.href = "#article-" + encodeURIComponent(id);
      append(item, link);
      if (a.date) append(item, " \u00b7 " + a.date);
      if (a.title) append(item, " \u00b7 " + a.title);
      list.appendChild(item);
    });
    return list;
  }
  function listText(items) { return items && items.length ? items.join(", ") : ""; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function whenText(report) {
    if (report.date) return report.date + (report.precision && report.precision !== "day" ? " (" + report.precision + ")" : "");
    return report.reported_on ? "undated; reported " + report.reported_on : "undated";
  }

  // --- summary and sources ------------------------------------------------------------
  function summary() {
    var m = data.meta;
    document.getElementById("summary").textContent = [
      m.graph, plural(data.articles.length, "article"), plural(data.network.actors.length, "actor"),
      plural(data.network.ties.length, "tie"), plural(data.map.places.length, "place"),
      plural(data.timeline.reports.length, "control report")
    ].join(" \u00b7 ");
    var body = document.querySelector("#articles tbody");
    data.articles.forEach(function (a) {
      var row = el("tr");
      row.id = "article-" + a.id;
      append(row, el("td", a.id, "id"), el("td", a.date), el("td", a.title), el("td", a.file));
      body.appendChild(row);
    });
  }

  // --- the actor network -----------------------------------------------------------------
  function drawNetwork() {
    var net = data.network;
    var container = document.getElementById("network");
    var labelOf = {};
    net.actors.forEach(function (a) { labelOf[a.id] = a.label; });
    if (!net.actors.length) {
      append(container, el("p", "No backing, alliance or opposition was extracted.", "note"));
      rendered.push("network");
      return;
    }
    var scale = Math.max(340, 90 * Math.sqrt(net.actors.length));
    var nodes = net.actors.map(function (a) {
      return {
        id: a.id, label: a.label, x: a.x * scale, y: -a.y * scale,
        title: a.label + (a.type ? " (" + a.type + ")" : "") + (a.side ? ", " + a.side : ", no side"),
        size: 10 + 3 * Math.sqrt(a.ties),
        color: { background: a.colour, border: "#22303c", highlight: { background: a.colour, border: "#000" } }
      };
    });
    var edges = net.ties.map(function (t, i) {
      var style = RELATION_STYLE[t.relation] || RELATION_STYLE.backs;
      return {
        id: i, from: t.source, to: t.target, arrows: style.arrows, dashes: style.dashes,
        color: { color: style.color, highlight: "#000" }, width: 1 + 1.2 * Math.log2(1 + t.sources),
        title: labelOf[t.source] + " " + (RELATION_TEXT[t.relation] || t.relation) + " " + labelOf[t.target] +
          " (" + plural(t.sources, "source") + ")",
        smooth: { enabled: true, type: "curvedCW", roundness: 0.12 }
      };
    });
    var network = new vis.Network(container, {
      nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges)
    }, {
      physics: false,
      interaction: { hover: true, tooltipDelay: 150, navigationButtons: false },
      nodes: { shape: "dot", font: { size: 18, color: "#1d2228", strokeWidth: 4, strokeColor: "#ffffff" }, borderWidth: 1.5 },
      edges: { selectionWidth: 2, arrowStrikethrough: false }
    });
    network.once("afterDrawing", function () { network.fit({ animation: false }); });
    api.actorAt = function (label) {
      var actor = net.actors.filter(function (a) { return a.label === label; })[0];
      if (!actor) return null;
      var point = network.canvasToDOM(network.getPositions([actor.id])[actor.id]);
      var box = container.getBoundingClientRect();
      return { x: box.left + point.x, y: box.top + point.y };
    };
    network.on("click", function (params) {
      if (params.nodes.length) showActor(params.nodes[0]);
      else if (params.edges.length) showTie(net.ties[params.edges[0]]);
    });

    function showActor(id) {
      var actor = net.actors.filter(function (a) { return a.id === id; })[0];
      var list = el("ul");
      net.ties.forEach(function (t) {
        if (t.source !== id && t.target !== id) return;
        var item = el("li", labelOf[t.source] + " " + (RELATION_TEXT[t.relation] || t.relation) + " " + labelOf[t.target] + ": ");
        t.articles.forEach(function (articleId, k) {
          var link = el("a", articleId);
          link.href = "#article-" + encodeURIComponent(articleId);
          append(item, k ? ", " : "", link);
        });
        if (!t.articles.length) append(item, plural(t.sources, "source"));
        list.appendChild(item);
      });
      list.className = "source";
      show("network-details", [el("h3", actor.label),
        fields([["type", actor.type], ["side", actor.side || "none"], ["ties", String(actor.ties)]]), list]);
    }
    function showTie(t) {
      show("network-details", [
        el("h3", labelOf[t.source] + " " + (RELATION_TEXT[t.relation] || t.relation) + " " + labelOf[t.target]),
        fields([["sources", plural(t.sources, "source")]]), sourceList(t.articles)]);
    }

    var legend = document.getElementById("network-legend");
    net.sides.forEach(function (side) {
      var shown = side.members.slice(0, 5).join(", ") + (side.members.length > 5 ? ", +" + (side.members.length - 5) : "");
      append(legend, append(el("span", null, "item"), swatch(side.colour), el("b", side.name), el("span", shown, "members")));
    });
    append(legend,
      append(el("span", null, "item"), el("span", null, "stroke"), "backs (arrow to the backed)"),
      append(el("span", null, "item"), el("span", null, "stroke dashed"), "allied with"),
      append(el("span", null, "item"), el("span", null, "stroke dotted"), "opposes"));
    legend.querySelectorAll(".stroke")[1].style.borderColor = RELATION_STYLE.alliedWith.color;
    legend.querySelectorAll(".stroke")[2].style.borderColor = RELATION_STYLE.opposes.color;
    if (net.fights.length) {
      append(legend, el("span", net.fights.map(function (f) { return f[0] + " fights " + f[1]; }).join("; "), "note"));
    }
    rendered.push("network");
  }

  // --- the map ---------------------------------------------------------------------------
  var markers = {};

  function drawMap() {
    var view = data.map;
    var reportsByPlace = {};
    data.timeline.reports.forEach(function (r) { (reportsByPlace[r.place] = reportsByPlace[r.place] || []).push(r); });
    var latest = {};
    data.timeline.periods.forEach(function (p) {
      if (!latest[p.place] || p.start >= latest[p.place].start) latest[p.place] = p;
    });
    var onHighway = {};
    view.highways.forEach(function (h) { h.places.forEach(function (p) { onHighway[p] = (onHighway[p] || []).concat([h.label]); }); });

    var map = L.map("map", { zoomSnap: 0.25, worldCopyJump: false, preferCanvas: false });
    map.attributionControl.addAttribution("Outlines: Natural Earth");
    if (view.focus) map.fitBounds([[view.focus[0], view.focus[1]], [view.focus[2], view.focus[3]]]);
    else {
      map.setView([35, 38], 6);
      var empty = L.control({ position: "topright" });
      empty.onAdd = function () { return el("div", "No place in this graph has coordinates.", "map-note"); };
      empty.addTo(map);
    }
    var outlines = {
      type: "FeatureCollection",
      features: view.countries.map(function (c) {
        return { type: "Feature", properties: { name: c.name }, geometry: { type: "MultiPolygon", coordinates: c.polygons } };
      })
    };
    L.geoJSON(outlines, {
      interactive: false,
      style: { color: "#b8b1a3", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 }
    }).addTo(map);

    view.highways.forEach(function (h) {
      if (h.path.length < 2) return;
      L.polyline(h.path, { color: "#ffffff", weight: 7, opacity: 0.9, interactive: false }).addTo(map);
      var line = L.polyline(h.path, { color: "#2f3b48", weight: 3.5, opacity: 0.95 }).addTo(map);
      line.bindTooltip(h.label + ": " + h.places.join(" \u2013 "), { sticky: true });
      L.tooltip({ permanent: true, direction: "center", className: "highway-label", interactive: false })
        .setLatLng(labelPoint(h.path, map.getBounds())).setContent(escapeHtml(h.label)).addTo(map);
    });

    var labelled = [];
    view.places.forEach(function (place) {
      if (place.lat === null || place.long === null) return;
      var held = latest[place.label];
      var reports = reportsByPlace[place.label] || [];
      var important = reports.length > 0 || !!onHighway[place.label];
      if (reports.length) {
        L.circleMarker([place.lat, place.long], {
          radius: 11, color: held ? held.colour : "#555", weight: 4, fill: false, interactive: false
        }).addTo(map);
      }
      var marker = L.circleMarker([place.lat, place.long], {
        radius: important ? 5.5 : 3.5, color: "#1d2228", weight: 1, fillColor: important ? "#1d2228" : "#6b7580", fillOpacity: 1
      }).addTo(map);
      marker.on("click", function () { showPlace(place, reports, onHighway[place.label] || []); });
      marker.getElement().setAttribute("data-place", place.label);
      markers[place.label] = marker;
      labelled.push({ place: place, marker: marker, rank: reports.length ? 0 : (important ? 1 : 2) });
    });
    placeLabels(map, labelled);
    map.on("zoomend", function () { placeLabels(map, labelled); });
    L.control.scale({ imperial: false }).addTo(map);


    var legend = document.getElementById("map-legend");
    append(legend,
      append(el("span", null, "item"), el("span", null, "stroke"), "highway"),
      append(el("span", null, "item"), swatch("#1d2228"), "place"));
    data.network.sides.forEach(function (side) {
      append(legend, append(el("span", null, "item"), swatch(side.colour, "ring"), "held by " + side.name + " (" + side.members.slice(0, 2).join(", ") + ")"));
    });
    if (data.timeline.periods.some(function (p) { return !data.timeline.reports[p.report].side; })) {
      append(legend, append(el("span", null, "item"), swatch(NO_SIDE, "ring"), "held by an actor on no side"));
    }
    data.notes.forEach(function (note) { append(legend, el("span", note, "note")); });
    rendered.push("map");
  }

  // Greedy label placement: contested places first, then places on highways, then the rest
  // where there is room; each label tries the right, the left, above and below its place.
  function placeLabels(map, labelled) {
    var taken = [];
    var order = labelled.slice().sort(function (a, b) {
      return a.rank - b.rank || b.place.articles - a.place.articles || (a.place.label < b.place.label ? -1 : 1);
    });
    order.forEach(function (entry) {
      var p = map.latLngToContainerPoint(entry.marker.getLatLng());
      taken.push({ x0: p.x - 6, y0: p.y - 6, x1: p.x + 6, y1: p.y + 6 });
    });
    var size = map.getSize();
    order.forEach(function (entry) {
      entry.marker.unbindTooltip();
      var p = map.latLngToContainerPoint(entry.marker.getLatLng());
      var w = 7 * entry.place.label.length + 8;
      var h = 16;
      var options = [
        ["right", [8, 0], { x0: p.x + 8, y0: p.y - h / 2, x1: p.x + 8 + w, y1: p.y + h / 2 }],
        ["left", [-8, 0], { x0: p.x - 8 - w, y0: p.y - h / 2, x1: p.x - 8, y1: p.y + h / 2 }],
        ["top", [0, -8], { x0: p.x - w / 2, y0: p.y - 8 - h, x1: p.x + w / 2, y1: p.y - 8 }],
        ["bottom", [0, 8], { x0: p.x - w / 2, y0: p.y + 8, x1: p.x + w / 2, y1: p.y + 8 + h }]
      ];
      var chosen = null;
      for (var i = 0; i < options.length && !chosen; i++) {
        var box = options[i][2];
        var inside = box.x0 >= 0 && box.y0 >= 0 && box.x1 <= size.x && box.y1 <= size.y;
        var free = taken.every(function (t) {
          var own = Math.abs((t.x0 + t.x1) / 2 - p.x) < 0.5 && Math.abs((t.y0 + t.y1) / 2 - p.y) < 0.5;
          return own || t.x1 < box.x0 || t.x0 > box.x1 || t.y1 < box.y0 || t.y0 > box.y1;
        });
        if (free && (inside || entry.rank === 0)) chosen = options[i];
      }
      if (!chosen && entry.rank < 2) chosen = options[0];
      if (chosen) {
        taken.push(chosen[2]);
        entry.marker.bindTooltip(escapeHtml(entry.place.label), {
          permanent: true, direction: chosen[0], offset: chosen[1], className: "place-label"
        });
      } else {
        entry.marker.bindTooltip(escapeHtml(entry.place.label), { direction: "right", offset: [8, 0] });
      }
    });
  }

  // The middle of the longest stretch of the road whose middle is in view.
  function labelPoint(path, bounds) {
    var best = null;
    var bestLength = -1;
    for (var i = 0; i + 1 < path.length; i++) {
      var mid = [(path[i][0] + path[i + 1][0]) / 2, (path[i][1] + path[i + 1][1]) / 2];
      var length = Math.abs(path[i][0] - path[i + 1][0]) + Math.abs(path[i][1] - path[i + 1][1]);
      if (bounds.contains(mid) && length > bestLength) { best = mid; bestLength = length; }
    }
    return best || [(path[0][0] + path[1][0]) / 2, (path[0][1] + path[1][1]) / 2];
  }

  function reportItem(r) {
    var item = el("li");
    var chip = swatch(r.colour);
    append(item, chip, " ", el("b", r.new_controller || "someone"),
      " " + (r.kind === "control change" ? "took control" : r.kind) + ", " + whenText(r) +
      (r.status !== "reported" ? " [" + r.status + "]" : "") + " \u2014 ");
    r.articles.forEach(function (id, k) {
      var link = el("a", id);
      link.href = "#article-" + encodeURIComponent(id);
      append(item, k ? ", " : "", link);
    });
    item.className = "source";
    return item;
  }

  function showPlace(place, reports, highways) {
    var list = el("ul");
    reports.forEach(function (r) { list.appendChild(reportItem(r)); });
    show("map-details", [el("h3", place.label),
      fields([["type", place.type], ["in", place.inside], ["on", highways.join(", ")],
        ["named in", plural(place.articles, "article")], ["coordinates", place.lat.toFixed(3) + ", " + place.long.toFixed(3)]]),
      reports.length ? list : null]);
  }

  // --- the timeline ------------------------------------------------------------------------
  function drawTimeline() {
    var tl = data.timeline;
    var container = document.getElementById("timeline");
    if (!tl.places.length) {
      append(container, el("p", "No place changed hands in these articles.", "note"));
      rendered.push("timeline");
      return;
    }
    var reportsById = {};
    tl.reports.forEach(function (r) { reportsById[r.id] = r; });
    var groups = tl.places.map(function (place, i) {
      return { id: place, content: el("span", place), order: i };
    });
    var items = tl.periods.map(function (p) {
      var r = reportsById[p.report];
      var label = el("span", p.controller);
      return {
        id: "period-" + p.report, group: p.place, start: p.start, end: p.end, type: "range", content: label,
        className: "control" + (p.open ? " open" : "") + (r.disputed_by.length ? " disputed" : ""),
        style: "background-color:" + p.colour + ";border-color:" + p.colour,
        title: escapeHtml(p.controller + " holds " + p.place + " from " + whenText(r) + (p.open ? "" : " until " + p.end) +
          " \u2014 " + plural(r.articles.length, "article") + (r.disputed_by.length ? "; disputed by " + r.disputed_by.join(", ") : ""))
      };
    });
    var inPeriod = {};
    tl.periods.forEach(function (p) { inPeriod[p.report] = true; });
    tl.reports.forEach(function (r) {
      if (inPeriod[r.id] || !(r.date || r.reported_on)) return;
      items.push({
        id: "report-" + r.id, group: r.place, start: r.date || r.reported_on, type: "point",
        content: el("span", (r.kind === "control change" ? r.status + ": " : r.kind + ": ") + (r.new_controller || "")),
        className: "event", title: escapeHtml(r.place + ": " + r.kind + ", " + whenText(r))
      });
    });
    var start = new Date(tl.start);
    var end = new Date(tl.end);
    var pad = Math.max(2 * 86400000, (end - start) * 0.04);
    var timeline = new vis.Timeline(container, new vis.DataSet(items), new vis.DataSet(groups), {
      stack: true, orientation: "top", zoomable: true, moveable: true, selectable: true,
      start: new Date(start.getTime() - pad), end: new Date(end.getTime() + 4 * pad),
      min: new Date(start.getTime() - 30 * 86400000), max: new Date(end.getTime() + 30 * 86400000),
      margin: { item: { horizontal: 0, vertical: 6 } }, groupOrder: "order",
      tooltip: { followMouse: true, overflowMethod: "cap" }
    });
    timeline.on("select", function (props) {
      if (!props.items.length) return;
      var key = String(props.items[0]);
      var r = reportsById[Number(key.slice(key.indexOf("-") + 1))];
      if (r) showReport(r);
    });
    rendered.push("timeline");
  }

  function showReport(r) {
    var heading = el("h3", r.place + ": " + (r.new_controller || "someone") + (r.kind === "control change" ? " takes control" : " \u2014 " + r.kind));
    var where = markers[r.place] ? el("a", "show on the map") : null;
    if (where) {
      where.href = "#map-view";
      where.addEventListener("click", function () { markers[r.place].fire("click"); markers[r.place].openTooltip(); });
    }
    show("timeline-details", [heading,
      fields([["date", whenText(r)], ["from", r.previous_controller], ["status", r.status], ["kind", r.kind],
        ["side", r.side], ["claimed by", listText(r.claimed_by) || "not attributed"],
        ["disputed by", listText(r.disputed_by) || "no one, in these articles"],
        ["first reported", r.reported_on]]),
      el("b", "Sources"), sourceList(r.articles), where]);
  }

  function attempt(name, draw) {
    try {
      draw();
    } catch (err) {
      errors.push(name + ": " + err);
      document.body.setAttribute("data-errors", errors.join(" | "));
      if (window.console) console.error("kg report: " + name + " failed: " + err);
    }
  }

  attempt("summary", summary);
  attempt("network", drawNetwork);
  attempt("map", drawMap);
  attempt("timeline", drawTimeline);
  document.body.setAttribute("data-rendered", rendered.join(" "));
})();
