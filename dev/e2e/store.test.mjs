// store.test.mjs checks the store folder against the code:
//
//  - every fetch( call site of the extension (file + enclosing function)
//    is in the table of requests of the README's Privacy section, and the
//    privacy policy (store/privacy-policy.md) holds that section word for
//    word (links aside), so a new fetch without documentation fails here;
//  - the Go helper links no network code (no package net, net/http);
//  - both store listings justify every permission of the manifest and
//    keep within the stores' length limits;
//  - the screenshots the listings name exist, 1280×800 PNGs.
//
// No browser is needed: node --test dev/e2e/store.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./lib/paths.mjs";

const read = (rel) => readFileSync(path.join(repoRoot, rel), "utf8");

// jsFiles lists the .js and .mjs files under dir (relative to the repository).
function jsFiles(dir) {
  return readdirSync(path.join(repoRoot, dir)).sort().flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(repoRoot, rel)).isDirectory()) return jsFiles(rel);
    return /\.m?js$/.test(name) ? [rel] : [];
  });
}

// FETCH finds a call of the global fetch: fetch(, globalThis.fetch(,
// self.fetch(, window.fetch(, but not someObject.fetch( or prefetch(.
const FETCH = /(?:^|[^.\w$]|\b(?:globalThis|self|window)\.)fetch\s*\(/;
const FUNC = [
  /^(\s*)(?:export\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/,
  /^(\s*)(?:export\s+)?(?:const|let|var)\s+([\w$]+)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>|[\w$]+\s*=>)/,
  /^(\s*)(?:async\s+)?([\w$]+)\s*\([^)]*\)\s*\{\s*$/, // a method
];

// fetchSites returns [{file, line, fn}] for the fetch calls of text: fn is
// the nearest enclosing named function (by indentation), or "(top level)".
// Comment lines and // comments are skipped; so are string literals that
// only mention fetch( on a line of their own (none today).
export function fetchSites(file, text) {
  const lines = text.split("\n");
  const sites = [];
  let inBlock = false;
  lines.forEach((raw, i) => {
    let l = raw;
    if (inBlock) {
      const end = l.indexOf("*/");
      if (end < 0) return;
      l = " ".repeat(end + 2) + l.slice(end + 2);
      inBlock = false;
    }
    l = l.replace(/\/\*.*?\*\//g, (m) => " ".repeat(m.length));
    const open = l.indexOf("/*");
    if (open >= 0) {
      inBlock = true;
      l = l.slice(0, open);
    }
    const code = l.replace(/(^|[^:"'`])\/\/.*$/, "$1");
    if (!FETCH.test(code)) return;
    const indent = raw.search(/\S/);
    let fn = "(top level)";
    for (let j = i - 1; j >= 0 && fn === "(top level)"; j--) {
      for (const re of FUNC) {
        const m = re.exec(lines[j]);
        if (m && m[1].length < indent && !["if", "for", "while", "switch", "catch", "function"].includes(m[2])) {
          fn = m[2];
          break;
        }
      }
    }
    sites.push({ file, line: i + 1, fn });
  });
  return sites;
}

// privacySection is the README's Privacy section up to its promise table.
function privacySection() {
  const readme = read("README.md");
  const start = readme.indexOf("\n## Privacy\n");
  const end = readme.indexOf("\n### What Sesame promises", start);
  assert.ok(start >= 0 && end > start, "README.md has a Privacy section followed by \"### What Sesame promises\"");
  return readme.slice(start, end);
}

// requestRows returns the rows of the table of requests in section text.
function requestRows(section) {
  const rows = section.split("\n").filter((l) => l.startsWith("|") && !/^\|\s*-/.test(l));
  assert.ok(rows.length > 1 && /\|\s*code\s*\|\s*$/.test(rows[0]), "the Privacy section has a table of requests whose last column is \"code\"");
  return rows.slice(1).map((r) => r.split("|").slice(1, -1).map((c) => c.trim()));
}

// undocumented returns the sites no row names by file and function (each
// in backquotes, in the row's last cell).
export function undocumented(sites, rows) {
  return sites.filter((s) => !rows.some((cells) => {
    const code = cells.at(-1);
    return code.includes(`\`${s.file}\``) && code.includes(`\`${s.fn}\``);
  }));
}

// plain drops markdown links' targets and folds white space, so that the
// README (relative links) and the policy (absolute links) compare equal.
function plain(text) {
  return text.replace(/\[([^\]]+)\]\([^)]+\)/g, "$1").replace(/\s+/g, " ").trim();
}

test("every fetch( of the extension is in the Privacy section's table of requests", () => {
  const sites = jsFiles("extension").flatMap((f) => fetchSites(f, read(f)));
  assert.ok(sites.length >= 5, `found only ${sites.length} fetch calls: ${JSON.stringify(sites)}`);
  const rows = requestRows(privacySection());
  const missing = undocumented(sites, rows);
  assert.deepEqual(missing, [], "fetch calls missing from the README's Privacy table (and so from store/privacy-policy.md): " +
    missing.map((s) => `${s.file}:${s.line} in ${s.fn}`).join("; "));
  // Every file the table names exists, and each named function holds a fetch
  // or calls one that does (no stale rows).
  for (const cells of rows) {
    const files = [...cells.at(-1).matchAll(/`(extension\/[^`]+\.m?js)`/g)].map((m) => m[1]);
    assert.ok(files.length > 0, `row without a file: ${cells.join(" | ")}`);
    for (const f of files) assert.ok(existsSync(path.join(repoRoot, f)), `the table names ${f}, which does not exist`);
    assert.ok(sites.some((s) => files.includes(s.file) && cells.at(-1).includes(`\`${s.fn}\``)),
      `row names no fetch call that exists: ${cells.at(-1)}`);
  }
  console.log(`store: ${sites.length} fetch calls, all documented: ${sites.map((s) => `${s.file} ${s.fn}`).join(", ")}`);
});

