// relay.mjs starts the archive relay for the browser tests: the real relay
// handler served natively (`go build ./worker`, the same handler the
// Cloudflare Worker runs) asking fake web archives on loopback (the
// repository's fakearchive command, real archive formats), behind a small
// recorder that notes every request the extension sends before passing it
// on unchanged.
//
//   const fakes = await startFakes(["found:5", "availability/found:2", "none"]);
//   const relay = await startRelay({ archivesJSON: fakes.archivesJSON });
//   relay.base           // http://127.0.0.1:PORT (the recorder)
//   relay.requests       // [{method, path, query: {url, …}, at}] in order
//   relay.lookups()      // the url= values of /v1/lookup requests
//   await relay.stop(); await fakes.stop();
//
// Every child runs in its own process group and is killed, group and all,
// when stopped or when the test process exits.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "./paths.mjs";

const groups = new Set();
const dirs = new Set();

function killAll() {
  for (const pid of groups) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Gone already.
    }
  }
  groups.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}
process.once("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(sig, () => {
    killAll();
    process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[sig]);
  });
}

let tools = null;

// buildTools builds the native relay and the fake archives once per
// process (Go's build cache makes a rebuild quick).
export function buildTools() {
  if (tools) return tools;
  const dir = mkdtempSync(path.join(tmpdir(), "sesame-e2e-tools-"));
  dirs.add(dir);
  const go = process.env.GO ?? "go";
  const relay = path.join(dir, "relay");
  const fakes = path.join(dir, "fakearchive");
  execFileSync(go, ["build", "-o", relay, "./worker"], { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] });
  execFileSync(go, ["build", "-o", fakes, "./dev/fakearchive/cmd/fakearchive"], { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] });
  tools = { relay, fakes };
  return tools;
}

// spawnGroup starts a command in its own process group.
function spawnGroup(cmd, args, env = {}) {
  const child = spawn(cmd, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  groups.add(child.pid);
  let log = "";
  const keep = (b) => { log = (log + b).slice(-8000); };
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Gone already.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Gone already.
        }
      }, 3000);
      await exited;
      clearTimeout(timer);
    }
    groups.delete(child.pid);
  };
  return { child, stop, exited, log: () => log };
}

// freePort returns a loopback port that was free a moment ago.
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// startFakes starts fake archives (fakearchive behaviours, e.g. "found:5",
// "availability/found:2", "none") and resolves to {archivesJSON, archives,
// stop}.
export async function startFakes(specs) {
  const { fakes } = buildTools();
  const p = spawnGroup(fakes, ["-listen", "127.0.0.1:0", ...specs]);
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: p.child.stdout });
    const timer = setTimeout(() => reject(new Error(`fakearchive: nothing printed in 30 s: ${p.log()}`)), 30000);
    rl.once("line", (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    p.exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`fakearchive exited with ${code}: ${p.log()}`));
    });
  });
  const archives = JSON.parse(line);
  return { archivesJSON: line, archives, stop: p.stop };
}

// startRelay starts the native relay with archivesJSON and a recorder in
// front of it.
export async function startRelay({ archivesJSON }) {
  const { relay } = buildTools();
  const port = await freePort();
  const target = `http://127.0.0.1:${port}`;
  const p = spawnGroup(relay, ["-addr", `127.0.0.1:${port}`], { ARCHIVES_JSON: archivesJSON });
  const end = Date.now() + 30000;
  for (;;) {
    try {
      const res = await fetch(`${target}/healthz`);
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (p.child.exitCode !== null || Date.now() > end) {
      await p.stop();
      throw new Error(`relay did not start: ${p.log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
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
