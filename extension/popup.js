// Sesame's popup: reads the background's record of the tab's 401/403/407,
// reads the error page (bounded), asks the Go helper for the report and
// shows it with its actions. Go is loaded here, lazily, only when the tab
// has a record.
//
// The tab is the active tab of the current window, or ?tab=<id> (tests and
// "open in a tab"). DOM contract, used by the browser tests:
//   <main id="app" data-state="loading|none|report|error">, #title, #explain,
//   #facts, #actions > button.action[data-kind][data-url], #none, #error;
//   <html data-ready="1" data-timing="<ms>" data-go-load="<ms>"> once the
//   final state is on screen (data-go-load only when Go was loaded).
// Every piece of text is set with textContent; nothing becomes HTML.
"use strict";

const started = performance.now();
const api = globalThis.browser ?? globalThis.chrome;

// MAX_BODY bounds the error page text handed to Go (UTF-16 units).
const MAX_BODY = 512 * 1024;
// BODY_TIMEOUT bounds the wait for the page's text, in milliseconds.
const BODY_TIMEOUT = 1000;

// Action kinds that open their URL in the tab; reload (and login without a
// URL: the browser's own sign-in box) reload it.
const NAVIGATE = new Set(["login", "register", "reset", "https", "parent", "home", "typo", "archive", "contact"]);

const $ = (id) => document.getElementById(id);

// msg returns the translated message, or "" when there is none.
function msg(key, params) {
  const name = messageName(key);
  if (!name) return "";
  const list = (params ?? []).map((p) => String(p));
  return api.i18n.getMessage(name, list.length ? list : undefined);
}

// messageName turns a core message key into the name _locales can hold
// (letters, digits, "_" and "@"); scripts/configure-extension.mjs does the
// same when it merges the core's words.
function messageName(key) {
  return String(key ?? "").replace(/[^A-Za-z0-9_@]/g, "_");
}

function localize() {
  const root = document.documentElement;
  root.lang = api.i18n.getUILanguage();
  root.dir = api.i18n.getMessage("@@bidi_dir") || "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = msg(el.dataset.i18n);
}

// ---- Tab, record and page. ----

async function targetTab() {
  const q = new URLSearchParams(location.search).get("tab");
  if (q !== null) {
    if (!/^\d{1,10}$/.test(q)) throw new PopupError("errorBadTab", `?tab=${q}`);
    return Number(q);
  }
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (!tab || tab.id === undefined || tab.id < 0) throw new PopupError("errorNoTab", "");
  return tab.id;
}

async function readRecord(tabId) {
  const key = `tab:${tabId}`;
  const got = await api.storage.session.get(key);
  const r = got[key];
  if (!r || typeof r.url !== "string" || !Number.isInteger(r.status)) return null;
  return r;
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

function sameDocument(a, b) {
  try {
    const x = new URL(a), y = new URL(b);
    for (const u of [x, y]) { u.hash = ""; u.username = ""; u.password = ""; }
    return x.href === y.href;
  } catch {
    return false;
  }
}

// ---- Go. ----

let goLoad = null;
let goPromise = null;

// loadGo starts the Go helper once and resolves to globalThis.sesame.
function loadGo() {
  goPromise ??= (async () => {
    const t = performance.now();
    if (typeof globalThis.Go !== "function") throw new PopupError("errorGoStart", "wasm_exec.js did not load");
    const go = new globalThis.Go();
    const { instance } = await WebAssembly.instantiateStreaming(fetch(api.runtime.getURL("sesame.wasm")), go.importObject);
    go.run(instance).then(() => console.error("sesame: the Go helper stopped"));
    const sesame = globalThis.sesame;
    if (sesame?.ready !== true) throw new PopupError("errorGoStart", "globalThis.sesame.ready is not set");
    goLoad = performance.now() - t;
    return sesame;
  })();
  return goPromise;
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

function finish() {
  const root = document.documentElement.dataset;
  root.timing = (performance.now() - started).toFixed(1);
  if (goLoad !== null) root.goLoad = goLoad.toFixed(1);
  root.ready = "1";
}

function showNone() {
  setState("none");
  finish();
}

function showError(err) {
  $("error-text").textContent = msg(err?.key ?? "errorGeneric") || msg("errorGeneric");
  $("error-detail").textContent = String(err?.message ?? err ?? "");
  setState("error");
  finish();
}

function element(tag, text) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  return el;
}

function title(report) {
  return msg(`title_${report.kind}`) || msg(`title${report.status}`) || msg("titleOther", [report.status]);
}

function render(report, tabId) {
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

  const actions = $("actions");
  for (const a of report.actions ?? []) {
    const b = actionButton(a, tabId);
    if (b) actions.append(b);
  }
  $("actions-heading").hidden = actions.childElementCount === 0;

  setState("report");
  actions.querySelector("button")?.focus();
  finish();
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
  return d.toLocaleString(api.i18n.getUILanguage(), { dateStyle: "medium", timeStyle: "short" });
}

// webURL returns u when it is an absolute http(s) URL, else "".
function webURL(u) {
  try {
    const p = new URL(u);
    return p.protocol === "http:" || p.protocol === "https:" ? p.href : "";
  } catch {
    return "";
  }
}

// label returns the button text for an action: the core's message key and
// parameters ("Up one folder: /a/", "Home page of example.com").
function label(a) {
  return msg(a.key, a.params) || a.kind;
}

function actionButton(a, tabId) {
  if (!a || typeof a.kind !== "string") return null;
  const url = a.url && webURL(a.url) ? a.url : "";
  const navigates = NAVIGATE.has(a.kind) && url !== "";
  const reloads = a.kind === "reload" || (a.kind === "login" && !a.url);
  if (!navigates && !reloads) return null; // Actions of later versions (watch, clear-reload, …).
  const b = element("button", label(a));
  b.type = "button";
  b.className = "action";
  b.dataset.kind = a.kind;
  if (url) b.dataset.url = url;
  // Page-derived text (the link's own words, another site's name): text only.
  // The leading space keeps textContent readable; CSS puts each on its own line.
  if (a.label) b.append(element("span", ` “${clip(a.label)}”`));
  if (a.host && !(a.params ?? []).includes(a.host)) b.append(element("span", ` ${msg("actionOtherSite", [a.host])}`));
  for (const span of b.querySelectorAll("span")) span.className = "detail";
  b.addEventListener("click", () => {
    const done = navigates ? api.tabs.update(tabId, { url }) : api.tabs.reload(tabId);
    done.then(() => window.close(), showError);
  });
  return b;
}

// ---- Main. ----

async function main() {
  localize();
  const tabId = await targetTab();
  const record = await readRecord(tabId);
  if (!record) return showNone();
  const [sesame, body] = await Promise.all([loadGo(), readPage(tabId, record.url)]);
  const input = {
    url: record.url,
    method: record.method || "GET",
    status: record.status,
    headers: Array.isArray(record.headers) ? record.headers : [],
    body,
    now: new Date(Number.isFinite(record.time) ? record.time : Date.now()).toISOString(),
  };
  let report;
  try {
    report = JSON.parse(await sesame.diagnose(JSON.stringify(input)));
  } catch (err) {
    throw new PopupError("errorDiagnose", err?.message);
  }
  render(report, tabId);
}

main().catch(showError);
