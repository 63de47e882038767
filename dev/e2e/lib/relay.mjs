// relay.mjs starts the archive relay and fake web archives on loopback for
// the end-to-end suites and the benches. Nothing here touches the network
// beyond 127.0.0.1; every child is killed, group and all, when stopped or
// when the test process exits (procs.mjs).
//
// Fake archives: the repository's fakearchive command (real archive formats).
//
//   const fakes = await startFakes(["found:5", "availability/found:2", "none"]);
//   fakes.archives, fakes.archivesJSON (the registry for the relay), fakes.stop()
//
// The relay natively (`go build ./worker`: the handler the Worker runs, with
// an in-memory cache) behind a recorder that notes every request before
// passing it on unchanged — what the browser suites use:
//
//   const relay = await startRelay({ archivesJSON: fakes.archivesJSON });
//   relay.base           // http://127.0.0.1:PORT (the recorder)
//   relay.direct         // the relay itself
//   relay.requests       // [{method, path, query: {url, …}, at}] in order
//   relay.lookups()      // the url= values of /v1/lookup requests
//   relay.clear(); await relay.stop();
//
// The built Worker in workerd through wrangler dev — what the relay suites
// and the relay bench use (worker/build/ from `make worker/build/app.wasm`;
// the stock glue from dev/scripts/build-stock.sh, see buildStock):
//
//   const w = await startWorkerd({ archivesJSON, config: buildStock(), vars: { … } });
//   w.base, w.port, w.inspectorPort (wrangler's devtools proxy),
//   w.pid (wrangler's process group), w.state (its files),
//   w.log(), await w.stop()
//
// The same Worker in the same workerd, started through Miniflare (the
// library wrangler dev runs it with), with no dev proxy in front and no
// devtools client attached unless the caller attaches one — what the chaos
// run uses (see startMiniflare):
//
//   const m = await startMiniflare({ archivesJSON, vars: { … } });
//   m.base, m.inspectorURL, m.pid (the workerd process), m.log(), await m.stop()
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, symlinkSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "./paths.mjs";
import { firstLine, freePort, goBuild, spawnGroup, tempDir } from "./procs.mjs";

// workerConfig is the deployed Worker's wrangler configuration.
export const workerConfig = path.join(repoRoot, "worker", "wrangler.toml");

// stockDir holds the baseline with the stock github.com/syumai/workers glue
// (a Go instance per request); it never ships.
const stockDir = path.join(repoRoot, "dev", "bench", "relay", "stock");

const wranglerJS = path.join(repoRoot, "dev", "node_modules", "wrangler", "bin", "wrangler.js");

// startFakes starts fake archives with the given behaviours (the
// fakearchive command's syntax, e.g. "found:5", "timegate/found", "hang")
// and resolves to {archives, archivesJSON, stop, log}.
export async function startFakes(specs) {
  const p = spawnGroup(goBuild("./dev/fakearchive/cmd/fakearchive"), ["-listen", "127.0.0.1:0", ...specs]);
  const line = await firstLine(p, "fakearchive");
  return { archives: JSON.parse(line), archivesJSON: line, stop: p.stop, log: p.log };
}

// waitHealthy resolves once base+healthPath (/healthz) answers 200. It stops
// p and throws, with p's output, when p exits first or timeout ms pass.
async function waitHealthy(base, p, what, timeout = 60000, healthPath = "/healthz") {
  const end = Date.now() + timeout;
  let exited = false;
  p.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${what} exited during start-up:\n${p.log()}`);
    try {
      const res = await fetch(base + healthPath, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > end) {
      await p.stop();
      throw new Error(`${what} did not answer ${healthPath} within ${timeout / 1000} s:\n${p.log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// startRelay starts the native relay with archivesJSON and a recorder in
// front of it.
export async function startRelay({ archivesJSON }) {
  const port = await freePort();
  const target = `http://127.0.0.1:${port}`;
  const p = spawnGroup(goBuild("./worker"), ["-addr", `127.0.0.1:${port}`], { env: { ARCHIVES_JSON: archivesJSON } });
  await waitHealthy(target, p, "the native relay");
  const rec = await startRecorder(target);
  return {
    base: rec.base,
    direct: target,
    requests: rec.requests,
    lookups: () => rec.requests.filter((r) => r.path === "/v1/lookup").map((r) => r.query.url),
    clear: () => { rec.requests.length = 0; },
    stop: async () => {
      await rec.stop();
      await p.stop();
    },
  };
}

// startRecorder is an HTTP server on loopback that records each request
// and passes it on to target unchanged (method, path, query, headers that
// matter), returning the answer as it came.
export async function startRecorder(target) {
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, "http://recorder.invalid");
    requests.push({
      method: req.method,
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      rawQuery: u.search,
      origin: req.headers.origin ?? null,
      at: Date.now(),
    });
    const headers = {};
    for (const h of ["accept", "content-type", "origin", "access-control-request-method", "access-control-request-headers"]) {
      if (req.headers[h]) headers[h] = req.headers[h];
    }
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      try {
        const up = await fetch(target + req.url, {
          method: req.method,
          headers,
          body: ["GET", "HEAD"].includes(req.method) ? undefined : Buffer.concat(chunks),
          redirect: "manual",
        });
        const out = {};
        up.headers.forEach((v, k) => {
          if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(k)) out[k] = v;
        });
        const body = Buffer.from(await up.arrayBuffer());
        res.writeHead(up.status, out);
        res.end(body);
      } catch (err) {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`recorder: ${err.message}`);
      }
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    requests,
    stop: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

