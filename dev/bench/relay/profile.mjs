// profile.mjs samples the relay's CPU inside workerd (through wrangler dev's
// devtools inspector) while it serves N cached lookups, and prints where the
// time went: self time per function (JavaScript and, with an unstripped
// build, Go's WebAssembly functions by name), summed by Go package.
//
//   node dev/bench/relay/profile.mjs [--n 2000] [--path /v1/lookup?url=…]
//
// Build an unstripped relay first to see Go's names:
//   cd worker && GOOS=js GOARCH=wasm go build -trimpath -o build/app.wasm .
import http from "node:http";
import WebSocket from "ws";
import { startFakes, startWorkerd } from "../../e2e/lib/relay.mjs";
import { get } from "./load.mjs";

const arg = (k, d) => {
  const i = process.argv.indexOf(k);
  return i > 0 ? process.argv[i + 1] : d;
};
const N = Number(arg("--n", 2000));
const INTERVAL = Number(arg("--interval", 50));
const PATH = arg("--path", `/v1/lookup?url=${encodeURIComponent("https://example.com/profile/cached")}`);

function json(url) {
  return new Promise((resolve, reject) =>
    http.get(url, (res) => {
      let s = "";
      res.on("data", (c) => (s += c));
      res.on("end", () => resolve(JSON.parse(s)));
    }).on("error", reject),
  );
}

async function connect(port) {
  let targets;
  for (let i = 0; i < 50; i++) {
    try {
      targets = await json(`http://127.0.0.1:${port}/json`);
      if (targets.length) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((r, j) => (ws.once("open", r), ws.once("error", j)));
  let id = 0;
  const pending = new Map();
  ws.on("message", (m) => {
    const msg = JSON.parse(m);
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  });
  const send = (method, params = {}) =>
    new Promise((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return { send, close: () => ws.close() };
}

const fakes = await startFakes(["found", "timegate/found", "cdx/found", "none"]);
const relay = await startWorkerd({ archivesJSON: fakes.archivesJSON });
try {
  await get(relay.base + PATH);
  for (let i = 0; i < 200; i++) await get(relay.base + PATH);
  const cdp = await connect(relay.inspectorPort);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: INTERVAL });
  await cdp.send("Profiler.start");
  for (let i = 0; i < N; i++) await get(relay.base + PATH);
  const { result } = await cdp.send("Profiler.stop");
  cdp.close();
  const p = result.profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = p.timeDeltas;
  for (let i = 0; i < p.samples.length; i++) {
    const n = byId.get(p.samples[i]);
    const name = n.callFrame.functionName || `(anon ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber})`;
    self.set(name, (self.get(name) || 0) + (dt[i] || 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = (self.get("(idle)") || 0) + (self.get("(program)") || 0);
  console.log(`profile: ${N} requests of ${PATH}; sampled ${(total / 1000).toFixed(0)} ms, of which (idle)+(program) ${(idle / 1000).toFixed(0)} ms`);
  console.log(`busy per request: ${((total - (self.get("(idle)") || 0)) / 1000 / N).toFixed(3)} ms (incl. (program) ${((self.get("(program)") || 0) / 1000 / N).toFixed(3)} ms, (garbage collector) ${((self.get("(garbage collector)") || 0) / 1000 / N).toFixed(3)} ms)`);
  const pkg = new Map();
  for (const [name, us] of self) {
    if (name === "(idle)") continue;
    let k = name;
    const m = /^([\w./-]+?)\.[\w(*)]+/.exec(name);
    if (m && name.includes(".")) k = m[1].replace(/^\(anon.*/, "js");
    pkg.set(k, (pkg.get(k) || 0) + us);
  }
  const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log("\nself time per request by function (top 40):");
  for (const [name, us] of top(self, 41)) if (name !== "(idle)") console.log(`  ${(us / 1000 / N).toFixed(4).padStart(8)} ms  ${name.slice(0, 110)}`);
  console.log("\nself time per request by package prefix (top 25):");
  for (const [name, us] of top(pkg, 25)) console.log(`  ${(us / 1000 / N).toFixed(4).padStart(8)} ms  ${name.slice(0, 110)}`);
} finally {
  await relay.stop();
  await fakes.stop();
}
