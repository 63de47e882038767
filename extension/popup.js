// Sesame's popup: reads the background's record of the tab's 401/403/407,
// reads the error page (bounded), asks the Go helper for the diagnosis and
// the plan, shows them, runs the probes the plan asks for (same origin,
// GET only, bounded, only while the popup is open) and shows the plan
// again with what they found. Go decides; this file runs browser APIs and
// renders. Go is loaded here, lazily, only when the tab has a record.
//
// The tab is the active tab of the current window, or ?tab=<id> (tests and
// "open in a tab"). DOM contract, used by the browser tests (see also
// /work/notes/issue4-contract.md):
//   <main id="app" data-state="loading|none|report|error"
//     data-probes="running|done" data-cleared="1" data-copied="1">,
//   #title (an h1 in every state), #explain, #facts, #warnings,
//   #actions > button.action[data-kind][data-url][data-working][data-host],
//   #confirm (#confirm-yes, #confirm-no), #watch-status[data-state],
//   #archive[data-state][data-source] (#archive-closest, #archive-more),
//   #contacts > li[data-kind][data-expired], #details, #none, #error;
//   <html data-timing="<ms>" data-go-load="<ms>"> once the first final
//   state is on screen (the report before the probes, "none" or an error),
//   and data-ready="1" data-ready-all="<ms>" once every probe is done and
//   the plan is shown again: from then on the buttons stay put.
// Every piece of page- or server-derived text is set with textContent;
// nothing becomes HTML.
"use strict";

const started = performance.now();

// MAX_BODY bounds the error page text handed to Go (UTF-16 units).
const MAX_BODY = 512 * 1024;
// BODY_TIMEOUT bounds the wait for the page's text, in milliseconds.
const BODY_TIMEOUT = 1000;
// Probes: at most PROBE_CONCURRENCY at once, each given PROBE_TIMEOUT ms
// (body included) and at most PROBE_MAX_BYTES of body whatever Go asks.
const PROBE_CONCURRENCY = 4;
const PROBE_TIMEOUT = 3000;
const PROBE_MAX_BYTES = 2 << 20;
// PROBE_ROUNDS bounds the rounds of probes (Go plans at most 2).
const PROBE_ROUNDS = 4;
// Archive lookup: the relay is given RELAY_TIMEOUT ms (its timeout=
// parameter) and RELAY_GRACE more before Sesame stops waiting; the direct
// Wayback request WAYBACK_TIMEOUT ms and at most WAYBACK_MAX_BYTES.
const RELAY_TIMEOUT = 6000;
const RELAY_GRACE = 2000;
const RELAY_MAX_BYTES = 1 << 20;
const WAYBACK_TIMEOUT = 6000;
const WAYBACK_MAX_BYTES = 1 << 20;

// Action kinds that open their URL in the tab.
const NAVIGATE = new Set(["login", "register", "reset", "https", "parent", "home", "typo", "contact"]);

// Firefox has runtime.getBrowserInfo; Chrome does not.
const FIREFOX = typeof api.runtime.getBrowserInfo === "function";

const $ = (id) => document.getElementById(id);

// The popup's state, filled by main().
const S = {
  tabId: -1,
  record: null,
  report: null,
  input: null, // plan.Input sent to Go
  plan: null,
  sesame: null,
  config: { relayURL: "", waybackURL: "", archives: [] },
  options: { relayURL: null, dropQuery: false, archives: null, waybackURL: null },
  granted: { browsingData: false, watch: false },
  watch: null, // this page's watch entry, if any
  confirmYes: null, // the pending confirmation's action
};

function localize() {
  const root = document.documentElement;
  root.lang = uiLanguage();
  root.dir = msg("@@bidi_dir") || "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = msg(el.dataset.i18n);
}

// ---- Tab, record and page. ----

async function targetTab() {
  const q = new URLSearchParams(location.search).get("tab");
  if (q !== null) {
    if (!/^\d{1,10}$/.test(q)) throw new PopupError("errorBadTab", `?tab=${q}`);
    return api.tabs.get(Number(q)).catch(() => { throw new PopupError("errorNoTab", `?tab=${q}`); });
  }
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (!tab || tab.id === undefined || tab.id < 0) throw new PopupError("errorNoTab", "");
  return tab;
}

async function readRecord(tabId) {
  const key = `tab:${tabId}`;
  const got = await api.storage.session.get(key);
  const r = got[key];
  if (!r || typeof r.url !== "string" || !Number.isInteger(r.status)) return null;
  return r;
}

// stillShown reports whether the tab still shows the flagged page. Without
// the "tabs" permission Chrome 156 hides tab.url for pages Sesame has no
// host permission for (chrome://…): a missing URL is not the flagged
// page. A tab that finished loading something that is not http(s)
// (chrome://version/, Firefox's about:blank) has moved on for good, and
// the background is told to forget the record.
function stillShown(tab, record) {
  if (sameDocument(tab.url, record.url)) return true;
  if (tab.status === "complete" && !httpURL(tab.url)) {
    api.runtime.sendMessage({ type: "forget", tabId: tab.id }).catch(() => {});
  }
  return false;
}

