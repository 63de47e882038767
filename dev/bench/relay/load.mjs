// load.mjs sends sequential GET requests to a relay over one keep-alive
// connection and prints JSON: latency percentiles and, for each given pid,
// CPU time (every thread's, from /proc/<pid>/task/*/schedstat) spent per
// request and RSS.
//
//   node load.mjs --base URL --n N [--path P | --unique PREFIX] [--pid PID]...
//
// --path sends the same path every time; --unique PREFIX sends
// /v1/lookup?url=PREFIX<i> so that every request misses the cache.
import http from "node:http";
import { readdirSync, readFileSync } from "node:fs";

function args(argv) {
  const o = { pids: [], n: 100, path: "/healthz" };
  for (let i = 2; i < argv.length; i++) {
    const k = argv[i], v = argv[i + 1];
    if (k === "--base") (o.base = v), i++;
    else if (k === "--n") (o.n = Number(v)), i++;
    else if (k === "--path") (o.path = v), i++;
    else if (k === "--unique") (o.unique = v), i++;
    else if (k === "--pid") o.pids.push(Number(v)), i++;
    else throw new Error(`load: unknown argument ${k}`);
  }
  if (!o.base) throw new Error("load: --base is required");
  return o;
}

// cpuNs returns the CPU time of every thread of pid in nanoseconds (from
// /proc/<pid>/task/*/schedstat: finer than the 10 ms ticks of stat).
export function cpuNs(pid) {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // The thread ended.
    }
  }
  return ns;
}

export function rssKiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) : NaN;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

// Every request comes from its own client address (CF-Connecting-IP, which
// wrangler dev passes through), so that the relay's rate limit (ten lookups
// a minute per client) measures nothing here; it has its own test.
let client = 0;
function clientAddress() {
  client++;
  return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
}

export function get(url) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http
      .get(url, { agent, headers: { "CF-Connecting-IP": clientAddress() } }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode, headers: res.headers, ms: Number(process.hrtime.bigint() - t0) / 1e6, body: Buffer.concat(chunks).toString() }),
        );
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run({ base, n, path, unique, pids }) {
  const before = pids.map(cpuNs);
  const lat = [];
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const p = unique ? `/v1/lookup?url=${encodeURIComponent(unique + i)}` : path;
    const r = await get(base + p);
    if (r.status !== 200) bad++;
    lat.push(r.ms);
  }
  const after = pids.map(cpuNs);
  lat.sort((a, b) => a - b);
  return {
    n,
    non200: bad,
    medianMs: +pct(lat, 50).toFixed(3),
    p90Ms: +pct(lat, 90).toFixed(3),
    cpuMsPerRequest: pids.map((pid, i) => +((after[i] - before[i]) / 1e6 / n).toFixed(3)),
    rssKiB: pids.map(rssKiB),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = args(process.argv);
  console.log(JSON.stringify(await run(o)));
  agent.destroy();
}
