// browser.mjs launches headless Chromium or Firefox ESR with the unpacked
// Sesame extension and gives the tests one small interface over both:
//
//   const h = await launch("chromium" | "firefox", {extDir, demo});
//   const tab = await h.newTab();          // {page, tabId}
//   await h.goto(tab, url);                // navigation errors of 401 pages are expected
//   await h.waitBadge(tab.tabId, "401");   // chrome.action.getBadgeText
//   await h.record(tab.tabId);             // storage.session "tab:<id>"
//   const p = await h.openPopup(tab.tabId); // popup.html?tab=ID, data-state ≠ loading
//   await h.restartBackground();           // stop the service worker / event page
//   await h.close();
//
// Quirks handled here (Chromium 156 and Firefox ESR 153, Debian packages,
// driven by puppeteer-core):
// - Chromium 156: without `enableExtensions: true` Puppeteer adds
//   --disable-extensions; the unpacked extension's id derives from its
//   absolute path. A restarted service worker hangs in "starting" while a
//   CDP session is still attached to it, so Puppeteer is told not to attach
//   to service workers (targetFilter) and ServiceWorker.stopAllWorkers
//   leaves a worker that can start again.
// - Firefox ESR 153: WebDriver BiDi; without --remote-allow-system-access
//   moz-extension:// pages cannot be opened nor the chrome scope evaluated;
//   the gecko id gets a fixed uuid; page.goto to moz-extension:// never
//   reports "loaded", so navigation is started and the page polled; in
//   headless mode a Basic/Digest 401 still opens a login box that blocks
//   the navigation: a global authRequired intercept makes Puppeteer cancel
//   it.
// - Both: the browsers use the demo site's proxy.pac, which sends only
//   proxy.sesame.test through the demo acting as an HTTP proxy (for 407).
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";
import { chromiumPath, firefoxPath, geckoId } from "./paths.mjs";

// FIREFOX_UUID is the fixed internal uuid of the extension in Firefox.
export const FIREFOX_UUID = "5e5a3e0c-7d1b-4c2a-9f0e-2b6c1d8a4f11";

