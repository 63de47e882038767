// Sesame's background script: it notices a main-frame 401, 403 or 407,
// marks the tab's badge at once and keeps a record of the response in
// storage.session for the popup, computes the diagnosis ahead with Go once
// the page has loaded (after the badge, never on its path), answers the
// popup's later phases with the same Go (message "analyze"), and it
// watches the pages the person asked it to watch. Go is loaded only for
// those jobs and dropped again when idle (GO_IDLE); never on the 401 hot
// path.
//
// Chrome runs this file as the extension service worker; Firefox runs it as
// an event page from manifest "background.scripts", after archive-hosts.js,
// wasm_exec.js and ext-classic.js (Chrome imports Go's loader only when
// needed). It stays a classic script: a module service worker may not call
// importScripts, which keeps Go's loader off the worker's start-up.
// ext-classic.js is lib/ext.js, the pages' helper module, with its
// "export" keywords removed by dev/scripts/configure-extension.mjs at build
// time: api, msg, httpURL, webURL, sameDocument, recordKey, watchKey and
// startGo, analysisKey, readPage and environment below come from there. Every listener is registered synchronously
// below, before anything awaits; the listener of the optional permission
// notifications as soon as the permission is there.
//
// Only the page on screen is badged: a main-frame 401/403/407 the browser
// loaded ahead of a navigation (speculation rules: Chromium sends
// "Sec-Purpose: prefetch" or "prefetch;prerender" and may say
// documentLifecycle "prerender") or that answers a download
// (Content-Disposition: attachment: the page stays) is kept aside, in
// memory, and becomes the tab's record and badge only if the tab then
// shows its URL. So a tab has a record exactly when it has a badge, and
// the popup, which reads the record, agrees with the badge.
//
// Record (storage.session, key "tab:<tabId>"), read by the popup and tests:
//   {tabId, url, method, status, statusLine, headers: [{name, value}],
//    time, detectedAt, badgeAt}
// url has no user name or password; headers keeps only the ones the
// diagnosis reads, at most MAX_HEADERS values of at most MAX_VALUE
// characters; detectedAt and badgeAt are performance.timeOrigin +
// performance.now() at listener entry and once setBadgeText resolved.
//
// Analysis (storage.session, key "analysis:<tabId>", lib/ext.js
// analysisKey), written after the record once the page finished loading,
// see the analysis section: the diagnosis Go computes before any click,
//   {url, detectedAt (the record's: an analysis of an older record or
//    another URL is stale), at, ms: {read, go, total},
//    input: {now, env, body (the error page's text, or null when it was
//    longer than STORED_BODY: the popup reads it again), bodyLength},
//    report, plan, probes}
// A separate key keeps the record, which a restarted background reads on
// the badge's path, small.
//
// Watched page (storage.local, key "watch:<url>"), see the watch section:
//   {url, redacted, tabId, state: "watching"|"stopped"|"done"|"gave-up",
//    started, attempt, delays, maxRetryAfter, maxTotal, next, lastStatus,
//    lastCheck, ended (when the state left "watching"), lost (stopped
//    because the browser dropped the full URL at exit), notified (once done
//    or gave-up: the browser accepted the notification)}
// url is the page's URL with secret-looking query parameters removed (Go's
// redaction, sesame.redactURL); redacted says whether that changed it.
// The full URL a check must request is kept only while watching, in
// storage.session (key "watchurl:" + url), which the browser drops at exit.
// Ended entries are deleted WATCH_KEEP_DAYS days after they ended.
"use strict";

// Chrome 156 (service worker): load what Firefox loads from "background.scripts",
// except Go's loader, which only a watch needs: it is not evaluated on every
// start of the worker (that cost a restarted worker about 15 ms before the
// badge). A service worker may import a new script only while it installs;
// scripts imported then are cached and can be imported again at any time,
// so the loader is imported on install and again when a watch needs Go.
if (typeof importScripts === "function" && !globalThis.SESAME_ARCHIVE_HOSTS) {
  importScripts("archive-hosts.js", "ext-classic.js");
  self.addEventListener("install", () => importScripts("wasm_exec.js"));
}

const FLAGGED = new Set([401, 403, 407]);
const BADGE_COLOR = "#B3261E";
const BADGE_TEXT_COLOR = "#FFFFFF";
const MAX_HEADERS = 64;
const MAX_VALUE = 8 * 1024;

// Response headers the diagnosis reads (lower case), and name prefixes.
const KEEP_HEADERS = new Set([
  "www-authenticate", "proxy-authenticate", "retry-after", "server", "via", "x-powered-by",
  "x-aspnet-version", "content-type", "cf-ray", "cf-mitigated", "cf-cache-status", "x-cache",
  "x-cache-status", "x-served-by", "x-iinfo", "x-cdn", "akamai-grn", "x-request-id",
  "x-correlation-id", "request-id", "x-ms-request-id", "x-datadome", "x-deny-reason",
]);
const KEEP_PREFIXES = ["x-amz-", "x-amzn-", "x-sucuri-"];

