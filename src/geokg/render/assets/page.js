/* geokg interactive graph: filters, year slider, search, hover cards. Every text from the data goes
   through textContent or the canvas, never through HTML parsing. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("geokg-data").textContent);
  var WIKIDATA = /^https?:\/\/www\.wikidata\.org\/entity\/Q[0-9]+$/;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  /* THE ONE AS-OF RULE (geokg.timespan.status), read from the derived years
     [mayFrom, holdsFrom, holdsUntil, mayUntil, supersededFrom (10000: never)]. */
  function statusOf(y, year) {
    if (!y) return "holds";
    var holds = y[1] <= year && year <= y[2];
    if (!holds && !(y[0] <= year && year <= y[3])) return null;
    if (y.length > 4 && y[4] < 10000 && year >= y[4]) return "superseded";
    return holds ? "holds" : "may hold";
  }
  function kept(st) {
    return st === "holds" || (state.mayHold && st === "may hold") || (state.superseded && st === "superseded");
  }
  function span(start, end) {
    if (start && end) return start === end ? start : start + "\u2013" + end;
    if (start) return "since " + start;
    if (end) return "until " + end;
    return "";
  }
  function nodeCard(n) {
    var c = el("div", "card");
    c.appendChild(el("div", "title", n.label));
    if (n.aliases && n.aliases.length) c.appendChild(el("div", "muted", "also: " + n.aliases.join(", ")));
    c.appendChild(el("div", null, "class: " + n.classes.split(",").join(", ")));
    var life = span(n.start === null ? "" : String(n.start), n.end === null ? "" : String(n.end));
    if (life) c.appendChild(el("div", null, "lifespan: " + life));
    if (n.wikidata && WIKIDATA.test(n.wikidata)) {
      var d = el("div", null, "Wikidata: ");
      var a = el("a", null, n.wikidata.replace(/^.*\//, ""));
      a.href = n.wikidata; a.target = "_blank"; a.rel = "noopener noreferrer";
      d.appendChild(a); c.appendChild(d);
    }
    return c;
  }
  function edgeCard(e) {
    var c = el("div", "card");
    c.appendChild(el("div", "title", labelOf(e.from) + " \u2192 " + e.relation_label + " \u2192 " + labelOf(e.to)));
    c.appendChild(el("div", null, "kind: " + e.kind + (e.level ? " (" + e.level + ")" : "")));
    c.appendChild(el("div", null, "when: " + (e.when || "unknown")));
    c.appendChild(el("div", null, "certainty: " + e.certainty + (e.condition ? " (if " + e.condition + ")" : "")));
    if (e.qualifiers) c.appendChild(el("div", null, "qualifiers: " + e.qualifiers));
    if (e.reliability || e.credibility) {
      c.appendChild(el("div", null, "grades: source " + (e.reliability || "?") + ", credibility " + (e.credibility || "?")));
    }
    c.appendChild(el("div", null, "stance: " + Number(e.stance).toFixed(2) + (e.quad_class ? " (" + e.quad_class + ")" : "")));
    (e.evidence || []).forEach(function (q) { c.appendChild(el("blockquote", null, q)); });
    if (e.sources && e.sources.length) c.appendChild(el("div", "muted", "source: " + e.sources.join("; ")));
    return c;
  }

  var byId = {};
  DATA.nodes.forEach(function (n) { byId[n.id] = n; });
  function labelOf(id) { return byId[id] ? byId[id].label : String(id); }

  DATA.nodes.forEach(function (n) { n.title = nodeCard(n); });
  DATA.edges.forEach(function (e) { e.title = edgeCard(e); });

  var nodes = new vis.DataSet(DATA.nodes);
  var edges = new vis.DataSet(DATA.edges);

  var state = { year: null, classOn: {}, relOn: {}, focus: null, mayHold: false, superseded: false };
  var edgeById = {};
  DATA.edges.forEach(function (e) { edgeById[e.id] = e; });
  window.geokgStatus = function (edgeId, year) {
    var e = edgeById[edgeId];
    return e ? statusOf(e.years, year) : undefined;
  };
  DATA.classes.forEach(function (c) { state.classOn[c.name] = true; });
  DATA.relations.forEach(function (r) { state.relOn[r.name] = true; });

  var visibleNodes = {};
  function computeVisible() {
    var base = {};
    DATA.nodes.forEach(function (n) {
      base[n.id] = state.classOn[n.cls] !== false && (state.year === null || kept(statusOf(n.years, state.year)));
    });
    var tied = {};
    var shownEdges = {};
    DATA.edges.forEach(function (e) {
      var ok = state.relOn[e.relation] !== false && base[e.from] && base[e.to] &&
        (state.year === null || kept(statusOf(e.years, state.year)));
      shownEdges[e.id] = ok;
      if (ok) { tied[e.from] = true; tied[e.to] = true; }
    });
    visibleNodes = {};
    DATA.nodes.forEach(function (n) { visibleNodes[n.id] = base[n.id] && (state.year === null || !!tied[n.id]); });
    return shownEdges;
  }
  var visibleEdges = computeVisible();
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return !!visibleNodes[n.id]; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) { return !!visibleEdges[e.id]; } });

  var api = window.geokg = { stabilized: false };
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, DATA.options);
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.9, animation: false });
    api.stabilized = true;
  });

  var status = document.getElementById("status");
  function refresh() {
    visibleEdges = computeVisible();
    nodeView.refresh(); edgeView.refresh();
    status.textContent = "showing " + nodeView.length + " of " + nodes.length + " nodes, " +
      edgeView.length + " of " + edges.length + " ties" + (state.year === null ? "" : " alive in " + state.year);
    if (state.focus !== null && !visibleNodes[state.focus]) highlight(null);
  }

  /* -- highlight a neighbourhood -------------------------------------------------------------- */
  var DIM_NODE = { background: "#e4e4e4", border: "#d0d0d0" };
  function highlight(id) {
    state.focus = id;
    var keepN = {}, keepE = {};
    if (id !== null) {
      keepN[id] = true;
      DATA.edges.forEach(function (e) {
        if (!visibleEdges[e.id] || (e.from !== id && e.to !== id)) return;
        keepE[e.id] = true; keepN[e.from] = true; keepN[e.to] = true;
      });
    }
    nodes.update(DATA.nodes.map(function (n) {
      var dim = id !== null && !keepN[n.id];
      return { id: n.id, color: dim ? DIM_NODE : n.color, font: { color: dim ? "#c0c0c0" : "#222222" } };
    }));
    edges.update(DATA.edges.map(function (e) {
      var dim = id !== null && !keepE[e.id];
      return { id: e.id, color: dim ? { color: "#ececec", highlight: "#ececec", hover: "#ececec" } : e.color };
    }));
    if (id !== null) {
      network.selectNodes([id], true);
      var shown = Object.keys(keepN).length - 1;
      document.getElementById("search-result").textContent = labelOf(id) + ": " + shown + " neighbour" + (shown === 1 ? "" : "s");
    } else {
      network.unselectAll();
      document.getElementById("search-result").textContent = "";
    }
  }

  /* -- side panel --------------------------------------------------------------------------- */
  var search = document.getElementById("search");
  var list = document.getElementById("actor-names");
  DATA.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    var o = document.createElement("option"); o.value = n.label; list.appendChild(o);
  });
  function findNode(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    var exact = null, partial = null;
    DATA.nodes.forEach(function (n) {
      if (!visibleNodes[n.id]) return;
      var names = [n.label].concat(n.aliases || []).map(function (s) { return s.toLowerCase(); });
      if (exact === null && names.indexOf(q) >= 0) exact = n.id;
      if (partial === null && names.some(function (s) { return s.indexOf(q) >= 0; })) partial = n.id;
    });
    return exact !== null ? exact : partial;
  }
  function runSearch() {
    var id = findNode(search.value);
    if (id === null) {
      highlight(null);
      document.getElementById("search-result").textContent = search.value.trim() ? "no visible actor matches" : "";
      return;
    }
    highlight(id);
    network.focus(id, { scale: 1.2, animation: false });
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") runSearch(); });
  document.getElementById("clear").addEventListener("click", function () { search.value = ""; highlight(null); network.fit(); });

  function checkboxes(holder, items, onMap) {
    items.forEach(function (item) {
      var row = el("div", "row");
      var lab = el("label");
      var box = document.createElement("input");
      box.type = "checkbox"; box.checked = true; box.value = item.name;
      box.addEventListener("change", function () { onMap[item.name] = box.checked; refresh(); });
      lab.appendChild(box);
      if (item.color) {
        var sw = el("span", "swatch", item.symbol); sw.style.color = item.color; lab.appendChild(sw);
      }
      lab.appendChild(el("span", null, item.label + " (" + item.count + ")"));
      row.appendChild(lab); holder.appendChild(row);
    });
  }
  checkboxes(document.getElementById("classes"), DATA.classes, state.classOn);
  checkboxes(document.getElementById("relations"), DATA.relations, state.relOn);

  var slider = document.getElementById("year");
  var yearValue = document.getElementById("year-value");
  if (DATA.years) {
    slider.min = DATA.years[0]; slider.max = DATA.years[1]; slider.value = DATA.years[1];
    slider.addEventListener("input", function () {
      state.year = parseInt(slider.value, 10); yearValue.textContent = String(state.year); refresh();
    });
    document.getElementById("all-years").addEventListener("click", function () {
      state.year = null; yearValue.textContent = "all years"; refresh();
    });
    var mayHoldBox = document.getElementById("may-hold");
    var supersededBox = document.getElementById("superseded");
    mayHoldBox.checked = !!state.mayHold; supersededBox.checked = !!state.superseded;
    mayHoldBox.addEventListener("change", function () { state.mayHold = mayHoldBox.checked; refresh(); });
    supersededBox.addEventListener("change", function () { state.superseded = supersededBox.checked; refresh(); });
  } else {
    document.getElementById("year-box").style.display = "none";
  }

  var info = document.getElementById("info");
  network.on("click", function (params) {
    info.textContent = "";
    if (params.nodes.length) {
      info.appendChild(nodeCard(byId[params.nodes[0]]));
      highlight(params.nodes[0]);
    } else if (params.edges.length) {
      var e = edges.get(params.edges[0]);
      if (e) info.appendChild(edgeCard(e));
    } else {
      highlight(null);
    }
  });

  Object.assign(api, {
    network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    visibleNodeIds: function () { return nodeView.getIds(); },
    visibleEdgeIds: function () { return edgeView.getIds(); },
    setMayHold: function (on) {
      state.mayHold = !!on; var b = document.getElementById("may-hold"); if (b) b.checked = state.mayHold; refresh();
    },
    setSuperseded: function (on) {
      state.superseded = !!on; var b = document.getElementById("superseded"); if (b) b.checked = state.superseded;
      refresh();
    },
    setYear: function (y) { state.year = y; yearValue.textContent = y === null ? "all years" : String(y); refresh(); },
    highlight: highlight
  });
  if (!DATA.options.physics || DATA.options.physics.enabled === false) api.stabilized = true;
  refresh();
})();