// readPage returns the flagged page's HTML, at most MAX_BODY characters, or
// "" when it cannot be read: browser error pages (Chrome shows
// chrome-error:// for an empty 401 body), restricted pages, a tab that moved
// on, or a page too busy to answer in time.
async function readPage(tabId, url) {
  try {
    const run = api.scripting.executeScript({ target: { tabId }, func: pageHTML, args: [MAX_BODY], injectImmediately: true });
    const results = await Promise.race([run, new Promise((resolve) => setTimeout(resolve, BODY_TIMEOUT, null))]);
    const got = results?.[0]?.result;
    if (!got || typeof got.html !== "string" || !sameDocument(got.url, url)) return "";
    return got.html.slice(0, MAX_BODY);
  } catch {
    return "";
  }
}

// pageHTML runs in the page: it serialises the head and the body's children
// in order and stops once max characters are collected.
function pageHTML(max) {
  let html = "";
  const add = (s) => {
    if (html.length < max) html += s.slice(0, max - html.length);
  };
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (document.title) add(`<title>${esc(document.title)}</title>`);
  if (document.body) {
    add("<body>");
    for (const n of document.body.childNodes) {
      if (html.length >= max) break;
      if (n.nodeType === Node.ELEMENT_NODE) add(n.outerHTML);
      else if (n.nodeType === Node.TEXT_NODE) add(esc(n.data));
    }
  }
  return { url: location.href, html };
}

// environment names the browser and the system for the report's details
// ("Firefox 153.0", "Chrome 156", "Linux x86-64").
async function environment() {
  let browser = "";
  try {
    if (FIREFOX) {
      const b = await api.runtime.getBrowserInfo();
      browser = `${b.name} ${b.version}`;
    }
  } catch {
    // Keep the user agent's words below.
  }
  if (!browser) {
    const brands = navigator.userAgentData?.brands ?? [];
    const b = brands.find((x) => !/not.a.brand|^chromium$/i.test(x.brand)) ?? brands.find((x) => /chromium/i.test(x.brand));
    if (b) browser = `${b.brand} ${b.version}`;
    else browser = navigator.userAgent.match(/(Firefox|Chrome|Chromium)\/[\d.]+/)?.[0].replace("/", " ") ?? "";
  }
  let os = "";
  try {
    const p = await api.runtime.getPlatformInfo();
    const names = { mac: "macOS", win: "Windows", linux: "Linux", cros: "ChromeOS", android: "Android", openbsd: "OpenBSD", fuchsia: "Fuchsia" };
    os = `${names[p.os] ?? p.os} ${p.arch ?? ""}`.trim();
  } catch {
    os = navigator.platform ?? "";
  }
  return { browser, os };
}

async function loadConfig() {
  try {
    const c = await (await fetch(api.runtime.getURL("config.json"))).json();
    S.config = {
      relayURL: typeof c.relayURL === "string" ? c.relayURL : "",
      waybackURL: typeof c.waybackURL === "string" ? c.waybackURL : "",
      archives: Array.isArray(c.archives) ? c.archives.filter((a) => typeof a?.id === "string") : [],
    };
  } catch (err) {
    console.error("sesame: config.json:", err);
  }
  try {
    const { options } = await api.storage.local.get("options");
    if (options && typeof options === "object") {
      S.options = {
        relayURL: typeof options.relayURL === "string" && options.relayURL ? options.relayURL : null,
        dropQuery: options.dropQuery === true,
        archives: Array.isArray(options.archives) ? options.archives.filter((x) => typeof x === "string") : null,
        waybackURL: typeof options.waybackURL === "string" && options.waybackURL ? options.waybackURL : null,
      };
    }
  } catch (err) {
    console.error("sesame: options:", err);
  }
}

// relayURL is the relay the person chose, else the one built in.
function relayURL() {
  return (S.options.relayURL || S.config.relayURL || "").replace(/\/+$/, "");
}

async function loadGranted() {
  const has = (permissions) => api.permissions.contains({ permissions }).catch(() => false);
  [S.granted.browsingData, S.granted.watch] = await Promise.all([has(["browsingData"]), has(["notifications"])]);
}

// ---- Go. ----

let goLoad = null;
let goPromise = null;

// loadGo starts the Go helper once and resolves to globalThis.sesame.
function loadGo() {
  goPromise ??= (async () => {
    const t = performance.now();
    let sesame;
    try {
      sesame = await startGo();
    } catch (err) {
      throw new PopupError("errorGoStart", err?.message);
    }
    goLoad = performance.now() - t;
    return sesame;
  })();
  return goPromise;
}

async function goCall(name, value, errorKey) {
  if (typeof S.sesame?.[name] !== "function") throw new PopupError(errorKey, `the Go helper has no ${name}()`);
  try {
    return JSON.parse(await S.sesame[name](JSON.stringify(value)));
  } catch (err) {
    throw new PopupError(errorKey, err?.message);
  }
}

// ---- Probes. ----