const ARCHIVE_HOSTS = new Set(globalThis.SESAME_ARCHIVE_HOSTS ?? []);

// records holds this background's view of every flagged tab. It is the
// truth while the background lives; storage.session keeps it across
// restarts of the service worker or event page.
const records = new Map();

// seen holds the tabs this background instance has handled since it started.
const seen = new Set();

// aside holds, per tab, the flagged responses that are not (yet) the
// page on screen: speculative loads and downloads, URL → record, at most
// MAX_ASIDE per tab. A tab's aside records go when a page replaces the
// tab's page; one becomes the tab's record when the tab shows its URL.
const aside = new Map();
const MAX_ASIDE = 8;

// speculative holds the ids of main-frame requests sent with
// Sec-Purpose: prefetch (Chromium 156 gives speculation rules' prefetch
// and prerender requests documentLifecycle "active", so the request
// header is the sign), at most MAX_SPECULATIVE of them.
const speculative = new Set();
const MAX_SPECULATIVE = 256;

// pendingNav holds the main-frame requests sent and not yet answered:
// requestId → when it was sent (at most MAX_SPECULATIVE of them).
const pendingNav = new Map();

const now = () => performance.timeOrigin + performance.now();
const ignore = () => {};

// notificationsListening is set once notifications.onClicked has our listener.
let notificationsListening = false;

// ---- Listeners, all registered synchronously. ----

api.webRequest.onSendHeaders.addListener(onSendHeaders,
  { urls: ["<all_urls>"], types: ["main_frame"] }, ["requestHeaders"]);
api.webRequest.onHeadersReceived.addListener(onHeadersReceived,
  { urls: ["<all_urls>"], types: ["main_frame"] }, ["responseHeaders"]);
api.webRequest.onErrorOccurred.addListener((details) => { pendingNav.delete(details.requestId); },
  { urls: ["<all_urls>"], types: ["main_frame"] });
api.tabs.onUpdated.addListener(onTabUpdated);
api.tabs.onRemoved.addListener((tabId) => {
  forget(tabId, false);
  seen.delete(tabId);
  clean.delete(tabId);
  aside.delete(tabId);
});
api.runtime.onMessage.addListener(onMessage);
api.runtime.onStartup.addListener(() => { restoreAlarms().catch(ignore); });
api.runtime.onInstalled.addListener(() => { restoreAlarms().catch(ignore); });
api.alarms.onAlarm.addListener(onAlarm);
// notifications is an optional permission: its namespace exists only once
// granted, so its listener is added now if it is, and as soon as the
// person grants it.
api.permissions.onAdded.addListener(listenOptional);
listenOptional();

// ---- Detection. ----

// onSendHeaders notes the main-frame requests waiting for an answer (the
// analyses wait for them: badges first) and those a browser sends ahead
// of a navigation.
function onSendHeaders(details) {
  if (pendingNav.size >= MAX_SPECULATIVE) pendingNav.delete(pendingNav.keys().next().value);
  pendingNav.set(details.requestId, now());
  for (const h of details.requestHeaders ?? []) {
    if (String(h.name).toLowerCase() === "sec-purpose" && /(^|[\s;,])prefetch\b/i.test(String(h.value ?? ""))) {
      if (speculative.size >= MAX_SPECULATIVE) speculative.delete(speculative.values().next().value);
      speculative.add(details.requestId);
      return;
    }
  }
}

function onHeadersReceived(details) {
  const detectedAt = now();
  const { tabId, statusCode } = details;
  pendingNav.delete(details.requestId);
  if (tabId < 0) return;
  seen.add(tabId);
  // A speculative load is not the page on screen (yet): it never clears
  // the badge, and a flagged one waits aside. Redirects keep the request id.
  const ahead = details.documentLifecycle === "prerender" || speculative.has(details.requestId);
  if (ahead && (statusCode < 300 || statusCode >= 400)) speculative.delete(details.requestId);
  if (!FLAGGED.has(statusCode)) {
    if (!ahead && leavesPage(details)) {
      aside.delete(tabId);
      forget(tabId, true);
    }
    return;
  }
  const url = flaggable(details.url);
  if (url === null) {
    if (!ahead && !isDownload(details)) {
      aside.delete(tabId);
      forget(tabId, true);
    }
    return;
  }
  // The hot path: the badge first, for the page on screen.
  const later = ahead || isDownload(details);
  const badge = later ? null : showBadge(tabId, statusCode);
  const record = {
    tabId,
    url,
    method: details.method || "GET",
    status: statusCode,
    statusLine: String(details.statusLine ?? "").slice(0, 256),
    headers: keptHeaders(details.responseHeaders),
    time: Date.now(),
    detectedAt,
    badgeAt: null,
  };
  if (later) {
    keepAside(tabId, record);
    return;
  }
  aside.delete(tabId);
  adopt(tabId, record, badge);
}

