// instant.mjs holds the end-to-end tests of issue 11 item 1 (the diagnosis
// before the click) for one browser; instant-chromium.test.mjs and
// instant-firefox.test.mjs run it.
//
// What is proven, against a small server on loopback that records every
// request it gets:
// - After a main-frame 401 has loaded, the background keeps Go's first
//   phase (report, plan, probes) under storage.session "analysis:<tabId>",
//   made for that record (same URL and detectedAt), after the badge, with
//   the error page's text; meanwhile the server gets no request but the
//   page itself (no probe runs before the popup opens).
// - The popup shows that stored analysis first: data-first="stored", and
//   the popup's Go is not started before the first paint (data-go-start
//   absent — the background's Go answers the probes' phases — or ≥
//   data-timing). The probes then run and the plan ends as the popup
//   computes it without the stored analysis (data-first="go"). A stale
//   analysis (another detectedAt) is not shown.
// - A burst of 20 tabs answering 401: every badge is set, every tab gets
//   its analysis, each after its badge, and Go starts once for all.
// - Go's instance in the background is dropped once idle (GO_IDLE, 15 s).
//
// What is asserted comes from the contracts: the record and analysis
// described at the top of extension/background.js, the popup's DOM
// contract at the top of extension/popup.js, the "stats" message.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startDemo } from "./demo.mjs";
import { launch, poll, sleep } from "./browser.mjs";
import { extensionDir } from "./paths.mjs";
import { startStandIn } from "./trust.mjs";

// T bounds one test.
const T = 180000;
// GO_IDLE is extension/background.js GO_IDLE (ms).
const GO_IDLE = 15000;

const show = (x) => JSON.stringify(x, null, 1);

// refusing answers every /vault/… page with a 401 and a small error page
// naming its path, and everything else (what probes would ask) with 404.
function refusing(req) {
  const p = new URL(req.url, "http://x").pathname;
  if (p.startsWith("/vault/")) {
    return {
      status: 401,
      headers: { "content-type": "text/html; charset=utf-8", "www-authenticate": 'Bearer realm="vault"' },
      body: `<!doctype html><title>401 Unauthorized</title><h1>Sign in needed</h1><p>marker ${p}</p>`,
    };
  }
  return { status: 404, headers: { "content-type": "text/plain" }, body: "not found" };
}

// pageRequests returns the requests that were not for the pages
// themselves nor the browser's own favicon request.
const others = (requests, pages) => requests.filter((r) => !pages.includes(r.url) && r.url !== "/favicon.ico");

