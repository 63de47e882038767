// fresh.mjs measures the first request of a fresh isolate: the CPU the
// workerd process running the Worker spends on it (which includes starting
// the relay's Go instance: instantiation, Go's runtime and package
// initialisation, the relay's set-up), against the same request once the
// instance runs. CPU is read from /proc/<pid>/task/*/schedstat (nanoseconds,
// every thread of the process), so the figure includes workerd's own HTTP
// work: the warm request shows that part.
//
//   node dev/bench/relay/fresh.mjs [--runs 7] [--config worker/wrangler.toml]
//
// Each run starts wrangler dev anew and waits on /.sesame/glue-stats, which
// the glue answers without starting Go.
import { startWorkerd, workerdPids } from "../../e2e/lib/relay.mjs";
import { cpuNs, get } from "./load.mjs";

const arg = (k, d) => {
  const i = process.argv.indexOf(k);
  return i > 0 ? process.argv[i + 1] : d;
};
const RUNS = Number(arg("--runs", process.env.RUNS || 7));
const CONFIG = arg("--config", undefined);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const first = [], warm = [], wall = [], mem = [];
for (let i = 0; i < RUNS; i++) {
  const relay = await startWorkerd({ config: CONFIG, vars: { SESAME_GLUE_STATS: "1" }, healthPath: "/.sesame/glue-stats" });
  try {
    const { runtime } = workerdPids(relay.pid, relay.port);
    await new Promise((r) => setTimeout(r, 500)); // let start-up work settle
    const before = JSON.parse((await get(relay.base + "/.sesame/glue-stats")).body);
    if (before.started !== 0) throw new Error("fresh: the Go instance had started before the first request");
    const c0 = cpuNs(runtime);
    const r1 = await get(relay.base + "/healthz");
    const c1 = cpuNs(runtime);
    if (r1.status !== 200) throw new Error(`fresh: the first /healthz answered ${r1.status}`);
    for (let j = 0; j < 20; j++) await get(relay.base + "/healthz");
    const c2 = cpuNs(runtime);
    for (let j = 0; j < 50; j++) await get(relay.base + "/healthz");
    const c3 = cpuNs(runtime);
    const st = JSON.parse((await get(relay.base + "/.sesame/glue-stats")).body);
    first.push((c1 - c0) / 1e6);
    warm.push((c3 - c2) / 50 / 1e6);
    wall.push(r1.ms);
    mem.push(st.wasmBytes / 1048576);
  } finally {
    await relay.stop();
  }
}
const f = (x) => x.toFixed(1);
console.log(`relay, first request of a fresh isolate (GET /healthz; ${RUNS} fresh wrangler dev starts, medians):`);
console.log(`  CPU of the first request, Go instance start included: ${f(median(first))} ms  [${first.map(f).join(" ")}]`);
console.log(`  CPU of the same request once Go runs:                 ${median(warm).toFixed(2)} ms`);
console.log(`  Go's start ≈ ${f(median(first) - median(warm))} ms CPU; wall time of the first request ${f(median(wall))} ms; Go linear memory after it ${f(median(mem))} MiB`);
console.log(`  platform limits beside it: 1,000 ms CPU for a Worker's start-up (global scope); 10 ms CPU per request on the free plan,`);
console.log(`  which the first request of an isolate spends on Go's start (Cloudflare counts it to that request), 30 s by default on paid plans.`);
