// shared.js holds the few helpers the background script, the popup and the
// options page all use. It is a classic script: the pages load it before
// their own script, Firefox lists it in manifest "background.scripts", and
// Chrome's service worker imports it with importScripts.
"use strict";

const api = globalThis.browser ?? globalThis.chrome;

// messageName turns a core message key into the name _locales can hold
// (letters, digits, "_" and "@"); scripts/configure-extension.mjs applies
// the same mapping when it merges the core's words.
function messageName(key) {
  return String(key ?? "").replace(/[^A-Za-z0-9_@]/g, "_");
}

// msg returns the translated message with its parameters, or "" when the
// message does not exist.
function msg(key, params) {
  const name = messageName(key);
  if (!name) return "";
  const list = (params ?? []).map((p) => String(p));
  return api.i18n.getMessage(name, list.length ? list : undefined);
}

// uiLanguage is the browser's UI language as a BCP 47 tag ("en-US").
function uiLanguage() {
  return api.i18n.getUILanguage() || "en";
}

// httpURL returns the URL object of an absolute http(s) URL, else null.
function httpURL(raw) {
  try {
    const u = new URL(raw);
    return u.protocol === "http:" || u.protocol === "https:" ? u : null;
  } catch {
    return null;
  }
}

// webURL returns u when it is an absolute http(s) URL, else "".
function webURL(u) {
  return httpURL(u)?.href ?? "";
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

// watchKey is the storage.local key of a watched page.
function watchKey(url) {
  return `watch:${url}`;
}

// startGo instantiates the Go helper (sesame.wasm, loaded by wasm_exec.js)
// and resolves to globalThis.sesame. Callers keep the promise: one
// instance per page or background.
async function startGo() {
  if (typeof globalThis.Go !== "function") throw new Error("wasm_exec.js did not load");
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(api.runtime.getURL("sesame.wasm")), go.importObject);
  go.run(instance).then(() => console.error("sesame: the Go helper stopped"));
  const sesame = globalThis.sesame;
  if (sesame?.ready !== true) throw new Error("globalThis.sesame.ready is not set");
  return sesame;
}