// adopt makes record the tab's record once badge (the promise of
// setBadgeText) settled, and stores it.
function adopt(tabId, record, badge) {
  const { url, status } = record;
  records.set(tabId, record);
  waiting.delete(tabId);
  // Nothing but the badge before the badge is set: storage comes after.
  const stored = badge.then(() => { record.badgeAt = now(); }, ignore).finally(() => {
    if (records.get(tabId) !== record) return;
    clean.delete(tabId);
    serial(() => api.storage.session.set({ [recordKey(tabId)]: record }));
    // The analysis of the tab's previous page is stale now.
    serial(() => api.storage.session.remove(analysisKey(tabId)));
  });
  // An analysis of this record is stored only after that.
  recordStored.set(record, stored);
  // Firefox 153: tabs.onUpdated "complete" may come before this event, after the commit cleared the badge.
  api.tabs.get(tabId).then((tab) => {
    if (tab.status === "complete" && records.get(tabId) === record && sameDocument(tab.url, url)) {
      showBadge(tabId, status);
      stored.then(() => queueAnalysis(tabId, record));
    }
  }, ignore);
}

// keepAside keeps a flagged response that is not the page on screen. If
// the tab already shows its URL (Firefox 153 may report the commit before
// the response), it is the tab's page at once.
function keepAside(tabId, record) {
  let m = aside.get(tabId);
  if (!m) aside.set(tabId, (m = new Map()));
  m.delete(record.url);
  if (m.size >= MAX_ASIDE) m.delete(m.keys().next().value);
  m.set(record.url, record);
  api.tabs.get(tabId).then((tab) => {
    if (sameDocument(tab.url, record.url)) promote(tabId, tab.url);
  }, ignore);
}

// promote makes the aside record for url the tab's record and badge, if
// there is one, and reports whether there was.
function promote(tabId, url) {
  const m = aside.get(tabId);
  if (!m) return false;
  for (const [u, record] of m) {
    if (!sameDocument(u, url)) continue;
    aside.delete(tabId);
    adopt(tabId, record, showBadge(tabId, record.status));
    return true;
  }
  return false;
}

// isDownload reports whether a main-frame response is a download, which
// leaves the page on screen as it is (Firefox 153) or shows the browser's
// error page in its place (Chromium 156, for a 4xx).
function isDownload(details) {
  for (const h of details.responseHeaders ?? []) {
    if (String(h.name).toLowerCase() === "content-disposition" && /^\s*attachment/i.test(String(h.value ?? ""))) return true;
  }
  return false;
}

// leavesPage reports whether a main-frame response that is not flagged
// replaces the page in the tab: redirects, 204/205 and downloads do not.
function leavesPage(details) {
  const s = details.statusCode;
  if ((s >= 300 && s < 400) || s === 204 || s === 205 || s < 200) return false;
  return !isDownload(details);
}

// flaggable returns the URL without user name and password when Sesame may
// flag it, or null: only http(s) pages, never a web archive's.
function flaggable(raw) {
  let u;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return null;
  if (isArchiveHost(u.hostname)) return null;
  u.username = "";
  u.password = "";
  return u.href;
}

// isArchiveHost reports whether host is a listed archive or a subdomain of one.
function isArchiveHost(host) {
  let h = host.toLowerCase().replace(/\.$/, "");
  for (;;) {
    if (ARCHIVE_HOSTS.has(h)) return true;
    const dot = h.indexOf(".");
    if (dot < 0) return false;
    h = h.slice(dot + 1);
  }
}

// keptHeaders returns the headers the diagnosis needs, bounded.
function keptHeaders(headers) {
  const out = [];
  for (const h of headers ?? []) {
    if (out.length >= MAX_HEADERS) break;
    const name = String(h.name ?? "").toLowerCase();
    if (!KEEP_HEADERS.has(name) && !KEEP_PREFIXES.some((p) => name.startsWith(p))) continue;
    let value = h.value;
    // Chrome and Firefox give binaryValue for header values that are not valid text.
    if (value === undefined && h.binaryValue) value = String.fromCharCode(...h.binaryValue.slice(0, MAX_VALUE));
    out.push({ name, value: String(value ?? "").slice(0, MAX_VALUE) });
  }
  return out;
}

// ---- Badge. ----

// showBadge sets the tab's badge to the status code and returns the promise
// of setBadgeText.
function showBadge(tabId, status) {
  const text = String(status);
  const shown = api.action.setBadgeText({ tabId, text });
  api.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }).catch(ignore);
  api.action.setBadgeTextColor?.({ tabId, color: BADGE_TEXT_COLOR })?.catch(ignore);
  api.action.setTitle({ tabId, title: api.i18n.getMessage(`badgeTitle_${text}`, [text]) || api.i18n.getMessage("badgeTitle", [text]) }).catch(ignore);
  return shown;
}

function clearBadge(tabId) {
  api.action.setBadgeText({ tabId, text: "" }).catch(ignore);
  api.action.setTitle({ tabId, title: api.i18n.getMessage("actionTitle") }).catch(ignore);
}

