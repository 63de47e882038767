// browse.mjs holds the browsing test of issue 8 for one browser;
// browse-chromium.test.mjs and browse-firefox.test.mjs run it.
//
// 1. A walk of more than 200 navigations with no click on Sesame: refused
//    pages (401 Bearer and Basic, 403, 407 from a proxy), ordinary pages,
//    pages whose image, script, style sheet, fetch or frames are refused,
//    redirect chains ending in a refusal, back and forward, speculation
//    rules that prerender or prefetch a refused page (and a refused page
//    that prerenders a page that works), and a download answered 403.
//    After every navigation the badge must be the one of the page on
//    screen, and the tab's record (storage.session, read by the popup)
//    must agree: a record exactly when a badge shows, with the page's URL
//    and status. After each trap the popup is opened too and must agree.
//    Every request that reaches the relay, the Wayback endpoint the
//    extension would ask directly, or any host other than the demo's
//    (the browser's proxy auto-config sends them all to a recorder that
//    answers 502) is counted: each count must be 0. The counts are printed.
// 2. Watched pages: storage.local, alarm names and notification ids hold
//    the URL without its secret query parameters; the full URL lives in
//    storage.session only while watching; ended entries expire after 7
//    days.
//
// What is asserted comes from the contracts: the demo's browse pages
// (dev/demosite/browse.go, and /browse/seen, which shows whether the
// browser really loaded a trap ahead), the record, badge and watch entry
// described at the top of extension/background.js, and the popup's
// #app[data-state].
//
// Browser facts this relies on (seen here):
// - Chromium 156 runs speculation rules: it prefetches (Sec-Purpose:
//   prefetch) and prerenders (prefetch;prerender) the refused page, drops
//   both because they are not 2xx, and loads the page again when the link
//   is followed. A download answered 403 shows Chromium's error page at
//   the download's URL: that tab shows the refused URL, so it is badged.
// - Firefox ESR 153 ignores speculation rules (nothing is loaded ahead:
//   the prerender and prefetch steps are then ordinary navigations, and
//   the test says so). A download answered 403 leaves the page on screen
//   (and opens a tab with an error page, closed here).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startDemo } from "./demo.mjs";
import { launch, poll, sleep } from "./browser.mjs";
import { extensionDir } from "./paths.mjs";
import { startFakes, startRecorder, startRelay } from "./relay.mjs";

// ROUNDS of the walk (20 navigations each); BROWSE_ROUNDS overrides it
// for a quick look, BROWSE_DEBUG=1 prints every step.
const ROUNDS = Number(process.env.BROWSE_ROUNDS ?? 10);
const DEBUG = process.env.BROWSE_DEBUG === "1";

// BROWSER_SERVICES are hosts the browsers ask by themselves, with or
// without Sesame (Chromium 156 despite --disable-background-networking:
// its network time and account checks): counted apart, not as Sesame's.
const BROWSER_SERVICES = [/(^|\.)google\.com$/, /(^|\.)googleapis\.com$/, /(^|\.)gvt1\.com$/, /(^|\.)mozilla\.(com|org|net)$/, /(^|\.)firefox\.com$/];

// hostOf returns the host name a recorded proxy request went to.
function hostOf(x) {
  try {
    return x.method === "CONNECT" ? x.url.replace(/:\d+$/, "") : new URL(x.url).hostname;
  } catch {
    return x.host.replace(/:\d+$/, "");
  }
}