let stockBuilt = false;

// buildStock builds the stock-glue baseline with dev/scripts/build-stock.sh
// (once per process) and returns its wrangler configuration.
export function buildStock() {
  if (!stockBuilt) {
    execFileSync(path.join(repoRoot, "dev", "scripts", "build-stock.sh"), [], { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] });
    stockBuilt = true;
  }
  return path.join(stockDir, "wrangler.toml");
}

// startWorkerd starts a Worker under wrangler dev (workerd, local mode) on a
// free port with a fresh cache, and resolves once GET /healthz answers 200.
// config is a wrangler configuration (absolute, or relative to the
// repository root; default the deployed Worker's); vars are Worker
// variables besides ARCHIVES_JSON (SESAME_CACHE_STATUS is "1" and
// SESAME_SALT a random secret unless vars say otherwise). wrangler's devtools inspector gets a free
// port too, so that several Workers can run at once. healthPath is the path
// polled until it answers 200 (the relay's glue answers
// /.sesame/glue-stats without starting Go, when SESAME_GLUE_STATS is "1").
export async function startWorkerd({ archivesJSON, config = workerConfig, vars = {}, healthPath = "/healthz" } = {}) {
  config = path.resolve(repoRoot, config);
  const needs = [wranglerJS];
  if (config === workerConfig) needs.push(path.join(repoRoot, "worker", "build", "app.wasm"), path.join(repoRoot, "worker", "build", "wasm_exec.js"));
  for (const f of needs) {
    if (!existsSync(f)) throw new Error(`${path.relative(repoRoot, f)} is missing: run "make deps" and "make worker/build/app.wasm" first`);
  }
  const state = tempDir("sesame-workerd-");
  const port = await freePort();
  const inspectorPort = await freePort();
  const args = [
    wranglerJS, "dev", "--local", "--ip", "127.0.0.1", "--port", String(port),
    "--config", config,
    "--persist-to", path.join(state, "persist"),
    "--show-interactive-dev-session=false",
    "--inspector-port", String(inspectorPort),
    // No request lines (they show each request's path) and no info chatter:
    // warnings and errors only.
    "--log-level", "warn",
  ];
  if (archivesJSON) args.push("--var", `ARCHIVES_JSON:${archivesJSON}`);
  // X-Sesame-Cache: hit|miss on lookup answers, so tests can tell a cached
  // answer (the public answer does not say).
  // SESAME_SALT: a deployment sets this secret so that every Go instance
  // keys the cache alike (the stock glue starts one per request).
  const defaults = { SESAME_CACHE_STATUS: "1", SESAME_SALT: randomBytes(16).toString("hex") };
  for (const [k, v] of Object.entries({ ...defaults, ...vars })) args.push("--var", `${k}:${v}`);
  // Keep wrangler offline and its files in the temporary folder. wrangler
  // appends every message, debug level included (each subrequest's URL, so
  // each looked-up URL), to a log file whatever the log level: point it at
  // a symbolic link to /dev/null.
  mkdirSync(path.join(state, "logs"), { recursive: true });
  symlinkSync("/dev/null", path.join(state, "logs", "wrangler.log"));
  const env = {
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
    XDG_CONFIG_HOME: path.join(state, "config"),
    WRANGLER_LOG_PATH: path.join(state, "logs", "wrangler.log"),
    NO_COLOR: "1",
  };
  const p = spawnGroup(process.execPath, args, { cwd: path.dirname(config), env });
  const base = `http://127.0.0.1:${port}`;
  // wrangler dev leaves an empty .wrangler/tmp next to the configuration.
  const stop = async () => {
    await p.stop();
    for (const d of ["tmp", ""]) {
      try {
        rmdirSync(path.join(path.dirname(config), ".wrangler", d));
      } catch {
        // Not empty, or gone already.
      }
    }
  };
  await waitHealthy(base, { ...p, stop }, `wrangler dev (${path.relative(repoRoot, config)})`, 60000, healthPath);
  return { base, port, inspectorPort, pid: p.pid, state, stop, log: p.log };
}

// get fetches base+pathAndQuery and returns {status, headers, body (parsed
// when JSON), text}.
export async function get(base, pathAndQuery, init = {}) {
  const res = await fetch(base + pathAndQuery, { ...init, signal: AbortSignal.timeout(30000) });
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body, text };
}

