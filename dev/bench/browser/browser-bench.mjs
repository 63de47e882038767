// browser-bench.mjs prints the extension's performance figures in real
// headless Chromium and Firefox (not a test: it asserts nothing). Each
// figure is printed with its target (issue 11) and its baseline, measured
// in the same run; the machine's load average is printed with them.
//
//   node dev/bench/browser/browser-bench.mjs [chromium] [firefox]     (BENCH_RUNS=7)
//
// For each browser:
//  - popups, in BENCH_RUNS freshly started browsers, on the demo site's
//    "no-challenge" 401 once the background stored its analysis: the first
//    popup after the browser started; then, twice each, the popup (shown
//    from the background's analysis; the probes' phases answered by the
//    background's Go) and the baseline,
//    a JavaScript-only popup that renders the stored record and analysis
//    (dev/bench/browser/baseline/, copied into a copy of the built
//    extension, never shipped); and once the popup with the stored analysis
//    removed (Go loaded first: the path before issue 11). "Opened → shown"
//    is html[data-shown-at], ms since the popup's page began loading;
//    "every probe done" is html[data-ready-all] counted from the same
//    origin.
//  - 401 → badge: the demo site stamps the moment it wrote the response
//    headers (?bench=ID, read back from /_demo/times); the extension's
//    record holds detectedAt and badgeAt (performance.timeOrigin +
//    performance.now() in the background). Same machine, same clock.
//    Measured with the background running, and just after it was stopped
//    (the 401 has to start it), for the built extension (which computes
//    the analysis after each badge) and for a copy with sesame.wasm and
//    wasm_exec.js removed (no WebAssembly at all).
//  - the background's cost per recorded 401: the CPU time (utime + stime
//    from /proc) and resident memory of the browser's extension process
//    (Chromium: the renderer marked --extension-process, which runs the
//    service worker; Firefox: the process ChromeUtils.requestProcInfo
//    calls "extension"), before, after a first 401 (which starts Go) and
//    BENCH_RUNS more in new tabs (each waited for until its analysis is
//    stored), and after the background's
//    Go instance was dropped (GO_IDLE) and the browser was told to free
//    memory; the same for the copy without WebAssembly (the no-Go figure).
//  - the gzip size of sesame.wasm.
//  - Chromium only: what a popup holding a Go instance adds to the
//    extension process.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { startDemo } from "../../e2e/lib/demo.mjs";
import { launch, poll, sleep } from "../../e2e/lib/browser.mjs";
import { extensionDir } from "../../e2e/lib/paths.mjs";

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const CASE = "no-challenge"; // a 401 with no login box in the way
const GO_IDLE = 15000; // extension/background.js GO_IDLE
const HERE = path.dirname(fileURLToPath(import.meta.url));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (xs) => xs.length ? `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})` : "no samples";
const load = () => `load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`;
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;

let seq = 0;

// analysisOf returns storage.session "analysis:<tabId>" once it was made
// for the tab's current record.
async function analysisOf(h, tabId) {
  return poll(() => h.api(async (api, id) => {
    const got = await api.storage.session.get([`tab:${id}`, `analysis:${id}`]);
    const r = got[`tab:${id}`], a = got[`analysis:${id}`];
    return r && a && a.detectedAt === r.detectedAt ? a : undefined;
  }, tabId), { what: `the analysis of tab ${tabId}`, timeout: 30000 });
}

// marks reads a popup's timing marks (ms since its page began loading).
async function marks(page) {
  return page.evaluate(() => {
    const d = document.documentElement.dataset;
    const n = (v) => (v === undefined ? null : Number(v));
    const shownAt = n(d.shownAt), timing = n(d.timing);
    return { first: d.first ?? null, shownAt, timing, goLoad: n(d.goLoad), goStart: n(d.goStart),
      readyAt: d.readyAll === undefined || shownAt === null ? null : Number(d.readyAll) + shownAt - timing };
  });
}

// openPage opens an extension page for the tab and waits until it says ready.
async function openPage(h, rel) {
  const page = await h.openExtensionPage(rel);
  await poll(() => page.evaluate(() => document.documentElement.dataset.ready === "1" && document.documentElement.dataset.shownAt !== undefined),
    { what: `${rel} to be ready`, timeout: 60000 });
  const m = await marks(page);
  await h.closePage(page);
  return m;
}