// startElsewhere starts the proxy every host other than the demo's goes
// to: it records each request (absolute-form or CONNECT) and answers 502,
// never forwarding anything. It also serves the proxy auto-config file.
async function startElsewhere(demoBase) {
  const requests = [];
  const demoHostPort = new URL(demoBase).host;
  const server = http.createServer((req, res) => {
    if (req.url === "/browse.pac") {
      res.writeHead(200, { "content-type": "application/x-ns-proxy-autoconfig", "cache-control": "no-store" });
      res.end(`function FindProxyForURL(url, host) {
  if (host === "127.0.0.1" || host === "localhost" || isPlainHostName(host)) return "DIRECT";
  if (dnsDomainIs(host, ".sesame.test")) return "PROXY ${demoHostPort}";
  return "PROXY ${server.address().address}:${server.address().port}";
}
`);
      return;
    }
    requests.push({ method: req.method, url: req.url, host: req.headers.host ?? "" });
    res.writeHead(502, { "content-type": "text/plain" });
    res.end("elsewhere: not forwarded\n");
  });
  server.on("connect", (req, socket) => {
    requests.push({ method: "CONNECT", url: req.url, host: req.url });
    socket.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    pac: `${base}/browse.pac`,
    requests,
    stop: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

// walk returns the navigations of one round r: {how: "goto"|"click"|
// "back"|"forward"|"side", url (what the tab shows after), open (what
// is asked for, when not url), trap: "prerender"|"prefetch"|"download"|
// "spec", badge: {chromium, firefox} or one text for both}.
function walk(base, r) {
  const b = (p) => `${base}/browse/${p}`;
  const id = (k) => `r${r}-${k}`;
  return [
    { how: "goto", url: b(`ok/${id("a")}`), badge: "" },
    { how: "goto", url: b(`401/${id("b")}`), badge: "401" },
    { how: "goto", url: b(`sub/${id("c")}`), badge: "" },
    { how: "goto", url: b(`403/${id("d")}`), badge: "403" },
    { how: "goto", url: b(`frame/${id("e")}`), badge: "" },
    { how: "goto", open: b(`redirect/2/401/${id("f")}`), url: b(`401/${id("f")}`), badge: "401" },
    { how: "goto", url: b(`ok/${id("g")}`), badge: "" },
    { how: "back", url: b(`401/${id("f")}`), badge: "401" },
    { how: "forward", url: b(`ok/${id("g")}`), badge: "" },
    { how: "goto", url: b(`prerender/401/${id("h")}`), trap: "prerender", badge: "" },
    { how: "click", url: b(`401/pr-${id("h")}`), badge: "401" },
    { how: "goto", url: b(`prefetch/403/${id("i")}`), trap: "prefetch", badge: "" },
    { how: "click", url: b(`403/pf-${id("i")}`), badge: "403" },
    { how: "goto", url: b(`basic/${id("j")}`), badge: "401" },
    { how: "goto", url: b(`refused-spec/${id("k")}`), trap: "spec", badge: "401" },
    { how: "click", url: b(`ok/pr-${id("k")}`), badge: "" },
    { how: "goto", open: b(`redirect/3/403/${id("l")}`), url: b(`403/${id("l")}`), badge: "403" },
    { how: "goto", url: b(`download/${id("m")}`), badge: "" },
    { how: "click", url: { chromium: b(`dl/${id("m")}`), firefox: b(`download/${id("m")}`) }, trap: "download", badge: { chromium: "403", firefox: "" } },
    { how: "side", url: `http://proxy.sesame.test/intranet/${id("n")}`, badge: "407" },
  ];
}

// defineBrowseSuite registers the browsing test for one browser.
export function defineBrowseSuite(kind) {
  describe(`browsing in ${kind}`, { timeout: 15 * 60 * 1000 }, () => {
    let demo, h, fakes, relay, wayback, elsewhere;
    const pick = (v) => (v !== null && typeof v === "object" ? v[kind] : v);
    const seen = async (id) => (await fetch(`${demo.base}/browse/seen?id=${id}`)).json();

    before(async () => {
      if (!existsSync(path.join(extensionDir, "manifest.json"))) {
        throw new Error(`no built extension in ${extensionDir}: run make dist/extension/.stamp first`);
      }
      demo = await startDemo();
      fakes = await startFakes(["found:1"]);
      relay = await startRelay({ archivesJSON: fakes.archivesJSON });
      // The Wayback endpoint the popup asks directly when the relay is down.
      wayback = await startRecorder(relay.direct);
      elsewhere = await startElsewhere(demo.base);
      h = await launch(kind, { extDir: extensionDir, demo, proxyPac: elsewhere.pac });
      await h.api((api, o) => api.storage.local.set({ options: o }),
        { relayURL: relay.base, dropQuery: false, archives: null, waybackURL: `${wayback.base}/wayback/available` });
    });

    after(async () => {
      await h?.close();
      await Promise.all([relay?.stop(), fakes?.stop(), wayback?.stop(), elsewhere?.stop(), demo?.stop()]);
    });

    // state returns what the extension shows for the tab: the badge, the
    // stored record and the background's record.
    const state = (tabId) => h.api(async (api, tabId) => {
      const key = `tab:${tabId}`;
      const [badge, got, live] = await Promise.all([
        api.action.getBadgeText({ tabId }),
        api.storage.session.get(key),
        api.runtime.sendMessage({ type: "record", tabId }),
      ]);
      return { badge, record: got[key] ?? null, live: live ?? null };
    }, tabId);

    // agrees reports what is wrong with the tab's state when it shows url
    // and should have badge, or "" when nothing is.
    function disagreement(s, url, badge) {
      if (s.badge !== badge) return `badge ${JSON.stringify(s.badge)}, want ${JSON.stringify(badge)}`;
      for (const [name, r] of [["stored record", s.record], ["background's record", s.live]]) {
        if (badge === "" && r !== null) return `${name} ${r.status} ${r.url} with no badge`;
        if (badge !== "" && (r === null || String(r.status) !== badge || r.url !== url)) {
          return `${name} ${r === null ? "missing" : `${r.status} ${r.url}`} with badge ${badge} on ${url}`;
        }
      }
      return "";
    }

    // settle waits until the tab's state agrees with the page on screen and
    // stays so for a moment; it returns "" or what is still wrong.
    async function settle(tabId, url, badge) {
      let last = "";
      try {
        await poll(async () => {
          last = disagreement(await state(tabId), url, badge);
          return last === "";
        }, { what: "the badge and record", timeout: 8000, interval: 40 });
      } catch {
        return last;
      }
      await sleep(150);
      return disagreement(await state(tabId), url, badge);
    }

    test("200+ navigations: the badge and record follow the page on screen; nothing leaves", async () => {
      const tab = await h.newTab();
      const problems = [];
      const counts = { navigations: 0, loadedAhead: 0, notLoadedAhead: 0, popups: 0, downloads: 0 };
      const started = Date.now();
      try {
        for (let r = 0; r < ROUNDS; r++) {
          for (const step of walk(demo.base, r)) {
            const url = pick(step.url);
            const badge = pick(step.badge);
            const where = `round ${r} ${step.how} ${step.open ?? url}`;
            if (DEBUG) console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${where}`);
            let target = tab;
            // The tab is driven through the extension API, not Puppeteer's
            // frame: an activated prerender replaces the frame Puppeteer
            // holds (Chromium 156: "detached Frame").
            if (step.how === "goto") {
              await h.api((api, id, u) => api.tabs.update(id, { url: u }).then(() => true), tab.tabId, step.open ?? url);
            } else if (step.how === "back" || step.how === "forward") {
              // The page's own history.back(): Chromium 156's tabs.goBack after
              // tabs.update navigations skipped past the previous page.
              await h.api((api, id, dir) => api.scripting.executeScript({ target: { tabId: id }, func: (d) => (d === "back" ? history.back() : history.forward()), args: [dir] }).then(() => true), tab.tabId, step.how);
            } else if (step.how === "click") {
              // A click on the page's link, as the person would.
              await h.api((api, id) => api.scripting.executeScript({ target: { tabId: id }, func: () => document.getElementById("go").click() }).then(() => true), tab.tabId);
            } else if (step.how === "side") {
              // A proxy's 407 in a tab of its own: Firefox keeps the proxy's
              // login box open and that page never finishes loading.
              target = await h.newTab();
              await h.goto(target, url, { wait: false });
            }
            counts.navigations++;
            if (step.trap === "download") {
              // The download's response reached the server; give the
              // browser time to deliver it to the extension.
              const dl = pick(walk(demo.base, r).find((s) => s.trap === "download").url);
              const dlID = dl.split("/").pop();
              await poll(async () => (await seen(dlID)).some((x) => x.path.includes("/dl/")), { what: `the download of ${dlID}` });
              counts.downloads++;
              await sleep(500);
            }
            if (step.how !== "side" || kind !== "firefox") {
              await h.waitLoaded(target.tabId, url).catch((err) => problems.push(`${where}: ${err.message}`));
            } else {
              await poll(async () => (await h.tab(target.tabId))?.url === url, { what: `tab to show ${url}` });
            }
            if (step.trap === "prerender" || step.trap === "prefetch" || step.trap === "spec") {
              // Wait until the browser loaded the trap ahead (Chromium) or
              // did not within a moment (Firefox), then for its response
              // to reach the extension.
              const tid = url.split("/").pop();
              const ahead = await poll(async () => (await seen(tid)).some((x) => /prefetch/.test(x.purpose)),
                { timeout: kind === "chromium" ? 5000 : 500, what: "a speculative load" }).catch(() => false);
              counts[ahead ? "loadedAhead" : "notLoadedAhead"]++;
              await sleep(300);
            }
            const wrong = await settle(target.tabId, url, badge);
            if (wrong) problems.push(`${where}: ${wrong}`);
            if (step.trap && (r === 0 || r === ROUNDS - 1)) {
              // The popup agrees with the badge (in the first and last
              // rounds: a popup with a report checks the site for a while).
              const p = await h.openPopup(target.tabId);
              counts.popups++;
              const want = badge === "" ? "none" : "report";
              if (p.state !== want) problems.push(`${where}: popup ${p.state}, want ${want} (badge ${JSON.stringify(badge)})`);
              await h.closePage(p.page);
            }
            if (step.trap === "download") {
              // Firefox 153 opens a tab with an error page for the failed
              // download; it must carry no badge either.
              const extra = await h.api(async (api, base) => {
                const tabs = await api.tabs.query({});
                const out = [];
                for (const t of tabs) {
                  if (!(t.url ?? "").startsWith(`${base}/browse/dl/`)) continue;
                  out.push({ id: t.id, badge: await api.action.getBadgeText({ tabId: t.id }) });
                }
                return out;
              }, demo.base);
              for (const x of extra) {
                if (x.id === tab.tabId) continue;
                if (x.badge !== "") problems.push(`${where}: the download's error tab has badge ${x.badge}`);
                await h.api((api, id) => api.tabs.remove(id), x.id);
              }
            }
            if (step.how === "side") await h.closePage(target.page);
          }
          console.log(`browse ${kind}: round ${r + 1}/${ROUNDS} done after ${Math.round((Date.now() - started) / 1000)} s, ${problems.length} problems`);
        }
      } finally {
        await h.closePage(tab.page);
      }
      const others = elsewhere.requests.filter((x) => !BROWSER_SERVICES.some((re) => re.test(hostOf(x))));
      const result = {
        browser: kind,
        ...counts,
        seconds: Math.round((Date.now() - started) / 1000),
        relayRequests: relay.requests.length,
        waybackRequests: wayback.requests.length,
        otherOriginRequests: others.length,
        browserServiceRequests: elsewhere.requests.length - others.length,
        problems: problems.length,
      };
      console.log(`browse counts: ${JSON.stringify(result)}`);
      if (elsewhere.requests.length) console.log(`hosts asked through the recording proxy: ${JSON.stringify([...new Set(elsewhere.requests.map(hostOf))])}`);
      assert.deepEqual(problems, [], "the badge and record follow the page on screen");
      assert.ok(counts.navigations >= 200, `${counts.navigations} navigations`);
      if (kind === "chromium") assert.equal(counts.notLoadedAhead, 0, "Chromium loaded every trap ahead (else the trap tested nothing)");
      assert.equal(relay.requests.length, 0, `requests to the relay: ${JSON.stringify(relay.requests.slice(0, 5))}`);
      assert.equal(wayback.requests.length, 0, "requests to the Wayback endpoint");
      assert.deepEqual(others, [], "requests to other origins");
    });

    describe("watched pages", () => {
      const DAY = 24 * 3600 * 1000;
      const send = (m) => h.api((api, m) => api.runtime.sendMessage(m), m);
      const everything = () => h.api(async (api) => ({
        local: await api.storage.local.get(null),
        session: await api.storage.session.get(null),
        alarms: (await api.alarms.getAll()).map((a) => a.name),
      }));

      test("a watched URL's secrets stay out of storage.local and alarms; the check asks for the full URL", async () => {
        const id = `w-${kind}-${Date.now()}`;
        const secret = `s3cr3t${Date.now()}`;
        const full = `${demo.base}/browse/ok/${id}?token=${secret}&page=2`;
        const start = await send({ type: "watchStart", url: full, tabId: -1, delays: [3600], maxRetryAfter: 86400, maxTotal: 172800 });
        assert.equal(start.error, undefined, start.error);
        assert.equal(start.state, "watching");
        assert.equal(start.redacted, true);
        assert.ok(!start.url.includes(secret) && start.url.includes("page=2"), `entry URL ${start.url}`);
        let all = await everything();
        assert.ok(!JSON.stringify(all.local).includes(secret), `storage.local holds the secret: ${JSON.stringify(all.local).slice(0, 500)}`);
        assert.ok(!all.alarms.some((n) => n.includes(secret)), `an alarm name holds the secret: ${all.alarms}`);
        assert.ok(JSON.stringify(all.session).includes(secret), "storage.session keeps the full URL while watching");
        const got = await send({ type: "watchGet", url: full });
        assert.equal(got?.url, start.url, "watchGet finds the entry by the full URL");
        // The page answers 200: a check asks for the full URL and ends the watch.
        const done = await send({ type: "watchCheck", url: full });
        assert.equal(done.state, "done", JSON.stringify(done));
        assert.ok(Number.isFinite(done.ended), "ended is set");
        const asked = await seen(id);
        assert.ok(asked.some((x) => x.query.includes(`token=${secret}`)), `the check requested the full URL: ${JSON.stringify(asked)}`);
        all = await everything();
        assert.ok(!JSON.stringify(all).includes(secret), "nothing holds the secret once the watch ended");
      });

      test("ended entries are deleted after 7 days; a watch whose full URL the browser dropped stops", async () => {
        const id = `x-${kind}-${Date.now()}`;
        const url = (k, q = "") => `${demo.base}/browse/403/${id}-${k}${q}`;
        for (const k of ["old", "recent"]) {
          const e = await send({ type: "watchStart", url: url(k), tabId: -1, delays: [3600] });
          assert.equal(e.state, "watching", JSON.stringify(e));
          const stopped = await send({ type: "watchStop", url: url(k) });
          assert.equal(stopped.state, "stopped");
        }
        // Age the entries as if they ended 8 days and 1 day ago.
        await h.api(async (api, pairs, DAY) => {
          for (const [u, days] of pairs) {
            const key = `watch:${u}`;
            const e = (await api.storage.local.get(key))[key];
            e.ended = Date.now() - days * DAY;
            await api.storage.local.set({ [key]: e });
          }
        }, [[url("old"), 8], [url("recent"), 1]], DAY);
        const list = await send({ type: "watchList" });
        const urls = list.map((e) => e.url);
        assert.ok(!urls.includes(url("old")), "the entry ended 8 days ago is deleted");
        assert.ok(urls.includes(url("recent")), "the entry ended 1 day ago is kept");
        const alarms = (await everything()).alarms;
        assert.ok(alarms.includes("sesame-watch-expire"), `the daily expiry alarm is set: ${alarms}`);
        // A browser restart drops storage.session: the watch of a redacted URL stops.
        const lost = await send({ type: "watchStart", url: url("lost", "?session=abc123"), tabId: -1, delays: [3600] });
        assert.equal(lost.redacted, true, JSON.stringify(lost));
        await h.api(async (api) => {
          const all = await api.storage.session.get(null);
          await api.storage.session.remove(Object.keys(all).filter((k) => k.startsWith("watchurl:")));
        });
        const after = await send({ type: "watchCheck", url: url("lost", "?session=abc123") });
        assert.equal(after.state, "stopped", JSON.stringify(after));
        assert.equal(after.lost, true);
        assert.equal((await seen(`${id}-lost`)).length, 0, "no check was sent to the redacted URL");
      });
    });
  });
}
