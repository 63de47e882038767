// chaos.mjs runs the relay in real workerd against fake archives that fail
// at random (dev/fakearchive chaos mode: hang, slow drip, 429, 5xx,
// garbage, truncated, answers of ~30 MiB, redirect loops, redirects to a
// host outside the registry, user-info tricks, javascript: Locations,
// challenge pages with 200) and reports:
//
//   - answers with status 5xx, and lookups with no answer at all;
//   - answers later than the lookup's timeout + 250 ms, at the client, and
//     for those where the time went (the glue's own timing: inside the
//     Worker's fetch handler, before it ran, after it answered);
//   - requests that reached the host outside the registry (127.0.0.2);
//   - unsafe copy URIs in answers (not http(s), with user-info, or on a
//     host outside the registry);
//   - memory: the Go instance's linear memory (from the glue's stats), the
//     isolate's JavaScript heap (Runtime.getHeapUsage through the isolate's
//     inspector) — together what Cloudflare's 128 MB limit of an isolate
//     counts — and the RSS of the whole workerd process that runs the
//     Worker (V8, the runtime, Miniflare's local services), before, during
//     (the highest seen) and after the load;
//   - whether a looked-up URL appeared in workerd's or Miniflare's output.
//
// The Worker runs in workerd through Miniflare with wrangler's settings for
// it and nothing in front (see startMiniflare in ../lib/relay.mjs): the
// lookups reach its fetch handler as Cloudflare's front end would send them.
// --wrangler runs it under wrangler dev instead, whose local proxy and
// inspector proxy (a devtools event per chunk of every archive answer,
// posted to wrangler's Node process one HTTP request each) compete for the
// machine's two cores with the Worker: there, answers that left the fetch
// handler on time reached the client seconds late.
//
// Every lookup asks for a URL never asked before (no cache hit), with its
// own client address (CF-Connecting-IP), so the rate limit stays out of the
// way: the limit has its own test (ratelimit.test.mjs).
//
//   [CHAOS_LOG=file] [CHAOS_DEBUG=1] node dev/e2e/relay/chaos.mjs [--lookups 5000] [--min 8] [--max 50] [--timeout 1500] [--json]
//                                [--config other/wrangler.toml]   (another build of the relay, to compare)
//                                [--no-cooldown]   (every lookup asks every failing archive)
//                                [--wrangler]      (under wrangler dev, behind its proxy)
//
// CHAOS_LOG writes the runtime's whole output to a file; CHAOS_DEBUG says why
// a heap reading failed and keeps whole bodies of non-200 answers.
//
// `make chaos` runs the full forms (with and without cool-downs);
// chaos.test.mjs runs a short one and a stress one (under make e2e) and
// asserts every figure but lateness.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createInterface } from "node:readline";
import { startMiniflare, startWorkerd, workerdPids } from "../lib/relay.mjs";
import { goBuild, spawnGroup } from "../lib/procs.mjs";

// SLACK is how late past its timeout an answer may come.
export const SLACK_MS = 250;

// The fakes: every kind of archive, each misbehaving at random.
const SPECS = ["chaos", "chaos", "chaos", "chaos", "availability/chaos", "cdx/chaos", "timegate/chaos", "chaos"];

