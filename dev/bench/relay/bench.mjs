// bench.mjs prints the relay's performance figures inside workerd (wrangler
// dev, loopback only): latency of a cached lookup, CPU time per request of
// the workerd process that runs the Worker (from /proc/<pid>/stat: workerd
// does not report CPU locally), for the reuse glue (entry.mjs) and the stock
// glue (build/worker.mjs, built into stock/ by dev/scripts/build-stock.sh),
// against a plain JavaScript Worker as the floor, and a soak of the reuse
// glue that shows whether memory stays flat.
//
// Run through dev/scripts/bench-relay.sh. Knobs (environment): RUNS (5), N
// requests per run (500), UNCACHED (100 per run), SOAK (50000; 0 skips it),
// ONLY_SOAK=1 (only the soak).

import { buildStock, startFakes, startWorkerd, workerConfig, workerdPids } from "../../e2e/lib/relay.mjs";
import { get, rssKiB, run } from "./load.mjs";

const RUNS = Number(process.env.RUNS || 5);
const N = Number(process.env.N || 500);
const UNCACHED = Number(process.env.UNCACHED || 100);
const SOAK = Number(process.env.SOAK ?? 50000);
const ONLY_SOAK = process.env.ONLY_SOAK === "1";
// GLUES=reuse skips the stock glue's baseline (quick comparisons).
const GLUES = (process.env.GLUES || "reuse,stock").split(",");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

async function measure(base, pids, opts, runs = RUNS) {
  const rs = [];
  for (let i = 0; i < runs; i++) {
    const r = await run({ base, pids: [pids.runtime, pids.proxy], ...opts, unique: opts.unique && `${opts.unique}-${i}-` });
    if (r.non200) throw new Error(`bench: ${r.non200} answers were not 200`);
    rs.push(r);
  }
  return {
    medianMs: median(rs.map((r) => r.medianMs)),
    p90Ms: median(rs.map((r) => r.p90Ms)),
    cpuRuntime: median(rs.map((r) => r.cpuMsPerRequest[0])),
    cpuProxy: median(rs.map((r) => r.cpuMsPerRequest[1])),
    cpuRuntimeRuns: rs.map((r) => r.cpuMsPerRequest[0]),
  };
}

async function glueFigures(label, config, fakes) {
  const relay = await startWorkerd({ archivesJSON: fakes.archivesJSON, config, vars: { SESAME_GLUE_STATS: "1" } });
  try {
    const pids = workerdPids(relay.pid, relay.port);
    const cachedPath = `/v1/lookup?url=${encodeURIComponent("https://example.com/bench/cached")}`;
    await run({ base: relay.base, n: 200, path: "/healthz", pids: [] });
    const prime = await get(relay.base + cachedPath);
    const again = await get(relay.base + cachedPath);
    if (again.headers["x-sesame-cache"] !== "hit") throw new Error(`bench: ${label}: the second lookup was not cached`);
    const r = {
      label,
      healthz: await measure(relay.base, pids, { n: N, path: "/healthz" }),
      cached: await measure(relay.base, pids, { n: N, path: cachedPath }),
      uncached: await measure(relay.base, pids, { n: UNCACHED, unique: `https://example.com/bench/${label}` }),
      firstLookupMs: prime.ms,
    };
    return r;
  } finally {
    await relay.stop();
  }
}

// controlFigures measures the plain JavaScript control Worker (control.mjs)
// doing a cached lookup's I/O: the rate limiter, the cache read, the answer.
async function controlFigures(fakes) {
  const relay = await startWorkerd({ archivesJSON: fakes.archivesJSON, config: "dev/bench/relay/control.toml" });
  try {
    const pids = workerdPids(relay.pid, relay.port);
    const cachedPath = `/v1/lookup?url=${encodeURIComponent("https://example.com/bench/cached")}`;
    await get(relay.base + cachedPath);
    await run({ base: relay.base, n: 200, path: cachedPath, pids: [] });
    return await measure(relay.base, pids, { n: N, path: cachedPath });
  } finally {
    await relay.stop();
  }
}

async function helloFigures() {
  const relay = await startWorkerd({ config: "dev/bench/relay/hello.toml" });
  try {
    const pids = workerdPids(relay.pid, relay.port);
    await run({ base: relay.base, n: 200, path: "/", pids: [] });
    return await measure(relay.base, pids, { n: N, path: "/" });
  } finally {
    await relay.stop();
  }
}