test("the check finds a new fetch( that is not documented", () => {
  const sample = [
    "// fetch(x) in a comment is not a call",
    "/* fetch(y)",
    "   still a comment */",
    "export async function lookupSomewhere(u) {",
    "  const a = prefetch(u); // not the global fetch",
    "  const b = cache.fetch(u);",
    "  return await globalThis.fetch(`https://tracker.example/?u=${u}`);",
    "}",
    "const send = async (u) => {",
    "  await fetch(u);",
    "};",
  ].join("\n");
  const sites = fetchSites("extension/new.js", sample);
  assert.deepEqual(sites.map((s) => [s.line, s.fn]), [[7, "lookupSomewhere"], [10, "send"]]);
  const rows = requestRows(privacySection());
  assert.equal(undocumented(sites, rows).length, 2);
  assert.equal(undocumented(sites, [...rows, ["x", "`extension/new.js` `lookupSomewhere`, `send`"]]).length, 0);
});

test("the privacy policy says what the README's Privacy section says", () => {
  const section = privacySection();
  const body = section.slice(section.indexOf("\n- **Nothing about a page"));
  assert.ok(body.length > 1000, "the Privacy section's list starts with \"- **Nothing about a page\"");
  const policy = read("store/privacy-policy.md");
  const [a, b] = [plain(body), plain(policy)];
  if (!b.includes(a)) {
    // Name the first paragraph that differs.
    const paragraphs = body.split(/\n(?=- |\n|\*\*|\|)/).map(plain).filter(Boolean);
    const first = paragraphs.find((p) => !b.includes(p));
    assert.fail(`store/privacy-policy.md does not hold the README's Privacy section word for word; first difference in: ${first?.slice(0, 300)}`);
  }
  for (const word of ["no analytics", "https://github.com/sesame-help/sesame"]) assert.ok(policy.includes(word), `the policy lacks ${word}`);
});

