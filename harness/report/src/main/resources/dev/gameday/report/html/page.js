// Shared by report.html and index.html: building the DOM from the page's JSON without innerHTML, so that no
// value from a run (an error message, a key) can inject markup.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) { if (v != null) e.setAttribute(k, v); }
  for (const c of children) { e.append(c == null ? "" : (c instanceof Node ? c : String(c))); }
  return e;
}
function table(headers, rows) {
  return el("table", {}, el("tr", {}, ...headers.map(h => el("th", {}, h))),
    ...rows.map(r => el("tr", {}, ...r.map(c => el("td", {}, c)))));
}
// Seconds as m:ss, the charts' and tables' time format.
function clock(v) {
  if (v == null) return "—";
  const m = Math.floor(v / 60), s = Math.round(v - m * 60);
  return m + ":" + String(s).padStart(2, "0");
}