// soak sends SOAK requests, 9 cached lookups to 1 uncached one, to config and
// reports memory at the start (after a warm-up), the mid-point and the end.
async function soak(fakes, config) {
  const glue = config === workerConfig;
  const relay = await startWorkerd({ archivesJSON: fakes.archivesJSON, config, vars: { SESAME_GLUE_STATS: "1" } });
  try {
    const pids = workerdPids(relay.pid, relay.port);
    const cached = Array.from({ length: 10 }, (_, i) => `/v1/lookup?url=${encodeURIComponent(`https://example.com/soak/${i}`)}`);
    let done = 0;
    let uncached = 0;
    const points = [];
    const point = async (label) => {
      const st = glue ? JSON.parse((await get(relay.base + "/.sesame/glue-stats")).body) : null;
      points.push({
        label,
        requests: done,
        runtimeRssMiB: rssKiB(pids.runtime) / 1024,
        proxyRssMiB: rssKiB(pids.proxy) / 1024,
        st,
      });
    };
    const block = async (n) => {
      for (let i = 0; i < n; i += 10) {
        await run({ base: relay.base, n: 9, path: cached[(done / 10) % 10 | 0], pids: [] });
        await run({ base: relay.base, n: 1, unique: `https://example.com/soak/miss-${uncached++}-`, pids: [] });
        done += 10;
      }
    };
    await block(1000); // warm-up: caches primed, instances started, heaps grown
    done = 0;
    await point("start (after 1,000 warm-up requests)");
    await block(SOAK / 2);
    await point("mid-point");
    await block(SOAK / 2);
    await point("end");
    return points;
  } finally {
    await relay.stop();
  }
}

function printSoak(title, pts) {
  console.log(`  ${title}`);
  for (const p of pts) {
    console.log(
      `    ${p.label.padEnd(38)} requests ${String(p.requests).padStart(6)}  runtime RSS ${fmt(p.runtimeRssMiB, 1)} MiB  proxy RSS ${fmt(p.proxyRssMiB, 1)} MiB`,
    );
    if (!p.st) continue;
    for (const i of p.st.instances ?? p.st.idle ?? []) {
      console.log(
        `      Go instance (${p.st.started} started in all): served ${i.served ?? p.st.served}  Go heap after GC ${fmt(i.goHeapAlloc / 1048576, 2)} MiB  linear memory ${fmt(i.wasmBytes / 1048576, 1)} MiB  goroutines ${i.goroutines}  pending calls ${i.pendingCalls}  JS values held by Go ${i.jsRefs}  timers ${i.timers}  open fetches/streams ${i.open}`,
      );
    }
  }
  const a = pts[0], z = pts[pts.length - 1];
  const d = (x, y) => `${fmt(y - x, 1)} MiB (${fmt(((y - x) * 1048576) / SOAK, 0)} bytes/request)`;
  console.log(`    start→end: runtime RSS ${d(a.runtimeRssMiB, z.runtimeRssMiB)}, proxy RSS ${d(a.proxyRssMiB, z.proxyRssMiB)}`);
}

const fakes = await startFakes(["found", "timegate/found", "cdx/found", "none"]);
try {
  if (!ONLY_SOAK) {
    console.log(`relay bench: ${RUNS} runs of ${N} requests (uncached: ${UNCACHED}), median of runs; CPU from /proc/<pid>/task/*/schedstat`);
    const hello = await helloFigures();
    const control = await controlFigures(fakes);
    const reuse = await glueFigures("reuse", workerConfig, fakes);
    const stock = GLUES.includes("stock") ? await glueFigures("stock", buildStock(), fakes) : null;
    const row = (name, m) =>
      `  ${name.padEnd(34)} ${fmt(m.medianMs).padStart(7)} ms ${fmt(m.p90Ms).padStart(7)} ms ${fmt(m.cpuRuntime).padStart(7)} ms ${fmt(m.cpuProxy).padStart(7)} ms   [${m.cpuRuntimeRuns.map((x) => fmt(x)).join(" ")}]`;
    console.log(`\n  ${"".padEnd(34)} ${"latency".padStart(10)} ${"p90".padStart(10)} ${"CPU/req".padStart(10)} ${"proxy".padStart(10)}   runtime CPU/req per run`);
    console.log(row("plain JS Worker (floor)", hello));
    console.log(row("JS control: cached lookup's I/O", control));
    for (const g of [reuse, stock].filter(Boolean)) {
      console.log(row(`${g.label}: GET /healthz`, g.healthz));
      console.log(row(`${g.label}: cached lookup`, g.cached));
      console.log(row(`${g.label}: uncached lookup (4 fakes)`, g.uncached));
    }
    console.log(`\n  CPU/req is the workerd process running the Worker; "proxy" is wrangler dev's front workerd (not part of a deployed Worker).`);
    console.log(`  Go's own share ≈ CPU/req minus the plain JS floor (${fmt(hello.cpuRuntime)} ms).`);
    const c = reuse.cached;
    console.log(`\n  cached lookup median latency (reuse glue): ${fmt(c.medianMs)} ms  (target ≤ 5 ms: ${c.medianMs <= 5 ? "met" : "NOT met"})`);
    console.log(`  warm CPU per cached request (reuse glue): ${fmt(c.cpuRuntime)} ms for the whole workerd process`);
    console.log(`    minus the JS control doing the same I/O (rate limiter, cache read, answer: ${fmt(control.cpuRuntime)} ms): ${fmt(c.cpuRuntime - control.cpuRuntime)} ms  (target ≤ 1.0 ms: ${c.cpuRuntime - control.cpuRuntime <= 1 ? "met" : "NOT met"})`);
    console.log(`    (locally the Cache API and the rate limiter are wrangler's own services in the same process, so the`);
    console.log(`    control's figure holds their CPU too; the difference is what Go and the glue add.)`);
    if (stock) console.log(`  warm CPU per cached request (stock glue): ${fmt(stock.cached.cpuRuntime)} ms`);
  }
  if (SOAK > 0) {
    console.log(`\nsoak: ${SOAK} requests each (9 cached lookups : 1 uncached lookup asking 4 fake archives), loopback only`);
    printSoak("relay, reuse glue (one Go instance):", await soak(fakes, workerConfig));
    printSoak("control, plain JavaScript Worker doing the same fetches and cache reads/writes (no Go):", await soak(fakes, "dev/bench/relay/control.toml"));
    console.log("  wrangler dev's front workerd (proxy) runs no Worker code; its growth, and the part of the runtime's");
    console.log("  growth that the control shows too, belong to wrangler dev, not to the Worker.");
  }
} finally {
  await fakes.stop();
}
