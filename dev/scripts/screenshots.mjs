#!/usr/bin/env node
// screenshots.mjs makes the store screenshots (usage: screenshots.mjs OUT):
// 1280×800 PNGs of the built extension (dist/extension, or SESAME_EXTENSION)
// in headless Chromium on the demo site, written to OUT:
//
//   1-basic-401.png       the popup on a Basic 401 (the browser's sign-in box)
//   2-sign-in-link.png    the popup after it found the site's sign-in page
//   3-waf-block.png       the popup on a page Cloudflare blocked
//   4-archived-copy.png   an archived copy found (fake archives behind the
//                         native relay, all on loopback)
//   5-options.png         the options page with the build's settings
//
// Each popup is opened as a tab (popup.html?tab=<id>, as the browser tests
// do) at the popup's own width, photographed whole once every check has
// finished, and centred on a 1280×800 canvas with a one-line caption (scaled
// down if it is taller than the canvas allows). The options page is
// photographed as a 1280×800 tab. Light colour scheme, English.
//
// Robust to a redesigned popup: the readiness signals are the DOM contract
// of extension/popup.js (html[data-ready], #app[data-state], #app[data-probes],
// #archive[data-state]); the archive action is found by [data-kind="archive"]
// wherever it is, and any closed disclosure around it is opened first.
// Nothing leaves the machine: demo site, relay and archives are on 127.0.0.1
// and Chromium runs with background networking off.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { archiveResult, launch, poll, sleep } from "../e2e/lib/browser.mjs";
import { startDemo } from "../e2e/lib/demo.mjs";
import { extensionDir } from "../e2e/lib/paths.mjs";
import { startFakes, startRelay } from "../e2e/lib/relay.mjs";

const W = 1280;
const H = 800;

// SHOTS: file, demo case, caption, and whether to ask for an archived copy.
const SHOTS = [
  { file: "1-basic-401.png", demoCase: "basic", caption: "A page asks for a password: Sesame says what it wants and where to go instead." },
  { file: "2-sign-in-link.png", demoCase: "no-challenge", caption: "Sesame finds the site's own sign-in page for you." },
  { file: "3-waf-block.png", demoCase: "cloudflare-block", caption: "Blocked by a firewall? Sesame names it and gives the reference the site needs." },
  { file: "4-archived-copy.png", demoCase: "plain-403", caption: "One click asks public web archives for a saved copy of the page.", archive: true },
];

function fail(message) {
  console.error(`screenshots: ${message}`);
  process.exit(1);
}

// waitPopup waits until the popup has rendered and every check is done.
async function waitPopup(page) {
  await poll(() => page.evaluate(() => {
    const app = document.getElementById("app");
    return document.documentElement.dataset.ready === "1" && !!app && app.dataset.state !== "loading" &&
      (app.dataset.state !== "report" || [undefined, "done"].includes(app.dataset.probes));
  }), { what: "the popup to finish its checks", timeout: 90000, interval: 100 });
}

// askArchive clicks the archive action (opening whatever folds it away)
// and waits for the answer.
async function askArchive(page) {
  const ok = await page.evaluate(() => {
    const b = document.querySelector('[data-kind="archive"]');
    if (!b) return false;
    for (let el = b.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
      if (el.hidden && el.id) document.querySelector(`[aria-controls="${el.id}"][aria-expanded="false"]`)?.click();
    }
    b.click();
    return true;
  });
  if (!ok) throw new Error("the popup offers no archive action ([data-kind=\"archive\"])");
  const a = await archiveResult(page, 60000);
  if (a.state !== "found") throw new Error(`the archive lookup ended in state ${a.state}: ${a.text}`);
  await sleep(300);
}

// popupPNG photographs the whole popup page at the popup's width.
async function popupPNG(page) {
  await page.bringToFront(); // a background tab is never painted: its screenshot would hang
  const width = await page.evaluate(() => Math.ceil(document.querySelector("main")?.getBoundingClientRect().width || 380));
  await page.setViewport({ width, height: 600, deviceScaleFactor: 1 });
  await sleep(200);
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  await page.setViewport({ width, height: Math.max(height, 100), deviceScaleFactor: 1 });
  await sleep(200);
  return { png: await page.screenshot({ type: "png", fullPage: true }), width, height };
}

