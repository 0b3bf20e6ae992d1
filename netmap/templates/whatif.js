/* The live what-if of map.html and report.html (netmap/templates/_whatif.html.j2).
 *
 * It re-checks the gap rules of netmap.metrics.rules on the partnership without the
 * organisations chosen, from the data netmap.render.whatif_page.whatif_data puts in the
 * page (window.netmap.data.whatif): the rules in force come from the rule registry with
 * their parameters, never from a copy kept here. KINDS lists the rule kinds this page
 * can check (tests/render/test_whatif_page.py checks that it covers the registry); a rule
 * of another kind is reported, not skipped silently.
 *
 * window.netmap.whatif(names) returns what `netmap whatif --format json` prints for
 * removed, functions, gaps_opened and gaps_closed. Everything shown is built with
 * textContent; the scenario is kept in the address (#remove=name,name, each name
 * encodeURIComponent'ed).
 */
(function () {
  "use strict";
  var KINDS = ["no_provider", "single_provider", "min_providers", "sector_mix",
               "function_sector"];
  var started = performance.now();
  var NM = window.netmap || (window.netmap = {});
  var DATA = NM.data || JSON.parse(document.getElementById("nm-data").textContent);
  var W = DATA.whatif;
  if (!W) { return; }

  // --- the partnership, decoded --------------------------------------------------------
  var names = [], previous = "", i, j;
  for (i = 0; i < W.names.length; i += 2) {  // front-coded: [keep, rest, ...]
    previous = previous.slice(0, W.names[i]) + W.names[i + 1];
    names.push(previous);
  }
  var at = new Map();
  names.forEach(function (n, k) { at.set(n, k); });
  var F = W.functions.length;
  var providers = [];  // per function: organisation indices, in engagement order
  for (j = 0; j < F; j++) { providers.push([]); }
  for (i = 0; i < names.length; i++) {  // W.width hexadecimal digits per organisation
    for (var d = 0; d < W.width; d++) {
      var bits = parseInt(W.functions_of.charAt(i * W.width + d), 16);
      for (var b = 0; b < 4; b++) {
        if (bits & (1 << b)) { providers[4 * d + b].push(i); }
      }
    }
  }
  var SECTOR = typeof W.sector_of === "string" ?  // one base-36 digit per organisation
    W.sector_of.split("").map(function (c) { return parseInt(c, 36); }) : W.sector_of;
  Object.keys(W.order).forEach(function (key) { providers[Number(key)] = W.order[key]; });

  // --- the rules: one evaluator per kind of the registry ----------------------------------
  function finding(rule, severity, message, fn, sector, evidence) {
    return {rule: rule, severity: severity, "function": fn, sector: sector,
            message: message, evidence: evidence};
  }
  function nameList(list, limit) {  // netmap.names.name_list
    limit = limit || 5;
    var shown = list.slice(0, limit).join(", ");
    return shown + (list.length > limit ? " and " + (list.length - limit) + " more" : "");
  }
  var PARAMS = {};
  (W.rules || []).forEach(function (r) { PARAMS[r.id] = r.params; });
  var EVALUATORS = {
    no_provider: function (f, ps, p) {
      if (ps.length || !p.enabled) { return null; }
      return finding("no_provider", p.severity, f + " has no provider", f, null,
                     {providers: 0});
    },
    single_provider: function (f, ps, p) {
      if (ps.length !== 1 || !p.enabled) { return null; }
      return finding("single_provider", p.severity, f + " rests on a single provider: " +
                     names[ps[0]], f, null, {providers: 1, provider: names[ps[0]]});
    },
    min_providers: function (f, ps, p) {
      var k = ps.length;
      var flagged = (k === 0 && PARAMS.no_provider && PARAMS.no_provider.enabled) ||
        (k === 1 && PARAMS.single_provider && PARAMS.single_provider.enabled);
      if (!p.enabled || k >= p.minimum || flagged) { return null; }
      return finding("min_providers", p.severity, f + " has " + k + " provider" +
                     (k !== 1 ? "s" : "") + " (" + nameList(ps.map(function (o) {
                       return names[o]; })) + "), fewer than the minimum of " + p.minimum,
                     f, null, {providers: k, minimum: p.minimum});
    },
    sector_mix: function (st, p, out) {
      if (!p.enabled) { return; }
      var members = {};
      st.members.forEach(function (o) {
        var key = W.sector_keys[SECTOR[o]];
        members[key] = (members[key] || 0) + 1;
      });
      p.sectors.forEach(function (sector, k) {
        if (!members[p.sector_keys[k]]) {
          out.push(finding("sector_mix", p.severity, "The partnership has no " + sector +
                           " organisation (it should include " + p.sectors.join(" and ") +
                           " organisations)", null, sector,
                           {members_in_sector: 0, members: st.members.length}));
        }
      });
    },
    function_sector: function (st, entries, out) {
      var byKey = {};
      W.function_keys.forEach(function (key, k) { byKey[key] = k; });
      entries.forEach(function (e) {
        if (!Object.prototype.hasOwnProperty.call(byKey, e.function_key)) { return; }
        var fj = byKey[e.function_key], f = W.functions[fj], have = 0;
        st.providers[fj].forEach(function (o) {
          if (W.sector_keys[SECTOR[o]] === e.sector_key) { have++; }
        });
        if (have < e.minimum) {
          var what = have === 0 ? "no " + e.sector + " provider" :
            have + " " + e.sector + " provider" + (have !== 1 ? "s" : "") + ", fewer than " +
            e.minimum;
          out.push(finding("function_sector", e.severity, f + " has " + what, f, e.sector,
                           {providers_in_sector: have, minimum: e.minimum,
                            providers: st.providers[fj].length}));
        }
      });
    }
  };
  var unknownKinds = (W.rules || []).filter(function (r) {
    return KINDS.indexOf(r.id) < 0 || !EVALUATORS[r.id];
  }).map(function (r) { return r.id; });

  function stateWithout(gone) {
    return {providers: providers.map(function (ps) {
              return ps.filter(function (o) { return !gone.has(o); }); }),
            members: names.map(function (n, o) { return o; }).filter(function (o) {
              return !gone.has(o); })};
  }
  function evaluate(st) {  // netmap.metrics.rules.evaluate
    var out = [];
    var perFunction = W.rules.filter(function (r) { return r.scope === "function"; });
    W.functions.forEach(function (f, fj) {
      var ps = st.providers[fj];
      perFunction.forEach(function (r) {
        if (!EVALUATORS[r.id]) { return; }
        var found = EVALUATORS[r.id](f, ps, r.params);
        if (found) { out.push(found); }
      });
    });
    var hasSectors = st.members.some(function (o) { return W.sector_known[SECTOR[o]]; });
    if (!hasSectors) { return out; }
    W.rules.forEach(function (r) {
      if (r.scope === "partnership" && EVALUATORS[r.id]) { EVALUATORS[r.id](st, r.params, out); }
    });
    return out;
  }
  function keyed(findings) {  // netmap.metrics.rules.Finding.key; the last of a key wins
    var m = new Map();
    findings.forEach(function (g) {
      m.set(JSON.stringify([g.rule, g["function"], g.sector]), g);
    });
    return m;
  }
  var everyone = stateWithout(new Set());
  var BEFORE = evaluate(everyone);

  function scenario(list) {
    var unknown = list.filter(function (n) { return !at.has(n); });
    if (unknown.length) {
      throw new Error("no organisation " + unknown.map(function (n) {
        return JSON.stringify(n); }).join(", ") + " in the partnership");
    }
    var removed = Array.from(new Set(list));
    var gone = new Set(removed.map(function (n) { return at.get(n); }));
    var st = stateWithout(gone);
    var after = evaluate(st);
    var b = keyed(BEFORE), a = keyed(after);
    var engagements = new Array(names.length).fill(0);
    providers.forEach(function (ps) { ps.forEach(function (o) { engagements[o]++; }); });
    return {
      removed: removed.map(function (n) {
        return {organisation: n, functions: engagements[at.get(n)]}; }),
      functions: W.functions.map(function (f, fj) {
        return {"function": f, providers_before: providers[fj].length,
                providers_after: st.providers[fj].length,
                lost: providers[fj].filter(function (o) { return gone.has(o); })
                  .map(function (o) { return names[o]; })};
      }),
      gaps_opened: Array.from(a.keys()).filter(function (k) { return !b.has(k); })
        .map(function (k) { return a.get(k); }),
      gaps_closed: Array.from(b.keys()).filter(function (k) { return !a.has(k); })
        .map(function (k) { return b.get(k); }),
      still: Array.from(a.keys()).filter(function (k) { return b.has(k); })
        .map(function (k) { return a.get(k); }),
      state: st
    };
  }
  NM.whatif = function (list) {
    var r = scenario(Array.from(list || []));
    return {removed: r.removed, functions: r.functions, gaps_opened: r.gaps_opened,
            gaps_closed: r.gaps_closed};
  };
  NM.whatifKinds = KINDS.slice();

  // --- plain words -------------------------------------------------------------------------
  function andList(list) {
    if (list.length <= 1) { return list.join(""); }
    if (list.length > 4) { return list.slice(0, 3).join(", ") + " and " + (list.length - 3) +
                           " others"; }
    return list.slice(0, -1).join(", ") + " and " + list[list.length - 1];
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function headline(r) {  // netmap.render.scenario.headline says the same
    var who = andList(r.removed.map(function (x) { return x.organisation; }));
    var hit = r.functions.filter(function (f) { return f.lost.length; });
    var text = "Without " + who + ", ";
    if (!hit.length) {
      text += "no function loses a provider";
    } else {
      var worst = hit.slice().sort(function (x, y) {
        return x.providers_after - y.providers_after || y.lost.length - x.lost.length;
      })[0];
      text += worst.providers_after === 0 ? worst["function"] + " has no provider left" :
        worst["function"] + " rests on " + plural(worst.providers_after, "provider");
      if (hit.length > 1) { text += " (" + hit.length + " functions lose providers)"; }
    }
    var opened = r.gaps_opened.length, closed = r.gaps_closed.length;
    if (opened) {
      text += "; " + plural(opened, "rule") + " newly broken";
    } else if (r.still.length) {
      text += "; no new rule broken (" + r.still.length + " broken as before)";
    } else {
      text += "; no rule broken";
    }
    if (closed) { text += "; " + closed + " no longer broken"; }
    return text;
  }
  NM.whatifHeadline = function (list) { return headline(scenario(Array.from(list || []))); };

  // --- the panel -----------------------------------------------------------------------------
  function byId(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  if (!byId("nm-whatif")) { NM.whatifReady = true; return; }
  var chosen = [];  // names, in the order chosen
  var banner = byId("nm-wi-banner"), list = byId("nm-wi-list"), filter = byId("nm-wi-filter");
  var SHOWN = 200;  // names listed at once; typing narrows the list
  var lower = names.map(function (n) { return n.toLowerCase(); });
  var sorted = names.map(function (n, o) { return o; }).sort(function (x, y) {
    return lower[x] < lower[y] ? -1 : lower[x] > lower[y] ? 1 : x - y;
  });

  function drawList() {
    clear(list);
    var q = filter.value.trim().toLowerCase(), n = 0, more = 0;
    sorted.forEach(function (o) {
      if (q && lower[o].indexOf(q) < 0) { return; }
      if (n >= SHOWN) { more++; return; }
      n++;
      var label = el("label", "nm-check"), box = document.createElement("input");
      box.type = "checkbox"; box.value = names[o];
      box.checked = chosen.indexOf(names[o]) >= 0;
      box.addEventListener("change", function () { toggle(names[o], box.checked); });
      label.appendChild(box); label.appendChild(el("span", "", " " + names[o]));
      list.appendChild(label);
    });
    if (!n) { list.appendChild(el("p", "nm-note", "No organisation matches.")); }
    if (more) { list.appendChild(el("p", "nm-note", more + " more: type to narrow the list.")); }
  }

  // the map: removed organisations faded and their ties dashed
  var orgNode = new Map();
  names.forEach(function (n, o) { orgNode.set(W.org_prefix + n, o); });
  var styled = new Set(), flagged = new Map();  // function node id -> its own border width
  function drawFunctionBoxes(r) {  // a function a rule newly fails: a thick dashed border
    var now = new Set(r.gaps_opened.filter(function (g) { return g["function"] !== null; })
      .map(function (g) { return W.fn_prefix + g["function"]; }));
    var updates = [];
    now.forEach(function (id) {
      var node = NM.nodes.get(id);
      if (node && !flagged.has(id)) {
        flagged.set(id, node.borderWidth);
        updates.push({id: id, borderWidth: 5, shapeProperties: {borderDashes: [8, 5]}});
      }
    });
    flagged.forEach(function (width, id) {
      if (!now.has(id)) {
        updates.push({id: id, borderWidth: width, shapeProperties: {borderDashes: false}});
        flagged.delete(id);
      }
    });
    NM.nodes.update(updates);
  }
  function drawMap(r) {
    if (!NM.nodes || !NM.edges) { return; }
    var gone = new Set(chosen.map(function (n) { return W.org_prefix + n; }));
    var nodeUpdates = [], edgeUpdates = [];
    gone.forEach(function (id) {
      if (!styled.has(id) && NM.nodes.get(id)) {
        nodeUpdates.push({id: id, opacity: 0.25, shapeProperties: {borderDashes: [4, 4]}});
      }
    });
    styled.forEach(function (id) {
      if (!gone.has(id)) {
        nodeUpdates.push({id: id, opacity: 1, shapeProperties: {borderDashes: false}});
      }
    });
    NM.edges.forEach(function (e) {
      var out = gone.has(e.from) || gone.has(e.to);
      if (Boolean(e.dashes) !== out) { edgeUpdates.push({id: e.id, dashes: out}); }
    });
    NM.nodes.update(nodeUpdates);
    NM.edges.update(edgeUpdates);
    styled = new Set(Array.from(gone).filter(function (id) { return NM.nodes.get(id); }));
    drawFunctionBoxes(r);
  }

  function cell(row, tag, text, cls) { var c = el(tag, cls, text); row.appendChild(c); return c; }
  function drawRules(r) {
    var box = byId("nm-wi-rules");
    clear(box);
    if (unknownKinds.length) {
      box.appendChild(el("p", "nm-wi-opened", "This page cannot check the rule" +
        (unknownKinds.length > 1 ? "s " : " ") + unknownKinds.join(", ") +
        "; use netmap whatif for them."));
    }
    function group(title, items, cls) {
      if (!items.length) { return; }
      box.appendChild(el("p", "nm-wi-rule " + cls, title));
      var ul = el("ul");
      items.forEach(function (g) { ul.appendChild(el("li", cls, g.severity + ": " + g.message)); });
      box.appendChild(ul);
    }
    if (!chosen.length) {
      group("Broken now:", BEFORE, "nm-wi-still");
      if (!BEFORE.length) { box.appendChild(el("p", "nm-wi-none", "No gap rule is broken.")); }
      return;
    }
    group("Newly broken:", r.gaps_opened, "nm-wi-opened");
    group("No longer broken:", r.gaps_closed, "nm-wi-closed");
    group("Broken as before:", r.still, "nm-wi-still");
    if (!r.gaps_opened.length && !r.gaps_closed.length && !r.still.length) {
      box.appendChild(el("p", "nm-wi-none", "No gap rule is broken."));
    }
  }
  function drawTable(r) {
    var body = byId("nm-wi-functions").tBodies[0];
    clear(body);
    r.functions.forEach(function (f) {
      var row = el("tr", f.lost.length ? "nm-wi-changed" : "");
      cell(row, "th", f["function"]);
      cell(row, "td", String(f.providers_before), "num");
      cell(row, "td", String(f.providers_after), "num");
      cell(row, "td", f.lost.join("; ") || "-");
      body.appendChild(row);
    });
  }
  function counts(st) {
    return W.functions.map(function (f, fj) {
      var c = W.sectors.map(function () { return 0; });
      st.providers[fj].forEach(function (o) { c[SECTOR[o]]++; });
      return c;
    });
  }
  var BEFORE_COUNTS = counts(everyone);
  var TOP = Math.max(1, Math.max.apply(null, [0].concat.apply([], BEFORE_COUNTS)));
  function drawHeat(r) {  // coloured as netmap.render.display.heat_style colours the report's
    var table = byId("nm-wi-heat"), head = table.tHead, body = table.tBodies[0];
    clear(head); clear(body);
    var hr = el("tr");
    cell(hr, "th", "Function");
    W.sectors.forEach(function (s) { cell(hr, "th", s, "num"); });
    cell(hr, "th", "All providers", "num");
    head.appendChild(hr);
    var now = counts(r.state);
    W.functions.forEach(function (f, fj) {
      var row = el("tr");
      cell(row, "th", f);
      now[fj].forEach(function (v, k) {
        var was = BEFORE_COUNTS[fj][k];
        var c = cell(row, "td", v === was ? String(v) : v + " (was " + was + ")", "v");
        var alpha = v ? Math.round((0.08 + 0.72 * v / TOP) * 1000) / 1000 : 0;
        c.style.backgroundColor = "rgba(" + W.heat_rgb + ", " + alpha + ")";
        if (v > TOP * 0.6) { c.className += " dark"; }
      });
      cell(row, "td", String(r.state.providers[fj].length), "num");
      body.appendChild(row);
    });
  }
  function drawRemoved() {
    var box = byId("nm-wi-removed");
    clear(box);
    if (!chosen.length) { box.textContent = "Nobody removed."; return; }
    box.appendChild(el("span", "", "Removed (click to bring back): "));
    chosen.forEach(function (n) {
      var b = el("button", "", "\u00d7 " + n);
      b.type = "button";
      b.addEventListener("click", function () { toggle(n, false); });
      box.appendChild(b);
    });
  }
  // a short line in the map's toolbar, so the answer shows where the organisation was clicked
  var toolbar = document.querySelector(".nm-map .nm-toolbar"), status = null;
  if (toolbar) {
    status = el("button", "nm-wi-status");
    status.type = "button"; status.id = "nm-wi-status"; status.hidden = true;
    status.title = "Show the what-if below the map";
    status.addEventListener("click", function () { byId("nm-whatif").scrollIntoView(); });
    toolbar.appendChild(status);
  }
  function draw() {
    var r = scenario(chosen);
    byId("nm-whatif").classList.toggle("nm-wi-empty", !chosen.length);
    if (status) {
      status.hidden = !chosen.length;
      status.textContent = chosen.length ? "What if: " + plural(chosen.length, "organisation") +
        " removed, " + (r.gaps_opened.length ? plural(r.gaps_opened.length, "rule") +
        " newly broken" : "no new rule broken") + " (details below)" : "";
    }
    if (chosen.length) {
      banner.textContent = headline(r);
      banner.className = r.gaps_opened.length ? "nm-wi-broken" : "";
    } else {
      banner.textContent = "Nobody removed: " + (BEFORE.length ? plural(BEFORE.length, "gap rule") +
        " broken now" : "no gap rule broken") + ". Choose organisations to see what changes.";
      banner.className = "";
    }
    drawRemoved(); drawRules(r); drawTable(r); drawHeat(r); drawMap(r);
    Array.prototype.forEach.call(list.querySelectorAll("input"), function (box) {
      box.checked = chosen.indexOf(box.value) >= 0;
    });
  }

  // --- the scenario in the address -------------------------------------------------------
  function fragment() {
    var parts = location.hash.replace(/^#/, "").split("&");
    for (var k = 0; k < parts.length; k++) {
      if (parts[k].indexOf("remove=") === 0) {
        return parts[k].slice(7).split(",").filter(Boolean).map(function (x) {
          try { return decodeURIComponent(x); } catch (e) { return null; }
        }).filter(function (x) { return x !== null; });
      }
    }
    return [];
  }
  var written = null;
  function remember() {
    var frag = chosen.length ? "#remove=" + chosen.map(encodeURIComponent).join(",") : "";
    written = frag;
    var url = location.href.replace(/#.*$/, "") + frag;
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      location.replace(frag || "#");
    }
  }
  function toggle(name, on) {
    var k = chosen.indexOf(name);
    if (on && k < 0) { chosen.push(name); }
    if (!on && k >= 0) { chosen.splice(k, 1); }
    remember(); draw();
  }
  function set(list) {
    chosen = [];
    Array.from(list || []).forEach(function (n) {
      if (at.has(n) && chosen.indexOf(n) < 0) { chosen.push(n); }
    });
    remember(); draw();
  }
  function fromAddress() {
    var asked = fragment();
    chosen = [];
    asked.forEach(function (n) { if (at.has(n) && chosen.indexOf(n) < 0) { chosen.push(n); } });
    draw();
    var missing = asked.filter(function (n) { return !at.has(n); });
    if (missing.length) {
      banner.textContent += " (not in this partnership, left out: " + missing.join("; ") + ")";
    }
  }
  window.addEventListener("hashchange", function () {  // a link to a section keeps the scenario
    if (location.hash !== written && location.hash.indexOf("remove=") >= 0) { fromAddress(); }
  });
  filter.addEventListener("input", drawList);
  byId("nm-wi-reset").addEventListener("click", function () { set([]); });
  if (NM.network && NM.network.on) {
    NM.network.on("click", function (params) {
      if (!byId("nm-wi-click").checked || !params.nodes || params.nodes.length !== 1) { return; }
      var o = orgNode.get(params.nodes[0]);
      if (o !== undefined) { toggle(names[o], chosen.indexOf(names[o]) < 0); }
    });
  }
  NM.scenario = {set: set, get: function () { return chosen.slice(); },
                 reset: function () { set([]); }};
  drawList();
  fromAddress();
  NM.whatifMs = performance.now() - started;  // time the what-if took to set up (benchmarks)
  NM.whatifReady = true;
}());
