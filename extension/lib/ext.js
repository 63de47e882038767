// ext.js holds the few helpers every part of the extension uses: the
// browser namespace, the words (_locales), URL checks, the watch key and
// the start of the Go helper. The popup and the options page import them.
//
// This module is also the single source of the background's copy: the
// background stays a classic script (Chrome's service worker loads Go's
// loader lazily with importScripts, which a module worker may not call),
// so dev/scripts/configure-extension.mjs writes ext-classic.js at build
// time, this text with the "export" keywords removed. Keep this file free
// of imports, "export default", "export { … }" and import.meta; the build
// fails on them. Functions that need a document ($, localize) are never
// called by the background.

// api is the extension namespace: browser in Firefox, chrome in Chrome.
export const api = globalThis.browser ?? globalThis.chrome;

// $ returns the page's element with that id, or null.
export const $ = (id) => document.getElementById(id);

// messageName turns a core message key into the name _locales can hold
// (letters, digits, "_" and "@"); dev/scripts/configure-extension.mjs
// applies the same mapping when it merges the core's words.
export function messageName(key) {
  return String(key ?? "").replace(/[^A-Za-z0-9_@]/g, "_");
}

// msg returns the translated message with its parameters, or "" when the
// message does not exist.
export function msg(key, params) {
  const name = messageName(key);
  if (!name) return "";
  const list = (params ?? []).map((p) => String(p));
  return api.i18n.getMessage(name, list.length ? list : undefined);
}

// uiLanguage is the browser's UI language as a BCP 47 tag ("en-US").
export function uiLanguage() {
  return api.i18n.getUILanguage() || "en";
}

// localize sets the page's language and direction and fills every
// element with a data-i18n attribute (the <title> included) with its
// message, as text.
export function localize() {
  const root = document.documentElement;
  root.lang = uiLanguage();
  root.dir = msg("@@bidi_dir") || "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = msg(el.dataset.i18n);
}

// httpURL returns the URL object of an absolute http(s) URL, else null.
export function httpURL(raw) {
  try {
    const u = new URL(raw);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

// webURL returns u when it is an absolute http(s) URL, else "".
export function webURL(u) {
  return httpURL(u)?.href ?? "";
}

// sameDocument reports whether two URLs name the same page, ignoring the
// fragment and any user name or password.
export function sameDocument(a, b) {
  try {
    const x = new URL(a), y = new URL(b);
    for (const u of [x, y]) { u.hash = ""; u.username = ""; u.password = ""; }
    return x.href === y.href;
  } catch {
    return false;
  }
}

// recordKey is the storage.session key of a tab's record (the flagged
// response the background keeps for the popup).
export function recordKey(tabId) {
  return `tab:${tabId}`;
}

// watchKey is the storage.local key of a watched page.
export function watchKey(url) {
  return `watch:${url}`;
}

// startGo instantiates the Go helper (sesame.wasm; Go's loader
// wasm_exec.js must have set globalThis.Go) and resolves to
// globalThis.sesame. Callers keep the promise: one instance per page or
// background.
export async function startGo() {
  if (typeof globalThis.Go !== "function") throw new Error("wasm_exec.js did not load");
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(api.runtime.getURL("sesame.wasm")), go.importObject);
  go.run(instance).then(() => console.error("sesame: the Go helper stopped"));
  const sesame = globalThis.sesame;
  if (sesame?.ready !== true) throw new Error("globalThis.sesame.ready is not set");
  return sesame;
}

// ---- The flagged page and the browser, as Go's analysis reads them. ----
// The popup and the background (which computes the diagnosis ahead of the
// click) read them through these same functions.

// PAGE_MAX_BODY bounds the error page text handed to Go (UTF-16 units).
export const PAGE_MAX_BODY = 512 * 1024;
// PAGE_TIMEOUT bounds the wait for the page's text, in milliseconds.
export const PAGE_TIMEOUT = 1000;

// analysisKey is the storage.session key of the diagnosis the background
// computed ahead for a tab's record (described in background.js).
export function analysisKey(tabId) {
  return `analysis:${tabId}`;
}

// readPage returns the flagged page's HTML, at most PAGE_MAX_BODY
// characters, or "" when it cannot be read: browser error pages (Chrome
// shows chrome-error:// for an empty 401 body), restricted pages, a tab
// that moved on, or a page too busy to answer in time.
export async function readPage(tabId, url) {
  let timer;
  try {
    const run = api.scripting.executeScript({ target: { tabId }, func: pageHTML, args: [PAGE_MAX_BODY], injectImmediately: true });
    const late = new Promise((resolve) => { timer = setTimeout(resolve, PAGE_TIMEOUT, null); });
    const results = await Promise.race([run, late]);
    const got = results?.[0]?.result;
    if (!got || typeof got.html !== "string" || !sameDocument(got.url, url)) return "";
    return got.html.slice(0, PAGE_MAX_BODY);
  } catch {
    return "";
  } finally {
    clearTimeout(timer);
  }
}

// pageHTML runs in the page: it serialises the head and the body's children
// in order and stops once max characters are collected. It must stay
// self-contained (executeScript sends its source).
export function pageHTML(max) {
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
// ("Firefox 153.0", "Chrome 156", "Linux x86-64"). It works in pages and
// in the background (Chrome's service worker has navigator.userAgentData).
export async function environment() {
  let browser = "";
  try {
    // Firefox has runtime.getBrowserInfo; Chrome does not.
    if (typeof api.runtime.getBrowserInfo === "function") {
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