// lookup asks the relay at base for url with extra query parameters.
export function lookup(base, url, params = {}) {
  const q = new URLSearchParams({ url, ...params });
  return get(base, `/v1/lookup?${q}`);
}

// byId indexes a lookup answer's archives by id.
export function byId(answer) {
  return Object.fromEntries(answer.archives.map((a) => [a.id, a]));
}

// workerdPids finds the two workerd processes wrangler dev started in the
// process group pgid: "proxy" listens on the public port and forwards to
// "runtime", which runs the Worker (and the Cache API's local service).
export function workerdPids(pgid, port) {
  const out = {};
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    let stat, cmd;
    try {
      stat = readFileSync(`/proc/${d}/stat`, "utf8");
      cmd = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(f[2]) !== pgid || !cmd[0].endsWith("/workerd")) continue;
    if (cmd.includes(`--socket-addr=entry=127.0.0.1:${port}`)) out.proxy = Number(d);
    else out.runtime = Number(d);
  }
  if (!out.proxy || !out.runtime) throw new Error(`relay: cannot find wrangler's two workerd processes (${JSON.stringify(out)})`);
  return out;
}

// startMiniflare starts the Worker of config (default the deployed one's)
// in workerd through Miniflare, with the settings wrangler dev would give it
// (read by wrangler's own unstable_getMiniflareWorkerOptions: compatibility
// date, variables, the rate limit binding, module rules) plus archivesJSON,
// SESAME_SALT (random unless vars say otherwise) and vars; it resolves once
// GET healthPath answers 200.
//
// What wrangler dev adds, and a deployed Worker does not have, stays out:
// its local proxy (a second workerd through which every request passes) and
// its inspector proxy, which turns on the devtools Network domain in the
// Worker's isolate (an event per chunk of every subrequest's body) and
// posts each event to wrangler's Node process as an HTTP request of its
// own. Under the chaos load those two used more CPU than the Worker and
// made answers seconds late at the client (measured: see chaos.mjs and the
// README). The isolate's own inspector is open at inspectorURL for
// whoever measures its heap.
export async function startMiniflare({ archivesJSON, config = workerConfig, vars = {}, healthPath = "/healthz" } = {}) {
  config = path.resolve(repoRoot, config);
  const require = createRequire(path.join(repoRoot, "dev", "package.json"));
  let Miniflare, Log, LogLevel, getOptions;
  try {
    ({ Miniflare, Log, LogLevel } = require("miniflare"));
    ({ unstable_getMiniflareWorkerOptions: getOptions } = require("wrangler"));
  } catch (e) {
    throw new Error(`wrangler and miniflare are missing: run "make deps" first (${e.message})`);
  }
  const { workerOptions, main } = getOptions(config);
  const entry = path.resolve(path.dirname(config), main);
  if (!existsSync(entry)) throw new Error(`${path.relative(repoRoot, entry)} is missing: build the Worker first (make worker/build/app.wasm)`);
  let output = "";
  const keep = (chunk) => {
    // Bounded: the tests read the output for looked-up URLs, not forever.
    if (output.length < 4 << 20) output += chunk;
  };
  class KeptLog extends Log {
    log(message) {
      keep(`${message}\n`);
    }
  }
  const defaults = { SESAME_CACHE_STATUS: "1", SESAME_SALT: randomBytes(16).toString("hex") };
  const bindings = { ...workerOptions.bindings, ...defaults, ...vars };
  if (archivesJSON) bindings.ARCHIVES_JSON = archivesJSON;
  const inspectorPort = await freePort();
  const mf = new Miniflare({
    ...workerOptions,
    name: "sesame-relay",
    modules: true,
    scriptPath: entry,
    modulesRoot: path.dirname(entry),
    // The glue's own modules are ES modules; the rest as wrangler has them.
    modulesRules: [...workerOptions.modulesRules, { type: "ESModule", include: ["**/*.js", "**/*.mjs"] }],
    bindings,
    host: "127.0.0.1",
    port: 0,
    inspectorPort,
    log: new KeptLog(LogLevel.WARN),
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", keep);
      stderr.on("data", keep);
    },
  });
  let base;
  try {
    base = String(await mf.ready).replace(/\/$/, "");
  } catch (e) {
    await mf.dispose().catch(() => {});
    throw new Error(`workerd (Miniflare) did not start: ${e.message}\n${output}`);
  }
  const inspectorURL = String(await mf.getInspectorURL()).replace(/\/$/, "");
  const stop = () => mf.dispose();
  // Miniflare reports a workerd that stops through mf.ready, not as an exit.
  await waitHealthy(base, { exited: new Promise(() => {}), stop, log: () => output }, "workerd (Miniflare)", 60000, healthPath);
  return { base, inspectorURL, pid: childWorkerd(), stop, log: () => output };
}

// childWorkerd returns the pid of the workerd process this process started
// (Miniflare's), or NaN.
function childWorkerd() {
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[1]) === process.pid && stat.includes("(workerd)")) return Number(d);
    } catch {
      // Gone meanwhile.
    }
  }
  return NaN;
}
