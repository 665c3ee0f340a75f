// The reporting form: show the person fields or the group/place description, depending on
// "Over wie of wat gaat het?". Without JavaScript every field simply stays visible.
(function () {
  "use strict";
  var form = document.getElementById("signaal-form");
  if (!form) { return; }
  var keuzes = form.querySelectorAll('input[name="betreft"]');
  var blokken = form.querySelectorAll("[data-betreft]");
  function bijwerken() {
    var gekozen = form.querySelector('input[name="betreft"]:checked');
    blokken.forEach(function (blok) {
      var past = !gekozen || blok.getAttribute("data-betreft").split(" ").indexOf(gekozen.value) !== -1;
      blok.hidden = !past;
    });
  }
  keuzes.forEach(function (keuze) { keuze.addEventListener("change", bijwerken); });
  bijwerken();
  var fout = document.getElementById("foutmelding");
  if (fout) { fout.focus(); }
})();
