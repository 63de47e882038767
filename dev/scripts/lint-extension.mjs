#!/usr/bin/env node
// lint-extension.mjs runs `web-ext lint` (Mozilla's addons-linter) on the
// built extension (usage: lint-extension.mjs DIST) and fails unless it
// reports zero errors and no warning other than the expected one: Firefox
// ignores background.service_worker, which the one manifest shared with
// Chrome must carry. It also checks the words:
//  - every message name the extension's scripts and pages (in every
//    folder: the popup's and options page's modules, lib/) use literally
//    (msg("…"), getMessage("…"), data-i18n="…", __MSG_…__, and names
//    handed around before reaching msg()) exists in _locales/en;
//  - every language has every message English has, no message English
//    lacks, no empty message, and the same $1…$9 placeholders.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = process.argv[2];
if (!dist || !existsSync(path.join(dist, "manifest.json"))) {
  console.error("usage: lint-extension.mjs DIST (a folder with manifest.json; run make dist/extension/.stamp)");
  process.exit(2);
}
const webExt = path.join(repo, "dev", "node_modules", ".bin", "web-ext");
if (!existsSync(webExt)) {
  console.error(`lint-extension: ${webExt} is missing: run npm ci (make deps)`);
  process.exit(2);
}

const run = spawnSync(webExt, ["lint", "--no-config-discovery", "--output=json", `--source-dir=${dist}`], {
  encoding: "utf8",
  env: { ...process.env, NO_UPDATE_NOTIFIER: "1" },
  maxBuffer: 64 << 20,
});
let result;
try {
  result = JSON.parse(run.stdout.slice(run.stdout.indexOf("{")));
} catch {
  console.error(`lint-extension: web-ext lint gave no JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}

// expected reports whether a warning is Firefox ignoring the service worker.
const expected = (w) =>
  /background\/service_worker|background\.service_worker/.test(`${w.dataPath ?? ""} ${w.message ?? ""} ${w.description ?? ""}`);

const show = (kind, list) => {
  for (const m of list) console.log(`  ${kind} ${m.code}: ${m.message}${m.file ? ` (${m.file}${m.line ? `:${m.line}` : ""})` : ""}`);
};
const errors = result.errors ?? [];
const warnings = result.warnings ?? [];
const unexpected = warnings.filter((w) => !expected(w));
show("error", errors);
show("warning", warnings);
show("notice", result.notices ?? []);
console.log(`lint-extension: ${errors.length} errors, ${warnings.length} warnings (${warnings.length - unexpected.length} expected), ${(result.notices ?? []).length} notices`);
// Message names used literally must exist in the default locale.
const en = JSON.parse(readFileSync(path.join(dist, "_locales", "en", "messages.json"), "utf8"));
const known = new Set(Object.keys(en).map((k) => k.toLowerCase()));
const used = new Map();
// Every script, page and JSON file of the extension, in every folder
// (popup/, options/, lib/), but Go's loader and the words themselves.
const scanned = (dir, prefix = "") => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const rel = prefix ? `${prefix}/${e.name}` : e.name;
  if (e.isDirectory()) return rel === "_locales" ? [] : scanned(path.join(dir, e.name), rel);
  return e.isFile() && /\.(js|html|json)$/.test(e.name) && rel !== "wasm_exec.js" ? [rel] : [];
});
const sources = scanned(dist).map((f) => [f, readFileSync(path.join(dist, f), "utf8")]);
// Message types between the pages and the background ({type: "watchList"}) are not words.
const types = new Set();
for (const [, text] of sources) for (const m of text.matchAll(/(?:\btype: |\bcase )"([A-Za-z0-9_]+)"/g)) types.add(m[1]);
for (const [f, text] of sources) {
  for (const m of text.matchAll(/\b(?:msg|getMessage)\("([A-Za-z0-9_@]+)"|data-i18n="([A-Za-z0-9_@]+)"|__MSG_([A-Za-z0-9_@]+)__/g)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (!name.startsWith("@@")) used.set(name, f);
  }
  // Names passed around before reaching msg(): "actionUpOne", "errorGoStart", …
  for (const m of text.matchAll(/"((?:action|error|fact|popup|badge|title|archive|watch|confirm|options|clear|copy|mail|warn|details|contacts)[A-Z0-9][A-Za-z0-9_]*)"/g)) {
    if (!types.has(m[1])) used.set(m[1], f);
  }
}
const unknown = [...used].filter(([k]) => !known.has(k.toLowerCase()));
for (const [k, f] of unknown) console.log(`  error MESSAGE_MISSING: "${k}" used in ${f} is not in _locales/en/messages.json`);
console.log(`lint-extension: ${used.size} message names used literally in ${sources.length} files, ${unknown.length} missing`);

// Every language complete, with the same placeholders as English.
const placeholders = (text) => [...new Set(String(text).match(/\$[1-9]/g) ?? [])].sort().join(" ");
const langProblems = [];
const localesDir = path.join(dist, "_locales");
for (const lang of readdirSync(localesDir).sort()) {
  if (lang === "en") continue;
  const file = path.join(localesDir, lang, "messages.json");
  if (!existsSync(file)) continue;
  const words = JSON.parse(readFileSync(file, "utf8"));
  const lower = new Map(Object.entries(words).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [k, v] of Object.entries(en)) {
    const w = lower.get(k.toLowerCase());
    if (!w) langProblems.push(`${lang} lacks "${k}"`);
    else if (typeof w.message !== "string" || w.message.trim() === "") langProblems.push(`${lang} "${k}" is empty`);
    else if (placeholders(w.message) !== placeholders(v.message)) {
      langProblems.push(`${lang} "${k}" has placeholders [${placeholders(w.message)}], English [${placeholders(v.message)}]`);
    }
  }
  for (const k of Object.keys(words)) if (!known.has(k.toLowerCase())) langProblems.push(`${lang} has "${k}", English does not`);
}
for (const p of langProblems) console.log(`  error MESSAGE_LANGUAGE: ${p}`);
console.log(`lint-extension: ${readdirSync(localesDir).length} languages, ${langProblems.length} translation problems`);

if (errors.length > 0 || unexpected.length > 0 || unknown.length > 0 || langProblems.length > 0) {
  console.error("lint-extension: FAIL — fix the errors and unexpected warnings above");
  process.exit(1);
}