// popupSeries measures the popups in RUNS fresh browsers (see the top).
async function popupSeries(kind, demo, benchDir) {
  const r = { first: [], stored: [], storedScript: [], baseline: [], baselineScript: [], storedReady: [], viaGo: [], viaGoReady: [], goLoad: [], kinds: new Set() };
  for (let i = 0; i < RUNS; i++) {
    const h = await launch(kind, { extDir: benchDir, demo });
    try {
      const tab = await h.newTab();
      await h.goto(tab, demo.url(CASE));
      await h.waitBadge(tab.tabId, "401");
      await analysisOf(h, tab.tabId);
      const first = await openPage(h, `popup.html?tab=${tab.tabId}`);
      r.first.push(first.shownAt);
      r.kinds.add(first.first);
      for (let j = 0; j < 2; j++) {
        const b = await openPage(h, `baseline.html?tab=${tab.tabId}`);
        r.baseline.push(b.shownAt);
        r.baselineScript.push(b.timing);
        const m = await openPage(h, `popup.html?tab=${tab.tabId}`);
        r.kinds.add(m.first);
        r.stored.push(m.shownAt);
        r.storedScript.push(m.timing);
        r.storedReady.push(m.readyAt);
      }
      // The path before issue 11: no stored analysis, Go first.
      await h.api((api, key) => api.storage.session.remove(key), `analysis:${tab.tabId}`);
      const g = await openPage(h, `popup.html?tab=${tab.tabId}`);
      r.viaGo.push(g.shownAt);
      r.viaGoReady.push(g.readyAt);
      r.goLoad.push(g.goLoad);
      if (g.first !== "go") throw new Error(`popup without a stored analysis said data-first=${g.first}`);
    } finally {
      await h.close();
    }
  }
  if (r.kinds.size !== 1 || !r.kinds.has("stored")) throw new Error(`popups did not use the stored analysis: ${[...r.kinds]}`);
  const ratio = median(r.stored) / median(r.baseline);
  console.log(`  popup opened → diagnosis shown, from the stored analysis: ${fmt(r.stored)}  [target ≤ 25 ms]`);
  console.log(`    baseline, a JavaScript-only popup rendering the stored record:  ${fmt(r.baseline)}`);
  console.log(`    ratio popup / baseline: ${ratio.toFixed(2)}×  [target ≤ 1.3×]`);
  console.log(`    of which from the script's start to shown (the rest is loading the page and its scripts): popup ${fmt(r.storedScript)}; baseline ${fmt(r.baselineScript)}`);
  console.log(`    before issue 11 (no stored analysis, Go loaded first): ${fmt(r.viaGo)}; of which Go ${fmt(r.goLoad)}`);
  console.log(`  first popup after the browser starts (fresh browser each run): ${fmt(r.first)}  [target ≤ 60 ms]`);
  console.log(`  popup → plan updated with every probe done, demo site: ${fmt(r.storedReady)}  [target ≤ 150 ms]`);
  console.log(`    before issue 11 (Go loaded first): ${fmt(r.viaGoReady)}`);
  return r;
}

// detect navigates a fresh tab to the case and returns
// {detect, badge}: ms from the server writing the headers to detection
// and to the badge being set.
async function detect(h, demo, { restart }) {
  const tab = await h.newTab();
  try {
    if (restart) await h.restartBackground();
    const id = `b${process.pid}-${++seq}`;
    const url = `${demo.url(CASE)}?bench=${id}`;
    await h.goto(tab, url);
    await h.waitBadge(tab.tabId, "401");
    const r = await h.waitRecord(tab.tabId, (x) => x?.url === url && x?.badgeAt != null);
    const res = await fetch(`${demo.base}/_demo/times?id=${id}`);
    const { sentAt } = await res.json();
    return { detect: r.detectedAt - sentAt, badge: r.badgeAt - sentAt };
  } finally {
    await h.closePage(tab.page);
  }
}