// ---- Tabs. ----

function onTabUpdated(tabId, change, tab) {
  if (change.url !== undefined && !promote(tabId, change.url)) {
    const r = records.get(tabId);
    if (r && !sameDocument(change.url, r.url)) forget(tabId, true);
  }
  // Chrome 156 without the "tabs" permission hides the URL of a page Sesame has no host
  // permission for (chrome://version/: no change.url, tab.url undefined), and Firefox 153
  // sends no change.url for about:blank. A tab that finished loading something that is not
  // an http(s) page no longer shows the flagged page. (While "loading", tab.url may still be
  // the previous page's, so only "complete" counts.)
  if (change.status === "complete" && !httpURL(tab.url)) {
    forget(tabId, true);
    return;
  }
  // Chrome 156 and Firefox 153 clear a tab's badge when the page commits, after onHeadersReceived:
  // set it again when the flagged page starts loading (a long page) and when it is complete.
  if (change.status === "complete" || (change.status === "loading" && records.has(tabId))) {
    const shown = restoreBadge(tabId, tab.url);
    // The flagged page has loaded: its diagnosis can be computed, after the badge.
    if (change.status === "complete") shown.then((r) => { if (r) queueAnalysis(tabId, r); }, ignore);
  }
}

// restoreBadge sets the badge again if the tab still shows the flagged page
// and resolves to its record once the badge is set (null when not shown).
async function restoreBadge(tabId, url) {
  let r = records.get(tabId);
  if (!r && !seen.has(tabId)) {
    // The background restarted since the record was written.
    r = await serial(() => load(tabId));
    if (r && !records.has(tabId) && !seen.has(tabId)) records.set(tabId, r);
    else r = records.get(tabId);
  }
  // A different URL is not proof the tab moved on: while "loading" the tab may still
  // report the previous page. Moving on is seen by onHeadersReceived and change.url.
  if (r && sameDocument(url, r.url)) {
    await showBadge(tabId, r.status).catch(ignore);
    return r;
  }
  return null;
}

// clean holds the tabs known to have no record in storage.session, so that
// ordinary navigations cost no storage write.
const clean = new Set();

// forget drops the tab's record and, when asked, its badge.
function forget(tabId, badge) {
  const had = records.delete(tabId);
  if (badge && had) clearBadge(tabId);
  waiting.delete(tabId);
  if (!had && clean.has(tabId)) return;
  clean.add(tabId);
  serial(() => api.storage.session.remove([recordKey(tabId), analysisKey(tabId)]));
}

// ---- storage.session, one operation at a time. ----

let queue = Promise.resolve();

// serial runs fn after every storage operation queued before it and
// returns its result; a failure does not stop the queue.
function serial(fn) {
  const p = queue.then(fn);
  queue = p.catch(ignore);
  return p;
}

async function load(tabId) {
  const key = recordKey(tabId);
  const got = await api.storage.session.get(key);
  return got[key] ?? null;
}

// ---- Messages from the popup and tests. ----

function onMessage(m, sender, sendResponse) {
  if (sender.id !== api.runtime.id || typeof m !== "object" || m === null) return false;
  switch (m.type) {
    case "record": // {type, tabId} → the record or null
      if (!Number.isInteger(m.tabId)) break;
      if (records.has(m.tabId)) sendResponse(records.get(m.tabId));
      else serial(() => load(m.tabId)).then(sendResponse, () => sendResponse(null));
      return true;
    case "forget": // {type, tabId} → true
      if (!Number.isInteger(m.tabId)) break;
      forget(m.tabId, true);
      serial(ignore).then(() => sendResponse(true));
      return true;
    case "ping": // → {version}
      sendResponse({ version: api.runtime.getManifest().version });
      return false;
    case "analyze": // {type, input: sesame.analyze's JSON} → {answer} or {error}: the popup's probe phases
      if (typeof m.input !== "string") break;
      withGo((sesame) => sesame.analyze(m.input)).then((answer) => sendResponse({ answer }),
        (err) => sendResponse({ error: String(err?.message ?? err) }));
      return true;
    case "stats": // → {go, goStarts, goDrops, analyses, waiting, running} (tests and benchmarks)
      sendResponse({ go: goPromise !== null, goStarts, goDrops, analyses, waiting: waiting.size, running: analysisRunning });
      return false;
    case "watchStart": // {type, url, tabId, delays, maxRetryAfter, maxTotal} → the entry or {error}
    case "watchStop": // {type, url} → the entry or {error}
    case "watchCheck": // {type, url} → the entry after an immediate check, or {error}
    case "watchGet": // {type, url} → the page's entry or null
    case "watchList": // {type} → [entries], after deleting the expired ones
      watchMessage(m).then(sendResponse, (err) => sendResponse({ error: String(err?.message ?? err) }));
      return true;
  }
  sendResponse({ error: `unknown or malformed message ${JSON.stringify(m.type ?? null)}` });
  return false;
}

