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
