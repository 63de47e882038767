// procs.mjs is what every end-to-end suite and bench uses to run helper
// processes: Go commands built once per test process, children in their own
// process groups, temporary folders and free loopback ports — all cleaned up
// when the test process exits, also on a crash or an interrupt.
//
//   const bin = goBuild("./dev/fakearchive/cmd/fakearchive");
//   const p = spawnGroup(bin, ["found"], { env: { … }, cwd });
//   const line = await firstLine(p, "fakearchive");  // first line on stdout
//   p.pid; p.exited; p.log();  await p.stop();       // SIGTERM, then SIGKILL
//   const dir = tempDir("sesame-x-");  const port = await freePort();
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "./paths.mjs";

const groups = new Set(); // process group ids still alive
const dirs = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Gone already.
  }
}

function cleanupNow() {
  for (const pid of groups) killGroup(pid, "SIGKILL");
  groups.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}
process.once("exit", cleanupNow);
for (const [sig, n] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]]) {
  process.once(sig, () => {
    cleanupNow();
    process.exit(128 + n);
  });
}

// tempDir makes a fresh temporary folder, removed when the process exits.
export function tempDir(prefix) {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.add(d);
  return d;
}

const built = new Map(); // package → binary

// goBuild builds the Go command pkg (a path from the repository root, such
// as "./worker") into a temporary folder, once per process (Go's build cache
// makes a rebuild quick), and returns the binary's path.
export function goBuild(pkg) {
  let bin = built.get(pkg);
  if (bin) return bin;
  bin = path.join(tempDir("sesame-e2e-bin-"), path.basename(pkg));
  execFileSync(process.env.GO ?? "go", ["build", "-o", bin, pkg], { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] });
  built.set(pkg, bin);
  return bin;
}

// MAX_LOG bounds the output kept of one child (a long bench logs a line
// per request).
const MAX_LOG = 1 << 20;

// spawnGroup starts cmd in a new process group (so that stop also ends its
// own children, such as wrangler's workerd) and keeps the tail of its
// output for error messages. opts: cwd, env (added to process.env), and
// stderr: "inherit" to show standard error instead of keeping it.
export function spawnGroup(cmd, args, { cwd = repoRoot, env = {}, stderr = "pipe" } = {}) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", "pipe", stderr] });
  groups.add(child.pid);
  const chunks = [];
  let kept = 0;
  const keep = (b) => {
    const text = String(b);
    chunks.push(text);
    kept += text.length;
    while (kept > MAX_LOG && chunks.length > 1) kept -= chunks.shift().length;
  };
  child.stdout.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    pid: child.pid,
    exited,
    log: () => chunks.join(""),
    async stop() {
      if (!groups.has(child.pid)) return;
      killGroup(child.pid, "SIGTERM");
      const timer = setTimeout(() => killGroup(child.pid, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      killGroup(child.pid, "SIGKILL"); // children that ignored SIGTERM
      groups.delete(child.pid);
    },
  };
}

// firstLine resolves to the first line p prints on standard output; it
// rejects, naming what, when p exits first or prints nothing in timeout ms.
export function firstLine(p, what, timeout = 60000) {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: p.child.stdout });
    const timer = setTimeout(() => reject(new Error(`${what}: nothing printed in ${timeout / 1000} s:\n${p.log()}`)), timeout);
    rl.once("line", (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    p.exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code ?? signal}) before printing a line:\n${p.log()}`));
    });
  });
}

// freePort returns a loopback port that was free a moment ago.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
