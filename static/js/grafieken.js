// The charts on the /beheer/ dashboard (templates/admin/grafiek.html).
//
// Every <figure class="grafiek" data-grafiek="ID"> gets a bar chart drawn with the vendored
// Chart.js from the JSON in <script type="application/json" id="ID"> (Django's json_script:
// the CSP allows no inline script). The server computes every number; nothing is fetched.
// Readable without colour: each series has its own fill pattern as well as its own colour
// (Okabe-Ito, safe for colour blindness), every bar has an outline in the text colour, the
// legend names the series and each bar carries its number. No animation. The same numbers are
// in the table under the chart; it stays open when the chart cannot be drawn.
//
// Loaded as a module (type="module"), so it runs once however many panels include it.

const STIJLEN = [
  { kleur: "#0072B2", patroon: "vol" },
  { kleur: "#E69F00", patroon: "diagonaal" },
  { kleur: "#009E73", patroon: "stippen" },
  { kleur: "#D55E00", patroon: "ruit" },
  { kleur: "#CC79A7", patroon: "horizontaal" },
  { kleur: "#56B4E9", patroon: "tegendiagonaal" },
  { kleur: "#F0E442", patroon: "verticaal" },
  { kleur: "#999999", patroon: "blokjes" },
];

const grafieken = [];

function themaKleuren() {
  const stijl = getComputedStyle(document.documentElement);
  const lees = (naam, standaard) => stijl.getPropertyValue(naam).trim() || standaard;
  return {
    tekst: lees("--body-fg", "#333333"),
    lijnen: lees("--hairline-color", "#e8e8e8"),
    achtergrond: lees("--body-bg", "#ffffff"),
  };
}

// Dark lines on light fills, light lines on dark ones (relative luminance).
function lijnkleur(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminantie = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminantie > 0.3 ? "rgba(0, 0, 0, 0.75)" : "rgba(255, 255, 255, 0.9)";
}

function vulling(ctx, stijl) {
  const maat = 12;
  const tegel = document.createElement("canvas");
  tegel.width = maat;
  tegel.height = maat;
  const t = tegel.getContext("2d");
  t.fillStyle = stijl.kleur;
  t.fillRect(0, 0, maat, maat);
  t.strokeStyle = lijnkleur(stijl.kleur);
  t.fillStyle = t.strokeStyle;
  t.lineWidth = 2;
  const lijn = (x1, y1, x2, y2) => {
    t.beginPath();
    t.moveTo(x1, y1);
    t.lineTo(x2, y2);
    t.stroke();
  };
  switch (stijl.patroon) {
    case "diagonaal":
      lijn(0, maat, maat, 0);
      lijn(-maat / 2, maat / 2, maat / 2, -maat / 2);
      lijn(maat / 2, maat * 1.5, maat * 1.5, maat / 2);
      break;
    case "tegendiagonaal":
      lijn(0, 0, maat, maat);
      lijn(-maat / 2, maat / 2, maat / 2, maat * 1.5);
      lijn(maat / 2, -maat / 2, maat * 1.5, maat / 2);
      break;
    case "ruit":
      lijn(0, maat / 2, maat, maat / 2);
      lijn(maat / 2, 0, maat / 2, maat);
      break;
    case "horizontaal":
      lijn(0, maat / 4, maat, maat / 4);
      lijn(0, (3 * maat) / 4, maat, (3 * maat) / 4);
      break;
    case "verticaal":
      lijn(maat / 4, 0, maat / 4, maat);
      lijn((3 * maat) / 4, 0, (3 * maat) / 4, maat);
      break;
    case "stippen":
      t.beginPath();
      t.arc(maat / 4, maat / 4, 1.8, 0, 2 * Math.PI);
      t.arc((3 * maat) / 4, (3 * maat) / 4, 1.8, 0, 2 * Math.PI);
      t.fill();
      break;
    case "blokjes":
      t.fillRect(0, 0, maat / 2, maat / 2);
      t.fillRect(maat / 2, maat / 2, maat / 2, maat / 2);
      break;
    default: // "vol": the plain colour
  }
  return ctx.createPattern(tegel, "repeat");
}