// ---- Go, started on demand and dropped when idle. ----
//
// The background needs Go for the analysis ahead of the click, for the
// popup's later phases when it showed that analysis, and for a watch. Its instance is dropped GO_IDLE ms after the last call ended (a
// timer: the background itself may live much longer, Chrome's service
// worker while events keep coming and Firefox's event page while a popup
// or a tab keeps it): nothing then refers to the instance (Go's idle
// runtime has no timer pending), so its memory can be collected.

const GO_IDLE = 15000;

let goPromise = null;
let goBusy = 0; // calls in flight
let goIdleTimer = null;
let goStarts = 0, goDrops = 0;

// go starts the Go helper once and resolves to globalThis.sesame.
function go() {
  // Chrome 156: Go's loader is imported here, from the service worker's cache.
  if (!globalThis.Go && typeof importScripts === "function") importScripts("wasm_exec.js");
  if (goPromise === null) goStarts++;
  goPromise ??= startGo().catch((err) => {
    goPromise = null;
    throw err;
  });
  return goPromise;
}

// withGo runs fn(sesame) and keeps the instance while it runs; the idle
// timer starts again when the last call ends.
async function withGo(fn) {
  goBusy++;
  clearTimeout(goIdleTimer);
  try {
    return await fn(await go());
  } finally {
    goBusy--;
    if (goBusy === 0) goIdleTimer = setTimeout(dropGo, GO_IDLE);
  }
}

// dropGo forgets the Go instance: the next call starts a new one.
function dropGo() {
  if (goBusy > 0 || goPromise === null) return;
  goPromise = null;
  delete globalThis.sesame;
  goDrops++;
}

// ---- Analysis: the diagnosis before the click. ----
//
// Once a flagged page has loaded (tabs.onUpdated "complete", or already
// complete when the record came), after its badge is set, the tab waits in
// a bounded queue (MAX_WAITING tabs; beyond that the oldest waiting tab is
// left to the popup). One analysis runs at a time, newest tab first, each
// in a task of its own (so the webRequest events of a burst of 401s, and
// their badges, come between them), and none starts while a main-frame
// request waits for its answer (at most NAV_WAIT ms). An analysis reads
// the page as the popup does (lib/ext.js readPage, bounded), then runs
// Go's first phase (sesame.analyze with no probe results, exactly the
// popup's first call), and keeps the answer under "analysis:<tabId>". No probe runs and nothing leaves the
// browser: the probes Go asks for are kept for the popup to make.

const MAX_WAITING = 32;
const STORED_BODY = 32 * 1024; // UTF-16 units of page text kept for the popup
const STORED_ANSWER = 128 * 1024; // largest {report, plan, probes} kept, as JSON
const ANALYSIS_DELAY = 20; // ms between the badge and the first analysis
const NAV_WAIT = 3000; // ms an analysis waits at most for one navigation's answer

// waiting holds the tabs whose analysis is to come: tabId → record, in the
// order they came (the newest last).
const waiting = new Map();
let analysisTimer = null;
let analysisRunning = false;
let analyses = 0; // analyses stored by this background
let env = null; // environment(), once
// analyzed holds the records whose analysis is stored.
const analyzed = new WeakSet();
// recordStored maps a record to the promise settled once its storage
// operations are queued (adopt).
const recordStored = new WeakMap();

// queueAnalysis puts the tab's record in the queue, if it is still the tab's.
function queueAnalysis(tabId, record) {
  if (records.get(tabId) !== record || analyzed.has(record)) return;
  waiting.delete(tabId);
  waiting.set(tabId, record);
  if (waiting.size > MAX_WAITING) waiting.delete(waiting.keys().next().value);
  nextAnalysis(ANALYSIS_DELAY);
}

// navigating reports whether a main-frame request sent less than NAV_WAIT
// ms ago still waits for its answer: its badge may be about to come.
function navigating() {
  const limit = now() - NAV_WAIT;
  for (const [id, at] of pendingNav) {
    if (at < limit) pendingNav.delete(id);
    else return true;
  }
  return false;
}

// nextAnalysis runs the newest waiting analysis after ms, unless one runs;
// while a navigation waits for its answer, it waits too.
function nextAnalysis(ms) {
  if (analysisRunning || analysisTimer !== null || waiting.size === 0) return;
  analysisTimer = setTimeout(() => {
    analysisTimer = null;
    if (navigating()) {
      nextAnalysis(ANALYSIS_DELAY);
      return;
    }
    const tabId = [...waiting.keys()].at(-1);
    if (tabId === undefined) return;
    const record = waiting.get(tabId);
    waiting.delete(tabId);
    analysisRunning = true;
    analyze(tabId, record).catch((err) => console.error("sesame: analysis:", err)).finally(() => {
      analysisRunning = false;
      nextAnalysis(0);
    });
  }, ms);
}

