// Sesame's background script: it notices a main-frame 401, 403 or 407,
// marks the tab's badge at once and keeps a record of the response in
// storage.session for the popup. It never loads Go: the popup does, when a
// report is needed.
//
// Chrome runs this file as the extension service worker; Firefox runs it as
// an event page from manifest "background.scripts", after archive-hosts.js.
// Every listener is registered synchronously below, before anything awaits.
//
// Record (storage.session, key "tab:<tabId>"), read by the popup and tests:
//   {tabId, url, method, status, statusLine, headers: [{name, value}],
//    time, detectedAt, badgeAt}
// url has no user name or password; headers keeps only the ones the
// diagnosis reads, at most MAX_HEADERS values of at most MAX_VALUE
// characters; detectedAt and badgeAt are performance.timeOrigin +
// performance.now() at listener entry and once setBadgeText resolved.
"use strict";

// Chrome 156 (service worker): load the list Firefox loads from "background.scripts".
if (typeof importScripts === "function" && !globalThis.SESAME_ARCHIVE_HOSTS) importScripts("archive-hosts.js");

const api = globalThis.browser ?? globalThis.chrome;

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

const now = () => performance.timeOrigin + performance.now();
const ignore = () => {};
const storageKey = (tabId) => `tab:${tabId}`;

// ---- Listeners, all registered synchronously. ----

api.webRequest.onHeadersReceived.addListener(onHeadersReceived,
  { urls: ["<all_urls>"], types: ["main_frame"] }, ["responseHeaders"]);
api.tabs.onUpdated.addListener(onTabUpdated);
api.tabs.onRemoved.addListener((tabId) => {
  forget(tabId, false);
  seen.delete(tabId);
  clean.delete(tabId);
});
api.runtime.onMessage.addListener(onMessage);

// ---- Detection. ----

function onHeadersReceived(details) {
  const detectedAt = now();
  const { tabId, statusCode } = details;
  if (tabId < 0) return;
  seen.add(tabId);
  if (!FLAGGED.has(statusCode)) {
    if (leavesPage(details)) forget(tabId, true);
    return;
  }
  const url = flaggable(details.url);
  if (url === null) {
    forget(tabId, true);
    return;
  }
  const badge = showBadge(tabId, statusCode);
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
  records.set(tabId, record);
  badge.then(() => { record.badgeAt = now(); }, ignore).finally(() => {
    if (records.get(tabId) !== record) return;
    clean.delete(tabId);
    serial(() => api.storage.session.set({ [storageKey(tabId)]: record }));
  });
  // Firefox 153: tabs.onUpdated "complete" may come before this event, after the commit cleared the badge.
  api.tabs.get(tabId).then((tab) => {
    if (tab.status === "complete" && records.get(tabId) === record && sameDocument(tab.url, url)) showBadge(tabId, statusCode);
  }, ignore);
}

// leavesPage reports whether a main-frame response that is not flagged
// replaces the page in the tab: redirects, 204/205 and downloads do not.
function leavesPage(details) {
  const s = details.statusCode;
  if ((s >= 300 && s < 400) || s === 204 || s === 205 || s < 200) return false;
  for (const h of details.responseHeaders ?? []) {
    if (h.name.toLowerCase() === "content-disposition" && /^\s*attachment/i.test(h.value ?? "")) return false;
  }
  return true;
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

// sameDocument reports whether two URLs name the same page, ignoring the
// fragment and any user name or password.
function sameDocument(a, b) {
  try {
    const x = new URL(a), y = new URL(b);
    for (const u of [x, y]) { u.hash = ""; u.username = ""; u.password = ""; }
    return x.href === y.href;
  } catch {
    return false;
  }
}

// ---- Badge. ----

// showBadge sets the tab's badge to the status code and returns the promise
// of setBadgeText.
function showBadge(tabId, status) {
  const text = String(status);
  const shown = api.action.setBadgeText({ tabId, text });
  api.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }).catch(ignore);
  api.action.setBadgeTextColor?.({ tabId, color: BADGE_TEXT_COLOR })?.catch(ignore);
  api.action.setTitle({ tabId, title: api.i18n.getMessage("badgeTitle", [text]) }).catch(ignore);
  return shown;
}

function clearBadge(tabId) {
  api.action.setBadgeText({ tabId, text: "" }).catch(ignore);
  api.action.setTitle({ tabId, title: api.i18n.getMessage("actionTitle") }).catch(ignore);
}

// ---- Tabs. ----

function onTabUpdated(tabId, change, tab) {
  if (change.url !== undefined) {
    const r = records.get(tabId);
    if (r && !sameDocument(change.url, r.url)) forget(tabId, true);
  }
  // Chrome 156 and Firefox 153 clear a tab's badge when the page commits, after onHeadersReceived:
  // set it again when the flagged page starts loading (a long page) and when it is complete.
  if (change.status === "complete" || (change.status === "loading" && records.has(tabId))) restoreBadge(tabId, tab.url);
}

// restoreBadge sets the badge again if the tab still shows the flagged page.
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
  if (r && sameDocument(url, r.url)) showBadge(tabId, r.status);
}

// clean holds the tabs known to have no record in storage.session, so that
// ordinary navigations cost no storage write.
const clean = new Set();

// forget drops the tab's record and, when asked, its badge.
function forget(tabId, badge) {
  const had = records.delete(tabId);
  if (badge && had) clearBadge(tabId);
  if (!had && clean.has(tabId)) return;
  clean.add(tabId);
  serial(() => api.storage.session.remove(storageKey(tabId)));
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
  const key = storageKey(tabId);
  const got = await api.storage.session.get(key);
  return got[key] ?? null;
}

// ---- Messages from the popup and tests. ----

function onMessage(msg, sender, sendResponse) {
  if (sender.id !== api.runtime.id || typeof msg !== "object" || msg === null) return false;
  switch (msg.type) {
    case "record": // {type, tabId} → the record or null
      if (!Number.isInteger(msg.tabId)) break;
      if (records.has(msg.tabId)) sendResponse(records.get(msg.tabId));
      else serial(() => load(msg.tabId)).then(sendResponse, () => sendResponse(null));
      return true;
    case "forget": // {type, tabId} → true
      if (!Number.isInteger(msg.tabId)) break;
      forget(msg.tabId, true);
      serial(ignore).then(() => sendResponse(true));
      return true;
    case "ping": // → {version}
      sendResponse({ version: api.runtime.getManifest().version });
      return false;
  }
  sendResponse({ error: `unknown or malformed message ${JSON.stringify(msg.type ?? null)}` });
  return false;
}