// defineInstantSuite registers the tests for one browser.
export function defineInstantSuite(kind) {
  describe(`Sesame's diagnosis before the click in ${kind}`, { timeout: 15 * 60 * 1000 }, () => {
    let demo, h, site;

    // analysis returns storage.session "analysis:<tabId>" or null.
    const analysis = (tabId) => h.api(async (api, tabId) => {
      const key = `analysis:${tabId}`;
      return (await api.storage.session.get(key))[key] ?? null;
    }, tabId);
    // fresh waits for the tab's analysis made for its current record.
    const fresh = (tabId, url) => poll(async () => {
      const [r, a] = await Promise.all([h.record(tabId), analysis(tabId)]);
      return r?.url === url && a?.url === url && a.detectedAt === r.detectedAt ? { r, a } : undefined;
    }, { what: `the analysis of tab ${tabId}`, timeout: 30000 });
    const stats = () => h.api((api) => api.runtime.sendMessage({ type: "stats" }));
    // popupMarks reads the popup's timing marks.
    const popupMarks = (page) => page.evaluate(() => {
      const d = document.documentElement.dataset;
      const n = (v) => (v === undefined ? null : Number(v));
      return { first: d.first ?? null, timing: n(d.timing), goStart: n(d.goStart), goReady: n(d.goReady), goLoad: n(d.goLoad) };
    });

    before(async () => {
      for (const f of ["manifest.json", "sesame.wasm", "popup.js", "background.js"]) {
        if (!existsSync(path.join(extensionDir, f))) throw new Error(`no built extension in ${extensionDir} (${f} missing): run make build first`);
      }
      demo = await startDemo();
      site = await startStandIn(refusing);
      h = await launch(kind, { extDir: extensionDir, demo });
    });

    after(async () => {
      await h?.close();
      await site?.stop();
      await demo?.stop();
    });

    test("after a 401 the background keeps Go's first phase; no request before the popup", { timeout: T }, async () => {
      site.reset();
      const page = "/vault/papers/one";
      const url = site.base + page;
      const tab = await h.newTab();
      try {
        await h.goto(tab, url);
        await h.waitBadge(tab.tabId, "401");
        const { r, a } = await fresh(tab.tabId, url);
        assert.ok(r.badgeAt > 0 && a.at > r.badgeAt, `the analysis (at ${a.at}) must come after the badge (${r.badgeAt})`);
        assert.equal(a.report.status, 401, show(a.report));
        assert.ok(Array.isArray(a.plan.actions) && a.plan.actions.length > 0, `plan without actions: ${show(a.plan)}`);
        assert.ok(a.probes.length > 0, "Go asks for probes on this page (they are the popup's to make)");
        assert.match(a.input.body, /marker \/vault\/papers\/one/, "the analysis read the error page");
        assert.ok(typeof a.input.env.browser === "string" && a.input.env.browser !== "", show(a.input.env));
        // Nothing but the page itself reached the site: the probes wait for the popup.
        await sleep(500);
        assert.deepEqual(others(site.requests(), [page]), [], "a request before the popup opened");
        console.log(`  ${kind}: analysis ${a.ms.total.toFixed(1)} ms after the page loaded (read ${a.ms.read.toFixed(1)}, Go ${a.ms.go.toFixed(1)}), ${a.probes.length} probes kept for the popup`);
      } finally {
        await h.closePage(tab.page);
      }
    });

    test("the popup shows the stored analysis before Go starts; without it, the same in the end", { timeout: T }, async () => {
      site.reset();
      const page = "/vault/papers/two";
      const url = site.base + page;
      const tab = await h.newTab();
      try {
        await h.goto(tab, url);
        await h.waitBadge(tab.tabId, "401");
        const { a } = await fresh(tab.tabId, url);
        const stored = await h.openPopup(tab.tabId);
        const m = await popupMarks(stored.page);
        assert.equal(stored.state, "report", stored.error);
        assert.equal(m.first, "stored", `the popup did not use the stored analysis: ${show(m)}`);
        assert.ok(m.goStart === null || m.goStart >= m.timing, `Go started (${m.goStart} ms) before the report was shown (${m.timing} ms)`);
        assert.equal(m.goLoad, null, "data-go-load belongs to a popup that waited for Go");
        assert.ok(others(site.requests(), [page]).length > 0, "the popup made its probes");
        await h.closePage(stored.page);

        // The same page without the stored analysis: today's path.
        await h.api((api, key) => api.storage.session.remove(key), `analysis:${tab.tabId}`);
        const viaGo = await h.openPopup(tab.tabId);
        const g = await popupMarks(viaGo.page);
        assert.equal(g.first, "go", show(g));
        assert.ok(g.goLoad !== null && g.goStart < g.timing, show(g));
        for (const k of ["state", "title", "explain", "facts", "actions"]) {
          assert.deepEqual(stored[k], viaGo[k], `${k} differs between the stored analysis and Go in the popup`);
        }
        await h.closePage(viaGo.page);

        // A stale analysis (made for an older record of the tab) is not shown.
        await h.api((api, key, a) => api.storage.session.set({ [key]: a }), `analysis:${tab.tabId}`,
          { ...a, detectedAt: a.detectedAt - 1, report: { ...a.report, kind: "stale-marker" } });
        const stale = await h.openPopup(tab.tabId);
        assert.equal((await popupMarks(stale.page)).first, "go");
        assert.deepEqual(stale.title, viaGo.title);
        await h.closePage(stale.page);
      } finally {
        await h.closePage(tab.page);
      }
    });

    test("a burst of 20 tabs answering 401: every badge, then every analysis, one Go", { timeout: T }, async () => {
      site.reset();
      const before = await stats();
      const tabs = [];
      try {
        for (let i = 0; i < 20; i++) tabs.push(await h.newTab());
        const pages = tabs.map((_, i) => `/vault/burst/${i}`);
        // All at once: the navigations are not awaited one by one.
        await Promise.all(tabs.map((t, i) => h.goto(t, site.base + pages[i])));
        await Promise.all(tabs.map((t) => h.waitBadge(t.tabId, "401")));
        const got = await Promise.all(tabs.map((t, i) => fresh(t.tabId, site.base + pages[i])));
        for (const { r, a } of got) {
          assert.ok(r.badgeAt > 0 && a.at - a.ms.total >= r.badgeAt, `an analysis began (${a.at - a.ms.total}) before its badge (${r.badgeAt})`);
        }
        const after = await stats();
        assert.ok(after.goStarts - before.goStarts <= 1, `Go started ${after.goStarts - before.goStarts} times for one burst: ${show({ before, after })}`);
        assert.deepEqual(others(site.requests(), pages), [], "a request before any popup opened");
        const badges = got.map((x) => x.r.badgeAt), starts = got.map((x) => x.a.at - x.a.ms.total);
        const lastBadge = Math.max(...badges), firstAnalysis = Math.min(...starts), lastAnalysis = Math.max(...got.map((x) => x.a.at));
        const med = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1].toFixed(1);
        console.log(`  ${kind}: 20 tabs: one analysis took ${med(got.map((x) => x.a.ms.total))} ms (median; read ${med(got.map((x) => x.a.ms.read))}, Go ${med(got.map((x) => x.a.ms.go))})`);
        console.log(`  ${kind}: 20 tabs: last badge ${(lastBadge - Math.min(...badges)).toFixed(0)} ms after the first; first analysis began ${(firstAnalysis - lastBadge).toFixed(0)} ms after the last badge; all 20 stored ${(lastAnalysis - lastBadge).toFixed(0)} ms after it`);
      } finally {
        for (const t of tabs) await h.closePage(t.page);
      }
    });

    test("the background drops Go's instance once idle", { timeout: T }, async () => {
      const tab = await h.newTab();
      const url = `${site.base}/vault/idle/one`;
      try {
        await h.goto(tab, url);
        await h.waitBadge(tab.tabId, "401");
        await fresh(tab.tabId, url);
        const busy = await stats();
        assert.equal(busy.go, true, show(busy));
        const idle = await poll(async () => {
          const s = await stats();
          return s.go === false ? s : undefined;
        }, { what: "Go to be dropped", timeout: GO_IDLE + 15000, interval: 1000 });
        assert.ok(idle.goDrops >= 1 || idle.goStarts === 0, show(idle));
      } finally {
        await h.closePage(tab.page);
      }
    });
  });
}
