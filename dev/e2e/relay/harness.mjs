// Harness for the relay's end-to-end tests: fake archives on loopback (the
// repository's fakearchive command) and the built Worker in workerd through
// wrangler dev. Every child runs in its own process group and is killed, group
// and all, when the test file ends — also on a crash or an interrupt.
//
// Nothing here touches the network beyond 127.0.0.1.

import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const workerDir = path.join(repoDir, "worker");
const wranglerJS = path.join(repoDir, "dev", "node_modules", "wrangler", "bin", "wrangler.js");

const children = new Set(); // process group ids still alive
const tempDirs = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function cleanupNow() {
  for (const pid of children) killGroup(pid, "SIGKILL");
  children.clear();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}
process.on("exit", cleanupNow);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    cleanupNow();
    process.exit(130);
  });
}

export function tempDir(prefix) {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(d);
  return d;
}

// spawnGroup starts a command in a new process group and collects its output.
function spawnGroup(cmd, args, opts) {
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child.pid);
  const log = [];
  const keep = (chunk) => {
    log.push(chunk.toString());
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    log: () => log.join(""),
    async stop() {
      if (!children.has(child.pid)) return;
      killGroup(child.pid, "SIGTERM");
      const t = setTimeout(() => killGroup(child.pid, "SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
      killGroup(child.pid, "SIGKILL"); // grandchildren that ignored SIGTERM
      children.delete(child.pid);
    },
  };
}

// freePort asks the kernel for a free port on 127.0.0.1.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

let fakeBinary;

// startFakes starts fake archives with the given behaviours (the fakearchive
// command's syntax, e.g. "found", "timegate/found", "hang") and resolves to
// {archives, archivesJSON, stop}.
export async function startFakes(specs) {
  if (!fakeBinary) {
    const dir = tempDir("sesame-fake-");
    fakeBinary = path.join(dir, "fakearchive");
    execFileSync("go", ["build", "-o", fakeBinary, "./dev/fakearchive/cmd/fakearchive"], {
      cwd: repoDir,
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  const p = spawnGroup(fakeBinary, specs, { cwd: repoDir });
  const line = await new Promise((resolve, reject) => {
    let buf = "";
    const timer = setTimeout(() => reject(new Error(`fakearchive printed no registry:\n${p.log()}`)), 60000);
    p.child.stdout.on("data", (c) => {
      buf += c;
      const nl = buf.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl));
      }
    });
    p.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`fakearchive exited (${code}):\n${p.log()}`));
    });
  });
  return { archives: JSON.parse(line), archivesJSON: line, stop: p.stop, log: p.log };
}

// startRelay starts the built Worker under wrangler dev on a free port with a
// fresh cache, and resolves once GET /healthz answers 200 (up to 60 s).
// config is a wrangler configuration relative to worker/; vars are extra
// Worker variables; wrangler's devtools inspector listens on inspectorPort
// (default: a free port, so that several relays can run at once).
export async function startRelay({ archivesJSON, config = "wrangler.toml", vars = {}, inspectorPort } = {}) {
  for (const f of [path.join(workerDir, "build", "app.wasm"), path.join(workerDir, "build", "wasm_exec.js"), wranglerJS]) {
    if (!existsSync(f)) {
      throw new Error(`${path.relative(repoDir, f)} is missing: run "make build" (and "make deps") first`);
    }
  }
  const state = tempDir("sesame-relay-");
  const port = await freePort();
  const args = [
    wranglerJS,
    "dev",
    "--local",
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--config",
    config,
    "--persist-to",
    path.join(state, "persist"),
    "--show-interactive-dev-session=false",
  ];
  inspectorPort ||= await freePort();
  args.push("--inspector-port", String(inspectorPort));
  if (archivesJSON) args.push("--var", `ARCHIVES_JSON:${archivesJSON}`);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const env = {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_HIDE_BANNER: "true",
    XDG_CONFIG_HOME: path.join(state, "config"),
    WRANGLER_LOG_PATH: path.join(state, "logs"),
    NO_COLOR: "1",
  };
  const p = spawnGroup(process.execPath, args, { cwd: workerDir, env });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  let exited = false;
  p.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`wrangler dev exited during start-up:\n${p.log()}`);
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await p.stop();
      throw new Error(`relay did not answer /healthz within 60 s:\n${p.log()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, port, inspectorPort, pid: p.child.pid, stop: p.stop, log: p.log };
}

// getJSON fetches base+path and returns {status, headers, body (parsed when JSON), text}.
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

// lookup asks the relay for url with extra query parameters.
export function lookup(base, url, params = {}) {
  const q = new URLSearchParams({ url, ...params });
  return get(base, `/v1/lookup?${q}`);
}

// byId indexes a lookup answer's archives by id.
export function byId(answer) {
  return Object.fromEntries(answer.archives.map((a) => [a.id, a]));
}
