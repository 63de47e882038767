// demo.mjs starts the Sesame demo site (dev/demosite/cmd/sesame-demo) on a
// free loopback port for the browser tests and the bench.
//
// It runs bin/sesame-demo when `make build` made it and it is newer than
// the demo's Go sources; otherwise it builds the command into a temporary
// folder first. The demo prints its base URL on its first output line.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./paths.mjs";
import { firstLine, goBuild, spawnGroup } from "./procs.mjs";

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

// demoBinary returns the path of an up-to-date sesame-demo binary.
function demoBinary() {
  const bin = path.join(repoRoot, "bin", "sesame-demo");
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestSource()) return bin;
  return goBuild("./dev/demosite/cmd/sesame-demo");
}

// startDemo starts the demo site and resolves to
// {base, cases: Map(name → case), url(name), stop(), pid}.
export async function startDemo({ addr = "127.0.0.1:0", verbose = false } = {}) {
  const args = ["-addr", addr];
  if (verbose) args.push("-v");
  const p = spawnGroup(demoBinary(), args, { stderr: verbose ? "inherit" : "pipe" });
  const { stop } = p;
  const base = await firstLine(p, "demo", 30000).catch(async (err) => {
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
  return { base, cases, url, stop, pid: p.pid };
}