// analyze computes and stores the analysis of the tab's record.
async function analyze(tabId, record) {
  const current = () => records.get(tabId) === record;
  if (!current() || analyzed.has(record)) return;
  // A background that restarted may find its predecessor's analysis.
  const key = analysisKey(tabId);
  const old = (await serial(() => api.storage.session.get(key)))[key];
  if (old?.url === record.url && old?.detectedAt === record.detectedAt) {
    analyzed.add(record);
    return;
  }
  const t0 = now();
  const body = await readPage(tabId, record.url);
  env ??= await environment();
  const t1 = now();
  if (!current()) return;
  const input = {
    response: { url: record.url, method: record.method || "GET", status: record.status, headers: record.headers, body,
      now: new Date(Number.isFinite(record.time) ? record.time : Date.now()).toISOString() },
    results: [],
    env,
  };
  const answer = await withGo((sesame) => sesame.analyze(JSON.stringify(input)));
  const t2 = now();
  if (!current()) return;
  if (answer.length > STORED_ANSWER) {
    console.warn(`sesame: analysis of ${answer.length} characters not kept`);
    return;
  }
  const { report, plan, probes } = JSON.parse(answer);
  const analysis = {
    url: record.url,
    detectedAt: record.detectedAt,
    at: now(),
    ms: { read: t1 - t0, go: t2 - t1, total: t2 - t0 },
    input: { now: input.response.now, env, body: body.length <= STORED_BODY ? body : null, bodyLength: body.length },
    report,
    plan,
    probes,
  };
  await recordStored.get(record);
  await serial(async () => {
    if (!current()) return;
    await api.storage.session.set({ [key]: analysis });
    analyzed.add(record);
    analyses++;
  });
}

// ---- Watch: check a refused page again later and notify when it opens. ----
//
// The popup starts a watch with the schedule Go decided (plan.Watch: the
// delays before each retry in seconds, maxRetryAfter, maxTotal); the first
// check comes after the first delay. Each check is one GET with the
// person's cookies; its body is never read. A 2xx answer ends the watch
// with a notification. Otherwise Go decides the wait before the next one
// (sesame.watchNext: watch.Next of the retry number and the answer's
// Retry-After header, which Go reads against the time of the check) or to
// give up; watching also stops when the next check would come more than
// maxTotal seconds after the start. The Go helper starts only when a check
// fails.
//
// Privacy: storage.local, alarm names and notification ids only ever hold
// the redacted URL (Go's sesame.redactURL: no user-info, no fragment, no
// secret-looking query parameters; if Go cannot answer, the whole query
// is dropped). The full URL stays in storage.session while the page is
// watched; if the browser restarted in between (storage.session is gone)
// a watch whose URL was redacted stops ("lost"). Ended entries are deleted
// WATCH_KEEP_DAYS days after they ended, checked by a daily alarm.

const WATCH_PREFIX = "sesame-watch:"; // alarm names and notification ids: prefix + redacted URL
const WATCH_FULL = "watchurl:"; // storage.session key of a watched page's full URL: prefix + redacted URL
const WATCH_EXPIRE = "sesame-watch-expire"; // the daily alarm deleting expired entries
const WATCH_KEEP_DAYS = 7; // days an ended entry is kept
const WATCH_TIMEOUT = 15000; // ms for one check
const MAX_WATCHED = 50; // entries kept in storage.local

// listenOptional adds the listeners of the optional permissions granted so far.
function listenOptional() {
  if (!notificationsListening && api.notifications?.onClicked) {
    api.notifications.onClicked.addListener(onNotificationClicked);
    notificationsListening = true;
  }
}

function onAlarm(alarm) {
  if (alarm.name === WATCH_EXPIRE) {
    watchSerial(expireWatched).catch(ignore);
    return;
  }
  if (!alarm.name.startsWith(WATCH_PREFIX)) return;
  watchSerial(() => checkWatched(alarm.name.slice(WATCH_PREFIX.length), false)).catch(ignore);
}

function onNotificationClicked(id) {
  if (!id.startsWith(WATCH_PREFIX)) return;
  const redacted = id.slice(WATCH_PREFIX.length);
  fullURL(redacted).then((full) => {
    const url = webURL(full ?? redacted);
    if (url) api.tabs.create({ url }).catch(ignore);
  }, ignore);
  api.notifications.clear(id).catch(ignore);
}

// Entries change one at a time (an alarm and a message may race).
let watchQueue = Promise.resolve();
function watchSerial(fn) {
  const p = watchQueue.then(fn);
  watchQueue = p.catch(ignore);
  return p;
}

function watchMessage(m) {
  switch (m.type) {
    case "watchList":
      return watchSerial(async () => {
        await expireWatched();
        return listWatched();
      });
    case "watchGet":
      // Go is loaded only when some page is watched and the URL is not a key as it is.
      return watchSerial(async () => {
        const url = watchURL(m.url);
        const direct = await loadWatch(url);
        if (direct || (await listWatched()).length === 0) return direct;
        return loadWatch(await redactURL(url));
      });
    case "watchStart":
      return watchSerial(() => startWatch(m));
    case "watchStop":
      return watchSerial(async () => stopWatch(await redactURL(watchURL(m.url))));
    case "watchCheck":
      return watchSerial(async () => checkWatched(await redactURL(watchURL(m.url)), true));
  }
  return Promise.reject(new Error("unknown watch message"));
}

