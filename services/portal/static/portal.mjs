// Enhancements only: every page works without JavaScript (charts have their tables, forms their buttons).
import { initAll } from "/assets/govuk/govuk-frontend.min.js";

initAll();

const BLUE = "#1d70b8";
const GREY = "#505a5f";
const COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92"];

function capacityBars(spec, width) {
  const rows = spec.data;
  return Plot.plot({
    width,
    height: Math.max(120, rows.length * 30 + 50),
    style: { fontSize: "14px" },
    marginLeft: Math.min(240, 12 + 8 * Math.max(...rows.map((r) => r.label.length), 4)),
    x: { label: spec.x, grid: true },
    y: { label: null, domain: rows.map((r) => r.label) },
    marks: [
      Plot.barX(rows, { y: "label", x: "points", fill: (r) => (r.points > r.capacity ? "#d4351c" : BLUE) }),
      Plot.tickX(rows, { y: "label", x: "capacity", stroke: "#0b0c0c", strokeWidth: 3 }),
      Plot.ruleX([0]),
    ],
  });
}

// Counts of children or complaints: whole-number ticks from zero, and an axis even when every count is zero.
function counts(spec) {
  const top = Math.max(1, ...spec.data.map((r) => r.value));
  return { label: spec.y, grid: true, domain: [0, top], ticks: Math.min(5, top), tickFormat: "d" };
}

function columns(spec, width) {
  return Plot.plot({
    width,
    height: 280,
    style: { fontSize: "14px" },
    x: { label: spec.x, domain: spec.data.map((r) => r.label) },
    y: counts(spec),
    marks: [Plot.barY(spec.data, { x: "label", y: "value", fill: BLUE }), Plot.ruleY([0])],
  });
}

function lines(spec, width) {
  const data = spec.data.map((p) => ({ ...p, month: new Date(p.month) }));
  return Plot.plot({
    width,
    height: 320,
    style: { fontSize: "14px" },
    x: { label: null, type: "utc" },
    y: { label: spec.y, grid: true, zero: true },
    color: { legend: true, range: COLOURS },
    marks: [
      Plot.lineY(data, { x: "month", y: "count", stroke: "measure", strokeWidth: 2.5 }),
      Plot.dot(data, { x: "month", y: "count", fill: "measure", r: 3 }),
      Plot.ruleY([0], { stroke: GREY }),
    ],
  });
}

function scaling(spec, width) {
  const data = spec.data.map((p) => ({ ...p, day: new Date(p.day) }));
  return Plot.plot({
    width,
    height: 280,
    marginBottom: 40,
    marginRight: 30,
    style: { fontSize: "14px" },
    x: { label: null, type: "utc", ticks: 5 },
    y: { label: spec.y, grid: true, domain: [0, 10] },
    color: { legend: true, range: COLOURS },
    marks: [
      Plot.lineY(data, { x: "day", y: "score", stroke: "voice", strokeWidth: 2.5 }),
      Plot.dot(data, { x: "day", y: "score", fill: "voice", r: 4 }),
    ],
  });
}

// Two periods side by side per group (a quarter against the same quarter a year earlier).
function paired(spec, width) {
  return Plot.plot({
    width,
    height: 280,
    style: { fontSize: "14px" },
    fx: { label: null, domain: [...new Set(spec.data.map((r) => r.label))] },
    x: { axis: null, domain: [...new Set(spec.data.map((r) => r.period))] },
    y: counts(spec),
    color: { legend: true, range: [GREY, BLUE] },
    marks: [Plot.barY(spec.data, { fx: "label", x: "period", y: "value", fill: "period" }), Plot.ruleY([0])],
  });
}

// A suppressed group has no figure to draw: it is named, and the words say why its bar is missing.
function suppressedText(rows, options) {
  return Plot.text(rows, { ...options, x: 0, text: () => "Suppressed: too few answers", textAnchor: "start", dx: 4, fill: GREY, fontStyle: "italic" });
}

// Questions are long: each is written above its own bars, across the whole chart, rather than squeezed beside them.
function questionHeadings(questions, marginLeft, width) {
  return Plot.text(questions, { fy: (d) => d, text: (d) => d, frameAnchor: "top-left", dy: -20, dx: -marginLeft, fontWeight: "bold", lineWidth: width / 8, textOverflow: "ellipsis" });
}

const PARTS = {
  "Negative (1 or 2)": "#d4351c",
  "Neutral (3)": "#b1b4b6",
  "Positive (4 or 5)": BLUE,
  No: "#b1b4b6",
  Yes: BLUE,
};

function answers(spec, width) {
  return Plot.plot({
    width,
    height: spec.domain.length * 58 + 90,
    marginLeft: 10,
    marginRight: 20,
    marginTop: 30,
    style: { fontSize: "14px" },
    x: { label: spec.x, domain: [0, 100], grid: true },
    y: { axis: null },
    fy: { domain: spec.domain, label: null, axis: null, padding: 0.5 },
    color: { legend: true, domain: Object.keys(PARTS), range: Object.values(PARTS) },
    marks: [
      Plot.barX(spec.data, Plot.stackX({ fy: "label", x: "percent", fill: "part", order: Object.keys(PARTS) })),
      suppressedText(spec.suppressed, { fy: (d) => d }),
      questionHeadings(spec.domain, 10, width),
      Plot.ruleX([0]),
    ],
  });
}

function pods(spec, width) {
  return Plot.plot({
    width,
    height: spec.domain.length * 26 + 70,
    marginLeft: 150,
    marginRight: 20,
    style: { fontSize: "14px" },
    x: { label: spec.x, domain: [0, 100], grid: true },
    y: { domain: spec.domain, label: null },
    marks: [
      Plot.barX(spec.data, { y: "pod", x: "percent", fill: BLUE }),
      suppressedText(spec.suppressed, { y: (d) => d }),
      Plot.ruleX([0]),
    ],
  });
}

const KINDS = { "capacity-bars": capacityBars, columns, lines, scaling, paired, answers, pods };

function draw(figure) {
  const spec = JSON.parse(figure.querySelector(".portal-chart__spec").textContent);
  const canvas = figure.querySelector(".portal-chart__canvas");
  const make = KINDS[spec.kind];
  if (!make || typeof Plot === "undefined" || spec.data.length === 0) return;
  const chart = make(spec, Math.max(280, canvas.clientWidth || 480));
  chart.style.fontSize = "14px";
  chart.setAttribute("aria-hidden", "true");
  canvas.replaceChildren(chart);
  figure.classList.add("portal-chart--drawn");
}

document.querySelectorAll("[data-chart]").forEach(draw);
