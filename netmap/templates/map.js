(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("nm-data").textContent);
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function tip(text) { return el("div", "nm-tip", text); }
  var nodes = new vis.DataSet(DATA.nodes.map(function (n) {
    var c = Object.assign({}, n); c.title = tip(n.tooltip); return c;
  }));
  var edges = new vis.DataSet(DATA.edges.map(function (e, i) {
    var c = Object.assign({id: "e" + i}, e);
    if (e.tooltip) { c.title = tip(e.tooltip); }
    return c;
  }));
  var network = new vis.Network(document.getElementById("nm-network"),
                                {nodes: nodes, edges: edges}, DATA.options);
  // ready: resolved once the network is stabilised, fitted to the page and drawn
  var resolveReady;
  var ready = new Promise(function (resolve) { resolveReady = resolve; });
  window.netmap = {network: network, nodes: nodes, edges: edges, data: DATA, ready: ready};
  // when the first picture was on screen (ms since the page was opened; for benchmarks)
  network.once("afterDrawing", function () { window.netmap.drawnAt = performance.now(); });
  function fitted() {
    network.fit({animation: false});  // label sizes are known once drawn
    var fit = network.getScale();
    if (DATA.legend.readable_scale && fit < DATA.legend.readable_scale) {
      // so many functions that, fitted, their names could not be read: zoomed in on the centre
      network.moveTo({scale: DATA.legend.readable_scale, animation: false});
      var said = document.getElementById("nm-search-status");
      if (said) {
        said.textContent = "Zoomed in so that the function names can be read: scroll to " +
          "zoom out and drag to move, or press Show all.";
      }
    }
    if (DATA.legend.labels_on_zoom) {  // organisation labels: hidden now, shown on zoom
      var t = 1.6 * DATA.options.nodes.font.size * fit + 1;
      nodes.update(nodes.getIds({filter: function (n) { return n.kind === "organisation"; }})
        .map(function (id) { return {id: id, scaling: {label: {drawThreshold: t}}}; }));
    }
    network.once("afterDrawing", function () { resolveReady(window.netmap); });
    network.redraw();
  }
  if (DATA.options.physics && DATA.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.once("afterDrawing", fitted);
    });
  } else {
    network.once("afterDrawing", fitted);
  }
  // with labels on zoom, the hovered organisation's name is drawn at a readable size
  var hovered = null;
  if (DATA.legend.labels_on_zoom) {
    network.on("hoverNode", function (p) { hovered = p.node; network.redraw(); });
    network.on("blurNode", function () { hovered = null; network.redraw(); });
    network.on("afterDrawing", function (ctx) {
      var n = hovered && network.body.nodes[hovered];
      if (!n || n.options.kind !== "organisation") { return; }
      var size = 14 / network.getScale();
      ctx.font = size + "px sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "top";
      ctx.lineWidth = size / 4; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = "#000000";
      var y = n.y + n.shape.height / 2 + size / 4;
      ctx.strokeText(n.options.label, n.x, y); ctx.fillText(n.options.label, n.x, y);
    });
  }

  // legend: built from data with textContent only
  var legend = document.getElementById("nm-legend");
  function row(swatchClass, colour, text) {
    var r = el("div", "nm-legend-row");
    var s = el("span", "nm-swatch " + swatchClass);
    if (colour) { s.style.backgroundColor = colour; }
    r.appendChild(s); r.appendChild(el("span", "", text)); legend.appendChild(r);
    return r;
  }
  row("nm-dot", DATA.palette.neutral, "organisation (size: " + DATA.legend.size + ")");
  if (DATA.legend.view === "bipartite") {
    row("nm-box", DATA.palette.function, "function");
    row("nm-box", DATA.palette.gap, "function with a gap (listed below)");
  } else {
    row("nm-line", DATA.palette.edge, "tie: shared functions (width = how many)");
  }
  row("nm-dot nm-critical", DATA.palette.neutral, "thick outline: critical organisation");
  if (DATA.legend.aggregated) {
    row("nm-hex", DATA.palette.group, "group of organisations doing the same functions (the " +
        DATA.legend.shown + " most central are drawn one by one)");
  } else if (DATA.legend.shown < DATA.legend.organisations) {
    legend.appendChild(el("p", "nm-note", "The " + DATA.legend.shown + " most central of " +
      DATA.legend.organisations + " organisations and the ties among them; the bipartite " +
      "view shows every organisation, in groups."));
  }
  var byModule = DATA.legend.colour_by === "module";
  legend.appendChild(el("h3", "", byModule ? "Modules (colour)" : "Sectors"));
  // each class (colour, and shape beyond eight classes), the partnership's own types under it;
  // or each module, named by its functions
  (byModule ? DATA.legend.modules : DATA.legend.sectors).forEach(function (s) {
    var r = row("nm-shape-" + (s.shape || "dot"), s.colour, s.name +
                (s.count !== undefined ? " (" + s.count + ")" : ""));
    r.classList.add("nm-sector");
    if (s.types && s.types.length) {
      legend.appendChild(el("p", "nm-types", s.types.map(function (t) {
        return t.name + (t.count > 1 ? " (" + t.count + ")" : "");
      }).join(", ")));
    }
  });
  var gapList = DATA.legend.gaps.map(function (g) { return g.severity + ": " + g.message; })
    .concat(DATA.legend.partnership_gaps);
  legend.appendChild(el("h3", "", "Gaps"));
  if (gapList.length === 0) { legend.appendChild(el("p", "nm-note", "No gap rule is broken.")); }
  gapList.forEach(function (g) { legend.appendChild(el("p", "nm-gap", g)); });
  if (DATA.legend.critical.length) {
    legend.appendChild(el("h3", "", "Critical organisations"));
    legend.appendChild(el("p", "nm-note", DATA.legend.critical.join("; ")));
  }

  // filters
  var sectorOn = {}, fnOn = {};
  function box(parent, name, state) {
    var label = el("label", "nm-check");
    var input = document.createElement("input");
    input.type = "checkbox"; input.checked = true; input.value = name;
    input.addEventListener("change", function () { state[name] = input.checked; apply(); });
    state[name] = true;
    label.appendChild(input); label.appendChild(el("span", "", name));
    parent.appendChild(label);
  }
  DATA.legend.sectors.forEach(function (s) {
    box(document.getElementById("nm-filter-sectors"), s.name, sectorOn);
  });
  DATA.functions.forEach(function (f) {
    box(document.getElementById("nm-filter-functions"), f, fnOn);
  });
  function apply() {
    var updates = [];
    nodes.forEach(function (n) {
      var hidden;
      if (n.kind === "function") {
        hidden = !fnOn[n.functions[0]];
      } else if (n.kind === "group") {
        hidden = !n.sectors.some(function (s) { return sectorOn[s]; }) ||
          (n.functions.length > 0 && !n.functions.some(function (f) { return fnOn[f]; }));
      } else {
        hidden = !sectorOn[n.sector] ||
          (n.functions.length > 0 && !n.functions.some(function (f) { return fnOn[f]; }));
      }
      if (Boolean(n.hidden) !== hidden) { updates.push({id: n.id, hidden: hidden}); }
    });
    nodes.update(updates);
  }

  // search: every organisation, through the index when the map groups them
  var names = document.getElementById("nm-names");
  var index = DATA.index || {
    names: [], node: [], targets: []
  };
  if (DATA.index) {  // names are front-coded: [keep, rest, ...] (see encode_names)
    var decoded = [], previous = "", c;
    for (c = 0; c < index.coded.length; c += 2) {
      previous = previous.slice(0, index.coded[c]) + index.coded[c + 1];
      decoded.push(previous);
    }
    index.names = decoded;
  }
  if (!DATA.index) {
    nodes.get({filter: function (n) { return n.kind === "organisation"; }}).forEach(
      function (n) { index.node.push(index.targets.length); index.targets.push(n.id);
                     index.names.push(n.name || n.label); });
  }
  if (index.names.length <= 5000) {
    index.names.slice().sort().forEach(function (label) {
      var o = document.createElement("option"); o.value = label; names.appendChild(o);
    });
  }
  var status = document.getElementById("nm-search-status");
  function find() {
    var q = document.getElementById("nm-search").value.trim().toLowerCase();
    if (!q) { status.textContent = ""; return; }
    var hit = -1, i;
    for (i = 0; i < index.names.length && hit < 0; i++) {
      if (index.names[i].toLowerCase() === q) { hit = i; }
    }
    for (i = 0; i < index.names.length && hit < 0; i++) {
      if (index.names[i].toLowerCase().indexOf(q) >= 0) { hit = i; }
    }
    if (hit < 0) { status.textContent = "No organisation matches"; return; }
    var id = index.targets[index.node[hit]];
    var node = nodes.get(id);
    if (node.hidden) { nodes.update({id: id, hidden: false}); }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.3, animation: false});
    status.textContent = "Found: " + index.names[hit] + (node.kind === "group" ?
      " (in a group of " + node.members + " organisations with the same functions)" : "");
  }
  document.getElementById("nm-search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { find(); }
  });
  document.getElementById("nm-search").addEventListener("change", find);
  document.getElementById("nm-search-go").addEventListener("click", find);
  document.getElementById("nm-fit").addEventListener("click", function () {
    network.unselectAll(); network.fit({animation: false}); status.textContent = "";
  });
  window.netmap.find = find;
}());