// chromiumExtensionId computes the id Chromium gives an unpacked extension
// loaded from dir: the first 32 hex digits of SHA-256 of the absolute path,
// spelled with the letters a–p.
export function chromiumExtensionId(dir) {
  const hex = createHash("sha256").update(path.resolve(dir)).digest("hex").slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join("");
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// poll calls fn until it returns a value other than undefined/false, or
// throws after timeout ms with the last value in the message.
export async function poll(fn, { timeout = 20000, interval = 50, what = "condition" } = {}) {
  const end = Date.now() + timeout;
  let last, lastErr;
  for (;;) {
    try {
      last = await fn();
      if (last !== undefined && last !== false && last !== null) return last;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value ${JSON.stringify(last)}${lastErr ? `; last error ${lastErr.message}` : ""}`);
    }
    await sleep(interval);
  }
}

const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
];

// launch starts a browser with the extension and the control page.
// proxyPac replaces the demo's proxy auto-config URL.
export async function launch(kind, { extDir, demo, firefoxPrefs = {}, cancelAuth = true, proxyPac = `${demo.base}/proxy.pac` }) {
  const userDataDir = mkdtempSync(path.join(tmpdir(), `sesame-e2e-${kind}-`));
  let browser, extBase;
  try {
    if (kind === "chromium") {
      browser = await puppeteer.launch({
        executablePath: chromiumPath,
        headless: true,
        enableExtensions: true,
        userDataDir,
        protocolTimeout: 60000,
        // Never attach to service workers: a worker with a debugger session
        // hangs in "starting" after ServiceWorker.stopAllWorkers.
        targetFilter: (target) => target.type() !== "service_worker",
        args: [
          ...CHROMIUM_FLAGS,
          `--disable-extensions-except=${extDir}`,
          `--load-extension=${extDir}`,
          `--proxy-pac-url=${proxyPac}`,
          "--lang=en-US",
        ],
      });
      extBase = `chrome-extension://${chromiumExtensionId(extDir)}/`;
    } else if (kind === "firefox") {
      browser = await puppeteer.launch({
        browser: "firefox",
        executablePath: firefoxPath,
        headless: true,
        userDataDir,
        protocolTimeout: 60000,
        args: ["--remote-allow-system-access"],
        extraPrefsFirefox: {
          "extensions.webextensions.uuids": JSON.stringify({ [geckoId]: FIREFOX_UUID }),
          "network.proxy.type": 2,
          "network.proxy.autoconfig_url": proxyPac,
          "intl.locale.requested": "en-US",
          ...firefoxPrefs,
        },
      });
      await browser.installExtension(extDir);
      // Cancel every HTTP authentication prompt (Basic, Digest, proxy).
      // Only for the demo site's own origin: a cancelled proxy 407 makes
      // Firefox 153 drop the page, so the proxy's login box is left open.
      if (cancelAuth) {
        const { hostname, port } = new URL(demo.base);
        await browser.connection.send("network.addIntercept", {
          phases: ["authRequired"],
          urlPatterns: [{ type: "pattern", protocol: "http", hostname, port }],
        });
      }
      extBase = `moz-extension://${FIREFOX_UUID}/`;
    } else {
      throw new Error(`launch: unknown browser ${kind}`);
    }
  } catch (err) {
    await browser?.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
  const h = new Harness(kind, browser, extBase, userDataDir, demo);
  try {
    await h.init();
  } catch (err) {
    await h.close();
    throw err;
  }
  return h;
}

let unique = 0;

// Harness drives one browser.
export class Harness {
  constructor(kind, browser, extBase, userDataDir, demo) {
    this.kind = kind;
    this.browser = browser;
    this.extBase = extBase;
    this.userDataDir = userDataDir;
    this.demo = demo;
    this.control = null;
    this.pages = new Set();
  }

  async init() {
    // The control page: an extension page that can call chrome.* APIs and
    // survives restarts of the background.
    this.control = await this.openExtensionPage("popup.html?control=1");
    await poll(() => this.control.evaluate(() => typeof (globalThis.browser ?? globalThis.chrome)?.storage?.session?.get === "function"),
      { what: "extension APIs on the control page", timeout: 30000 });
  }

  // openExtensionPage opens an extension page in a new tab and waits until
  // its document is loaded.
  async openExtensionPage(rel) {
    const page = await this.browser.newPage();
    this.pages.add(page);
    const url = this.extBase + rel;
    if (this.kind === "firefox") {
      // Firefox 153 over BiDi: goto to moz-extension:// never reports "loaded".
      page.goto(url, { waitUntil: "load", timeout: 0 }).catch(() => {});
      // page.url() stays about:blank there too: ask the document.
      await poll(() => page.evaluate((u) => location.href === u && document.readyState === "complete", url),
        { what: `${url} to load`, timeout: 30000 });
    } else {
      await page.goto(url, { waitUntil: "load", timeout: 30000 });
    }
    return page;
  }

  // api runs fn(api, ...args) on the control page, where api is the
  // extension's browser/chrome namespace. fn must be self-contained.
  async api(fn, ...args) {
    // A string expression: the protocol evaluates it, so the page's CSP
    // (no eval) does not apply.
    return this.control.evaluate(`(${fn.toString()})(globalThis.browser ?? globalThis.chrome, ...${JSON.stringify(args)})`);
  }

  // newTab opens a tab on a blank demo page and finds its tab id.
  async newTab() {
    const page = await this.browser.newPage();
    this.pages.add(page);
    const id = `t${process.pid}-${++unique}-${Date.now()}`;
    const url = `${this.demo.base}/_demo/blank?id=${id}`;
    await page.goto(url, { waitUntil: "load", timeout: 30000 });
    const tabId = await poll(() => this.api(async (api, id) => {
      const tabs = await api.tabs.query({});
      return tabs.find((t) => (t.url ?? "").includes(`id=${id}`))?.id;
    }, id), { what: "the new tab's id" });
    return { page, tabId };
  }

  // tab returns tabs.get(tabId) or null.
  async tab(tabId) {
    return this.api((api, id) => api.tabs.get(id).then((t) => ({ url: t.url, status: t.status }), () => null), tabId);
  }

  // goto navigates a test tab and waits until the tab shows url and has
  // finished loading. Navigation errors are expected: headless Chromium
  // cancels the login box of a Basic/Digest 401 (ERR_INVALID_AUTH_CREDENTIALS)
  // and refuses a 407 it cannot answer.
  async goto(tab, url, { method = "GET", form = null, wait = true } = {}) {
    if (method === "POST") {
      // Submit a real form from the current page so the browser sends a POST navigation.
      await tab.page.evaluate((action, fields) => {
        const f = document.createElement("form");
        f.method = "post";
        f.action = action;
        for (const [k, v] of Object.entries(fields)) {
          const i = document.createElement("input");
          i.name = k;
          i.value = v;
          f.append(i);
        }
        document.body.append(f);
        f.submit();
      }, url, form ?? {});
    } else if (!wait) {
      // A page that never finishes (Firefox keeps a proxy's login box open).
      tab.page.goto(url, { waitUntil: "load", timeout: 0 }).catch(() => {});
      return poll(async () => (await this.tab(tab.tabId))?.url === url, { what: `tab ${tab.tabId} to show ${url}` });
    } else {
      await tab.page.goto(url, { waitUntil: "load", timeout: 30000 }).catch((err) => {
        if (!/net::ERR_|NS_ERROR_|Navigation timeout|aborted|interrupted/i.test(err.message)) throw err;
      });
    }
    if (method === "POST") return; // The caller waits for the record of the POST.
    await this.waitLoaded(tab.tabId, url);
  }

  // waitLoaded waits until tabs.get says the tab shows url (ignoring the
  // fragment) and is complete.
  async waitLoaded(tabId, url) {
    const want = url.replace(/#.*$/, "");
    return poll(async () => {
      const t = await this.tab(tabId);
      return t && t.status === "complete" && (t.url ?? "").replace(/#.*$/, "") === want ? t : undefined;
    }, { what: `tab ${tabId} to finish loading ${url}`, timeout: 30000 });
  }

  // badge returns the tab's badge text.
  async badge(tabId) {
    return this.api((api, tabId) => api.action.getBadgeText({ tabId }), tabId);
  }

  // waitBadge waits until the tab's badge is text and stays so for a
  // moment (the browsers clear badges on commit; the extension sets it
  // again).
  async waitBadge(tabId, text, { timeout = 20000 } = {}) {
    await poll(async () => (await this.badge(tabId)) === text, { what: `badge ${JSON.stringify(text)} on tab ${tabId}`, timeout });
    await sleep(300);
    return poll(async () => (await this.badge(tabId)) === text, { what: `badge ${JSON.stringify(text)} to stay on tab ${tabId}`, timeout });
  }

  // record returns storage.session["tab:<tabId>"] or null.
  async record(tabId) {
    return this.api(async (api, tabId) => {
      const key = `tab:${tabId}`;
      const got = await api.storage.session.get(key);
      return got[key] ?? null;
    }, tabId);
  }

  // waitRecord waits for the tab's record to satisfy pred.
  async waitRecord(tabId, pred = (r) => r !== null, what = "record") {
    return poll(async () => {
      const r = await this.record(tabId);
      return pred(r) ? { value: r } : undefined;
    }, { what: `${what} of tab ${tabId}` }).then((x) => x.value);
  }

  // openPopup opens popup.html?tab=ID in a new tab and waits for the final
  // state (every probe done). It returns {page, state, title, explain, facts, actions, none,
  // error, timing, goLoad}.
  async openPopup(tabId) {
    const page = await this.openExtensionPage(`popup.html?tab=${tabId}`);
    // Since issue 4 the popup checks a few pages of the site and shows the
    // plan again when they answer (#app[data-probes]): wait until it has
    // settled, or buttons may be replaced under a click.
    await poll(() => page.evaluate(() => document.documentElement.dataset.ready === "1" &&
      document.getElementById("app")?.dataset.state !== "loading" &&
      [undefined, "done"].includes(document.getElementById("app")?.dataset.probes)), { what: "the popup to be ready", timeout: 60000 });
    const view = await readPopup(page);
    return { page, ...view };
  }

  // restartBackground stops the extension's background (Chromium: the
  // service worker; Firefox: the event page) and waits until it is
  // stopped. The next extension event starts it again.
  async restartBackground() {
    if (this.kind === "chromium") {
      const session = await this.control.createCDPSession();
      try {
        const versions = new Map();
        session.on("ServiceWorker.workerVersionUpdated", ({ versions: list }) => {
          for (const v of list) versions.set(v.versionId, v);
        });
        await session.send("ServiceWorker.enable");
        const stopped = () => {
          const ours = [...versions.values()].filter((v) => v.scriptURL.startsWith(this.extBase));
          return ours.length > 0 && ours.every((v) => v.runningStatus === "stopped");
        };
        // A stop request sometimes goes unanswered (seen with Chromium 156
        // while the worker handles an event): ask again every 2 s.
        for (let attempt = 1; ; attempt++) {
          await session.send("ServiceWorker.stopAllWorkers");
          try {
            await poll(stopped, { what: "the service worker to stop", timeout: 2000 });
            break;
          } catch (err) {
            if (attempt >= 10) {
              throw new Error(`${err.message}; versions: ${JSON.stringify([...versions.values()].map((v) => [v.scriptURL, v.runningStatus, v.status]))}`);
            }
          }
        }
      } finally {
        await session.send("ServiceWorker.disable").catch(() => {});
        await session.detach().catch(() => {});
      }
    } else {
      const state = await this.chromeEval(`(async () => {
        const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
        const ext = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(geckoId)});
        await ext.terminateBackground({ disableResetIdleForTest: true });
        return String(ext.backgroundState);
      })()`);
      await poll(async () => (await this.backgroundState()) === "stopped", { what: `the event page to stop (was ${state})` });
    }
  }

  // backgroundState returns "running", "stopped", … (Chromium: the service
  // worker's runningStatus; Firefox: the extension's backgroundState).
  async backgroundState() {
    if (this.kind === "chromium") {
      const session = await this.control.createCDPSession();
      try {
        const versions = new Map();
        session.on("ServiceWorker.workerVersionUpdated", ({ versions: list }) => {
          for (const v of list) versions.set(v.versionId, v);
        });
        await session.send("ServiceWorker.enable");
        await sleep(200);
        const ours = [...versions.values()].filter((v) => v.scriptURL.startsWith(this.extBase));
        return ours.find((v) => v.runningStatus !== "stopped")?.runningStatus ?? (ours.length ? "stopped" : "none");
      } finally {
        await session.send("ServiceWorker.disable").catch(() => {});
        await session.detach().catch(() => {});
      }
    }
    return this.chromeEval(`(() => {
      const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
      return String(ExtensionParent.GlobalManager.getExtension(${JSON.stringify(geckoId)})?.backgroundState);
    })()`);
  }

  // chromeEval evaluates JavaScript in Firefox's privileged browser window
  // (needs --remote-allow-system-access) and returns its value.
  async chromeEval(expression) {
    const conn = this.browser.connection;
    const tree = await conn.send("browsingContext.getTree", { "moz:scope": "chrome" });
    const context = tree.result.contexts[0].context;
    const r = await conn.send("script.evaluate", { expression, target: { context }, awaitPromise: true });
    if (r.result.type === "exception") throw new Error(`chrome eval: ${r.result.exceptionDetails?.text}`);
    return r.result.result.value;
  }

  async closePage(page) {
    this.pages.delete(page);
    await page.close().catch(() => {});
  }

  async close() {
    try {
      await Promise.race([this.browser.close(), sleep(15000)]);
    } catch {
      // The process is killed below.
    }
    try {
      this.browser.process()?.kill("SIGKILL");
    } catch {
      // Already gone.
    }
    rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

// reveal opens, as a person would (a click on each summary), every closed
// disclosure around the first element matching selector in the popup:
// since issue 12 the actions after the primary and three next-best ones
// are behind "More ways" (#more-ways) and the contacts behind "Contact
// the site" (#contacts-box). It returns whether the element exists.
export async function reveal(page, selector) {
  for (let i = 0; i < 5; i++) {
    const closed = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      const outer = [];
      for (let d = el.parentElement?.closest("details"); d; d = d.parentElement?.closest("details")) outer.unshift(d);
      const first = outer.find((d) => !d.open);
      return first ? `#${first.id} > summary` : "";
    }, selector);
    if (closed === null) return false;
    if (closed === "") return true;
    await page.click(closed);
  }
  throw new Error(`reveal: ${selector} is still behind a closed disclosure`);
}

// readPopup reads the popup's DOM contract.
export async function readPopup(page) {
  return page.evaluate(() => {
    const $ = (id) => document.getElementById(id);
    const text = (el) => (el && !el.hidden ? el.textContent.trim() : "");
    const facts = {};
    const dts = [...document.querySelectorAll("#facts dt")];
    for (const dt of dts) {
      const dd = dt.nextElementSibling;
      facts[dt.textContent.trim()] = dd ? dd.textContent.trim() : "";
    }
    return {
      state: $("app")?.dataset.state,
      title: text($("title")),
      explain: [...document.querySelectorAll("#explain p")].map((p) => p.textContent.trim()),
      explainText: text($("explain")),
      facts,
      actions: [...document.querySelectorAll("#actions button.action")].map((b) => ({
        kind: b.dataset.kind, url: b.dataset.url ?? "", text: b.textContent.trim(),
      })),
      none: text($("none")),
      error: text($("error")),
      timing: Number(document.documentElement.dataset.timing),
      goLoad: document.documentElement.dataset.goLoad === undefined ? null : Number(document.documentElement.dataset.goLoad),
      elements: {
        script: document.querySelectorAll("body script").length,
        img: document.querySelectorAll("img").length,
        b: document.querySelectorAll("#app b").length,
      },
    };
  });
}

// archiveResult waits until the popup's archive section (#archive) has left
// the loading state and returns what it shows: state, source, its text,
// the status line, whether "Try again" is offered, the closest copy and
// every archive's row.
export async function archiveResult(page, timeout = 30000) {
  await poll(() => page.evaluate(() => {
    const s = document.getElementById("archive");
    return !!s && !s.hidden && !!s.dataset.state && s.dataset.state !== "loading";
  }), { what: "#archive to leave the loading state", timeout });
  return page.evaluate(() => {
    const s = document.getElementById("archive");
    const c = document.getElementById("archive-closest");
    const q = (sel) => c?.querySelector(sel)?.textContent.trim() ?? "";
    return {
      state: s.dataset.state,
      source: s.dataset.source ?? null,
      text: s.textContent.replace(/\s+/g, " ").trim(),
      status: document.getElementById("archive-status")?.textContent.trim() ?? "",
      retry: document.getElementById("archive-retry")?.hidden === false,
      closest: c && !c.hidden ? {
        name: q(".archive-name"), date: q(".archive-date"), age: q(".archive-age"),
        open: c.querySelector('button[data-kind="open-archive"]')?.dataset.url ?? null,
      } : null,
      more: [...document.querySelectorAll("#archive-more li[data-archive-id]")].map((li) => ({
        id: li.dataset.archiveId, outcome: li.dataset.outcome,
        open: li.querySelector('[data-kind="open-archive"]')?.dataset.url ?? null,
      })),
    };
  });
}
