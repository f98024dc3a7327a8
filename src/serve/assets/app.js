// newsidx serve: the page's client. The state lives in the URL query string
// (q, since, until, speaker, handle, tab, page, key, normalize); every view is
// rebuilt from it. Text from the index is only ever set with textContent or
// text nodes, never parsed as HTML.
"use strict";

const PAGE = 10;            // hits per page
const QUOTES_PAGE = 20;     // quotations per page
const KWIC_LIMIT = 200;     // concordance lines
const FILTERS = ["since", "until", "speaker", "handle"];

const $ = (id) => document.getElementById(id);

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "onclick") e.addEventListener("click", v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return e;
}

/** The current state, read from the address bar. */
function state() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get("q") || "", tab: p.get("tab") || "hits", page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
              key: p.get("key") || "", normalize: p.get("normalize") === "1" };
  for (const f of FILTERS) s[f] = p.get(f) || "";
  return s;
}

/** The page URL for state `s`. */
function pageUrl(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const f of FILTERS) if (s[f]) p.set(f, s[f]);
  if (s.tab && s.tab !== "hits") p.set("tab", s.tab);
  if (s.page > 1) p.set("page", String(s.page));
  if (s.key) p.set("key", s.key);
  if (s.normalize) p.set("normalize", "1");
  const qs = p.toString();
  return "/" + (qs ? "?" + qs : "");
}

/** Moves to state `s` (a new history entry) and renders it. */
function go(s) {
  history.pushState(null, "", pageUrl(s));
  render();
}

/** A link to state `s` that navigates without reloading. */
function link(s, text, cls) {
  return el("a", { href: pageUrl(s), class: cls, onclick: (ev) => {
    if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    go(s);
  } }, text);
}

/** API parameters of the query and filters of `s`. */
function apiParams(s, extra) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const f of FILTERS) if (s[f]) p.set(f, s[f]);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, String(v));
  return p;
}

/** GET /api/PATH?params; rejects with the server's one-line error. */
async function api(path, params) {
  const qs = params ? params.toString() : "";
  const r = await fetch("/api/" + path + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({ error: "the server answered " + r.status }));
  if (!r.ok) throw new Error(body.error || "the server answered " + r.status);
  const w = r.headers.get("X-Newsidx-Warning");
  if (w) {
    for (const line of w.split(",")) warnings.add(decodeURIComponent(line.trim().replace(/\+/g, " ")));
  }
  return body;
}

/** Warnings about the query (lenient reading, "did you mean") of the current render. */
let warnings = new Set();

/** `text` with byte ranges `[start, end)` (UTF-8) wrapped in <mark>. */
function highlighted(text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const out = [];
  let at = 0;
  for (const [s, e] of (ranges || []).slice().sort((a, b) => a[0] - b[0])) {
    if (s < at || e > bytes.length || s >= e) continue;
    if (s > at) out.push(document.createTextNode(dec.decode(bytes.subarray(at, s))));
    out.push(el("mark", {}, dec.decode(bytes.subarray(s, e))));
    at = e;
  }
  if (at < bytes.length) out.push(document.createTextNode(dec.decode(bytes.subarray(at))));
  return out;
}

function fileName(path) {
  return (path || "").split("/").pop();
}

function showError(message) {
  const e = $("error");
  e.textContent = message || "";
  e.hidden = !message;
}

/** Fills the form and tabs from `s`. */
function syncForm(s) {
  $("q").value = s.q;
  for (const f of FILTERS) $(f).value = s[f];
  $("normalize").checked = s.normalize;
  for (const a of document.querySelectorAll("#tabs a")) {
    const tab = a.dataset.tab;
    a.classList.toggle("active", !s.key && tab === s.tab);
    a.setAttribute("href", pageUrl({ ...s, tab, page: 1, key: "" }));
  }
}

function activeFilters(s) {
  const parts = [];
  for (const f of FILTERS) {
    if (!s[f]) continue;
    parts.push(el("span", { class: "active-filter" }, f + ": " + s[f] + " ",
      link({ ...s, [f]: "", page: 1 }, "×", "remove")));
  }
  return parts;
}

async function renderHits(s, main) {
  if (!s.q) {
    main.append(el("p", { class: "summary" }, "Type a query to list matching articles; the timeline and the top lists show the whole index."));
    return;
  }
  const r = await api("search", apiParams(s, { limit: PAGE, offset: (s.page - 1) * PAGE }));
  const first = (s.page - 1) * PAGE + 1;
  const last = first + r.hits.length - 1;
  main.append(el("p", { class: "summary", id: "summary" },
    r.total === 0 ? "No article matches." : `Articles ${first}–${last} of ${r.total}`, " ", activeFilters(s)));
  const list = el("ol", { class: "hits", id: "hits", start: first });
  for (const h of r.hits) {
    list.append(el("li", { class: "hit", "data-key": h.key },
      el("h3", {}, link({ ...s, key: h.key }, h.title || fileName(h.path))),
      el("div", { class: "meta" }, [h.date || "undated", h.speakers.length ? "quoting " + h.speakers.join(", ") : null,
        h.handles.length ? "@" + h.handles.join(" @") : null].filter(Boolean).join(" · ")),
      el("p", { class: "snippet" }, highlighted(h.snippet.text, h.snippet.highlights))));
  }
  main.append(list);
  main.append(pager(s, r.total, PAGE));
}

