/* A change page with the regisseur's modules holds several forms: the admin's own and, for
   example, the attendance grid. Each button posts only its own form, so what was typed in
   another is lost. Before that happens, ask (the question is the script tag's data-vraag). */
(function () {
  "use strict";
  var script = document.currentScript;
  var vraag = (script && script.dataset.vraag) || "";
  document.addEventListener("DOMContentLoaded", function () {
    var formulieren = Array.prototype.slice.call(document.querySelectorAll("form"));
    if (formulieren.length < 2) return;
    var gewijzigd = new Set();
    formulieren.forEach(function (formulier) {
      function markeer(event) {
        if (event.isTrusted) gewijzigd.add(formulier);
      }
      formulier.addEventListener("input", markeer);
      formulier.addEventListener("change", markeer);
      formulier.addEventListener("submit", function (event) {
        var elders = Array.from(gewijzigd).some(function (ander) {
          return ander !== formulier;
        });
        if (elders && !window.confirm(vraag)) {
          event.preventDefault();
          event.stopImmediatePropagation();
        }
      });
    });
  });
})();
