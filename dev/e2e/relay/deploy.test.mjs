// deploy.test.mjs checks `make deploy` (dev/scripts/deploy.sh) without a
// Cloudflare account: with a credential missing it names what it needs,
// exits non-zero and runs nothing (no wrangler, no build; run in a network
// namespace of its own when `unshare -rn` works); with both it calls
// wrangler exactly as documented (a recorder stands in for wrangler); and
// the real wrangler accepts the production section of worker/wrangler.toml
// in an offline `wrangler deploy --dry-run --env production`.
//
// Needs worker/build/ (make worker/build/app.wasm) and dev/node_modules
// for the last two. node --test dev/e2e/relay/deploy.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../lib/paths.mjs";

// recorder writes a stand-in for wrangler that appends its arguments, its
// standard input and a few environment variables to log as JSON lines.
function recorder(dir) {
  const log = path.join(dir, "calls.jsonl");
  const bin = path.join(dir, "wrangler");
  writeFileSync(bin, `#!/usr/bin/env node
const fs = require("node:fs");
let stdin = "";
try { if (process.argv[2] === "secret") stdin = fs.readFileSync(0, "utf8"); } catch {}
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({
  args: process.argv.slice(2), stdin, cwd: process.cwd(),
  metrics: process.env.WRANGLER_SEND_METRICS, token: process.env.CLOUDFLARE_API_TOKEN,
}) + "\\n");
`);
  chmodSync(bin, 0o755);
  return { bin, calls: () => (existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l)) : []) };
}

// env is this process's environment without Cloudflare credentials or make
// variables, plus changes.
function env(changes) {
  const e = { ...process.env };
  for (const k of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "RELAY_DOMAIN", "ARCHIVES_JSON", "SESAME_SALT", "DRY_RUN", "MAKEFLAGS", "MAKELEVEL"]) delete e[k];
  return { ...e, ...changes };
}

const isolated = spawnSync("unshare", ["-rn", "true"]).status === 0;

