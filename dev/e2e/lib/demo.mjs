// demo.mjs starts the Sesame demo site (cmd/sesame-demo) on a free
// loopback port for the browser tests and the bench.
//
// It runs bin/sesame-demo when `make build` made it and it is newer than
// the demo's Go sources; otherwise it builds the command into a temporary
// folder first. The demo prints its base URL on its first output line.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "./paths.mjs";

// newestSource returns the newest modification time of the demo's sources.
function newestSource() {
  let newest = 0;
  for (const dir of ["dev/demosite", "dev/demosite/pages", "dev/demosite/cmd/sesame-demo"]) {
    const abs = path.join(repoRoot, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs)) {
      const st = statSync(path.join(abs, f));
      if (st.isFile()) newest = Math.max(newest, st.mtimeMs);
    }
  }
  return newest;
}

// demoBinary returns the path of an up-to-date sesame-demo binary and a
// clean-up function.
function demoBinary() {
  const bin = path.join(repoRoot, "bin", "sesame-demo");
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestSource()) return { bin, cleanup: () => {} };
  const dir = mkdtempSync(path.join(tmpdir(), "sesame-demo-bin-"));
  const out = path.join(dir, "sesame-demo");
  execFileSync(process.env.GO ?? "go", ["build", "-o", out, "./dev/demosite/cmd/sesame-demo"], { cwd: repoRoot, stdio: ["ignore", "inherit", "inherit"] });
  return { bin: out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// startDemo starts the demo site and resolves to
// {base, cases: Map(name → case), url(name), stop()}.
export async function startDemo({ addr = "127.0.0.1:0", verbose = false } = {}) {
  const { bin, cleanup } = demoBinary();
  const args = ["-addr", addr];
  if (verbose) args.push("-v");
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", verbose ? "inherit" : "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (b) => { stderr = (stderr + b).slice(-4000); });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await gone;
      clearTimeout(timer);
    }
    cleanup();
  };
  process.once("exit", () => child.kill("SIGKILL"));
  const base = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error(`demo: no address printed within 30 s; stderr: ${stderr}`)), 30000);
    rl.once("line", (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`demo: exited with ${code} before printing its address; stderr: ${stderr}`));
    });
  }).catch(async (err) => {
    await stop();
    throw err;
  });
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(base)) {
    await stop();
    throw new Error(`demo: unexpected first line ${JSON.stringify(base)}`);
  }
  const res = await fetch(`${base}/_demo/cases.json`);
  const list = await res.json();
  const cases = new Map(list.map((c) => [c.name, c]));
  const url = (name) => {
    const c = cases.get(name);
    if (!c) throw new Error(`demo: no case ${name}`);
    return c.url;
  };
  return { base, cases, url, stop, pid: child.pid };
}