// redactURL returns url (from watchURL) as storage.local may keep it:
// Go's redaction (sesame.redactURL); without Go, url without its query.
async function redactURL(url) {
  try {
    const got = JSON.parse(await withGo((sesame) => sesame.redactURL(JSON.stringify({ url }))));
    return watchURL(got.url);
  } catch (err) {
    console.error("sesame: redactURL:", err);
    const u = new URL(url);
    u.search = "";
    return u.href;
  }
}

// fullURL returns the full URL of a watched page (storage.session), or null.
async function fullURL(redacted) {
  const key = WATCH_FULL + redacted;
  const got = await api.storage.session.get(key);
  return typeof got[key] === "string" ? got[key] : null;
}

// end marks an entry as no longer watched at time t and forgets its full URL.
async function end(e, state, t) {
  e.state = state;
  e.next = null;
  e.ended = t;
  await api.alarms.clear(WATCH_PREFIX + e.url);
  await api.storage.session.remove(WATCH_FULL + e.url);
}

// expireWatched deletes the entries that ended more than WATCH_KEEP_DAYS
// days ago (an entry of an older version without "ended" counts from its
// last check or its start).
async function expireWatched() {
  const limit = Date.now() - WATCH_KEEP_DAYS * 24 * 3600 * 1000;
  const old = (await listWatched()).filter((e) => e.state !== "watching" && (e.ended ?? e.lastCheck ?? e.started ?? 0) < limit);
  if (old.length) await api.storage.local.remove(old.map((e) => watchKey(e.url)));
  if (old.length || !(await api.alarms.get(WATCH_EXPIRE))) {
    const left = (await listWatched()).some((e) => e.state !== "watching");
    if (left) await api.alarms.create(WATCH_EXPIRE, { periodInMinutes: 24 * 60 });
    else await api.alarms.clear(WATCH_EXPIRE);
  }
}

// watchURL returns the http(s) URL of a message, without user-info, or throws.
function watchURL(raw) {
  const u = httpURL(raw);
  if (!u || u.username || u.password) throw new Error(`not a URL Sesame watches: ${JSON.stringify(String(raw ?? "")).slice(0, 200)}`);
  u.hash = "";
  return u.href;
}