function pager(s, total, size) {
  const pages = Math.max(1, Math.ceil(total / size));
  return el("nav", { class: "pager", "aria-label": "Pages" },
    s.page > 1 ? link({ ...s, page: s.page - 1 }, "‹ Previous", "prev") : null,
    el("span", {}, `page ${Math.min(s.page, pages)} of ${pages}`),
    s.page < pages ? link({ ...s, page: s.page + 1 }, "Next ›", "next") : null);
}

async function renderQuotes(s, main) {
  const r = await api("quotes", apiParams(s, { limit: QUOTES_PAGE, offset: (s.page - 1) * QUOTES_PAGE }));
  const first = (s.page - 1) * QUOTES_PAGE + 1;
  main.append(el("p", { class: "summary", id: "summary" },
    r.total === 0 ? "No quotation matches." : `Quotations ${first}–${first + r.quotes.length - 1} of ${r.total}`, " ", activeFilters(s)));
  const list = el("ol", { class: "quotes", id: "quotes", start: first });
  for (const q of r.quotes) {
    list.append(el("li", { class: "quote", "data-key": q.key },
      el("div", {}, link({ ...s, speaker: q.speaker, page: 1 }, q.speaker, "speaker"),
        el("span", { class: "meta" }, " · " + (q.date || "undated") + (q.kind === "tweet" ? " · tweet" : ""))),
      el("p", { class: "text" }, "“", highlighted(q.text, q.highlights), "”"),
      link({ ...s, key: q.key }, "article " + fileName(q.path), "open")));
  }
  main.append(list);
  main.append(pager(s, r.total, QUOTES_PAGE));
}

async function renderKwic(s, main) {
  if (!s.q) {
    main.append(el("p", { class: "summary" }, "Type a query to see every match in its context."));
    return;
  }
  const r = await api("kwic", apiParams(s, { width: 40, limit: KWIC_LIMIT }));
  main.append(el("p", { class: "summary", id: "summary" },
    r.total === 0 ? "No match." : (r.total === null ? `First ${r.lines.length} matches` : `${r.lines.length} of ${r.total} matches`), " ", activeFilters(s)));
  const body = el("tbody", {});
  for (const l of r.lines) {
    body.append(el("tr", { "data-key": l.key },
      el("td", { class: "meta" }, l.date || ""),
      el("td", { class: "left" }, el("span", {}, l.left)),
      el("td", { class: "match" }, link({ ...s, key: l.key }, l.match)),
      el("td", { class: "right" }, l.right)));
  }
  main.append(el("div", { class: "kwic-wrap" }, el("table", { class: "kwic", id: "kwic" }, body)));
}

async function renderArticle(s, main) {
  const d = await api("show/" + encodeURIComponent(s.key));
  const body = el("div", { class: "body", id: "body" });
  const bytes = new TextEncoder().encode(d.body);
  const dec = new TextDecoder();
  let at = 0;
  const quotes = d.quotes.slice().sort((a, b) => a.start - b.start);
  for (const q of quotes) {
    if (q.start < at || q.end > bytes.length) continue;
    body.append(document.createTextNode(dec.decode(bytes.subarray(at, q.start))));
    body.append(el("q", { title: q.speaker ? "said by " + q.speaker : "unattributed", "data-speaker": q.speaker || "" },
      dec.decode(bytes.subarray(q.start, q.end)),
      q.speaker ? el("span", { class: "who" }, " — " + q.speaker) : null));
    at = q.end;
  }
  body.append(document.createTextNode(dec.decode(bytes.subarray(at))));
  const back = link({ ...s, key: "" }, "‹ back to the results", "back");
  main.append(el("article", { class: "doc", id: "article" },
    el("p", {}, back),
    el("h1", {}, d.title || fileName(d.path)),
    el("div", { class: "meta" }, [d.date || "undated", d.source, "key " + d.key].filter(Boolean).join(" · ")),
    el("div", { class: "meta speakers" }, d.speakers.length ? "Speakers: " : null,
      d.speakers.map((sp, i) => [i ? ", " : "", link({ ...s, key: "", tab: "quotes", speaker: sp, page: 1 }, sp)])),
    d.url ? el("div", { class: "meta" }, "Source URL: " + d.url) : null,
    body));
}

