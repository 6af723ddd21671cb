/* Lineage explorer: cytoscape.js (vendored from npm) over window.KB_GRAPH (generated data).
   Node positions come with the data (computed at build time): the same picture on every load.
   A focus view (one record's neighbourhood) gets its own layout, computed here without any
   randomness from the neighbourhood and the box's size, so it fills the box and is the same
   on every load.
   Labels keep one size on screen at every zoom; a label is drawn only where it has room.
   Every string from the records is shown with textContent or as a canvas label: never as HTML. */
(function () {
  "use strict";
  var data = window.KB_GRAPH;
  var box = document.getElementById("kb-explorer");
  if (!box || !data || typeof cytoscape === "undefined") {
    if (box) box.textContent = "The explorer could not load its data.";
    return;
  }
  var detail = document.querySelector("[data-kb-explorer-detail]");
  var summary = document.querySelector("[data-kb-explorer-summary]");
  var pick = document.querySelector("[data-kb-explorer-pick]");
  var list = document.querySelector("[data-kb-explorer-links]");
  var STATUS = data.statuses || {};
  var FONT = data.font || 12;
  var WRAP = data.wrap || 120;
  var EDGE_WRAP = 190;
  var SAFE_HREF = /^[A-Za-z0-9._\/-]+\.html(#[A-Za-z0-9_-]*)?$/;
  var KIND_WORDS = { actor: "Parties", model: "Models", dataset: "Datasets" };

  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  function name(id) { return byId[id] ? byId[id].label : id; }
  function words(v) { return String(v || "").replace(/-/g, " "); }
  function isWeak(e) { return !!e.weak || !!(STATUS[e.status] && STATUS[e.status].weak); }

  /* What an arrow says, in words, always with who says it. */
  function edgeLabel(e) {
    if (e.type === "claim") {
      return words(e.predicate) + " \u2014 " + e.status + ", claimed by " + name(e.claimant);
    }
    if (e.type === "developer-of") return "develops";
    var what = e.type === "derived-from" ? "derived from (" + words(e.predicate) + ")" : words(e.type);
    return what + " \u2014 self-declared" + (e.claimant ? " by " + name(e.claimant) : "");
  }
  function sentence(e) {
    var s = name(e.source), t = name(e.target);
    if (e.type === "claim") {
      return name(e.claimant) + " claims that " + s + " " + words(e.predicate) + " " + t +
        " (" + e.status + (isWeak(e) ? ": not supported by the sources reviewed" : "") + ")";
    }
    if (e.type === "developer-of") return s + " develops " + t;
    var what = e.type === "derived-from" ? "is derived from" : e.type === "trained-on" ?
      "was trained on" : e.type === "generated-by" ? "holds outputs of" : words(e.type);
    return s + " " + what + " " + t + (e.type === "derived-from" ? " (" + words(e.predicate) + ")" : "") +
      (e.claimant ? ", as " + name(e.claimant) + " declares (self-declared)" : " (self-declared)");
  }
  function colour(e) {
    if (isWeak(e)) return (STATUS.unsubstantiated || {}).colour || "#6c757d";
    return (STATUS[e.status] || {}).colour || data.declared || "#495057";
  }

  var degree = {};
  data.edges.forEach(function (e) {
    degree[e.source] = (degree[e.source] || 0) + 1;
    degree[e.target] = (degree[e.target] || 0) + 1;
  });

  var home = {}; /* the whole graph's positions, restored when the focus is cleared */
  data.nodes.forEach(function (n) { home[n.id] = { x: n.x || 0, y: n.y || 0 }; });

  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ group: "nodes", position: { x: n.x || 0, y: n.y || 0 }, data: {
      id: n.id, label: n.label, kind: n.kind, detail: n.detail, href: n.href,
      degree: degree[n.id] || 0 } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target,
      type: e.type, predicate: e.predicate, status: e.status, date: e.date, href: e.href,
      claimant: e.claimant || "", incident: e.incident || "", incidentTitle: e.incident_title || "",
      weak: isWeak(e), label: edgeLabel(e), sentence: sentence(e), colour: colour(e) } });
  });

  var view = { z: 1 }; /* the zoom the label sizes were last computed for */
  /* The whole stylesheet for a zoom: labels keep one size on screen (no function-valued
     styles, which cytoscape cannot cache). */
  function stylesheet(z) {
    return [
      { selector: "node", style: { label: "", "font-size": FONT / z,
        "text-valign": "bottom", "text-margin-y": 4 / z,
        "background-color": "#3b5bdb", width: 24, height: 24, color: "#1b1b1b",
        "text-wrap": "wrap", "text-max-width": WRAP / z,
        "text-background-color": "#fff",
        "text-background-opacity": 0.85, "text-background-padding": 1,
        "border-width": 1.5, "border-color": "#fff" } },
      { selector: "node[kind = 'actor']", style: { shape: "round-rectangle",
        "background-color": "#b35900" } },
      { selector: "node[kind = 'dataset']", style: { shape: "diamond",
        "background-color": "#2b6a30" } },
      { selector: "node.labelled", style: { label: "data(label)" } },
      { selector: "node.label-top", style: { "text-valign": "top",
        "text-margin-y": -4 / z } },
      { selector: "edge", style: { width: 2.5, "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "data(colour)",
        "target-arrow-color": "data(colour)", label: "",
        "font-size": (FONT - 1) / z, "text-wrap": "wrap",
        "text-max-width": EDGE_WRAP / z, color: "#1b1b1b",
        "text-background-color": "#fff", "text-background-opacity": 0.92,
        "text-background-padding": 2 } },
      { selector: "edge[?weak]", style: { "line-style": "dashed", "line-dash-pattern": [7, 5],
        width: 2 } },
      { selector: "edge[type = 'developer-of']", style: { "line-style": "dotted", width: 2 } },
      { selector: "edge.labelled", style: { label: "data(label)" } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: "edge.hover, edge:selected", style: { label: "data(label)", width: 4,
        "z-index": 10 } },
      { selector: "node:selected, node.focus", style: { "border-width": 3,
        "border-color": "#1b1b1b" } }
    ];
  }
  var cy = cytoscape({
    container: box,
    elements: elements,
    layout: { name: "preset", fit: true, padding: 24 },
    minZoom: 0.05,
    maxZoom: 4,
    style: stylesheet(1)
  });
  window.KB_CY = cy; /* for tests and the curious: the cytoscape instance */

  /* ---- Labels: one size on screen, drawn greedily (focus, then best-connected first) where
     they do not overlap a label already drawn. */
  var focusId = "";
  /* A label's size on screen, wrapped at word boundaries as cytoscape does (measured with the
     same font on a canvas; cached, since labels keep one size on screen). */
  var measure = document.createElement("canvas").getContext("2d");
  var sizes = {};
  function textBox(text, wrap, font) {
    var key = font + "|" + wrap + "|" + text;
    if (sizes[key]) return sizes[key];
    measure.font = font + "px Helvetica Neue, Helvetica, sans-serif";
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      var next = line ? line + " " + word : word;
      if (line && measure.measureText(next).width > wrap) { lines.push(line); line = word; }
      else line = next;
    });
    lines.push(line);
    var widest = 0;
    lines.forEach(function (l) { widest = Math.max(widest, measure.measureText(l).width); });
    sizes[key] = { w: widest + 8, h: lines.length * font * 1.3 + 6 };
    return sizes[key];
  }
  /* Rectangles on screen, bucketed in a grid so a check looks only at its neighbours. */
  function Grid() { this.cells = {}; }
  Grid.prototype.keys = function (r) {
    var out = [];
    for (var x = Math.floor(r.x1 / 64); x <= Math.floor(r.x2 / 64); x += 1) {
      for (var y = Math.floor(r.y1 / 64); y <= Math.floor(r.y2 / 64); y += 1) out.push(x + ":" + y);
    }
    return out;
  };
  Grid.prototype.add = function (r) {
    var cells = this.cells;
    this.keys(r).forEach(function (k) { (cells[k] = cells[k] || []).push(r); });
  };
  Grid.prototype.hits = function (r, except) {
    var cells = this.cells;
    return this.keys(r).some(function (k) {
      return (cells[k] || []).some(function (p) {
        return p !== except && r.x1 < p.x2 && r.x2 > p.x1 && r.y1 < p.y2 && r.y2 > p.y1;
      });
    });
  };
  var pending = false;
  function relabel() {
    pending = false;
    var z = cy.zoom();
    var w = cy.width(), h = cy.height();
    var placed = new Grid();
    cy.batch(function () {
      if (view.z !== z) { view.z = z; cy.style().fromJson(stylesheet(z)).update(); }
      var nodes = cy.nodes().not(".hidden").filter(function (n) {
        var p = n.renderedPosition();
        var inside = p.x > -150 && p.y > -80 && p.x < w + 150 && p.y < h + 80;
        if (!inside) n.removeClass("labelled");
        return inside;
      }).sort(function (a, b) {
        var fa = a.hasClass("focus") ? 1 : 0, fb = b.hasClass("focus") ? 1 : 0;
        return fb - fa || b.data("degree") - a.data("degree") || (a.id() < b.id() ? -1 : 1);
      });
      var dots = {};
      var r = 13.5 * z; /* a node's half size on screen (24 px and its border, zoomed) */
      nodes.forEach(function (n) {
        var p = n.renderedPosition();
        dots[n.id()] = { x1: p.x - r, x2: p.x + r, y1: p.y - r, y2: p.y + r };
        placed.add(dots[n.id()]);
      });
      nodes.forEach(function (n) {
        var p = n.renderedPosition();
        var t = textBox(n.data("label"), WRAP, FONT);
        var below = { x1: p.x - t.w / 2, x2: p.x + t.w / 2, y1: p.y + r + 1, y2: p.y + r + 6 + t.h };
        var above = { x1: below.x1, x2: below.x2, y1: p.y - r - 6 - t.h, y2: p.y - r - 1 };
        var side = !placed.hits(below, dots[n.id()]) ? below :
          !placed.hits(above, dots[n.id()]) ? above : null;
        n.toggleClass("labelled", !!side);
        n.toggleClass("label-top", side === above);
        if (side) placed.add(side);
      });
      var showEdges = !!focusId;
      cy.edges().forEach(function (e) {
        var ok = false;
        if (showEdges && !e.hasClass("hidden")) {
          var m = e.renderedMidpoint();
          var t = textBox(e.data("label"), EDGE_WRAP, FONT - 1);
          var r = { x1: m.x - t.w / 2, x2: m.x + t.w / 2, y1: m.y - t.h / 2, y2: m.y + t.h / 2 };
          ok = !placed.hits(r, null);
          if (ok) placed.add(r);
        }
        e.toggleClass("labelled", ok);
      });
    });
  }
  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(relabel); }
  }
  cy.on("zoom pan", schedule);

  /* ---- Filters (status and relation checkboxes, dates) */
  function values(key) {
    var seen = {};
    data.edges.forEach(function (e) { if (e[key]) seen[e[key]] = true; });
    return Object.keys(seen).sort();
  }
  function checkboxes(group, key) {
    var holder = document.querySelector('[data-kb-filter-group="' + group + '"]');
    var boxes = [];
    values(key).forEach(function (value) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "checkbox";
      input.checked = true;
      input.value = value;
      input.addEventListener("change", apply);
      label.appendChild(input);
      if (key === "status") {
        var weak = STATUS[value] && STATUS[value].weak;
        var line = document.createElement("span");
        line.className = "kb-line" + (weak ? " kb-line--dashed" : "");
        line.style.color = (STATUS[value] || {}).colour || data.declared;
        line.setAttribute("aria-hidden", "true");
        label.appendChild(line);
        label.appendChild(document.createTextNode(value + (weak ? " (not supported)" : "") + " "));
      } else {
        label.appendChild(document.createTextNode(" " + words(value) + " "));
      }
      if (holder) holder.appendChild(label);
      boxes.push(input);
    });
    return boxes;
  }
  var statusBoxes = checkboxes("status", "status");
  var predicateBoxes = checkboxes("predicate", "predicate");
  var dateFrom = document.querySelector('[data-kb-date="from"]');
  var dateTo = document.querySelector('[data-kb-date="to"]');
  [dateFrom, dateTo].forEach(function (el) { if (el) el.addEventListener("input", apply); });

  function checked(boxes) {
    var on = {};
    boxes.forEach(function (b) { if (b.checked) on[b.value] = true; });
    return on;
  }

  /* ---- Focus: one record's neighbourhood (a node and its links, or an incident's claims). */
  function inFocus(e) {
    if (!focusId) return true;
    return e.data("source") === focusId || e.data("target") === focusId ||
      e.data("incident") === focusId;
  }

  /* ---- The focus view's layout: deterministic, sized to the box at zoom 1 (labels keep their
     size on screen, so a layout of the box's size leaves them room).
     A record node: the node in the centre, its neighbours evenly round an oval of the box's
     shape, from the top anticlockwise: first those whose arrows point to it (on the left),
     then those it points to (on the right), each group by name; every other neighbour a
     little inside the oval when they would crowd it.
     An incident or policy (no node of its own): what its claims are about in a column on the
     left, what they are said to have used on the right. */
  var ROW = 64;  /* vertical room for a node and a two-line label */
  var SIDE = 96; /* horizontal room for half a label beyond a node at the box's edge */
  function byLabel(a, b) {
    var la = name(a), lb = name(b);
    return la < lb ? -1 : la > lb ? 1 : (a < b ? -1 : a > b ? 1 : 0);
  }
  function ring(ids, rx, ry, out) {
    var k = ids.length;
    if (!k) return;
    var step = 2 * Math.PI / k;
    var staggered = k > 6 && Math.min(rx, ry) * step < ROW;
    var grow = Math.max(1, ROW / (Math.min(rx, ry) * step * (staggered ? 2 : 1)));
    ids.forEach(function (id, i) {
      var a = -Math.PI / 2 - (i + 0.5) * step; /* from the top, anticlockwise */
      var s = grow * (staggered && i % 2 ? 0.62 : 1);
      out[id] = { x: rx * s * Math.cos(a), y: ry * s * Math.sin(a) }; /* y grows downwards */
    });
  }
  function column(ids, x, ry, out) {
    var k = ids.length;
    var step = Math.max(ROW, k > 1 ? (2 * ry) / (k - 1) : 0);
    ids.forEach(function (id, i) { out[id] = { x: x, y: (i - (k - 1) / 2) * step }; });
  }
  function focusLayout(shown) {
    var w = Math.max(cy.width(), 320), h = Math.max(cy.height(), 240);
    var rx = Math.max(w / 2 - SIDE, 120), ry = Math.max(h / 2 - ROW / 2, ROW);
    var from = {}, to = {};
    cy.edges().not(".hidden").forEach(function (e) {
      from[e.data("source")] = true;
      to[e.data("target")] = true;
    });
    var out = {};
    var ids = shown.map(function (n) { return n.id(); }).sort(byLabel);
    if (byId[focusId]) {
      out[focusId] = { x: 0, y: 0 };
      var into = {}, outof = {};
      cy.edges().not(".hidden").forEach(function (e) {
        if (e.data("target") === focusId) into[e.data("source")] = true;
        if (e.data("source") === focusId) outof[e.data("target")] = true;
      });
      var rank = function (id) { return into[id] ? (outof[id] ? 1 : 0) : 2; };
      ring(ids.filter(function (id) { return id !== focusId; }).sort(function (a, b) {
        return rank(a) - rank(b) || byLabel(a, b);
      }), rx, ry, out);
    } else {
      var sources = ids.filter(function (id) { return from[id] && !to[id]; });
      var targets = ids.filter(function (id) { return to[id] && !from[id]; });
      var middle = ids.filter(function (id) { return from[id] && to[id]; });
      var others = ids.filter(function (id) { return !from[id] && !to[id]; });
      column(sources.concat(others), -rx, ry, out);
      if (middle.length) column(middle, 0, ry, out);
      column(targets, rx, ry, out);
    }
    return out;
  }
  function place(refit) {
    if (refit !== true) return;
    var shown = cy.nodes().not(".hidden");
    var spot = focusId ? focusLayout(shown) : home;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var p = spot[n.id()] || home[n.id()];
        if (p) n.position({ x: p.x, y: p.y });
      });
    });
  }

  function apply(refit) {
    var statuses = checked(statusBoxes);
    var predicates = checked(predicateBoxes);
    var from = (dateFrom && dateFrom.value.trim()) || "";
    var to = (dateTo && dateTo.value.trim()) || "";
    var shownEdges = 0;
    cy.batch(function () {
      cy.edges().forEach(function (e) {
        var d = e.data();
        var ok = inFocus(e) && (!d.status || statuses[d.status]) &&
          (!d.predicate || predicates[d.predicate]) &&
          (!from || !d.date || d.date >= from) && (!to || !d.date || d.date.slice(0, to.length) <= to);
        e.toggleClass("hidden", !ok);
        if (ok) shownEdges += 1;
      });
      cy.nodes().forEach(function (n) {
        var visible = n.connectedEdges().filter(function (e) { return !e.hasClass("hidden"); });
        n.toggleClass("hidden", visible.length === 0 && n.id() !== focusId);
        n.toggleClass("focus", n.id() === focusId);
      });
    });
    place(refit);
    if (refit === true) {
      var shown = cy.elements().not(".hidden");
      cy.fit(shown.length ? shown : undefined, focusId ? 48 : 24); /* room for outer labels */
      if (focusId && cy.zoom() > 1.6) { cy.zoom(1.6); cy.center(shown); }
    }
    if (summary) {
      summary.textContent = (focusId ? "Showing the neighbourhood of " + (byId[focusId] ?
        name(focusId) : focusTitle()) + ": " : "") + cy.nodes().not(".hidden").length +
        " nodes and " + shownEdges + " arrows shown of " + cy.nodes().length + " and " +
        cy.edges().length + ".";
    }
    listLinks();
    schedule();
  }

  function focusTitle() {
    var e = cy.edges().filter(function (x) { return x.data("incident") === focusId; });
    return e.length ? e[0].data("incidentTitle") : focusId;
  }

  function link(text, href) {
    if (href && SAFE_HREF.test(href)) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      return a;
    }
    return document.createTextNode(text);
  }

  /* The same links as sentences, for keyboards and screen readers. */
  function listLinks() {
    if (!list) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!focusId) return;
    if (byId[focusId]) {
      var head = document.createElement("li");
      head.appendChild(link("Open the page of " + name(focusId), byId[focusId].href));
      list.appendChild(head);
    }
    cy.edges().not(".hidden").sort(function (a, b) {
      return a.data("sentence") < b.data("sentence") ? -1 : 1;
    }).forEach(function (e) {
      var li = document.createElement("li");
      li.appendChild(document.createTextNode(e.data("sentence")));
      if (e.data("incidentTitle")) {
        li.appendChild(document.createTextNode(" \u2014 "));
        li.appendChild(link(e.data("incidentTitle"), e.data("href")));
      }
      list.appendChild(li);
    });
    if (list.children.length <= (byId[focusId] ? 1 : 0)) {
      var none = document.createElement("li");
      none.textContent = "No link shown with the current filters.";
      list.appendChild(none);
    }
  }

  function setFocus(id, fromUrl) {
    var known = !!byId[id] || cy.edges().some(function (e) { return e.data("incident") === id; });
    focusId = known ? id : "";
    if (pick && pick.value !== focusId) pick.value = byId[focusId] ? focusId : "";
    cy.elements().unselect();
    apply(true);
    if (!fromUrl) {
      var hash = focusId ? "#focus=" + encodeURIComponent(focusId) : "#";
      if (window.location.hash !== hash) window.location.replace(hash);
    }
  }

  function urlFocus() {
    var m = /[?&#]focus=([^&#]+)/.exec(window.location.search + window.location.hash);
    if (!m) return "";
    try { return decodeURIComponent(m[1]); } catch (err) { return ""; }
  }

  /* The node picker: every node that has a link, by kind then name. */
  if (pick) {
    ["actor", "model", "dataset"].forEach(function (kind) {
      var group = document.createElement("optgroup");
      group.label = KIND_WORDS[kind];
      data.nodes.filter(function (n) { return n.kind === kind && degree[n.id]; })
        .sort(function (a, b) { return a.label.localeCompare(b.label); })
        .forEach(function (n) {
          var opt = document.createElement("option");
          opt.value = n.id;
          opt.textContent = n.label;
          group.appendChild(opt);
        });
      if (group.children.length) pick.appendChild(group);
    });
    pick.addEventListener("change", function () { setFocus(pick.value, false); });
  }

  function describe(el) {
    var d = el.data();
    if (!detail) return;
    if (el.isNode()) {
      detail.textContent = d.label + " \u2014 " + d.detail;
    } else {
      detail.textContent = d.sentence + (d.date ? ", " + d.date : "") +
        (d.incidentTitle ? " \u2014 " + d.incidentTitle : "");
    }
  }

  cy.on("mouseover", "node, edge", function (evt) {
    describe(evt.target);
    if (evt.target.isEdge()) evt.target.addClass("hover");
  });
  cy.on("mouseout", "edge", function (evt) { evt.target.removeClass("hover"); });
  cy.on("tap", "node, edge", function (evt) {
    var href = evt.target.data("href");
    describe(evt.target);
    if (href && SAFE_HREF.test(href)) window.location.href = href;
  });
  window.addEventListener("hashchange", function () {
    if (urlFocus() !== focusId) setFocus(urlFocus(), true);
  });
  window.addEventListener("resize", function () { cy.resize(); apply(true); });

  setFocus(urlFocus(), true);
  box.setAttribute("data-ready", "true");
})();