test("the Go helper links no network code", () => {
  const r = spawnSync("go", ["list", "-deps", "./wasm"], {
    cwd: repoRoot, encoding: "utf8", env: { ...process.env, GOOS: "js", GOARCH: "wasm" },
  });
  assert.equal(r.status, 0, r.stderr);
  const deps = r.stdout.split("\n");
  for (const pkg of ["net", "net/http", "crypto/tls"]) assert.ok(!deps.includes(pkg), `the Go helper imports ${pkg}`);
  // Nor does it call JavaScript's fetch through syscall/js.
  for (const f of readdirSync(path.join(repoRoot, "wasm")).filter((n) => n.endsWith(".go"))) {
    assert.doesNotMatch(read(`wasm/${f}`), /"fetch"|"XMLHttpRequest"|"WebSocket"/, `wasm/${f} reaches a JavaScript network API`);
  }
});

// section returns the text under "## title" of a markdown file, trimmed.
function section(md, title) {
  const m = new RegExp(`\\n## ${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n([\\s\\S]*?)(?=\\n## |$)`).exec(md);
  assert.ok(m, `no "## ${title}" section`);
  return m[1].trim();
}

test("the store listings justify every permission and keep within the stores' limits", () => {
  const manifest = JSON.parse(read("extension/manifest.json"));
  const perms = [...manifest.permissions, ...(manifest.optional_permissions ?? [])];
  const hosts = manifest.host_permissions ?? [];
  for (const [file, limits] of [
    ["store/chrome-web-store.md", { Name: 75, "Short description": 132 }],
    ["store/addons-mozilla-org.md", { Name: 50, Summary: 250 }],
  ]) {
    const md = read(file);
    for (const [title, max] of Object.entries(limits)) {
      const text = section(md, title);
      assert.ok(text.length > 0 && [...text].length <= max, `${file} ${title}: ${[...text].length} characters, at most ${max}`);
      assert.ok(!text.includes("\n"), `${file} ${title}: one line`);
    }
    assert.ok(section(md, "Description").length > 500, `${file}: a description`);
    const just = section(md, "Permission justifications");
    for (const p of perms) {
      const optional = (manifest.optional_permissions ?? []).includes(p);
      const m = new RegExp(`^### ${p}${optional ? " \\(optional\\)" : ""}\\n\\n(.+)`, "m").exec(just);
      assert.ok(m && m[1].length > 40, `${file}: no justification "### ${p}${optional ? " (optional)" : ""}"`);
    }
    for (const h of hosts) assert.match(just, new RegExp(`^### Host permission ${h.replace(/[*.]/g, "\\$&")}\\n\\n.{40}`, "m"), `${file}: host permission ${h}`);
    const named = [...just.matchAll(/^### (?:Host permission )?(\S+)/gm)].map((m) => m[1]).filter((n) => n !== "Remote");
    for (const n of named) assert.ok(perms.includes(n) || hosts.includes(n), `${file} justifies ${n}, which the manifest does not ask for`);
  }
  // The manifest's description (every language) fits Chrome's 132 characters.
  for (const lang of readdirSync(path.join(repoRoot, "extension", "_locales"))) {
    const d = JSON.parse(read(`extension/_locales/${lang}/messages.json`)).extensionDescription?.message ?? "";
    assert.ok(d.length > 0 && [...d].length <= 132, `_locales/${lang} extensionDescription: ${[...d].length} characters, at most 132`);
  }
});

// pngSize reads the width and height of a PNG file.
function pngSize(file) {
  const b = readFileSync(file);
  assert.equal(b.toString("latin1", 1, 4), "PNG", `${file} is not a PNG`);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test("the screenshots the listings name are 1280×800 PNGs", () => {
  const names = [...read("store/chrome-web-store.md").matchAll(/`(\d-[\w-]+\.png)`/g)].map((m) => m[1]);
  assert.ok(names.length >= 5, `the Chrome listing names ${names.length} screenshots`);
  for (const n of names) {
    const file = path.join(repoRoot, "store", "screenshots", n);
    assert.ok(existsSync(file), `store/screenshots/${n} is missing (make screenshots)`);
    assert.deepEqual(pngSize(file), [1280, 800], n);
  }
});
