#!/usr/bin/env node
// configure-extension.mjs finishes the unpacked extension the Makefile
// copied to DIST (usage: configure-extension.mjs DIST RELAY_URL):
//
//  1. merges the Go core's message words into DIST/_locales/<lang>/messages.json.
//     The core's words are Chrome-format JSON files, one per language, in
//     internal/messages/locales/<lang>.json (or the folder
//     SESAME_CORE_MESSAGES names). Core keys may hold characters _locales does not allow
//     (anything but letters, digits, "_" and "@"): they become "_", the
//     same mapping as messageName in extension/lib/ext.js. It fails on a duplicate key (message
//     names are case-insensitive in Chrome) and on a language present on
//     one side only; a key missing from a language is reported.
//  2. writes DIST/config.json for the extension pages: {"relayURL": the
//     build's RELAY_URL, "waybackURL": the Wayback availability endpoint,
//     "archives": [{id, name}]}, the last two read from the archive
//     registry (internal/archive/registry/archives.json, or the file
//     SESAME_ARCHIVES names): the popup asks the Wayback Machine directly
//     when the relay is unreachable, and the options page lists the
//     archives when the relay does not answer. RELAY_URL is checked with
//     cleanRelay from extension/lib/config.js, the options page's check:
//     plain http only to this computer (localhost, 127.0.0.0/8, [::1]).
//  3. turns DIST/archive-hosts.json into DIST/archive-hosts.js, the list of
//     web archives the background never flags.
//  4. writes DIST/ext-classic.js, the classic-script copy of the helper
//     module DIST/lib/ext.js for the background (Chrome's service worker
//     imports it with importScripts, Firefox lists it in manifest
//     "background.scripts"): the module's text with each "export" keyword
//     in front of a declaration removed. The module must have no imports,
//     no "export default" or "export { … }" and no import.meta; the result
//     must compile as a classic script.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import vm from "node:vm";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { cleanRelay } from "../../extension/lib/config.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

function fail(message) {
  console.error(`configure-extension: ${message}`);
  process.exit(1);
}