// compose puts a popup image and a caption on a W×H canvas and returns the PNG.
async function compose(canvas, shot, caption) {
  const maxH = H - 150;
  const scale = Math.min(1, maxH / shot.height);
  const html = `<!doctype html><meta charset="utf-8"><style>
    html, body { margin: 0; width: ${W}px; height: ${H}px; overflow: hidden; }
    body { background: linear-gradient(160deg, #eef2f8, #dfe6f1); font: 600 30px/1.3 system-ui, "DejaVu Sans", sans-serif; color: #1c2533; }
    .row { display: flex; align-items: center; justify-content: center; gap: 56px; height: 100%; padding: 0 64px; box-sizing: border-box; }
    p { margin: 0; max-width: 520px; }
    img { width: ${Math.round(shot.width * scale)}px; height: ${Math.round(shot.height * scale)}px; border-radius: 10px;
      box-shadow: 0 18px 50px rgba(20, 30, 50, .25), 0 0 0 1px rgba(20, 30, 50, .12); background: #fff; }
  </style><div class="row"><p></p><img alt=""></div>`;
  await canvas.bringToFront();
  await canvas.setViewport({ width: W, height: H, deviceScaleFactor: 1 });
  await canvas.setContent(html, { waitUntil: "load" });
  await canvas.evaluate(async (text, src) => {
    document.querySelector("p").textContent = text;
    const img = document.querySelector("img");
    img.src = src;
    await img.decode();
  }, caption, `data:image/png;base64,${Buffer.from(shot.png).toString("base64")}`);
  return canvas.screenshot({ type: "png", clip: { x: 0, y: 0, width: W, height: H } });
}

async function main() {
  const out = process.argv[2];
  if (!out) fail("usage: screenshots.mjs OUT");
  mkdirSync(out, { recursive: true });
  const stops = [];
  let h;
  try {
    const demo = await startDemo();
    stops.push(demo.stop);
    const fakes = await startFakes(["found:5", "availability/found:2", "none", "cdx/found:3"]);
    stops.push(fakes.stop);
    // Neutral names instead of the fakes' test names ("Fake timemap
    // archive (found:5)"); never a real archive's name on made-up data.
    const named = fakes.archives.map((a, i) => ({ ...a, name: `Example web archive ${"ABCDEFGH"[i] ?? i + 1} (demo)` }));
    const relay = await startRelay({ archivesJSON: JSON.stringify(named) });
    stops.push(relay.stop);
    h = await launch("chromium", { extDir: extensionDir, demo });
    await h.api((api, relayURL) => api.storage.local.set({ options: { relayURL, dropQuery: false, archives: null } }), relay.base);

    const canvas = await h.browser.newPage();
    await canvas.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    for (const s of SHOTS) {
      const tab = await h.newTab();
      const status = demo.cases.get(s.demoCase)?.status;
      if (!status) throw new Error(`the demo has no case ${s.demoCase}`);
      await h.goto(tab, demo.url(s.demoCase));
      await h.waitBadge(tab.tabId, String(status));
      const page = await h.browser.newPage();
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
      const url = `${h.extBase}popup.html?tab=${tab.tabId}`;
      await page.goto(url, { waitUntil: "load", timeout: 30000 });
      await waitPopup(page);
      if (s.archive) await askArchive(page);
      const shot = await popupPNG(page);
      const png = await compose(canvas, shot, s.caption);
      writeFileSync(path.join(out, s.file), png);
      console.log(`screenshots: ${path.join(out, s.file)} (popup ${shot.width}×${shot.height} px${shot.height > H - 150 ? ", scaled down" : ""})`);
      await page.close();
      await tab.page.close();
    }

    // The options page as a new user sees it: the build's relay and, when
    // that relay does not answer (no network here), the built-in archives.
    await h.api((api) => api.storage.local.remove("options"));
    const options = await h.browser.newPage();
    await options.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    await options.bringToFront();
    await options.setViewport({ width: W, height: H, deviceScaleFactor: 1 });
    await options.goto(`${h.extBase}options.html`, { waitUntil: "load", timeout: 30000 });
    await poll(() => options.evaluate(() => document.getElementById("options")?.dataset.state !== "loading" &&
      document.querySelectorAll("#archives input").length > 0), { what: "the options page and its archive list", timeout: 30000 });
    await sleep(300);
    const file = path.join(out, "5-options.png");
    writeFileSync(file, await options.screenshot({ type: "png", clip: { x: 0, y: 0, width: W, height: H } }));
    console.log(`screenshots: ${file}`);
  } finally {
    await h?.close();
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
}

main().catch((err) => fail(err.stack ?? String(err)));