// startChaosFakes starts the chaos fakes and the counting outside host.
async function startChaosFakes() {
  const p = spawnGroup(goBuild("./dev/fakearchive/cmd/fakearchive"), ["-listen", "127.0.0.1:0", "-outside", "127.0.0.2:0", ...SPECS]);
  const lines = [];
  const rl = createInterface({ input: p.child.stdout });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fakearchive printed nothing:\n${p.log()}`)), 60000);
    rl.on("line", (l) => {
      lines.push(l.trim());
      if (lines.length === 2) {
        clearTimeout(timer);
        resolve();
      }
    });
    p.exited.then(() => reject(new Error(`fakearchive exited:\n${p.log()}`)));
  });
  rl.close();
  return { archivesJSON: lines[0], archives: JSON.parse(lines[0]), outside: JSON.parse(lines[1]).outside, stop: p.stop };
}

function openFiles(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return NaN;
  }
}

function rssMiB(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

// No keep-alive: a reused socket the proxy has just closed would show up as a
// lookup without an answer, a fault of the client rather than the relay.
const agent = new http.Agent({ keepAlive: false, maxSockets: 64 });

// request GETs url with headers; resolves to {status, ms, text} or
// {status: 0, error} when no answer came within hardMs.
function request(url, headers = {}, hardMs = 30000) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const sent = Date.now();
    const req = http.get(url, { agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, ms: performance.now() - t0, sent, received: Date.now(), headers: res.headers, text: Buffer.concat(chunks).toString() }));
      res.on("error", (e) => resolve({ status: 0, ms: performance.now() - t0, error: e.message }));
    });
    req.setTimeout(hardMs, () => req.destroy(new Error("no answer")));
    req.on("error", (e) => resolve({ status: 0, ms: performance.now() - t0, error: e.message }));
  });
}

// unsafeURI says why uri may not be handed to a person as a copy, or "".
export function unsafeURI(uri, hosts) {
  let u;
  try {
    u = new URL(uri);
  } catch {
    return "not a URL";
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `scheme ${u.protocol}`;
  if (u.username || u.password) return "user-info";
  if (!hosts.has(u.host.toLowerCase())) return "host outside the registry";
  return "";
}

// heapUsage connects to the Worker's isolate through its devtools inspector
// (inspectorURL: the workerd's inspector, ws://host:port) and returns a
// function resolving to its JavaScript heap size (MiB), or NaN when the
// inspector does not answer. It asks only Runtime.getHeapUsage: it turns on
// no devtools domain, so the isolate sends it no events.
async function heapUsage(inspectorURL) {
  let ws;
  try {
    const list = await (await fetch(`${inspectorURL.replace(/^ws/, "http")}/json`, { signal: AbortSignal.timeout(10000) })).json();
    // ws comes with wrangler's and puppeteer's dependencies in dev/node_modules.
    const { default: WebSocket } = await import("../../node_modules/ws/wrapper.mjs");
    ws = new WebSocket(list[0].webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
  } catch (e) {
    if (process.env.CHAOS_DEBUG) console.error(`chaos: heap: ${e.message}`);
    return { read: async () => NaN, close: () => {} };
  }
  let id = 0;
  // call sends one devtools command and resolves to its result, or null.
  const call = (method) =>
    new Promise((resolve) => {
      const my = ++id;
      const timer = setTimeout(() => resolve(null), 10000);
      const on = (m) => {
        const d = JSON.parse(m);
        if (d.id !== my) return;
        ws.off("message", on);
        clearTimeout(timer);
        resolve(d.result ?? null);
      };
      ws.on("message", on);
      ws.send(JSON.stringify({ id: my, method }));
    });
  const read = async () => {
    const r = await call("Runtime.getHeapUsage");
    // totalSize is what V8 holds for the heap (what counts against the
    // isolate's limit); usedSize, the live part of it, is kept apart.
    read.usedMiB = r ? r.usedSize / 2 ** 20 : NaN;
    return r ? r.totalSize / 2 ** 20 : NaN;
  };
  // collect has V8 collect garbage in the isolate (HeapProfiler.collectGarbage).
  const collect = () => call("HeapProfiler.collectGarbage");
  return { read, collect, close: () => ws.close() };
}

// registryHosts returns the hosts (host:port) of the archives' endpoints
// and replay prefixes.
function registryHosts(archives) {
  const hosts = new Set();
  for (const a of archives) {
    for (const k of ["endpoint", "replay", "url"]) {
      if (typeof a[k] === "string" && a[k]) hosts.add(new URL(a[k]).host.toLowerCase());
    }
  }
  return hosts;
}

// copies lists every copy in a lookup answer.
function copies(answer) {
  const out = [];
  if (answer.closest) out.push(answer.closest);
  for (const a of answer.archives ?? []) for (const k of ["first", "last", "closest"]) if (a[k]) out.push(a[k]);
  return out;
}

// runChaos runs the load and resolves to the report.
//
// cooldown true (the default) keeps the production cool-downs, under which
// the relay soon rests the failing fakes and answers most lookups from
// that; false caps them at 1 ms (SESAME_MAX_COOLDOWN_MS), so that every
// lookup really asks every failing archive (the stress form).
export async function runChaos({ lookups = 5000, min = 8, max = 50, timeout = 1500, config, cooldown = true, wrangler = false, log = () => {} } = {}) {
  const fakes = await startChaosFakes();
  const hosts = registryHosts(fakes.archives);
  const vars = { SESAME_GLUE_STATS: "1" };
  if (!cooldown) vars.SESAME_MAX_COOLDOWN_MS = "1";
  // The Worker runs in workerd through Miniflare, with nothing in front of
  // it (see startMiniflare); with wrangler, under wrangler dev, whose local
  // proxy and inspector proxy then share the machine and every request.
  const relay = wrangler
    ? await startWorkerd({ archivesJSON: fakes.archivesJSON, config, vars })
    : await startMiniflare({ archivesJSON: fakes.archivesJSON, config, vars });
  const base = relay.base;
  const token = `chaos-${process.pid}-${Date.now()}`;
  let heap;
  try {
    const pid = wrangler ? workerdPids(relay.pid, relay.port).runtime : relay.pid;
    // Under wrangler dev the heap is not read: a devtools client there gets
    // every event of the isolate through wrangler's inspector proxy, which
    // itself slows the load down.
    heap = process.env.CHAOS_NO_HEAP || wrangler ? { read: async () => NaN, close: () => {} } : await heapUsage(relay.inspectorURL);
    const glue = async () => {
      const res = await request(`${base}/.sesame/glue-stats`, {}, 10000);
      return res.status === 200 ? JSON.parse(res.text) : null;
    };
    const sample = async () => {
      const g = await glue();
      const jsHeapMiB = await heap.read();
      const jsUsedMiB = heap.read.usedMiB ?? NaN;
      if (!g) return { wasmMiB: NaN, jsHeapMiB, rssMiB: rssMiB(pid), instances: NaN, started: NaN, active: NaN, glue: null, statsFailed: true };
      if (g.idle) {
        // The earlier pool glue: it shows only its idle instances.
        const wasm = g.idle.reduce((n, i) => n + i.wasmBytes, 0);
        return { wasmMiB: wasm / 2 ** 20, jsHeapMiB, rssMiB: rssMiB(pid), instances: g.started, started: g.started, active: 0, glue: g };
      }
      return { wasmMiB: g.wasmBytes / 2 ** 20, jsHeapMiB, jsUsedMiB, rssMiB: rssMiB(pid), fds: openFiles(pid), instances: g.instances.length, started: g.started, active: g.active, glue: g };
    };
    // Warm up first (under wrangler dev, the first burst of concurrent
    // requests through its proxy waited 1–30 s outside the Worker).
    for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: max }, () => request(`${base}/healthz`)));
    const before = await sample();
    delete before.glue;
    log(`chaos: before: Go linear memory ${before.wasmMiB.toFixed(1)} MiB, JavaScript heap ${before.jsHeapMiB.toFixed(1)} MiB, workerd RSS ${before.rssMiB.toFixed(1)} MiB`);

    const r = {
      lookups, min, max, timeoutMs: timeout, wrangler,
      answered: 0, noAnswer: 0, status5xx: 0, statusOther: {}, late: 0, lateMaxMs: 0, lateInRelay: 0, lateTimed: 0, lateExamples: [], lateBefore: [], lateAfter: [],
      unsafe: 0, unsafeExamples: [], outcomes: {}, found: 0, asked: 0, cooledDown: 0,
      msMedian: 0, msP99: 0, msMax: 0,
    };
    const times = [];
    let peak = { ...before };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await new Promise((res) => setTimeout(res, 1000));
        if (!sampling) break;
        const s = await sample();
        if (s.statsFailed) peak.statsFailed = (peak.statsFailed ?? 0) + 1;
        if (s.wasmMiB > peak.wasmMiB) peak.wasmMiB = s.wasmMiB;
        if (s.jsHeapMiB > peak.jsHeapMiB) peak.jsHeapMiB = s.jsHeapMiB;
        if (s.jsUsedMiB > (peak.jsUsedMiB ?? 0)) peak.jsUsedMiB = s.jsUsedMiB;
        if (s.fds > (peak.fds ?? 0)) peak.fds = s.fds;
        if (s.rssMiB > peak.rssMiB) peak.rssMiB = s.rssMiB;
        peak.instances = Math.max(peak.instances, s.instances);
        peak.active = Math.max(peak.active ?? 0, s.active);
      }
    })();

    const one = async (i) => {
      const url = `https://chaos.example/${token}/page-${i}?n=${i}`;
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const res = await request(`${base}/v1/lookup?url=${encodeURIComponent(url)}&timeout=${timeout}`, { "CF-Connecting-IP": ip });
      times.push(res.ms);
      if (res.status === 0) {
        r.noAnswer++;
        if ((r.noAnswerExamples ??= []).length < 5) r.noAnswerExamples.push(`${res.error} after ${Math.round(res.ms)} ms`);
        return;
      }
      r.answered++;
      if (res.status >= 500) r.status5xx++;
      if (res.status !== 200) {
        r.statusOther[res.status] = (r.statusOther[res.status] ?? 0) + 1;
        if ((r.statusExamples ??= []).length < 5) r.statusExamples.push(`${res.status} after ${Math.round(res.ms)} ms: ${res.text.slice(0, process.env.CHAOS_DEBUG ? 4000 : 200)}`);
      }
      if (res.ms > timeout + SLACK_MS) {
        r.late++;
        // The glue's own timing (only with SESAME_GLUE_STATS): waiting for a
        // slot, in Go, and handing the answer back to the request's context.
        const t = /wait=(\d+); go=(\d+); hop=(\d+)(?:; at=(\d+); out=(\d+))?/.exec(res.headers["x-sesame-glue-timing"] ?? "");
        if (t) r.lateTimed++;
        if (t && Number(t[1]) + Number(t[2]) + Number(t[3]) > timeout + SLACK_MS) r.lateInRelay++;
        if (t && t[4]) {
          // Where the rest went, by the clock both sides share: before the
          // Worker's fetch handler ran, and after it answered.
          r.lateBefore.push(Number(t[4]) - res.sent);
          r.lateAfter.push(res.received - Number(t[5]));
        }
        if (r.lateExamples.length < 8) r.lateExamples.push(`${Math.round(res.ms)} ms: ${res.headers["x-sesame-glue-timing"] ?? ""}`);
        r.lateMaxMs = Math.max(r.lateMaxMs, Math.round(res.ms));
      }
      if (res.status !== 200) return;
      const answer = JSON.parse(res.text);
      if (answer.closest) r.found++;
      for (const a of answer.archives) {
        r.outcomes[a.outcome] = (r.outcomes[a.outcome] ?? 0) + 1;
        if (a.cooldown) r.cooledDown++;
        else r.asked++;
      }
      for (const c of copies(answer)) {
        const why = unsafeURI(c.uri, hosts);
        if (!why) continue;
        r.unsafe++;
        if (r.unsafeExamples.length < 8) r.unsafeExamples.push({ why, uri: c.uri.slice(0, 120) });
      }
    };

    // Phases of concurrency between min and max, at max every other phase.
    const levels = [min, max, Math.round((min + max) / 2), max, Math.round(min + (max - min) / 4), max];
    const phase = Math.max(max, Math.ceil(lookups / 12));
    const t0 = Date.now();
    let next = 0;
    for (let p = 0; next < lookups; p++) {
      const c = Math.max(1, Math.min(levels[p % levels.length], lookups - next));
      const end = Math.min(lookups, next + phase);
      const workers = Array.from({ length: c }, async () => {
        while (next < end) await one(next++);
      });
      await Promise.all(workers);
      log(`chaos: ${next}/${lookups} lookups (${c} at a time), ${r.status5xx} 5xx, ${r.late} late, ${r.unsafe} unsafe, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    r.seconds = Math.round((Date.now() - t0) / 1000);
    sampling = false;
    await sampler;
    await new Promise((res) => setTimeout(res, 5000)); // idle
    // What stays once garbage is collected: a leak shows here.
    await heap.collect?.();
    const after = await sample();
    r.glue = after.glue;
    delete after.glue;
    delete peak.glue;
    times.sort((a, b) => a - b);
    r.msMedian = Math.round(times[Math.floor(times.length / 2)]);
    r.msP99 = Math.round(times[Math.floor(times.length * 0.99)]);
    r.msMax = Math.round(times[times.length - 1]);
    const spread = (xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length ? { median: s[Math.floor(s.length / 2)], max: s[s.length - 1] } : null;
    };
    r.lateBefore = spread(r.lateBefore);
    r.lateAfter = spread(r.lateAfter);
    r.outside = Number((await request(`${fakes.outside}/.count`)).text);
    r.memory = { before, during: peak, after };
    await new Promise((res) => setTimeout(res, 500)); // let the runtime flush its output
    r.urlInLogs = relay.log().includes(token);
    if (process.env.CHAOS_LOG) writeFileSync(process.env.CHAOS_LOG, relay.log());
    r.logErrors = relay.log().split("\n").filter((l) => /error|exception|uncaught|warn/i.test(l)).slice(0, 20);
    return r;
  } finally {
    heap?.close();
    agent.destroy();
    await relay.stop();
    await fakes.stop();
  }
}

// summary renders a report as text.
export function summary(r) {
  const m = r.memory;
  const mem = (s) =>
    `isolate ${(s.wasmMiB + s.jsHeapMiB).toFixed(1)} MiB (Go linear memory ${s.wasmMiB.toFixed(1)} + JavaScript heap ${s.jsHeapMiB.toFixed(1)}, of it live ${(s.jsUsedMiB ?? NaN).toFixed(1)}), whole workerd process RSS ${s.rssMiB.toFixed(1)} MiB`;
  return [
    `relay chaos: ${r.lookups} uncached lookups, ${r.min}-${r.max} at a time, timeout=${r.timeoutMs} ms, ${r.seconds} s, ${r.wrangler ? "under wrangler dev" : "workerd through Miniflare, nothing in front"}`,
    `  answers with status 5xx:            ${r.status5xx}   (no answer at all: ${r.noAnswer}; other non-200: ${JSON.stringify(r.statusOther)})`,
    `  later than timeout + ${SLACK_MS} ms:       ${r.late}   (latest ${r.lateMaxMs} ms; median ${r.msMedian}, p99 ${r.msP99}, max ${r.msMax} ms)`,
    !r.late
      ? ""
      : r.lateTimed
      ? `    of which late inside the Worker:   ${r.lateInRelay}   (of ${r.lateTimed} timed by the glue: from arrival in the Worker's fetch handler to the answer handed back)`
      : `    of which late inside the Worker:   (not timed: this glue sends no x-sesame-glue-timing)`,
    r.lateBefore
      ? `    late answers' time outside the handler: before it ran median ${r.lateBefore.median} ms (max ${r.lateBefore.max}), after it answered median ${r.lateAfter.median} ms (max ${r.lateAfter.max})`
      : "",
    `  requests to a non-registry host:    ${r.outside}`,
    `  unsafe copy URIs in answers:        ${r.unsafe}   ${r.unsafeExamples.length ? JSON.stringify(r.unsafeExamples.slice(0, 3)) : ""}`,
    `  looked-up URL in the runtime's output: ${r.urlInLogs ? "yes" : "no"}`,
    `  memory before: ${mem(m.before)}`,
    `  memory during (highest): ${mem(m.during)}; Go instances ${m.during.instances}, requests in Go at once up to ${m.during.active}`,
    `  memory after (5 s idle and a full garbage collection): ${mem(m.after)}; Go instances started in all: ${m.after.started}`,
    `  lookups with a copy: ${r.found}; archive outcomes: ${JSON.stringify(r.outcomes)}; archives asked ${r.asked}, skipped in cool-down ${r.cooledDown}`,
    r.glue?.hops ? `  glue: ${r.glue.hops.count} operations waited for their request's context, ${(r.glue.hops.totalMs / Math.max(1, r.glue.hops.count)).toFixed(0)} ms on average, at most ${r.glue.hops.maxMs} ms; 503 (busy): ${r.glue.rejected}` : "",
    r.glue && "misrouted" in r.glue ? `  glue: ${r.glue.misrouted} times code for a request found itself in another request's context and queued the work for that request instead of starting it there` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = { lookups: 5000, min: 8, max: 50, timeout: 1500, config: undefined, cooldown: true, wrangler: false };
  let json = false;
  for (let i = 2; i < process.argv.length; i++) {
    const k = process.argv[i].replace(/^--/, "");
    if (k === "json") json = true;
    else if (k === "no-cooldown") o.cooldown = false;
    else if (k === "wrangler") o.wrangler = true;
    else if (k === "config") o.config = process.argv[++i];
    else if (k in o) o[k] = Number(process.argv[++i]);
    else throw new Error(`chaos: unknown argument ${process.argv[i]}`);
  }
  const r = await runChaos({ ...o, log: (s) => console.error(s) });
  console.log(json ? JSON.stringify(r, null, 2) : summary(r));
  // Lateness is printed, not judged: it is a wall-clock figure of this machine.
  const bad = r.status5xx + r.noAnswer + r.outside + r.unsafe + (r.urlInLogs ? 1 : 0);
  process.exit(bad ? 1 : 0);
}
