// The console page: state from /state once, then from /events every second (server-sent events); commands are POSTs.
// Every tab shows what the server holds, so two tabs on the same game day see the same thing.
"use strict";
const token = new URLSearchParams(location.search).get("token") || "";
const $ = id => document.getElementById(id);
const charts = {};          // "az via endpoint" -> {plot, data, tile, label}
let catalogue = [];
let topologyShown = "";

function post(path, body) {
  body.by = $("who").value;
  return fetch(path, {method: "POST", headers: {"Content-Type": "application/json", "X-Gameday-Token": token},
    body: JSON.stringify(body)})
    .then(r => r.json().then(j => { if (!r.ok) throw new Error(j.error || r.status); return j; }))
    .then(j => { say("done: " + JSON.stringify(j), false); return j; })
    .catch(e => say(e.message, true));
}

function say(text, error) {
  $("message").textContent = text;
  $("message").className = error ? "error" : "";
}

function text(el, value) { if (el.textContent !== String(value)) el.textContent = value; }

// Redrawn only when the items changed: a button under the pointer must not be replaced every second.
function list(el, items, render) {
  const shown = JSON.stringify(items);
  if (el.dataset.shown === shown) return;
  el.dataset.shown = shown;
  el.replaceChildren(...items.map(item => { const li = document.createElement("li"); render(li, item); return li; }));
}

function chart(series) {
  const key = series.az + " via " + series.endpoint;
  if (charts[key]) return charts[key];
  const tile = document.createElement("div");
  tile.className = "tile";
  tile.dataset.series = key;
  const label = document.createElement("div");
  tile.appendChild(label);
  $("charts").appendChild(tile);
  const data = [[], [], [], []];
  const plot = new uPlot({width: 320, height: 150, legend: {show: false},
    scales: {x: {time: false}, ratio: {range: [0, 1.01]}, ms: {distr: 3}},
    axes: [{}, {scale: "ratio", size: 36}, {scale: "ms", side: 1, size: 40}],
    series: [{}, {label: "success", scale: "ratio", stroke: "#2e7d32"},
      {label: "mean ms", scale: "ms", stroke: "#1565c0"}, {label: "max ms", scale: "ms", stroke: "#90a4ae"}]},
    data, tile);
  return charts[key] = {plot, data, tile, label, key};
}

function addPoints(series) {
  const c = chart(series);
  for (const [t, calls, ratio, mean, max] of series.points) {
    const last = c.data[0].length ? c.data[0][c.data[0].length - 1] : -1;
    if (t <= last) continue;
    c.data[0].push(t); c.data[1].push(ratio); c.data[2].push(mean === null ? null : Math.max(mean, 0.1));
    c.data[3].push(Math.max(max, 0.1));
    c.last = {calls, ratio};
  }
  if (c.data[0].length > 600) c.data.forEach(a => a.splice(0, a.length - 600));
  c.plot.setData(c.data);
  const ratio = c.last ? c.last.ratio : null;
  c.tile.className = "tile " + (ratio === null ? "" : ratio >= 0.99 ? "green" : ratio >= 0.9 ? "amber" : "red");
  c.tile.dataset.ratio = ratio === null ? "" : ratio;
  text(c.label, c.key + ": " + (c.last ? c.last.calls + " calls/s, " + (ratio === null ? "-" : (ratio * 100).toFixed(1) + "% ok") : ""));
}

function showCatalogue(types) {
  if (catalogue.length) return;
  catalogue = types;
  $("fault-type").replaceChildren(...types.map(t => new Option(t.type, t.type)));
  declaration();
}

function showTopology(topology) {
  const shown = JSON.stringify(topology);
  if (shown === topologyShown || !topology.nodes) return;
  const first = topologyShown === "";
  topologyShown = shown;
  const body = $("topology").tBodies[0];
  body.replaceChildren(...topology.nodes.map(n => {
    const tr = document.createElement("tr");
    tr.dataset.node = n.name;
    tr.dataset.state = n.state.join(" ");
    tr.innerHTML = "<td></td><td></td><td class=state></td><td class=leads></td>";
    tr.cells[0].textContent = n.name; tr.cells[1].textContent = n.az;
    tr.cells[2].textContent = n.state.join(", "); tr.cells[3].textContent = n.leads.join(", ");
    return tr;
  }));
  text($("routers"), topology.routers.map(r => r.name).join(", "));
  $("groups").tBodies[0].replaceChildren(...Object.entries(topology.groups).map(([group, leader]) => {
    const tr = document.createElement("tr");
    tr.dataset.group = group; tr.dataset.leader = leader;
    tr.innerHTML = "<td></td><td></td>";
    tr.cells[0].textContent = group; tr.cells[1].textContent = leader;
    return tr;
  }));
  if (first || !$("target-node").options.length) {
    $("target-node").replaceChildren(...topology.nodes.map(n => new Option(n.name, n.name)));
    $("target-az").replaceChildren(...topology.azs.map(a => new Option(a, a)));
    declaration();
  }
}

