/* distillation-kb site behaviour. Loaded on every page; no network access. */
/* Mermaid is vendored and loaded only by pages with a diagram (their own <script> tag, before
   this file): stop it from rendering on its own; Material renders diagrams. */
if (typeof mermaid !== "undefined") {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
}

/* Material's search box is a dialog without a name (axe: aria-dialog-name): name it. */
(function () {
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
})();

/* Filterable incident index: text filter and status select over data attributes. */
(function () {
  function setup() {
    document.querySelectorAll("table[data-kb-table]").forEach(function (table) {
      var name = table.getAttribute("data-kb-table");
      var input = document.querySelector('[data-kb-filter="' + name + '"]');
      var select = document.querySelector('[data-kb-status="' + name + '"]');
      var count = document.querySelector('[data-kb-count="' + name + '"]');
      var rows = Array.prototype.slice.call(table.tBodies[0].rows);
      function apply() {
        var words = (input && input.value || "").toLowerCase().split(/\s+/).filter(Boolean);
        var status = select ? select.value : "";
        var shown = 0;
        rows.forEach(function (row) {
          var text = row.getAttribute("data-text") || "";
          var tokens = " " + (row.getAttribute("data-status") || "") + " ";
          var ok = (!status || tokens.indexOf(" " + status + " ") !== -1) &&
            words.every(function (w) { return text.indexOf(w) !== -1; });
          row.hidden = !ok;
          if (ok) shown += 1;
        });
        if (count) count.textContent = shown + " of " + rows.length + " shown";
      }
      if (input) input.addEventListener("input", apply);
      if (select) select.addEventListener("change", apply);
      apply();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