test("make deploy without credentials names them, exits non-zero and runs nothing", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sesame-deploy-"));
  try {
    const w = recorder(dir);
    for (const [given, missing] of [
      [{}, ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"]],
      [{ CLOUDFLARE_API_TOKEN: "t0ken" }, ["CLOUDFLARE_ACCOUNT_ID"]],
      [{ CLOUDFLARE_ACCOUNT_ID: "acc0unt" }, ["CLOUDFLARE_API_TOKEN"]],
      [{ CLOUDFLARE_API_TOKEN: "", CLOUDFLARE_ACCOUNT_ID: "" }, ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"]],
    ]) {
      // -W: make would rebuild worker/build/app.wasm if the credentials
      // check let it get that far; the check must come first.
      const args = ["--no-print-directory", "-W", "worker/main_js.go", "deploy", "RELAY_DOMAIN=relay.example.org"];
      const r = isolated
        ? spawnSync("unshare", ["-rn", "make", ...args], { cwd: repoRoot, env: env({ ...given, WRANGLER: w.bin }), encoding: "utf8" })
        : spawnSync("make", args, { cwd: repoRoot, env: env({ ...given, WRANGLER: w.bin }), encoding: "utf8" });
      const what = JSON.stringify(given);
      assert.notEqual(r.status, 0, `${what}: exit status`);
      assert.match(r.stderr, new RegExp(`deploy: missing: ${missing.join(" ")}\\n`), `${what}: ${r.stderr}`);
      for (const name of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"]) assert.ok(r.stderr.includes(`  ${name}  `), `${what}: explains ${name}`);
      assert.ok(!/go build|workers-assets-gen|npm ci/.test(r.stdout + r.stderr), `${what}: built something:\n${r.stdout}`);
      assert.deepEqual(w.calls(), [], `${what}: wrangler ran`);
    }
    console.log(`deploy: credentials check ran ${isolated ? "without any network (unshare -rn)" : "with the network present (unshare -rn unavailable)"}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("make deploy with credentials runs wrangler deploy --env production, the domain, the registry and the salt", (t) => {
  if (!existsSync(path.join(repoRoot, "worker", "build", "app.wasm"))) return t.skip("worker/build/app.wasm not built (make worker/build/app.wasm)");
  const dir = mkdtempSync(path.join(tmpdir(), "sesame-deploy-"));
  try {
    const w = recorder(dir);
    const archives = '[{"id":"x","name":"X","kind":"timemap","endpoint":"https://archive.example/timemap/"}]';
    const r = spawnSync("make", ["--no-print-directory", "deploy", "RELAY_DOMAIN=relay.example.org", `ARCHIVES_JSON=${archives}`, "SESAME_SALT=s3cret-salt"], {
      cwd: repoRoot, env: env({ CLOUDFLARE_API_TOKEN: "t0ken", CLOUDFLARE_ACCOUNT_ID: "acc0unt", WRANGLER: w.bin }), encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const calls = w.calls();
    assert.equal(calls.length, 2, JSON.stringify(calls));
    assert.deepEqual(calls[0].args, ["deploy", "--env", "production", "--config", "wrangler.toml", "--domain", "relay.example.org", "--var", `ARCHIVES_JSON:${archives}`]);
    assert.equal(calls[0].cwd, path.join(repoRoot, "worker"));
    assert.equal(calls[0].metrics, "false");
    assert.equal(calls[0].token, "t0ken");
    assert.deepEqual(calls[1].args, ["secret", "put", "SESAME_SALT", "--env", "production", "--config", "wrangler.toml"]);
    assert.equal(calls[1].stdin, "s3cret-salt");
    assert.ok(!(r.stdout + r.stderr).includes("s3cret-salt"), "the salt was printed");
    assert.match(r.stdout, /make package RELAY_URL=https:\/\/relay\.example\.org/);

    // A domain that is not a host name is refused before wrangler runs.
    const bad = spawnSync("dev/scripts/deploy.sh", [], {
      cwd: repoRoot, env: env({ CLOUDFLARE_API_TOKEN: "t", CLOUDFLARE_ACCOUNT_ID: "a", WRANGLER: w.bin, RELAY_DOMAIN: "https://relay.example.org/" }), encoding: "utf8",
    });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /RELAY_DOMAIN is a host name/);
    assert.equal(w.calls().length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("wrangler deploy --dry-run --env production accepts the production settings offline", (t) => {
  if (!existsSync(path.join(repoRoot, "worker", "build", "app.wasm"))) return t.skip("worker/build/app.wasm not built (make worker/build/app.wasm)");
  if (!existsSync(path.join(repoRoot, "dev", "node_modules", ".bin", "wrangler"))) return t.skip("wrangler not installed (make deps)");
  const run = (cmd, args) => (isolated ? spawnSync("unshare", ["-rn", cmd, ...args], opts) : spawnSync(cmd, args, opts));
  const opts = { cwd: repoRoot, env: env({ DRY_RUN: "1", RELAY_DOMAIN: "relay.example.org" }), encoding: "utf8" };
  const r = run("dev/scripts/deploy.sh", []);
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, out);
  assert.match(out, /wrangler deploy --env production --config wrangler\.toml --domain relay\.example\.org --dry-run/);
  assert.match(out, /Total Upload: [\d.]+ KiB \/ gzip: [\d.]+ KiB/);
  assert.match(out, /env\.RATE_LIMITER \(10 requests\/60s\)/, "the rate limit binding in production");
  assert.match(out, /env\.ARCHIVES_JSON \(""\)/, "ARCHIVES_JSON as a variable in production");
  const toml = readFileSync(path.join(repoRoot, "worker", "wrangler.toml"), "utf8");
  const prod = toml.slice(toml.indexOf("[env.production]"));
  assert.match(prod, /\[env\.production\.observability\]\s*\nenabled = false/, "logs off in production");
  assert.doesNotMatch(prod, /SESAME_SALT\s*=/, "SESAME_SALT must be a secret, not a var");
});