function seconds(n, fallback) {
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

async function loadWatch(url) {
  const key = watchKey(url);
  const got = await api.storage.local.get(key);
  return got[key] ?? null;
}

function saveWatch(e) {
  return api.storage.local.set({ [watchKey(e.url)]: e });
}

async function listWatched() {
  const all = await api.storage.local.get(null);
  return Object.entries(all).filter(([k, v]) => k.startsWith("watch:") && v && typeof v.url === "string").map(([, v]) => v);
}

async function startWatch(m) {
  const full = watchURL(m.url);
  const url = await redactURL(full);
  const delays = (Array.isArray(m.delays) ? m.delays : []).filter((n) => Number.isInteger(n) && n > 0).slice(0, 1000);
  if (delays.length === 0) throw new Error("watchStart needs the delays of the schedule");
  listenOptional();
  const all = await listWatched();
  const watching = all.filter((e) => e.state === "watching" && e.url !== url);
  if (watching.length >= MAX_WATCHED) throw new Error(`already watching ${watching.length} pages`);
  // Forget the oldest finished entries beyond the limit.
  const finished = all.filter((e) => e.state !== "watching" && e.url !== url).sort((a, b) => (a.started ?? 0) - (b.started ?? 0));
  const extra = finished.length + watching.length + 1 - MAX_WATCHED;
  if (extra > 0) await api.storage.local.remove(finished.slice(0, extra).map((e) => watchKey(e.url)));
  const now = Date.now();
  const e = {
    url,
    redacted: url !== full,
    tabId: Number.isInteger(m.tabId) ? m.tabId : -1,
    state: "watching",
    started: now,
    attempt: 0,
    delays,
    maxRetryAfter: seconds(m.maxRetryAfter, 24 * 3600),
    maxTotal: seconds(m.maxTotal, 48 * 3600),
    next: now + delays[0] * 1000,
    lastStatus: null,
    lastCheck: null,
  };
  if (e.redacted) await api.storage.session.set({ [WATCH_FULL + url]: full });
  else await api.storage.session.remove(WATCH_FULL + url);
  await saveWatch(e);
  await api.alarms.create(WATCH_PREFIX + url, { when: e.next });
  return e;
}

async function stopWatch(url) {
  const e = await loadWatch(url);
  if (!e) throw new Error("this page is not watched");
  await api.alarms.clear(WATCH_PREFIX + url);
  if (e.state === "watching") {
    await end(e, "stopped", Date.now());
    await saveWatch(e);
    await expireWatched();
  }
  return e;
}

// checkWatched requests the page (url is the redacted URL, the entry's
// key) once. A forced check (a message) that does not find the page open
// leaves the schedule as it was.
async function checkWatched(url, forced) {
  const e = await loadWatch(url);
  if (!e) throw new Error("this page is not watched");
  if (e.state !== "watching") return e;
  const now = Date.now();
  // An entry without "redacted" comes from an older version: its url is the full one.
  const full = e.redacted !== true ? url : await fullURL(url);
  if (full === null) {
    // The browser restarted since the watch began: storage.session, which
    // held the full URL, is gone.
    await end(e, "stopped", now);
    e.lost = true;
    await saveWatch(e);
    await expireWatched();
    return e;
  }
  const got = await checkOnce(full);
  e.lastCheck = now;
  e.lastStatus = got.status;
  if (got.status >= 200 && got.status < 300) {
    await end(e, "done", now);
    e.notified = await notify(e, "watchNotifyOpenTitle", "watchNotifyOpenText");
    await saveWatch(e);
    await expireWatched();
    return e;
  }
  if (forced) {
    await saveWatch(e);
    return e;
  }
  e.attempt += 1;
  const { delay, giveUp } = await nextDelay(e, got.retryAfter, now);
  // The wall-clock limit is the caller's to check (package watch).
  if (giveUp || now + delay * 1000 - e.started > e.maxTotal * 1000) {
    await end(e, "gave-up", now);
    e.notified = await notify(e, "watchNotifyGaveUpTitle", "watchNotifyGaveUpText", [String(e.attempt)]);
    await saveWatch(e);
    await expireWatched();
    return e;
  }
  e.next = now + delay * 1000;
  await saveWatch(e);
  await api.alarms.create(WATCH_PREFIX + url, { when: e.next });
  return e;
}

// checkOnce GETs url with the person's cookies and returns {status,
// retryAfter: the Retry-After header or null} (status 0 when the request
// failed). The body is not read.
async function checkOnce(url) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), WATCH_TIMEOUT);
  try {
    const res = await fetch(url, { method: "GET", credentials: "include", cache: "no-store", redirect: "follow", signal: ctl.signal });
    res.body?.cancel().catch(ignore);
    return { status: res.status, retryAfter: res.headers.get("retry-after") };
  } catch (err) {
    return { status: 0, retryAfter: null, error: String(err?.message ?? err) };
  } finally {
    clearTimeout(timer);
  }
}

// nextDelay asks Go (watch.Next, through sesame.watchNext) how long to wait
// before the next retry, given the check's Retry-After header (raw, or
// null) and its time (ms since the epoch); Go reads the header. If the Go
// helper cannot answer, the schedule Go gave the popup is used as it is
// (without Retry-After).
async function nextDelay(e, retryAfter, at) {
  try {
    const input = { attempt: e.attempt + 1, retryAfter: String(retryAfter ?? "").slice(0, 256), now: new Date(at).toISOString() };
    const got = JSON.parse(await withGo((sesame) => sesame.watchNext(JSON.stringify(input))));
    if (got.giveUp === true) return { delay: 0, giveUp: true };
    if (Number.isFinite(got.delay) && got.delay >= 0) return { delay: got.delay, giveUp: false };
    throw new Error(`watchNext answered ${JSON.stringify(got).slice(0, 100)}`);
  } catch (err) {
    console.error("sesame: watchNext:", err);
    const delay = e.delays[e.attempt];
    return delay === undefined ? { delay: 0, giveUp: true } : { delay, giveUp: false };
  }
}

// notify shows the watch's notification (id "sesame-watch:" + URL) and
// reports whether the browser accepted it. Headless Firefox 153 accepts
// it but closes it at once (notifications.getAll stays empty).
async function notify(e, titleKey, textKey, extra = []) {
  if (!api.notifications) return false;
  listenOptional();
  const u = httpURL(e.url);
  const where = u ? `${u.host}${u.pathname}` : e.url;
  try {
    await api.notifications.create(WATCH_PREFIX + e.url, {
      type: "basic",
      iconUrl: api.runtime.getURL("icons/icon-128.png"),
      title: msg(titleKey),
      message: msg(textKey, [where.slice(0, 200), ...extra]),
    });
    return true;
  } catch (err) {
    console.error("sesame: notification:", err);
    return false;
  }
}

// restoreAlarms sets again the alarms of pages still watched (browsers
// may drop alarms when they restart) and deletes expired entries.
async function restoreAlarms() {
  await watchSerial(expireWatched);
  for (const e of await listWatched()) {
    if (e.state !== "watching") continue;
    const name = WATCH_PREFIX + e.url;
    if (!(await api.alarms.get(name))) await api.alarms.create(name, { when: Math.max(Date.now() + 1000, e.next ?? 0) });
  }
}