async function detectSeries(h, demo, label) {
  const out = {};
  for (const restart of [false, true]) {
    await detect(h, demo, { restart: false }); // wake up, warm the caches
    const d = [], b = [];
    for (let i = 0; i < RUNS; i++) {
      const x = await detect(h, demo, { restart });
      d.push(x.detect);
      b.push(x.badge);
    }
    const key = restart ? "restarted" : "running";
    out[key] = { detect: d, badge: b };
    console.log(`  ${label}, background ${key.padEnd(9)}: 401 → badge ${fmt(b)}; → listener ${median(d).toFixed(1)} ms`);
  }
  return out;
}

// procTree returns the pids of every process below pid.
function procTree(root) {
  const children = new Map();
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      tree.push(c);
      walk(c);
    }
  };
  walk(root);
  return tree;
}

// procUsage returns {kib: VmRSS, cpu: utime + stime in ms, n} summed over pids.
function procUsage(pids) {
  let kib = 0, cpu = 0, n = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8").slice(readFileSync(`/proc/${pid}/stat`, "utf8").lastIndexOf(")") + 2).split(" ");
      // Fields 14 and 15 of /proc/PID/stat (utime, stime), in clock ticks of 10 ms.
      cpu += (Number(stat[11]) + Number(stat[12])) * 10;
      if (m) kib += Number(m[1]);
      n++;
    } catch {
      // Gone meanwhile.
    }
  }
  return { kib, cpu, n };
}

// extensionPids returns the pids of the browser's extension process(es).
async function extensionPids(h) {
  if (h.kind === "chromium") {
    return procTree(h.browser.process()?.pid).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--extension-process");
      } catch {
        return false;
      }
    });
  }
  // As a JSON string: chromeEval hands back BiDi's serialisation of arrays.
  return JSON.parse(await h.chromeEval(`(async () => {
    const info = await ChromeUtils.requestProcInfo();
    return JSON.stringify(info.children.filter((c) => c.type === "extension").map((c) => c.pid));
  })()`));
}

// workerHeap collects the garbage of Chromium's running service worker
// (a CDP session attached for a moment: this browser never restarts its
// worker afterwards) and returns {heap: its JS heap in bytes, wasm: the
// number of WebAssembly.Memory objects alive, wasmBytes: their size}, or
// null when the worker is not running.
async function workerHeap(h) {
  const conn = await h.browser.target().createCDPSession();
  try {
    const { targetInfos } = await conn.send("Target.getTargets");
    const sw = targetInfos.find((t) => t.type === "service_worker" && t.url.startsWith(h.extBase));
    if (!sw) return null;
    const { sessionId } = await conn.send("Target.attachToTarget", { targetId: sw.targetId, flatten: true });
    const w = conn.connection().session(sessionId);
    try {
      await w.send("HeapProfiler.collectGarbage");
      const { usedSize } = await w.send("Runtime.getHeapUsage");
      const { result } = await w.send("Runtime.evaluate", { expression: "WebAssembly.Memory.prototype", objectGroup: "bench" });
      const { objects } = await w.send("Runtime.queryObjects", { prototypeObjectId: result.objectId, objectGroup: "bench" });
      const { result: got } = await w.send("Runtime.callFunctionOn", { objectId: objects.objectId, returnByValue: true,
        functionDeclaration: "function() { return [this.length, this.reduce((n, m) => n + m.buffer.byteLength, 0)]; }" });
      await w.send("Runtime.releaseObjectGroup", { objectGroup: "bench" });
      return { heap: usedSize, wasm: got.value[0], wasmBytes: got.value[1] };
    } finally {
      await conn.send("Target.detachFromTarget", { sessionId }).catch(() => {});
    }
  } finally {
    await conn.detach().catch(() => {});
  }
}

// freeMemory asks the browser to collect garbage everywhere; in Chromium
// it returns workerHeap's figures.
async function freeMemory(h) {
  if (h.kind === "chromium") {
    const session = await h.control.createCDPSession();
    try {
      await session.send("Memory.simulatePressureNotification", { level: "critical" });
    } finally {
      await session.detach().catch(() => {});
    }
    const heap = await workerHeap(h);
    await sleep(2000);
    return heap;
  } else {
    await h.chromeEval(`(() => { Services.obs.notifyObservers(null, "child-mmu-request"); return true; })()`);
  }
  await sleep(2000);
  return null;
}

