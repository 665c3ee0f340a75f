/* The network picture in /beheer/ (netwerk/netwerkbeeld.py): draws the nodes and lines from the
 * json_script on the page with the vendored Cytoscape.js. Clicking a node shows its details and
 * links in the side panel and dims everything that is not its neighbour. Every text comes from
 * the page (the template) or the data; nothing is written as HTML. */
(function () {
  "use strict";

  var KLEUR = {
    organisatie: "#3f74ad",
    persoon: "#7d8590",
    sleutelpersoon: "#8a56b0",
    netwerk: "#c8741f",
    werkgroep: "#2f8a4e",
    domein: "#3f74ad",
    lijn: "#a4abb5",
    gekozen: "#e0a400",
  };

  function klassen(knoop) {
    var k = [knoop.soort];
    if (knoop.sleutelpersoon) k.push("sleutelpersoon");
    if (knoop.achtergrond) k.push("achtergrond");
    if (knoop.informeel) k.push("informeel");
    return k.join(" ");
  }

  function cssWaarde(el, naam, standaard) {
    var waarde = window.getComputedStyle(el).getPropertyValue(naam).trim();
    return waarde || standaard;
  }

  function stijl(tekst, achtergrond) {
    return [
      {
        selector: "node",
        style: {
          label: "data(label)",
          color: tekst,
          "font-size": 9,
          "text-valign": "bottom",
          "text-halign": "center",
          "text-margin-y": 3,
          "text-wrap": "wrap",
          "text-max-width": 140,
          "text-outline-color": achtergrond,
          "text-outline-width": 2,
          "min-zoomed-font-size": 7,
          "border-color": tekst,
          "border-width": 1,
        },
      },
      {
        selector: "node.organisatie",
        style: {
          shape: "round-rectangle",
          "background-color": KLEUR.organisatie,
          width: 34,
          height: 22,
          "font-size": 10,
        },
      },
      {
        selector: "node.persoon",
        style: { shape: "ellipse", "background-color": KLEUR.persoon, width: 16, height: 16 },
      },
      {
        selector: "node.sleutelpersoon",
        style: {
          "background-color": KLEUR.sleutelpersoon,
          "border-style": "double",
          "border-width": 4,
          width: 20,
          height: 20,
        },
      },
      { selector: "node.achtergrond", style: { "border-style": "dashed", "border-width": 3 } },
      {
        selector: "node.netwerk",
        style: {
          shape: "diamond",
          "background-color": KLEUR.netwerk,
          width: 48,
          height: 48,
          "font-size": 13,
          "font-weight": "bold",
        },
      },
      { selector: "node.informeel", style: { "border-style": "dashed", "border-width": 3 } },
      {
        selector: "node.werkgroep",
        style: {
          shape: "hexagon",
          "background-color": KLEUR.werkgroep,
          width: 34,
          height: 30,
          "font-size": 11,
        },
      },
      {
        selector: "edge",
        style: {
          width: 1,
          "line-color": KLEUR.lijn,
          "curve-style": "straight",
          opacity: 0.8,
        },
      },
      { selector: "edge.lid", style: { width: 2, "line-color": KLEUR.netwerk, opacity: 0.45 } },
      {
        selector: "edge.werkgroeplid",
        style: { "line-style": "dashed", "line-color": KLEUR.werkgroep, width: 1.5 },
      },
      {
        selector: "edge.werkgroep_van",
        style: { "line-style": "dotted", "line-color": KLEUR.werkgroep, width: 3 },
      },
      {
        selector: "node.domein",
        style: {
          shape: "round-rectangle",
          "background-color": KLEUR.domein,
          width: 60,
          height: 36,
          "font-size": 12,
        },
      },
      {
        // The overview: a domain's people in a network; the more, the thicker.
        selector: "edge.domein_in",
        style: {
          width: "mapData(gewicht, 1, 40, 1.5, 10)",
          "line-color": KLEUR.netwerk,
          opacity: 0.6,
          label: "data(gewicht)",
          "font-size": 9,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.8,
        },
      },
      { selector: ".gedimd", style: { opacity: 0.12 } },
      { selector: "node.gemarkeerd", style: { "min-zoomed-font-size": 0, "z-index": 10 } },
      { selector: "edge.gemarkeerd", style: { opacity: 1 } },
      {
        selector: "node:selected",
        style: { "border-color": KLEUR.gekozen, "border-width": 5, "border-style": "solid" },
      },
    ];
  }

  function leeg(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function start() {
    var bron = document.getElementById("netwerkbeeld-gegevens");
    var container = document.getElementById("netwerkbeeld");
    if (!bron || !container || typeof window.cytoscape !== "function") return;
    var gegevens = JSON.parse(bron.textContent);
    var paneel = document.getElementById("netwerkbeeld-paneel");
    var bezig = document.getElementById("netwerkbeeld-bezig");

    var elementen = [];
    gegevens.knopen.forEach(function (k) {
      // Spread out from the start: nodes on one spot make Cytoscape warn about their lines.
      var plek = { x: Math.random() * 1000, y: Math.random() * 700 };
      elementen.push({ group: "nodes", data: k, classes: klassen(k), position: plek });
    });
    gegevens.lijnen.forEach(function (l) {
      elementen.push({
        group: "edges",
        data: { id: l.id, source: l.bron, target: l.doel, soort: l.soort, gewicht: l.gewicht || 1 },
        classes: l.soort,
      });
    });

    var cy = window.cytoscape({
      container: container,
      elements: elementen,
      style: stijl(cssWaarde(container, "--body-fg", "#333"), cssWaarde(container, "--body-bg", "#fff")),
      layout: { name: "preset" },
      minZoom: 0.05,
      maxZoom: 4,
      selectionType: "single",
      boxSelectionEnabled: false,
    });

    var layout = cy.layout({
      name: "cose",
      animate: false,
      randomize: false,
      nodeDimensionsIncludeLabels: false,
      idealEdgeLength: function (lijn) { return lijn.hasClass("werkgroep_van") ? 140 : 60; },
      nodeOverlap: 20,
      nodeRepulsion: function () { return 12000; },
      gravity: 0.6,
      numIter: 1500,
      padding: 30,
    });
    layout.one("layoutstop", function () {
      cy.fit(undefined, 30);
      if (cy.zoom() > 1.4) {
        cy.zoom(1.4);
        cy.center();
      }
      container.setAttribute("data-knopen", String(cy.nodes().length));
      container.setAttribute("data-lijnen", String(cy.edges().length));
      container.setAttribute("data-klaar", "1");
      if (bezig) bezig.hidden = true;
    });
    layout.run();

    // --- The side panel -----------------------------------------------------------------------
    var vakLeeg = paneel.querySelector("[data-leeg]");
    var vakGekozen = paneel.querySelector("[data-gekozen]");
    var elNaam = paneel.querySelector("[data-naam]");
    var elSoort = paneel.querySelector("[data-soort]");
    var elDetails = paneel.querySelector("[data-details]");
    var elUrl = paneel.querySelector("[data-url]");
    var elBuren = paneel.querySelector("[data-buren]");
    var elGeenBuren = paneel.querySelector("[data-geen-buren]");
    var VOLGORDE = { netwerk: 0, werkgroep: 1, domein: 2, organisatie: 2, persoon: 3 };
    var URL_TEKST = elUrl.textContent;

    function wis() {
      cy.elements().removeClass("gedimd gemarkeerd").unselect();
      vakGekozen.hidden = true;
      vakLeeg.hidden = false;
    }

    function kies(knoop, centreren) {
      cy.batch(function () {
        cy.elements().removeClass("gemarkeerd").addClass("gedimd").unselect();
        knoop.closedNeighborhood().removeClass("gedimd").addClass("gemarkeerd");
        knoop.select();
      });
      if (centreren) {
        // Fit the neighbourhood, but never closer than reading distance.
        var kader = knoop.closedNeighborhood().boundingBox();
        var zoom = Math.min(
          (cy.width() - 120) / Math.max(kader.w, 1),
          (cy.height() - 120) / Math.max(kader.h, 1),
          1.6
        );
        cy.animate({ zoom: zoom, center: { eles: knoop.closedNeighborhood() }, duration: 300 });
      }
      toon(knoop);
    }

    function toon(knoop) {
      var d = knoop.data();
      elNaam.textContent = d.naam;
      elSoort.textContent = d.soort_label;
      leeg(elDetails);
      (d.details || []).forEach(function (tekst) {
        var li = document.createElement("li");
        li.textContent = tekst;
        elDetails.appendChild(li);
      });
      elUrl.href = d.url;
      elUrl.textContent = d.url_tekst || URL_TEKST;
      leeg(elBuren);
      var buren = knoop.neighborhood("node").toArray();
      buren.sort(function (a, b) {
        var s = VOLGORDE[a.data("soort")] - VOLGORDE[b.data("soort")];
        return s || a.data("naam").localeCompare(b.data("naam"), "nl");
      });
      buren.forEach(function (buur) {
        var li = document.createElement("li");
        var knop = document.createElement("button");
        knop.type = "button";
        knop.className = "netwerkbeeld-buur";
        knop.textContent = buur.data("naam") + " (" + buur.data("soort_label").toLowerCase() + ")";
        knop.addEventListener("click", function () { kies(buur, true); });
        li.appendChild(knop);
        elBuren.appendChild(li);
      });
      elGeenBuren.hidden = buren.length > 0;
      vakLeeg.hidden = true;
      vakGekozen.hidden = false;
    }

    cy.on("tap", "node", function (e) { kies(e.target, false); });
    cy.on("tap", function (e) { if (e.target === cy) wis(); });
    paneel.querySelector("[data-wis]").addEventListener("click", wis);

    // --- Search and fit -----------------------------------------------------------------------
    var namen = document.getElementById("netwerkbeeld-namen");
    var gezien = {};
    cy.nodes().forEach(function (n) {
      var naam = n.data("naam");
      if (gezien[naam]) return;
      gezien[naam] = true;
      var optie = document.createElement("option");
      optie.value = naam;
      namen.appendChild(optie);
    });
    var zoek = document.getElementById("netwerkbeeld-zoek");
    var zoekterm = document.getElementById("netwerkbeeld-zoekterm");
    var nietGevonden = document.getElementById("netwerkbeeld-niet-gevonden");
    zoek.addEventListener("submit", function (e) {
      e.preventDefault();
      var term = zoekterm.value.trim().toLocaleLowerCase("nl");
      if (!term) return;
      var precies = null;
      var deels = null;
      cy.nodes().forEach(function (n) {
        var naam = n.data("naam").toLocaleLowerCase("nl");
        if (!precies && naam === term) precies = n;
        if (!deels && naam.indexOf(term) >= 0) deels = n;
      });
      var gevonden = precies || deels;
      nietGevonden.hidden = Boolean(gevonden);
      if (gevonden) kies(gevonden, true);
    });
    document.getElementById("netwerkbeeld-passend").addEventListener("click", function () {
      cy.animate({ fit: { padding: 30 }, duration: 300 });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