function show(state, full) {
  text($("experiment"), state.experiment);
  text($("status"), state.status);
  text($("phase"), state.phase);
  text($("elapsed"), Math.round(state.elapsed));
  text($("verdict"), state.verdict || "-");
  $("verdict").className = state.verdict || "";
  text($("run-dir"), state.runDirectory ? "run directory: " + state.runDirectory : "");
  list($("reasons"), state.reasons || [], (li, r) => li.textContent = r);
  if (full) Object.values(charts).forEach(c => c.data.forEach(a => a.length = 0));
  state.series.forEach(addPoints);
  showCatalogue(state.catalogue);
  showTopology(state.topology);
  list($("active-faults"), state.activeFaults, (li, f) => {
    li.dataset.fault = f.id;
    li.textContent = "#" + f.id + " " + f.what + " " + JSON.stringify(f.nodes) + " since " + Math.round(f.since) + " s ("
      + f.source + ") ";
    const heal = document.createElement("button");
    heal.textContent = "heal"; heal.className = "heal"; heal.dataset.id = f.id;
    heal.onclick = () => post("heal", {id: f.id});
    li.appendChild(heal);
  });
  list($("journal"), state.journal.slice().reverse(), (li, j) => {
    li.className = j.kind;
    li.textContent = "+" + Math.round(j.elapsed) + " s " + j.at.substring(11, 19) + " [" + j.by + "] " + j.text;
  });
  list($("stop-conditions"), state.stopConditions.length ? state.stopConditions : ["none armed"], (li, c) => li.textContent = c);
  text($("stopped"), state.stopped ? "STOP CONDITION FIRED: " + state.stopped + ". Every fault was healed; no more are injected." : "");
  text($("alarms"), state.alarms.length ? state.alarms.join(", ") : "none");
}

// The pickers write the declaration; the operator may edit it before injecting.
function declaration() {
  const type = $("fault-type").value;
  const entry = catalogue.find(t => t.type === type) || {};
  const fault = entry.example ? JSON.parse(entry.example) : {type};
  fault.type = type;
  const kind = $("target-kind").value;
  const n = parseInt($("target-number").value, 10) || 1;
  const targets = {node: {node: $("target-node").value}, az: {az: $("target-az").value},
    leader: {partitionLeader: {table: $("target-table").value, partition: parseInt($("target-partition").value, 10) || 0}},
    count: {random: {count: n}}, percent: {random: {percent: n}}};
  if (kind === "none") delete fault.target; else if (fault.target === undefined || kind !== "keep") fault.target = targets[kind];
  $("fault-json").value = JSON.stringify(fault, null, 1);
}

["fault-type", "target-kind", "target-node", "target-az", "target-table", "target-partition", "target-number"]
  .forEach(id => $(id).addEventListener("change", declaration));
$("inject").onclick = () => {
  let fault;
  try { fault = JSON.parse($("fault-json").value); } catch (e) { say("the declaration is not JSON: " + e.message, true); return; }
  post("inject", {fault});
};
$("heal-all").onclick = () => post("heal-all", {});
$("add-note").onclick = () => post("note", {text: $("note-text").value}).then(j => { if (j) $("note-text").value = ""; });
$("end").onclick = () => { if (window.confirm("End the game day? Every fault is healed, then the run is judged.")) post("end", {}); };

fetch("state", {headers: {"X-Gameday-Token": token}}).then(r => r.json()).then(s => {
  $("target-table").value = "";
  show(s, true);
  const events = new EventSource("events");
  let firstEvent = true;
  events.onmessage = e => { show(JSON.parse(e.data), firstEvent); firstEvent = false; };
});