// Writes each bar's number at its end (the stack's total for stacked bars): the chart can be
// read without the legend's colours or the tooltip.
const getallen = {
  id: "regieGetallen",
  afterDatasetsDraw(chart, _args, opties) {
    const { ctx } = chart;
    const liggend = chart.options.indexAxis === "y";
    const gestapeld = !!chart.options.scales.x.stacked;
    const zichtbaar = chart.data.datasets
      .map((_d, i) => i)
      .filter((i) => chart.isDatasetVisible(i));
    ctx.save();
    ctx.fillStyle = opties.kleur;
    ctx.font = `600 12px ${opties.lettertype}`;
    ctx.textAlign = liggend ? "left" : "center";
    ctx.textBaseline = liggend ? "middle" : "bottom";
    const schrijf = (waarde, element) => {
      if (!waarde || !element) return;
      const tekst = waarde.toLocaleString("nl-NL");
      if (liggend) ctx.fillText(tekst, element.x + 4, element.y);
      else ctx.fillText(tekst, element.x, element.y - 3);
    };
    chart.data.labels.forEach((_label, i) => {
      if (gestapeld) {
        let som = 0;
        let uiterste = null;
        for (const d of zichtbaar) {
          const waarde = chart.data.datasets[d].data[i];
          if (!waarde) continue;
          som += waarde;
          const el = chart.getDatasetMeta(d).data[i];
          if (!uiterste || (liggend ? el.x > uiterste.x : el.y < uiterste.y)) uiterste = el;
        }
        schrijf(som, uiterste);
      } else {
        for (const d of zichtbaar) {
          schrijf(chart.data.datasets[d].data[i], chart.getDatasetMeta(d).data[i]);
        }
      }
    });
    ctx.restore();
  },
};

function teken(figuur) {
  const bron = document.getElementById(figuur.dataset.grafiek);
  const vlak = figuur.querySelector(".grafiek-vlak");
  const canvas = vlak && vlak.querySelector("canvas");
  if (!bron || !canvas) return;
  const spec = JSON.parse(bron.textContent);
  const kleuren = themaKleuren();
  const lettertype = getComputedStyle(document.body).fontFamily;
  const ctx = canvas.getContext("2d");
  const meerdere = spec.reeksen.length > 1;

  vlak.hidden = false;
  if (spec.horizontaal) {
    // Room for every label: the height follows the number of bars (CSSOM, allowed by the CSP).
    vlak.style.height = `${spec.labels.length * 1.9 + (meerdere ? 5 : 3)}rem`;
  }
  const as = (gestapeld) => ({
    stacked: gestapeld,
    grid: { color: kleuren.lijnen },
    border: { color: kleuren.tekst },
    ticks: { color: kleuren.tekst, font: { family: lettertype, size: 12 } },
  });
  const waardeAs = { ...as(spec.gestapeld), beginAtZero: true };
  waardeAs.ticks = { ...waardeAs.ticks, precision: 0 };
  const categorieAs = { ...as(spec.gestapeld), grid: { display: false } };

  const grafiek = new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: spec.labels,
      datasets: spec.reeksen.map((reeks) => {
        const stijl = STIJLEN[reeks.stijl % STIJLEN.length];
        return {
          label: reeks.label,
          data: reeks.data,
          backgroundColor: vulling(ctx, stijl),
          borderColor: kleuren.tekst,
          borderWidth: 1,
          borderSkipped: false,
          maxBarThickness: 32,
        };
      }),
    },
    options: {
      indexAxis: spec.horizontaal ? "y" : "x",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale: "nl-NL",
      layout: { padding: spec.horizontaal ? { right: 32 } : { top: 20 } },
      scales: spec.horizontaal
        ? { x: waardeAs, y: categorieAs }
        : { x: categorieAs, y: waardeAs },
      plugins: {
        legend: {
          display: meerdere,
          position: "top",
          labels: {
            color: kleuren.tekst,
            boxWidth: 28,
            boxHeight: 14,
            font: { family: lettertype, size: 13 },
          },
        },
        tooltip: {
          mode: "index",
          intersect: false,
          filter: (item) => item.raw !== null && item.raw !== 0,
        },
        regieGetallen: { kleur: kleuren.tekst, lettertype },
      },
    },
    plugins: [getallen],
  });
  grafieken.push(grafiek);
  // The chart is there: fold the table away the first time (it stays one click away).
  const tabel = figuur.querySelector("details.grafiek-tabel");
  if (tabel && !figuur.dataset.getekend) tabel.open = false;
  figuur.dataset.getekend = "ja";
}

function tekenAlles() {
  while (grafieken.length) grafieken.pop().destroy();
  document.querySelectorAll("figure.grafiek[data-grafiek]").forEach((figuur) => {
    try {
      teken(figuur);
    } catch (fout) {
      // No chart: the table under it shows the numbers.
      const vlak = figuur.querySelector(".grafiek-vlak");
      if (vlak) vlak.hidden = true;
      const tabel = figuur.querySelector("details.grafiek-tabel");
      if (tabel) tabel.open = true;
      console.error(fout);
    }
  });
}

if (window.Chart) {
  tekenAlles();
  // The admin's light/dark switch and the system's preference change the text colour.
  new MutationObserver(tekenAlles).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ["data-theme"],
  });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", tekenAlles);
}