// runProbes asks Go which requests to make, makes them, and asks again
// with the results until Go asks for nothing more; the plan is shown
// again after each round.
async function runProbes() {
  const app = $("app");
  app.dataset.probes = "running";
  $("probe-status").textContent = msg("popupProbing");
  $("probe-status").hidden = false;
  const origin = new URL(S.record.url).origin;
  try {
    for (let round = 0; round < PROBE_ROUNDS; round++) {
      const list = await goCall("probes", S.input, "errorPlan");
      if (!Array.isArray(list) || list.length === 0) break;
      const results = await pool(list, PROBE_CONCURRENCY, (p) => runProbe(p, origin));
      S.input.results.push(...results);
      S.plan = await goCall("decide", S.input, "errorPlan");
      renderPlan();
    }
  } catch (err) {
    console.error("sesame: probes:", err);
  } finally {
    $("probe-status").hidden = true;
    finishAll();
  }
}

// pool runs fn on every item, at most n at once, and returns the results
// in order.
async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

// runProbe makes one request Go asked for and returns its plan.Result. It
// refuses, whatever Go said, a URL of another origin than the page's and
// any method but GET and HEAD (a safety net, not a decision).
async function runProbe(p, origin) {
  const result = { id: String(p?.id ?? ""), url: String(p?.url ?? ""), status: 0, finalURL: "", contentType: "", body: "" };
  const u = httpURL(p?.url);
  if (!u || u.origin !== origin || u.username || u.password) return { ...result, error: "refused: not the page's origin" };
  const method = p.method === "HEAD" ? "HEAD" : p.method === "GET" || p.method === undefined ? "GET" : null;
  if (!method) return { ...result, error: "refused: method" };
  const max = Math.min(Math.max(Number.isInteger(p.maxBytes) ? p.maxBytes : 0, 0), PROBE_MAX_BYTES);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), PROBE_TIMEOUT);
  try {
    const res = await fetch(u.href, { method, credentials: "include", redirect: "follow", cache: "no-store", signal: ctl.signal });
    result.status = res.status;
    result.finalURL = res.redirected ? res.url : "";
    result.contentType = res.headers.get("content-type") ?? "";
    if (max > 0 && method === "GET") result.body = await readCapped(res, max);
    else res.body?.cancel().catch(() => {});
    return result;
  } catch (err) {
    return { ...result, status: 0, body: "", error: ctl.signal.aborted ? "timeout" : String(err?.message ?? err).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

// readCapped reads at most max bytes of a response body, cancels the rest,
// and decodes them with the charset the response names (else UTF-8).
async function readCapped(res, max) {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks = [];
  let total = 0;
  try {
    while (total < max) {
      const { done, value } = await reader.read();
      if (done) break;
      const part = value.byteLength > max - total ? value.subarray(0, max - total) : value;
      chunks.push(part);
      total += part.byteLength;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(res.headers.get("content-type") ?? "")?.[1];
  let decoder;
  try {
    decoder = new TextDecoder(charset || "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

// ---- Rendering. ----

class PopupError extends Error {
  constructor(key, detail) {
    super(detail || key);
    this.key = key;
  }
}

function setState(state) {
  const app = $("app");
  app.dataset.state = state;
  app.removeAttribute("aria-busy");
  $("loading").hidden = true;
  $("report").hidden = state !== "report";
  $("none").hidden = state !== "none";
  $("error").hidden = state !== "error";
}

// shown records when the first final state (the report, "none" or an
// error) is on screen: data-timing and data-go-load.
function shown() {
  const root = document.documentElement.dataset;
  root.timing = (performance.now() - started).toFixed(1);
  if (goLoad !== null) root.goLoad = goLoad.toFixed(1);
}

// finishAll marks the popup as settled: every probe done and the plan
// shown (data-ready, data-ready-all, #app[data-probes="done"]). Buttons do
// not move after this.
function finishAll() {
  $("app").dataset.probes = "done";
  const root = document.documentElement.dataset;
  root.readyAll = (performance.now() - started).toFixed(1);
  root.ready = "1";
}

function showNone() {
  $("title").textContent = msg("popupNoneTitle");
  setState("none");
  shown();
  finishAll();
}

function showError(err) {
  console.error("sesame:", err);
  $("title").textContent = msg("errorTitle");
  $("error-text").textContent = msg(err?.key ?? "errorGeneric") || msg("errorGeneric");
  $("error-detail").textContent = String(err?.message ?? err ?? "");
  setState("error");
  if (!document.documentElement.dataset.timing) shown();
  finishAll();
}

function element(tag, text, attrs) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, v);
  return el;
}

function detail(text) {
  return element("span", ` ${text}`, { class: "detail" });
}

function title(report) {
  return msg(`title_${report.kind}`) || msg(`title${report.status}`) || msg("titleOther", [report.status]);
}

// renderReport shows what does not change with the probes: title,
// explanation and facts.
function renderReport(report) {
  $("title").textContent = title(report);

  const explain = $("explain");
  const keys = new Set();
  const paragraph = (m) => {
    if (!m?.key || keys.has(m.key)) return;
    keys.add(m.key);
    const text = msg(m.key, m.params);
    if (text) explain.append(element("p", text));
    else console.warn(`sesame: no message for ${m.key}`);
  };
  for (const m of report.advice ?? []) paragraph(m);
  // The core puts these in advice too; they are added only if it did not.
  if (report.substatus) paragraph({ key: report.substatus.key, params: report.substatus.params ?? [report.substatus.code] });
  if (report.block) paragraph({ key: report.block.key, params: [] });

  const facts = $("facts");
  const fact = (labelKey, value) => {
    if (!value) return;
    facts.append(element("dt", msg(labelKey)), element("dd", clip(value)));
  };
  const realms = [...new Set((report.challenges ?? []).map((c) => c.realm).filter(Boolean))];
  fact("factRealm", realms.join(", "));
  fact("factSubstatus", report.substatus?.code);
  if (report.block) {
    const vendor = report.block.name || report.block.vendor;
    const kind = msg(`blockKind_${report.block.kind}`) || report.block.kind;
    fact("factBlock", [vendor, kind].filter(Boolean).join(" — "));
    fact("factReference", report.block.reference);
  }
  fact("factRetryAfter", formatTime(report.retryAfter));
}

// renderPlan shows (again) everything the plan decides: actions, warnings,
// contacts and the report text. The focused action keeps the focus.
function renderPlan() {
  const plan = S.plan;
  const actions = $("actions");
  const focused = document.activeElement?.closest?.("#actions button.action");
  const focusKey = focused ? `${focused.dataset.kind} ${focused.dataset.url ?? ""}` : null;

  const text = mailText(plan);
  $("details").textContent = (plan.details ?? []).map(line).filter(Boolean).join("\n");

  // Go puts the nearest working folder (or home page) first among the ways
  // up: that one is marked.
  const nearest = (plan.actions ?? []).find((a) => (a.kind === "parent" || a.kind === "home") && a.working);
  const buttons = [];
  for (const a of plan.actions ?? []) {
    const b = actionButton(a, text, a === nearest);
    if (!b) continue;
    buttons.push(b);
    if (a.kind === "report") buttons.push(copyButton());
  }
  // Leave the buttons alone when the new plan shows the same ones.
  const sig = (b) => `${b.dataset.kind}\n${b.dataset.url ?? ""}\n${b.dataset.working ?? ""}\n${b.dataset.host ?? ""}\n${b.textContent}`;
  const old = [...actions.children];
  if (old.length !== buttons.length || old.some((b, i) => sig(b) !== sig(buttons[i]))) actions.replaceChildren(...buttons);
  $("actions-heading").hidden = buttons.length === 0;

  renderWarnings(plan);
  renderContacts(plan);

  if (focusKey !== null) {
    const again = [...actions.querySelectorAll("button.action")].find((b) => `${b.dataset.kind} ${b.dataset.url ?? ""}` === focusKey);
    (again ?? actions.querySelector("button"))?.focus();
  }
}

// line translates one line of the report. The diagnosis line carries the
// report kind ("forbidden"): the popup's title for that kind, the words
// the person saw, goes before it ("The site refused … (forbidden)").
function line(m) {
  if (m?.key === "detail_diagnosis") {
    const kind = String(m.params?.[0] ?? "");
    const words = msg(`title_${kind}`);
    return msg(m.key, [words ? `${words} (${kind})` : kind]);
  }
  return msg(m?.key, m?.params);
}

// mailText returns the report e-mail's subject and body, translated.
function mailText(plan) {
  const m = plan.mail ?? {};
  const subject = msg(m.subject?.key, m.subject?.params);
  const lines = (m.body ?? []).map(line).filter(Boolean);
  return { to: typeof m.to === "string" ? m.to : "", subject, lines };
}

// mailtoURL builds the prefilled e-mail (RFC 6068: line breaks as
// %0D%0A; #details and the clipboard use "\n"). Go guarantees that "to"
// is a plain address safe as it is; anything else is dropped.
function mailtoURL(text) {
  const to = /^[A-Za-z0-9._+@-]*$/.test(text.to) ? text.to : "";
  return `mailto:${to}?subject=${encodeURIComponent(text.subject)}&body=${encodeURIComponent(text.lines.join("\r\n"))}`;
}

// clip shortens page-derived text for display (a realm may be 8 KiB long).
function clip(text, max = 200) {
  const s = String(text);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function formatTime(value) {
  if (!value) return "";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(uiLanguage(), { dateStyle: "medium", timeStyle: "short" });
}

// label returns the button text for an action: the core's message key and
// parameters ("Up one folder: /a/", "Home page of example.com").
function label(a) {
  return msg(a.key, a.params) || a.kind;
}

function actionButton(a, text, nearest) {
  if (!a || typeof a.kind !== "string") return null;
  const url = webURL(a.url);
  const b = element("button", label(a), { type: "button", class: "action" });
  b.dataset.kind = a.kind;
  let onClick;
  if (NAVIGATE.has(a.kind) && url) {
    b.dataset.url = url;
    onClick = () => navigate(url);
  } else if (a.kind === "reload" || (a.kind === "login" && !a.url)) {
    onClick = () => api.tabs.reload(S.tabId).then(() => window.close(), showError);
  } else if (a.kind === "clear-reload") {
    onClick = () => askClear(b);
  } else if (a.kind === "watch") {
    onClick = () => watchClicked(b);
    if (!S.granted.watch) b.append(detail(msg("actionWatchPermission")));
  } else if (a.kind === "report") {
    const mailto = mailtoURL(text);
    b.dataset.url = mailto;
    onClick = () => openMail(mailto);
  } else if (a.kind === "archive") {
    const relay = httpURL(relayURL());
    if (relay) b.append(detail(msg("actionArchiveNote", [relay.host])));
    onClick = () => lookupArchive();
  } else {
    return null; // A kind of a later version.
  }
  if (nearest) b.dataset.working = "1";
  if (a.checked) b.dataset.checked = "1";
  if (a.host) b.dataset.host = String(a.host);
  // Page-derived text (the link's own words, another site's name): text only.
  // The leading space keeps textContent readable; CSS puts each on its own line.
  if (a.label) b.append(detail(`“${clip(a.label)}”`));
  if (a.host && !(a.params ?? []).includes(a.host)) b.append(detail(msg("actionOtherSite", [a.host])));
  if (a.working && (a.kind === "parent" || a.kind === "home")) b.append(detail(msg("actionWorks")));
  b.addEventListener("click", onClick);
  return b;
}

function copyButton() {
  const b = element("button", msg("actionCopy"), { type: "button", class: "action" });
  b.dataset.kind = "copy";
  b.addEventListener("click", () => copyDetails());
  return b;
}

function navigate(url) {
  api.tabs.update(S.tabId, { url }).then(() => window.close(), showError);
}

// renderWarnings lists look-alike links the pages offered for signing in:
// Go never makes them a button; the person is warned instead.
function renderWarnings(plan) {
  const list = $("warnings");
  const seen = new Set();
  const items = [];
  for (const l of [...(plan.login ?? []), ...(plan.register ?? []), ...(plan.reset ?? [])]) {
    if (!l?.lookAlike || !l.host || seen.has(l.host)) continue;
    seen.add(l.host);
    const li = element("li", msg("warnLookalike", [clip(l.host, 100)]));
    li.dataset.lookalike = "1";
    li.dataset.host = String(l.host);
    items.push(li);
  }
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
}

function renderContacts(plan) {
  const list = $("contacts");
  const items = [];
  for (const c of plan.contacts ?? []) {
    const url = c.url?.startsWith("mailto:") ? c.url : webURL(c.url);
    if (!url) continue;
    const li = element("li");
    li.dataset.kind = String(c.kind);
    if (c.expired) li.dataset.expired = "1";
    const b = element("button", msg(c.key, c.params) || c.kind, { type: "button", class: "link" });
    b.dataset.url = url;
    if (c.label) b.append(detail(`“${clip(c.label, 100)}”`));
    b.addEventListener("click", () => (url.startsWith("mailto:") ? openMail(url) : navigate(url)));
    li.append(b);
    items.push(li);
  }
  list.replaceChildren(...items);
  $("contacts-section").hidden = items.length === 0;
}

// ---- Actions that stay in the popup. ----

function say(text) {
  $("action-status").textContent = text;
}

// openMail hands a mailto: URL to the person's e-mail program. Chrome 156
// and Firefox 153 both pass an external protocol given to tabs.update on
// to the system and leave the tab as it is.
function openMail(url) {
  api.tabs.update(S.tabId, { url }).then(() => say(msg("mailOpened")), (err) => say(msg("mailFailed", [String(err?.message ?? err)])));
}

async function copyDetails() {
  const text = $("details").textContent;
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // Firefox 153 refuses the async clipboard in some popups: copy a selection instead.
    const area = element("textarea", undefined, { readonly: "", "aria-hidden": "true", class: "offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
  }
  if (ok) $("app").dataset.copied = "1";
  else $("details-box").open = true;
  say(msg(ok ? "copyDone" : "copyFailed"));
}

// openConfirm shows the in-popup confirmation and moves the focus there.
function openConfirm({ heading, text, note, yes }, onYes, returnTo) {
  $("confirm-title").textContent = heading;
  $("confirm-text").textContent = text;
  $("confirm-note").textContent = note ?? "";
  $("confirm-note").hidden = !note;
  $("confirm-yes").textContent = yes;
  S.confirmYes = onYes;
  S.confirmReturn = returnTo;
  $("confirm").hidden = false;
  $("confirm-yes").focus();
}

function closeConfirm() {
  $("confirm").hidden = true;
  S.confirmYes = null;
  // The plan may have been shown again meanwhile: find the button anew.
  const back = S.confirmReturn;
  (back?.isConnected ? back : $("actions").querySelector(`button.action[data-kind="${back?.dataset.kind}"]`))?.focus();
}

function askClear(button) {
  const host = new URL(S.record.url).host;
  openConfirm({
    heading: msg("confirmClearTitle"),
    text: msg("confirmClearText", [host]),
    note: S.granted.browsingData ? "" : msg("confirmClearPermission"),
    yes: msg("confirmClearYes"),
  }, clearAndReload, button);
}

// clearAndReload runs inside the click on #confirm-yes: the permission is
// requested before anything is awaited, while the click still counts as
// the person's gesture (Firefox 153 refuses the request otherwise).
function clearAndReload() {
  const asked = api.permissions.request({ permissions: ["browsingData"] });
  closeConfirm();
  asked.then(async (ok) => {
    if (!ok) {
      say(msg("clearRefused"));
      return;
    }
    S.granted.browsingData = true;
    const u = new URL(S.record.url);
    await clearSite(u);
    await api.tabs.reload(S.tabId, { bypassCache: true });
    $("app").dataset.cleared = "1";
    say(msg("clearDone", [u.host]));
  }).catch((err) => say(msg("clearFailed", [String(err?.message ?? err)])));
}

// clearSite removes the site's cookies, cache and stored data, as narrowly
// as each browser allows; the reload then bypasses the HTTP cache too:
//  - Chrome 156: RemovalOptions.origins limits every type below to that
//    origin, the HTTP cache ("cache") included, except cookies, which go
//    for the whole registrable domain (every *.example.com).
//  - Firefox 153: RemovalOptions.hostnames limits cookies, IndexedDB,
//    local storage and service workers to exactly that host name (not its
//    subdomains). It does not apply to the HTTP cache (the browser would
//    empty every site's cache; "origins" and "cacheStorage" are refused),
//    so the cache is not cleared: the reload bypasses it instead.
async function clearSite(u) {
  if (FIREFOX) {
    await api.browsingData.remove({ hostnames: [u.hostname] },
      { cookies: true, indexedDB: true, localStorage: true, serviceWorkers: true });
  } else {
    await api.browsingData.remove({ origins: [u.origin] },
      { cache: true, cacheStorage: true, cookies: true, fileSystems: true, indexedDB: true, localStorage: true, serviceWorkers: true, webSQL: true });
  }
}

// watchClicked asks for the notifications permission inside the click (a
// user gesture), then asks the background to watch the page on Go's
// schedule. ("alarms" is a required permission: Firefox 153 does not
// accept it as an optional one, and neither browser warns about it.)
function watchClicked() {
  const asked = api.permissions.request({ permissions: ["notifications"] });
  asked.then(async (ok) => {
    if (!ok) {
      showWatch({ state: "stopped" }, msg("watchRefused"));
      return;
    }
    S.granted.watch = true;
    const w = S.plan.watch;
    const entry = await api.runtime.sendMessage({
      type: "watchStart", url: S.record.url, tabId: S.tabId,
      delays: w?.delays ?? [], maxRetryAfter: w?.maxRetryAfter, maxTotal: w?.maxTotal,
    });
    if (!entry || entry.error) throw new Error(entry?.error ?? "no answer");
    showWatch(entry);
    $("watch-stop").focus();
  }).catch((err) => showWatch({ state: "stopped" }, msg("watchFailed", [String(err?.message ?? err)])));
}

function stopWatching() {
  api.runtime.sendMessage({ type: "watchStop", url: S.record.url }).then((entry) => {
    if (!entry || entry.error) throw new Error(entry?.error ?? "no answer");
    showWatch(entry);
  }).catch((err) => say(String(err?.message ?? err)));
}

// showWatch shows a watch entry's state.
function showWatch(entry, text) {
  S.watch = entry;
  const box = $("watch-status");
  box.hidden = false;
  box.dataset.state = entry.state;
  let words = text;
  if (!words) {
    switch (entry.state) {
      case "watching":
        words = msg("watchWatching", [Number.isFinite(entry.next) ? relative(entry.next - Date.now()) : "…"]);
        break;
      case "done":
        words = msg("watchDone", [String(entry.lastStatus ?? "")]);
        break;
      case "gave-up":
        words = msg("watchGaveUp", [String(entry.attempt ?? 0)]);
        break;
      default:
        words = msg("watchStopped");
    }
  }
  $("watch-text").textContent = words;
  $("watch-stop").hidden = entry.state !== "watching";
}

async function loadWatch() {
  try {
    const key = watchKey(S.record.url);
    const got = await api.storage.local.get(key);
    if (got[key]) showWatch(got[key]);
  } catch (err) {
    console.error("sesame: watch entry:", err);
  }
}

// relative words a time difference in ms ("in 5 minutes", "3 years ago")
// in the UI language.
function relative(ms) {
  const rtf = new Intl.RelativeTimeFormat(uiLanguage(), { numeric: "auto" });
  const s = ms / 1000;
  const abs = Math.abs(s);
  const units = [["year", 365 * 86400], ["month", 30 * 86400], ["week", 7 * 86400], ["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of units) {
    if (abs >= size) return rtf.format(Math.trunc(s / size), unit);
  }
  return rtf.format(Math.trunc(s), "second");
}

// ---- Archived copies: only after the person clicks. ----

let archiveRun = 0;

function archiveState(state, text, source) {
  const sec = $("archive");
  sec.hidden = false;
  sec.dataset.state = state;
  if (source) sec.dataset.source = source;
  else delete sec.dataset.source;
  sec.setAttribute("aria-busy", state === "loading" ? "true" : "false");
  $("archive-status").textContent = text;
  $("archive-retry").hidden = !["unreachable", "offline", "error"].includes(state);
  if (state !== "found") $("archive-closest").hidden = true;
  if (state === "loading") {
    $("archive-more-box").hidden = true;
    $("archive-more").replaceChildren();
  }
}

// lookupArchive asks the relay for copies of plan.archiveURL (Go removed
// user-info, fragment and secret-looking parameters; archiveURLNoQuery
// when the person chose to drop the query). When the relay cannot be
// reached it asks the Wayback Machine's availability API directly.
async function lookupArchive() {
  const run = ++archiveRun;
  const target = S.options.dropQuery ? S.plan.archiveURLNoQuery : S.plan.archiveURL;
  if (!httpURL(target)) {
    archiveState("error", msg("archiveError", ["no address to look up"]));
    return;
  }
  archiveState("loading", msg("archiveLoading"));
  $("archive").scrollIntoView?.({ block: "nearest" });
  if (navigator.onLine === false) {
    archiveState("offline", msg("archiveOffline"));
    return;
  }
  let relayFailure;
  try {
    const answer = await relayLookup(target);
    if (run === archiveRun) showArchive(answer, "relay");
    return;
  } catch (err) {
    if (run !== archiveRun) return;
    if (err.kind === "problem") {
      archiveState("error", msg("archiveError", [err.message]), "relay");
      return;
    }
    relayFailure = err;
    console.warn("sesame: relay:", err);
  }
  archiveState("loading", msg("archiveLoadingDirect"));
  try {
    const answer = await waybackDirect(target);
    if (run === archiveRun) showArchive(answer, "wayback-direct");
  } catch (err) {
    if (run !== archiveRun) return;
    console.warn("sesame: Wayback availability:", err);
    if (relayFailure.kind === "network" && err.kind === "network") archiveState("offline", msg("archiveOffline"), "wayback-direct");
    else archiveState("unreachable", msg("archiveUnreachable"), "wayback-direct");
  }
}

class FetchError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // network | timeout | http | bad | problem
  }
}

// fetchText GETs url without cookies and returns {res, text} with at most
// max bytes of the body, or throws a FetchError.
async function fetchText(url, timeout, max) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeout);
  try {
    let res;
    try {
      res = await fetch(url, { credentials: "omit", redirect: "follow", signal: ctl.signal, headers: { Accept: "application/json" } });
    } catch (err) {
      throw new FetchError(ctl.signal.aborted ? "timeout" : "network", String(err?.message ?? err));
    }
    let text;
    try {
      text = await readCapped(res, max);
    } catch (err) {
      throw new FetchError(ctl.signal.aborted ? "timeout" : "network", String(err?.message ?? err));
    }
    return { res, text };
  } finally {
    clearTimeout(timer);
  }
}

async function relayLookup(target) {
  const base = httpURL(relayURL());
  if (!base) throw new FetchError("bad", "no relay address");
  // Archives switched off in the options are not asked at all (the relay
  // contacts only those listed); with every archive off, nobody is asked.
  if (S.options.archives?.length === 0) return { closest: null, archives: [] };
  const only = S.options.archives === null ? "" : `&archives=${encodeURIComponent(S.options.archives.join(","))}`;
  const url = `${base.href.replace(/\/+$/, "")}/v1/lookup?url=${encodeURIComponent(target)}&timeout=${RELAY_TIMEOUT}${only}`;
  const { res, text } = await fetchText(url, RELAY_TIMEOUT + RELAY_GRACE, RELAY_MAX_BYTES);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new FetchError(res.ok ? "bad" : "http", `relay answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    // RFC 9457 problem: the relay refused this lookup; asking elsewhere would not help.
    if (res.status >= 400 && res.status < 500 && typeof body?.title === "string") {
      throw new FetchError("problem", clip(body.detail || body.title, 300));
    }
    throw new FetchError("http", `relay answered ${res.status}`);
  }
  if (!body || typeof body !== "object" || !Array.isArray(body.archives)) throw new FetchError("bad", "relay answer has no archives");
  return body;
}

// waybackDirect asks the Wayback Machine's availability API and lets Go
// read the answer (sesame.parseAvailability, package archive/wayback).
async function waybackDirect(target) {
  const endpoint = httpURL(S.options.waybackURL || S.config.waybackURL);
  if (!endpoint) throw new FetchError("bad", "no Wayback address");
  const { res, text } = await fetchText(`${endpoint.href}?url=${encodeURIComponent(target)}`, WAYBACK_TIMEOUT, WAYBACK_MAX_BYTES);
  if (!res.ok) throw new FetchError("http", `Wayback answered ${res.status}`);
  if (typeof S.sesame?.parseAvailability !== "function") throw new FetchError("bad", "the Go helper cannot read Wayback answers");
  let got;
  try {
    got = JSON.parse(await S.sesame.parseAvailability(text));
  } catch (err) {
    throw new FetchError("bad", String(err?.message ?? err));
  }
  const closest = got?.found === true ? { uri: got.uri, datetime: got.datetime, archive: "wayback" } : null;
  return {
    closest,
    archives: [{ id: "wayback", name: archiveName("wayback"), outcome: closest ? "found" : "none", closest, count: null, first: null, last: null }],
  };
}

function archiveName(id, fallback) {
  return S.config.archives.find((a) => a.id === id)?.name ?? fallback ?? id;
}

// enabledArchive reports whether the person wants to see an archive.
function enabledArchive(id) {
  return S.options.archives === null || S.options.archives.includes(id);
}

// showArchive shows a lookup answer (the relay's format). The relay was
// asked only for the archives the person kept in the options; the Wayback
// fallback is left out when they switched it off.
function showArchive(answer, source) {
  const archives = answer.archives.filter((a) => a && typeof a.id === "string" && enabledArchive(a.id));
  const closest = answer.closest && enabledArchive(answer.closest.archive) ? answer.closest : null;
  const note = source === "wayback-direct" ? msg("archiveDirectNote", [httpURL(relayURL())?.host ?? "?"]) : "";
  const uri = webURL(closest?.uri);
  const when = new Date(closest?.datetime ?? "");
  if (closest && uri && !Number.isNaN(when.getTime())) {
    archiveState("found", note, source);
    const box = $("archive-closest");
    const entry = archives.find((a) => a.id === closest.archive);
    box.querySelector(".archive-name").textContent = clip(entry?.name || archiveName(closest.archive), 120);
    box.querySelector(".archive-date").textContent = msg("archiveDate", [formatDate(when)]);
    box.querySelector(".archive-age").textContent = msg("archiveAge", [relative(when.getTime() - Date.now())]);
    const open = box.querySelector('button[data-kind="open-archive"]');
    open.dataset.url = uri;
    open.onclick = () => navigate(uri);
    box.hidden = false;
    open.focus();
  } else {
    const answered = archives.some((a) => a.outcome === "none" || a.outcome === "blocked" || a.outcome === "found");
    if (answered || archives.length === 0) archiveState("none", [msg("archiveNone"), note].filter(Boolean).join(" "), source);
    else archiveState("error", msg("archiveAllFailed"), source);
  }
  renderArchiveList(archives);
}

function formatDate(d) {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: "long", timeStyle: "short" }).format(d);
}

function renderArchiveList(archives) {
  const items = archives.map((a) => {
    const outcome = String(a.outcome ?? "error");
    const li = element("li");
    li.dataset.archiveId = a.id;
    li.dataset.outcome = outcome;
    li.append(element("span", clip(a.name || archiveName(a.id), 120), { class: "archive-name" }));
    const words = [msg(`archiveOutcome_${outcome}`) || outcome];
    if (Number.isInteger(a.count) && a.count > 0) words.push(msg("archiveCount", [a.count.toLocaleString(uiLanguage())]));
    const first = new Date(a.first?.datetime ?? ""), last = new Date(a.last?.datetime ?? "");
    if (!Number.isNaN(first.getTime()) && !Number.isNaN(last.getTime())) {
      const day = new Intl.DateTimeFormat(uiLanguage(), { dateStyle: "medium" });
      words.push(msg("archiveRange", [day.format(first), day.format(last)]));
    }
    li.append(element("span", ` — ${words.join(", ")}`, { class: "archive-outcome" }));
    const uri = webURL(a.closest?.uri);
    const when = new Date(a.closest?.datetime ?? "");
    if (outcome === "found" && uri && !Number.isNaN(when.getTime())) {
      const b = element("button", msg("archiveOpenCopy", [formatDate(when)]), { type: "button", class: "link" });
      b.dataset.kind = "open-archive";
      b.dataset.url = uri;
      b.addEventListener("click", () => navigate(uri));
      li.append(" ", b);
    }
    return li;
  });
  $("archive-more").replaceChildren(...items);
  $("archive-more-box").hidden = items.length === 0;
}

// ---- Main. ----

function wire() {
  $("open-options").addEventListener("click", () => api.runtime.openOptionsPage().catch(showError));
  $("confirm-yes").addEventListener("click", () => S.confirmYes?.());
  $("confirm-no").addEventListener("click", () => {
    closeConfirm();
    say("");
  });
  $("confirm").addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      closeConfirm();
    }
  });
  $("watch-stop").addEventListener("click", stopWatching);
  $("archive-retry").addEventListener("click", () => lookupArchive());
}

async function main() {
  localize();
  wire();
  const tab = await targetTab();
  S.tabId = tab.id;
  const record = await readRecord(tab.id);
  if (!record || !stillShown(tab, record)) return showNone();
  S.record = record;
  const [sesame, body, env] = await Promise.all([loadGo(), readPage(tab.id, record.url), environment(), loadConfig(), loadGranted()]);
  S.sesame = sesame;
  const now = new Date(Number.isFinite(record.time) ? record.time : Date.now()).toISOString();
  const headers = Array.isArray(record.headers) ? record.headers : [];
  S.report = await goCall("diagnose", { url: record.url, method: record.method || "GET", status: record.status, headers, body, now }, "errorDiagnose");
  S.input = { report: S.report, page: body, results: [], now, env, headers };
  S.plan = await goCall("decide", S.input, "errorPlan");
  renderReport(S.report);
  renderPlan();
  setState("report");
  $("actions").querySelector("button")?.focus();
  shown();
  loadWatch();
  await runProbes();
}

main().catch(showError);