/** The timeline of the matches as SVG bars (share of all articles with normalize). */
async function renderTimeline(s) {
  const box = $("timeline");
  const t = await api("timeline", apiParams(s, s.normalize ? { normalize: "true" } : {}));
  box.replaceChildren();
  const rows = t.rows;
  if (rows.length === 0) {
    box.append(el("p", { class: "meta" }, "No dated article matches."));
    return;
  }
  const NS = "http://www.w3.org/2000/svg";
  const W = 300, H = 120, pad = 14;
  const value = (r) => s.normalize ? (r.share || 0) : r.articles;
  const max = Math.max(...rows.map(value)) || 1;
  const bw = (W - 4) / rows.length;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H + pad}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("id", "timeline-svg");
  svg.setAttribute("aria-label", `matching articles per ${t.by}`);
  rows.forEach((r, i) => {
    const h = value(r) / max * H;
    const rect = document.createElementNS(NS, "rect");
    rect.setAttribute("class", "bar");
    rect.setAttribute("x", String(2 + i * bw + bw * 0.1));
    rect.setAttribute("width", String(Math.max(1, bw * 0.8)));
    rect.setAttribute("y", String(H - h));
    rect.setAttribute("height", String(h));
    rect.setAttribute("data-period", r.period);
    rect.setAttribute("data-articles", String(r.articles));
    if (s.normalize) rect.setAttribute("data-share", String(r.share || 0));
    const title = document.createElementNS(NS, "title");
    title.textContent = `${r.period}: ${r.articles} articles` + (s.normalize ? ` of ${r.total} (${(100 * (r.share || 0)).toFixed(1)} %)` : "");
    rect.append(title);
    svg.append(rect);
  });
  const axis = document.createElementNS(NS, "line");
  axis.setAttribute("x1", "0");
  axis.setAttribute("x2", String(W));
  axis.setAttribute("y1", String(H + 0.5));
  axis.setAttribute("y2", String(H + 0.5));
  axis.setAttribute("class", "axis");
  svg.append(axis);
  for (const [i, anchor] of [[0, "start"], [rows.length - 1, "end"]]) {
    const label = document.createElementNS(NS, "text");
    label.setAttribute("x", String(anchor === "start" ? 2 : W - 2));
    label.setAttribute("y", String(H + pad - 2));
    label.setAttribute("text-anchor", anchor);
    label.textContent = rows[i].period;
    svg.append(label);
    if (rows.length === 1) break;
  }
  box.append(svg);
  box.append(el("p", { class: "meta" }, `${t.matched} articles` + (t.undated ? `, ${t.undated} undated` : "") + `, by ${t.by}`));
}

/** Top speakers and handles of the matches, each a link filtering by it. */
async function renderTop(s, what, listId, filter) {
  const t = await api("top/" + what, apiParams(s, { limit: 10 }));
  const list = $(listId);
  list.replaceChildren();
  for (const r of t.rows) {
    list.append(el("li", {}, link({ ...s, [filter]: r.value, page: 1, key: "" }, r.value), " ",
      el("span", { class: "count" }, String(r.articles))));
  }
  if (t.rows.length === 0) list.append(el("li", { class: "meta none" }, "none"));
}

let generation = 0;

/** Rebuilds every view from the address bar. */
async function render() {
  const s = state();
  const mine = ++generation;
  syncForm(s);
  showError("");
  warnings = new Set();
  const main = $("main");
  main.replaceChildren();
  main.setAttribute("aria-busy", "true");
  document.title = (s.q ? s.q + " — " : "") + "newsidx";
  const view = s.key ? renderArticle : s.tab === "quotes" ? renderQuotes : s.tab === "kwic" ? renderKwic : renderHits;
  const jobs = [view(s, main), renderTimeline(s),
    renderTop(s, "speakers", "top-speakers", "speaker"), renderTop(s, "handles", "top-handles", "handle")];
  const results = await Promise.allSettled(jobs);
  if (mine !== generation) return;
  const failed = results.find((r) => r.status === "rejected");
  if (failed) showError(failed.reason.message);
  const wbox = $("warnings");
  wbox.textContent = [...warnings].join(" · ");
  wbox.hidden = warnings.size === 0;
  main.setAttribute("aria-busy", "false");
  document.body.dataset.ready = String(mine);
}

function init() {
  $("search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const s = state();
    s.q = $("q").value.trim();
    for (const f of FILTERS) s[f] = $(f).value.trim();
    s.page = 1;
    s.key = "";
    go(s);
  });
  $("normalize").addEventListener("change", () => go({ ...state(), normalize: $("normalize").checked }));
  for (const a of document.querySelectorAll("#tabs a")) {
    a.addEventListener("click", (ev) => {
      ev.preventDefault();
      go({ ...state(), tab: a.dataset.tab, page: 1, key: "" });
    });
  }
  window.addEventListener("popstate", render);
  render();
}

document.addEventListener("DOMContentLoaded", init);
