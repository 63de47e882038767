#!/usr/bin/env node
// lint-extension.mjs runs `web-ext lint` (Mozilla's addons-linter) on the
// built extension (usage: lint-extension.mjs DIST) and fails unless it
// reports zero errors and no warning other than the expected one: Firefox
// ignores background.service_worker, which the one manifest shared with
// Chrome must carry. It also checks that every message name the
// extension's scripts and pages use literally (msg("…"), getMessage("…"),
// data-i18n="…", __MSG_…__) exists in _locales/en.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.argv[2];
if (!dist || !existsSync(path.join(dist, "manifest.json"))) {
  console.error("usage: lint-extension.mjs DIST (a folder with manifest.json; run make dist/extension/.stamp)");
  process.exit(2);
}
const webExt = path.join(repo, "node_modules", ".bin", "web-ext");
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
for (const f of readdirSync(dist)) {
  if (!/\.(js|html|json)$/.test(f) || f === "wasm_exec.js") continue;
  const text = readFileSync(path.join(dist, f), "utf8");
  for (const re of [/\b(?:msg|getMessage)\("([A-Za-z0-9_@]+)"/g, /data-i18n="([A-Za-z0-9_@]+)"/g, /__MSG_([A-Za-z0-9_@]+)__/g,
    // Names passed around before reaching msg(): "actionUpOne", "errorGoStart", …
    /"((?:action|error|fact|popup|badge|title)[A-Z0-9][A-Za-z0-9_]*)"/g]) {
    for (const m of text.matchAll(re)) if (!m[1].startsWith("@@")) used.set(m[1], f);
  }
}
const unknown = [...used].filter(([k]) => !known.has(k.toLowerCase()));
for (const [k, f] of unknown) console.log(`  error MESSAGE_MISSING: "${k}" used in ${f} is not in _locales/en/messages.json`);
console.log(`lint-extension: ${used.size} message names used literally, ${unknown.length} missing`);

if (errors.length > 0 || unexpected.length > 0 || unknown.length > 0) {
  console.error("lint-extension: FAIL — fix the errors and unexpected warnings above");
  process.exit(1);
}
