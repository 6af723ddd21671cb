/* Lineage explorer: cytoscape.js (vendored from npm) over window.KB_GRAPH (generated data).
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
  var STATUS_COLOUR = {
    alleged: "#e67700", disputed: "#c2255c", denied: "#862e9c", corroborated: "#1971c2",
    confirmed: "#2b8a3e", "self-declared": "#2b8a3e", refuted: "#495057", retracted: "#495057",
    unsubstantiated: "#868e96"
  };

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
        var swatch = document.createElement("span");
        swatch.className = "kb-swatch";
        swatch.style.background = STATUS_COLOUR[value] || "#adb5bd";
        label.appendChild(swatch);
      }
      label.appendChild(document.createTextNode(" " + value + " "));
      holder.appendChild(label);
      boxes.push(input);
    });
    return boxes;
  }

  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ group: "nodes", data: { id: n.id, label: n.label, kind: n.kind,
      detail: n.detail, href: n.href } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target,
      type: e.type, predicate: e.predicate, status: e.status, date: e.date, href: e.href,
      incident: e.incident_title || "", label: e.type === "claim" ? e.predicate : "",
      colour: STATUS_COLOUR[e.status] || "#adb5bd" } });
  });

  var cy = cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "text-valign": "bottom",
        "text-margin-y": 4, "background-color": "#3b5bdb", width: 22, height: 22,
        "text-wrap": "ellipsis", "text-max-width": 120 } },
      { selector: "node[kind = 'actor']", style: { shape: "round-rectangle",
        "background-color": "#d9480f" } },
      { selector: "node[kind = 'dataset']", style: { shape: "diamond",
        "background-color": "#2b8a3e" } },
      { selector: "edge", style: { width: 2, "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "data(colour)",
        "target-arrow-color": "data(colour)", "font-size": 9,
        "text-rotation": "autorotate", "text-background-color": "#fff",
        "text-background-opacity": 0.8 } },
      { selector: "edge[type != 'claim']", style: { "line-style": "dashed" } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: "edge.hover, edge:selected", style: { label: "data(label)", width: 4 } },
      { selector: ":selected", style: { "border-width": 3, "border-color": "#000" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 40000, idealEdgeLength: 110, nodeOverlap: 20, padding: 20 }
  });

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

  function apply() {
    var statuses = checked(statusBoxes);
    var predicates = checked(predicateBoxes);
    var from = (dateFrom && dateFrom.value.trim()) || "";
    var to = (dateTo && dateTo.value.trim()) || "";
    var shownEdges = 0;
    cy.batch(function () {
      cy.edges().forEach(function (e) {
        var d = e.data();
        var ok = (!d.status || statuses[d.status]) && (!d.predicate || predicates[d.predicate]) &&
          (!from || !d.date || d.date >= from) && (!to || !d.date || d.date.slice(0, to.length) <= to);
        e.toggleClass("hidden", !ok);
        if (ok) shownEdges += 1;
      });
      cy.nodes().forEach(function (n) {
        var visible = n.connectedEdges().filter(function (e) { return !e.hasClass("hidden"); });
        n.toggleClass("hidden", visible.length === 0);
      });
    });
    if (summary) {
      summary.textContent = cy.nodes().not(".hidden").length + " nodes and " + shownEdges +
        " arrows shown of " + cy.nodes().length + " and " + cy.edges().length + ".";
    }
  }

  function describe(el) {
    var d = el.data();
    if (!detail) return;
    if (el.isNode()) {
      detail.textContent = d.label + " — " + d.detail;
    } else {
      var text = d.predicate + (d.status ? " (" + d.status + ")" : "") +
        (d.date ? ", " + d.date : "") + (d.incident ? " — " + d.incident : "");
      detail.textContent = cy.getElementById(d.source).data("label") + " → " +
        cy.getElementById(d.target).data("label") + ": " + text;
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
    if (href && /^[A-Za-z0-9._\/-]+\.html(#[A-Za-z0-9_-]*)?$/.test(href)) {
      window.location.href = href;
    }
  });
  apply();
  window.KB_CY = cy; /* for tests and the curious: the cytoscape instance */
  box.setAttribute("data-ready", "true");
})();
