// page.js finds what the popup is about: the tab, the background's record
// of its 401/403/407, the error page's text (bounded), the browser and
// system, and the optional permissions granted so far.
import { api, httpURL, recordKey, sameDocument } from "../lib/ext.js";
import { FIREFOX, PopupError, S } from "./state.js";

// MAX_BODY bounds the error page text handed to Go (UTF-16 units).
const MAX_BODY = 512 * 1024;
// BODY_TIMEOUT bounds the wait for the page's text, in milliseconds.
const BODY_TIMEOUT = 1000;

// targetTab returns the tab the popup is about: ?tab=<id> (tests and
// "open in a tab"), else the active tab of the current window.
export async function targetTab() {
  const q = new URLSearchParams(location.search).get("tab");
  if (q !== null) {
    if (!/^\d{1,10}$/.test(q)) throw new PopupError("errorBadTab", `?tab=${q}`);
    return api.tabs.get(Number(q)).catch(() => { throw new PopupError("errorNoTab", `?tab=${q}`); });
  }
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (!tab || tab.id === undefined || tab.id < 0) throw new PopupError("errorNoTab", "");
  return tab;
}

// readRecord returns the background's record of the tab (storage.session
// "tab:<id>", described in background.js), or null.
export async function readRecord(tabId) {
  const key = recordKey(tabId);
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
export function stillShown(tab, record) {
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
export async function readPage(tabId, url) {
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
// in order and stops once max characters are collected. It must stay
// self-contained (executeScript sends its source).
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
export async function environment() {
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

// loadGranted records in S.granted which optional permissions the person
// granted so far.
export async function loadGranted() {
  const has = (permissions) => api.permissions.contains({ permissions }).catch(() => false);
  [S.granted.browsingData, S.granted.watch] = await Promise.all([has(["browsingData"]), has(["notifications"])]);
}
