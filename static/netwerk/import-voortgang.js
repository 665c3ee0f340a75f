/* The progress of a background import (admin/netwerk/import_taak.html): asks the job's status
   URL (the section's data-import-status) how far it is, moves the progress bar, and reloads
   the page once the job has finished, which then shows the preview, the error or where the
   import ended. Without JavaScript the page refreshes itself (<noscript> meta refresh). */
(function () {
  "use strict";
  var ELKE_MS = 700;
  var NA_FOUT_MS = 3000;

  function volgen(blok) {
    var url = blok.dataset.importStatus;
    var balk = blok.querySelector("progress");
    var tekst = blok.querySelector("[data-import-tekst]");

    function vragen() {
      fetch(url, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
        .then(function (antwoord) {
          // Gone (expired) or refused: the page itself says what is the matter.
          if (!antwoord.ok) return { klaar: true };
          return antwoord.json();
        })
        .then(function (stand) {
          if (stand.klaar) {
            window.location.reload();
            return;
          }
          if (balk) {
            balk.max = Math.max(stand.totaal, 1);
            balk.value = stand.gedaan;
          }
          if (tekst && stand.tekst) tekst.textContent = stand.tekst;
          window.setTimeout(vragen, ELKE_MS);
        })
        .catch(function () {
          window.setTimeout(vragen, NA_FOUT_MS);
        });
    }

    window.setTimeout(vragen, ELKE_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var blok = document.querySelector("[data-import-status]");
    if (blok) volgen(blok);
  });
})();