// backgroundCost measures the extension process around RUNS recorded 401s
// (see the top); withGo says whether this extension computes analyses.
async function backgroundCost(kind, demo, extDir, withGo) {
  const h = await launch(kind, { extDir, demo });
  try {
    const pids = await extensionPids(h);
    if (pids.length === 0) throw new Error("no extension process found");
    await sleep(3000);
    const heapBefore = await freeMemory(h);
    const before = procUsage(pids);
    const tabs = [];
    let first = null;
    for (let i = 0; i <= RUNS; i++) {
      const tab = await h.newTab();
      tabs.push(tab);
      await h.goto(tab, `${demo.url(CASE)}?cost=${i}`);
      await h.waitBadge(tab.tabId, "401");
      if (withGo) await analysisOf(h, tab.tabId);
      else await h.waitRecord(tab.tabId, (r) => r?.badgeAt != null);
      if (i === 0) first = procUsage(pids);
    }
    const busy = procUsage(pids);
    const stats = await h.api((api) => api.runtime.sendMessage({ type: "stats" }));
    const heapBusy = h.kind === "chromium" ? await workerHeap(h) : null;
    for (const t of tabs) await h.closePage(t.page);
    await sleep(GO_IDLE + 2000);
    const idleStats = await h.api((api) => api.runtime.sendMessage({ type: "stats" }));
    const heapIdle = await freeMemory(h);
    const idle = procUsage(pids);
    return { before, busy, idle, stats, idleStats, heap: [heapBefore, heapBusy, heapIdle], firstCPU: first.cpu - before.cpu, perCPU: (busy.cpu - first.cpu) / RUNS };
  } finally {
    await h.close();
  }
}

async function costSeries(kind, demo, extDir, noWasmDir) {
  const built = await backgroundCost(kind, demo, extDir, true);
  const bare = await backgroundCost(kind, demo, noWasmDir, false);
  console.log(`  background CPU per recorded 401 (extension process, utime + stime at 10 ms resolution, the harness's polling included; the mean of ${RUNS} 401s in new tabs after a first one):`);
  console.log(`    built: ${built.perCPU.toFixed(1)} ms each (the first, which starts Go: ${built.firstCPU} ms); no WebAssembly (baseline): ${bare.perCPU.toFixed(1)} ms each (first ${bare.firstCPU} ms); the analysis adds ${(built.perCPU - bare.perCPU).toFixed(1)} ms per 401`);
  console.log(`  extension process memory (RSS): built ${mib(built.before.kib)} before, ${mib(built.busy.kib)} with Go after the 401s (Go live: ${built.stats.go}), ${mib(built.idle.kib)} after idle (Go live: ${built.idleStats.go}, dropped ${built.idleStats.goDrops}×)`);
  console.log(`    no WebAssembly: ${mib(bare.before.kib)} before, ${mib(bare.busy.kib)} after the 401s, ${mib(bare.idle.kib)} later  [target: after idle back to the no-Go figure: ${(built.idle.kib / bare.idle.kib).toFixed(2)}×]`);
  if (kind === "chromium") {
    const w = (x) => (x ? `JS heap ${mib(x.heap / 1024)}, ${x.wasm} Go memory (${mib(x.wasmBytes / 1024)})` : "worker not running");
    console.log(`    the service worker itself, after a full GC: built: before ${w(built.heap[0])}; after the 401s ${w(built.heap[1])}; after idle ${w(built.heap[2])}`);
    console.log(`    no WebAssembly: before ${w(bare.heap[0])}; after idle ${w(bare.heap[2])}`);
  }
  return { built, bare };
}

// memoryChromium measures, in a fresh browser each time (RSS does not
// shrink after a Go instance is gone), the extension process with a popup
// that has no Go instance, then with a popup that has one.
async function memoryChromium(demo, runs = 3) {
  const without = [], withGo = [];
  for (let i = 0; i < runs; i++) {
    const h = await launch("chromium", { extDir: extensionDir, demo });
    try {
      const pids = await extensionPids(h);
      const ok = await h.newTab();
      await h.goto(ok, demo.url("ok"));
      const none = await h.openPopup(ok.tabId); // no record: Go is not loaded
      await sleep(1500);
      without.push(procUsage(pids).kib);
      const bad = await h.newTab();
      await h.goto(bad, demo.url(CASE));
      await h.waitBadge(bad.tabId, "401");
      await h.api((api, key) => api.storage.session.remove(key), `analysis:${bad.tabId}`);
      const rep = await h.openPopup(bad.tabId); // Go running in this popup
      await sleep(1500);
      withGo.push(procUsage(pids).kib - without.at(-1));
      await h.closePage(none.page);
      await h.closePage(rep.page);
    } finally {
      await h.close();
    }
  }
  console.log(`  a popup with a Go instance adds ${mib(median(withGo))} to the extension process (median of ${runs} fresh browsers; without Go: ${mib(median(without))})`);
}

