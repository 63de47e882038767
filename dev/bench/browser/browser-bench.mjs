// browser-bench.mjs prints the extension's performance figures in real
// headless Chromium and Firefox (not a test: it asserts nothing).
//
//   node dev/bench/browser/browser-bench.mjs [chromium] [firefox]     (BENCH_RUNS=7)
//
// For each browser:
//  - 401 → badge: the demo site stamps the moment it wrote the response
//    headers (?bench=ID, read back from /_demo/times); the extension's
//    record holds detectedAt and badgeAt (performance.timeOrigin +
//    performance.now() in the background). Same machine, same clock.
//    Measured with the background running, and just after it was stopped
//    (the 401 has to start it), for the built extension and for a copy
//    with sesame.wasm and wasm_exec.js removed (no WebAssembly at all).
//  - popup opened → diagnosis shown: the popup's data-timing, for the
//    first popup after the browser started (nothing cached) and for later
//    ones; data-go-load is the part spent starting Go.
//  - the gzip size of sesame.wasm.
//  - Chromium only: resident memory of the extension renderer process
//    with a popup without a Go instance, and what a popup holding a Go
//    instance adds (the background never holds one).
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startDemo } from "../../e2e/lib/demo.mjs";
import { launch, sleep } from "../../e2e/lib/browser.mjs";
import { extensionDir } from "../../e2e/lib/paths.mjs";

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 7));
const CASE = "no-challenge"; // a 401 with no login box in the way

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (xs) => xs.length ? `median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, n=${xs.length})` : "no samples";

let seq = 0;

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

// popupSeries opens the popup on a 401 tab several times.
async function popupSeries(h, demo) {
  const tab = await h.newTab();
  const timing = [], goLoad = [];
  try {
    await h.goto(tab, demo.url(CASE));
    await h.waitBadge(tab.tabId, "401");
    for (let i = 0; i <= RUNS; i++) {
      const p = await h.openPopup(tab.tabId);
      if (p.state !== "report") throw new Error(`popup state ${p.state}: ${p.error}`);
      timing.push(p.timing);
      goLoad.push(p.goLoad);
      await h.closePage(p.page);
    }
  } finally {
    await h.closePage(tab.page);
  }
  console.log(`  popup → diagnosis, first after start: ${timing[0].toFixed(1)} ms (Go start ${goLoad[0]?.toFixed(1)} ms)`);
  console.log(`  popup → diagnosis, later:            ${fmt(timing.slice(1))}; Go start ${fmt(goLoad.slice(1).filter((x) => x !== null))}`);
  return { first: timing[0], later: timing.slice(1), goLoad };
}

// extensionRSS sums the resident memory (KiB) of Chromium's extension
// renderer processes that belong to this browser.
function extensionRSS(browserPid) {
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
  walk(browserPid);
  let kib = 0, n = 0;
  for (const pid of tree) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("--extension-process")) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) {
        kib += Number(m[1]);
        n++;
      }
    } catch {
      // Gone meanwhile.
    }
  }
  return { kib, n };
}

// memoryChromium measures, in a fresh browser each time (RSS does not
// shrink after a Go instance is gone), the extension process with a popup
// that has no Go instance, then with a popup that has one.
async function memoryChromium(demo, runs = 3) {
  const without = [], withGo = [];
  for (let i = 0; i < runs; i++) {
    const h = await launch("chromium", { extDir: extensionDir, demo });
    try {
      const pid = h.browser.process()?.pid;
      const ok = await h.newTab();
      const bad = await h.newTab();
      await h.goto(ok, demo.url("ok"));
      await h.goto(bad, demo.url(CASE));
      await h.waitBadge(bad.tabId, "401");
      const none = await h.openPopup(ok.tabId); // no record: Go is not loaded
      await sleep(1500);
      without.push(extensionRSS(pid).kib);
      const rep = await h.openPopup(bad.tabId); // Go running in this popup
      await sleep(1500);
      withGo.push(extensionRSS(pid).kib - without.at(-1));
      await h.closePage(none.page);
      await h.closePage(rep.page);
    } finally {
      await h.close();
    }
  }
  console.log(`  extension process memory (RSS): ${(median(without) / 1024).toFixed(1)} MiB with a popup and no Go instance; a popup with a Go instance adds ${(median(withGo) / 1024).toFixed(1)} MiB (median of ${runs} fresh browsers)`);
}

async function benchBrowser(kind, demo, noWasmDir) {
  console.log(`\n${kind}`);
  const results = {};
  let h = await launch(kind, { extDir: extensionDir, demo });
  try {
    results.popup = await popupSeries(h, demo);
    results.full = await detectSeries(h, demo, "built extension");
  } finally {
    await h.close();
  }
  if (kind === "chromium") await memoryChromium(demo);
  else console.log("  extension process memory: not measured (Firefox 153 does not mark its extension process on the command line)");
  h = await launch(kind, { extDir: noWasmDir, demo });
  try {
    results.noWasm = await detectSeries(h, demo, "no WebAssembly ");
  } finally {
    await h.close();
  }
  for (const key of ["running", "restarted"]) {
    const ratio = median(results.full[key].badge) / median(results.noWasm[key].badge);
    console.log(`  ratio built / no-WebAssembly, background ${key}: ${ratio.toFixed(2)}×`);
  }
  return results;
}

async function main() {
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : ["chromium", "firefox"];
  if (!existsSync(path.join(extensionDir, "sesame.wasm"))) throw new Error(`no built extension in ${extensionDir}: run make dist/extension/.stamp`);
  const wasm = readFileSync(path.join(extensionDir, "sesame.wasm"));
  console.log(`sesame.wasm: ${(wasm.length / 1048576).toFixed(2)} MiB raw, ${(gzipSync(wasm, { level: 9 }).length / 1048576).toFixed(2)} MiB gzip -9 (${gzipSync(wasm, { level: 9 }).length} bytes)`);
  console.log(`runs per figure: ${RUNS} (BENCH_RUNS); case: ${CASE}`);

  // The same extension without any WebAssembly.
  const tmp = mkdtempSync(path.join(tmpdir(), "sesame-nowasm-"));
  const noWasmDir = path.join(tmp, "extension");
  cpSync(extensionDir, noWasmDir, { recursive: true });
  rmSync(path.join(noWasmDir, "sesame.wasm"));
  rmSync(path.join(noWasmDir, "wasm_exec.js"));
  // The background can load Go's loader (for watch) in both browsers: take
  // it out of Firefox's scripts list and Chrome's importScripts as well.
  const manifestPath = path.join(noWasmDir, "manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  manifest.background.scripts = manifest.background.scripts.filter((s) => s !== "wasm_exec.js");
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  const bgPath = path.join(noWasmDir, "background.js");
  const bg = readFileSync(bgPath, "utf8");
  // Chrome imports the loader on install and when a watch needs Go.
  const stripped = bg.replaceAll('importScripts("wasm_exec.js")', "void 0");
  if (/importScripts\([^)]*wasm_exec/.test(stripped)) throw new Error("bench: could not take wasm_exec.js out of background.js");
  writeFileSync(bgPath, stripped);

  const demo = await startDemo();
  try {
    for (const kind of wanted) await benchBrowser(kind, demo, noWasmDir);
  } finally {
    await demo.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => {
  console.error(`bench-browser: ${err.stack ?? err}`);
  process.exit(1);
});