function readJSON(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    fail(`cannot read ${file}: ${err.message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    fail(`${file} is not valid JSON: ${err.message}`);
  }
}

// messageName maps a core message key to a valid _locales name.
function messageName(key) {
  return key.replace(/[^A-Za-z0-9_@]/g, "_");
}

// jsonFiles lists the <lang>.json files of dir as {lang: file}.
function jsonFiles(dir) {
  const out = {};
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return out;
  for (const f of readdirSync(dir)) {
    if (f.endsWith(".json")) out[f.slice(0, -5)] = path.join(dir, f);
  }
  return out;
}

// coreMessages finds the core's words: {source, files: {lang: file}}.
function coreMessages(dist) {
  if (process.env.SESAME_CORE_MESSAGES) {
    const dir = path.resolve(process.env.SESAME_CORE_MESSAGES);
    const files = jsonFiles(dir);
    if (Object.keys(files).length === 0) fail(`SESAME_CORE_MESSAGES=${dir} holds no <lang>.json files`);
    return { source: dir, files };
  }
  const dir = path.join(repo, "internal", "messages", "locales");
  const files = jsonFiles(dir);
  if (Object.keys(files).length === 0) fail(`no core message files found: expected ${path.relative(repo, dir)}/<lang>.json`);
  return { source: dir, files };
}

const LANG = /^[a-z]{2,3}(_[A-Z]{2})?$/;

function checkMessages(file, messages) {
  if (typeof messages !== "object" || messages === null || Array.isArray(messages)) fail(`${file}: not a JSON object`);
  for (const [key, m] of Object.entries(messages)) {
    if (typeof m !== "object" || m === null || typeof m.message !== "string") {
      fail(`${file}: "${key}" has no "message" string`);
    }
  }
}

function mergeLocales(dist) {
  const localesDir = path.join(dist, "_locales");
  const langs = readdirSync(localesDir).filter((d) => statSync(path.join(localesDir, d)).isDirectory()).sort();
  const core = coreMessages(dist);
  const coreLangs = Object.keys(core.files).sort();
  for (const l of [...langs, ...coreLangs]) if (!LANG.test(l)) fail(`"${l}" is not a locale name like en or pt_BR`);
  const missing = [
    ...langs.filter((l) => !core.files[l]).map((l) => `${l} has no core file in ${core.source}`),
    ...coreLangs.filter((l) => !langs.includes(l)).map((l) => `${l} of ${core.source} has no _locales/${l}/messages.json`),
  ];
  if (missing.length) fail(`languages differ: ${missing.join("; ")}`);

  const keysByLang = {};
  for (const lang of langs) {
    const extFile = path.join(localesDir, lang, "messages.json");
    const ext = readJSON(extFile);
    checkMessages(extFile, ext);
    const coreWords = readJSON(core.files[lang]);
    checkMessages(core.files[lang], coreWords);
    const merged = {};
    const origin = new Map(); // lower-case name → where it came from
    const add = (name, m, from) => {
      const lower = name.toLowerCase();
      if (origin.has(lower)) fail(`duplicate message "${name}" in ${lang}: ${from} and ${origin.get(lower)}`);
      if (!/^[A-Za-z0-9_@]+$/.test(name) || name.startsWith("@@")) fail(`bad message name "${name}" (${from})`);
      origin.set(lower, from);
      merged[name] = m;
    };
    for (const [k, m] of Object.entries(ext)) add(k, m, extFile);
    for (const [k, m] of Object.entries(coreWords)) add(messageName(k), m, `${core.files[lang]} key "${k}"`);
    writeFileSync(extFile, JSON.stringify(merged, null, 1) + "\n");
    keysByLang[lang] = new Set(Object.keys(merged));
    console.log(`configure-extension: _locales/${lang}: ${Object.keys(ext).length} extension + ${Object.keys(coreWords).length} core messages`);
  }
  const en = keysByLang.en;
  if (!en) fail("no _locales/en (the default_locale)");
  for (const lang of langs) {
    const absent = [...en].filter((k) => !keysByLang[lang].has(k));
    const orphan = [...keysByLang[lang]].filter((k) => !en.has(k));
    if (orphan.length) fail(`${lang} has messages English lacks: ${orphan.join(", ")}`);
    if (absent.length) console.warn(`configure-extension: warning: ${lang} lacks ${absent.length} messages (English is shown): ${absent.join(", ")}`);
  }
}

// registryConfig reads the archive registry: the enabled archives' ids and
// names, and the endpoint of the Wayback availability API.
function registryConfig() {
  const file = process.env.SESAME_ARCHIVES || path.join(repo, "internal", "archive", "registry", "archives.json");
  const list = readJSON(file);
  if (!Array.isArray(list) || list.length === 0) fail(`${file}: not a non-empty list of archives`);
  const archives = [];
  let waybackURL = "";
  for (const a of list) {
    if (typeof a?.id !== "string" || typeof a.name !== "string") fail(`${file}: an archive lacks "id" or "name"`);
    if (a.enabled === false) continue;
    archives.push({ id: a.id, name: a.name });
    if (a.id === "wayback" && a.kind === "availability" && typeof a.endpoint === "string") waybackURL = a.endpoint;
  }
  if (!waybackURL) fail(`${file}: no enabled "wayback" archive of kind "availability"`);
  const u = new URL(waybackURL);
  if (u.protocol !== "https:" && u.protocol !== "http:") fail(`${file}: the Wayback endpoint must be http(s)`);
  return { waybackURL: u.href, archives };
}

function writeConfig(dist, relay) {
  let u;
  try {
    u = new URL(relay);
  } catch {
    fail(`relay URL ${JSON.stringify(relay)} is not an absolute URL`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") fail(`relay URL must be http(s), not ${u.protocol}`);
  if (u.username || u.password || u.search || u.hash) fail("relay URL must not carry credentials, a query or a fragment");
  if (cleanRelay(relay) === null) {
    fail(`relay URL ${JSON.stringify(relay)}: plain http is only for a relay on this computer ` +
      "(localhost, 127.0.0.0/8, [::1]); use https:// for any other host");
  }
  const relayURL = cleanRelay(relay);
  writeFileSync(path.join(dist, "config.json"), JSON.stringify({ relayURL, ...registryConfig() }, null, 1) + "\n");
}

function writeArchiveHosts(dist) {
  const file = path.join(dist, "archive-hosts.json");
  const { hosts } = readJSON(file);
  if (!Array.isArray(hosts) || hosts.length === 0) fail(`${file}: "hosts" must be a non-empty list`);
  for (const h of hosts) {
    if (typeof h !== "string" || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(h)) fail(`${file}: bad host ${JSON.stringify(h)}`);
  }
  if (new Set(hosts).size !== hosts.length) fail(`${file}: a host is listed twice`);
  writeFileSync(path.join(dist, "archive-hosts.js"),
    "// Generated from archive-hosts.json by dev/scripts/configure-extension.mjs: web archives Sesame never flags.\n" +
    `globalThis.SESAME_ARCHIVE_HOSTS = Object.freeze(${JSON.stringify(hosts)});\n`);
}

// writeClassicExt writes ext-classic.js from the ES module lib/ext.js (see
// step 4 above): one source for the helpers the pages import and the
// background loads as a classic script.
function writeClassicExt(dist) {
  const file = path.join(dist, "lib", "ext.js");
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    fail(`cannot read ${file}: ${err.message}`);
  }
  const declaration = /^export (?=(?:async\s+function|function|const|let|var|class)\b)/gm;
  const count = (text.match(declaration) ?? []).length;
  if (count === 0) fail(`${file} exports nothing`);
  const classic = text.replace(declaration, "");
  // Module-only syntax left over (comment lines aside); vm.Script below
  // catches the rest except import(), which a classic script may call.
  classic.split("\n").forEach((line, i) => {
    if (/^\s*(?:\/\/|\/?\*)/.test(line)) return;
    if (/^\s*(?:export|import)\b|\bimport\s*\(|\bimport\.meta\b/.test(line)) {
      fail(`${file}:${i + 1}: only "export" in front of a declaration can be removed for the classic copy: ${JSON.stringify(line.trim())}`);
    }
  });
  const out = "// Generated from lib/ext.js by dev/scripts/configure-extension.mjs: do not edit.\n" +
    "// The background's classic-script copy of the helper module (\"export\" removed).\n" +
    "\"use strict\";\n\n" + classic;
  try {
    new vm.Script(out, { filename: "ext-classic.js" });
  } catch (err) {
    fail(`ext-classic.js made from ${file} is not a valid classic script: ${err.message}`);
  }
  writeFileSync(path.join(dist, "ext-classic.js"), out);
  console.log(`configure-extension: ext-classic.js: lib/ext.js with ${count} exports made global`);
}

function main() {
  const [dist, relay] = process.argv.slice(2);
  if (!dist || relay === undefined) fail("usage: configure-extension.mjs DIST RELAY_URL");
  if (!existsSync(path.join(dist, "manifest.json"))) fail(`${dist} has no manifest.json (run make dist/extension/.stamp)`);
  writeConfig(dist, relay); // first: a bad RELAY_URL fails before any other work
  mergeLocales(dist);
  writeArchiveHosts(dist);
  writeClassicExt(dist);
}

main();