async function benchBrowser(kind, demo, dirs) {
  console.log(`\n${kind} (${load()})`);
  const results = {};
  results.popup = await popupSeries(kind, demo, dirs.bench);
  let h = await launch(kind, { extDir: extensionDir, demo });
  try {
    results.full = await detectSeries(h, demo, "built extension");
  } finally {
    await h.close();
  }
  h = await launch(kind, { extDir: dirs.noWasm, demo });
  try {
    results.noWasm = await detectSeries(h, demo, "no WebAssembly ");
  } finally {
    await h.close();
  }
  for (const key of ["running", "restarted"]) {
    const ratio = median(results.full[key].badge) / median(results.noWasm[key].badge);
    console.log(`  401 → badge, background ${key}: built / no-WebAssembly ${ratio.toFixed(2)}×  [target ≤ 1.0×]`);
  }
  results.cost = await costSeries(kind, demo, extensionDir, dirs.noWasm);
  if (kind === "chromium") await memoryChromium(demo);
  console.log(`  (${load()})`);
  return results;
}

// noWasmCopy writes into dir a copy of the built extension without any
// WebAssembly: no sesame.wasm nor wasm_exec.js, and the background never
// loads Go's loader.
function noWasmCopy(dir) {
  cpSync(extensionDir, dir, { recursive: true });
  rmSync(path.join(dir, "sesame.wasm"));
  rmSync(path.join(dir, "wasm_exec.js"));
  // The background can load Go's loader in both browsers: take it out of
  // Firefox's scripts list and Chrome's importScripts as well.
  const manifestPath = path.join(dir, "manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  manifest.background.scripts = manifest.background.scripts.filter((s) => s !== "wasm_exec.js");
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const bgPath = path.join(dir, "background.js");
  const bg = readFileSync(bgPath, "utf8");
  // Chrome imports the loader on install and when the background needs Go.
  const stripped = bg.replaceAll('importScripts("wasm_exec.js")', "void 0");
  if (/importScripts\([^)]*wasm_exec/.test(stripped)) throw new Error("bench: could not take wasm_exec.js out of background.js");
  writeFileSync(bgPath, stripped);
}

async function main() {
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ["chromium", "firefox"];
  if (!existsSync(path.join(extensionDir, "sesame.wasm"))) throw new Error(`no built extension in ${extensionDir}: run make dist/extension/.stamp`);
  const wasm = readFileSync(path.join(extensionDir, "sesame.wasm"));
  console.log(`sesame.wasm: ${(wasm.length / 1048576).toFixed(2)} MiB raw, ${(gzipSync(wasm, { level: 9 }).length / 1048576).toFixed(2)} MiB gzip -9 (${gzipSync(wasm, { level: 9 }).length} bytes)`);
  console.log(`runs per figure: ${RUNS} (BENCH_RUNS); case: ${CASE}; ${load()} (2 cores: ${(loadavg()[0] / 2).toFixed(1)} runnable per core)`);

  const tmp = mkdtempSync(path.join(tmpdir(), "sesame-bench-"));
  const dirs = { noWasm: path.join(tmp, "nowasm"), bench: path.join(tmp, "bench") };
  noWasmCopy(dirs.noWasm);
  // The built extension with the baseline popup beside it.
  cpSync(extensionDir, dirs.bench, { recursive: true });
  for (const f of ["baseline.html", "baseline.js"]) cpSync(path.join(HERE, "baseline", f), path.join(dirs.bench, f));

  const demo = await startDemo();
  try {
    for (const kind of wanted) await benchBrowser(kind, demo, dirs);
  } finally {
    await demo.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(`bench-browser: ${err.stack ?? err}`);
  process.exit(1);
});
