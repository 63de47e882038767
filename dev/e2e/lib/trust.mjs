// trust.mjs holds the end-to-end tests of issue 8 (items 1, 2 and 5) and
// the popup side of issue 9 item 2, for one browser;
// trust-chromium.test.mjs and trust-firefox.test.mjs run it.
//
// What is proven, against real servers that record every request:
// - No probe ever makes a request to another origin. The demo's
//   trust.sesame.test refuses a page with 401 and redirects every page
//   Sesame checks (parents, home page, security.txt, sitemap, humans.txt,
//   change-password, the common sign-in paths) to recorder.sesame.test,
//   which answers with sign-in, contact and mail links, a password form and
//   a security.txt. The demo records every request to both hosts
//   (/_demo/trust/requests): the checks reach trust.sesame.test and 0
//   reach recorder.sesame.test, and the popup shows nothing from it.
// - Same-origin redirects are still followed (hop.sesame.test: /login →
//   /login/ is found as the sign-in page; /.well-known/security.txt →
//   /security/contact.txt gives its contact).
// - The direct Wayback fallback honours the archive choice: with the
//   Wayback Machine switched off and the relay down, 0 requests reach the
//   (fake, recording) Wayback availability endpoint.
// - A relay over its rate limit (429 problem+json, Retry-After; a small
//   node stand-in here) makes the popup ask the Wayback Machine directly
//   and say so, only when that archive is on.
// - Firefox only: the optional "browsingActivity" data permission (built-in
//   data consent) is requested at the first lookup click; declined, nothing
//   reaches the relay and the popup explains; granted, the lookup runs. The
//   permission prompt is answered from the browser's privileged scope
//   (PopupNotifications "addon-webext-permissions").
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startDemo } from "./demo.mjs";
import { archiveResult, launch, poll, reveal, sleep } from "./browser.mjs";
import { extensionDir } from "./paths.mjs";
import { freePort } from "./procs.mjs";
import { readWays } from "./ways.mjs";

// The demo's hosts (demosite.TrustHost, ElsewhereHost, HopHost).
const TRUST = "http://trust.sesame.test";
const TRUST_PAGE = `${TRUST}/vault/papers/secret`;
const RECORDER_HOST = "recorder.sesame.test";
const HOP = "http://hop.sesame.test";
const HOP_PAGE = `${HOP}/account/orders/42`;

// T bounds one test.
const T = 180000;

const show = (x) => JSON.stringify(x, null, 1);

// startStandIn starts a node HTTP server on a free loopback port that
// records every request and answers with answer(req) → {status, headers,
// body}. It resolves to {base, requests(), reset(), stop()}.
export async function startStandIn(answer) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, cookie: req.headers.cookie ?? null });
    const a = answer(req);
    res.writeHead(a.status, a.headers ?? {});
    res.end(a.body ?? "");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    requests: () => [...requests],
    reset: () => requests.splice(0),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// waybackAnswer answers the availability API with a capture of the URL.
function waybackAnswer(req) {
  const target = new URL(req.url, "http://x").searchParams.get("url") ?? "";
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: target, archived_snapshots: { closest: { status: "200", available: true, url: `http://web.archive.org/web/20200102030405/${target}`, timestamp: "20200102030405" } } }),
  };
}

// busyAnswer is a relay over its rate limit (issue 9, item 2).
function busyAnswer() {
  return {
    status: 429,
    headers: { "content-type": "application/problem+json", "retry-after": "30" },
    body: JSON.stringify({ type: "about:blank", title: "Too Many Requests", status: 429, detail: "this client made too many lookups; try again later" }),
  };
}

// loadMessages returns the English words of the built extension by name.
function loadMessages() {
  return JSON.parse(readFileSync(path.join(extensionDir, "_locales", "en", "messages.json"), "utf8"));
}

// defineTrustSuite registers the tests for one browser.
export function defineTrustSuite(kind) {
  describe(`Sesame probes and archive choices in ${kind}`, { timeout: 15 * 60 * 1000 }, () => {
    let demo, h, M, wayback, busyRelay, okRelay;
    const words = (name) => M[name]?.message ?? assert.fail(`no message ${name}`);
    // prefix returns the words of a message up to its first placeholder.
    const prefix = (name) => words(name).split("$")[0].trim();

    before(async () => {
      for (const f of ["manifest.json", "sesame.wasm", "popup.js"]) {
        if (!existsSync(path.join(extensionDir, f))) throw new Error(`no built extension in ${extensionDir} (${f} missing): run make build first`);
      }
      M = loadMessages();
      demo = await startDemo();
      [wayback, busyRelay, okRelay] = await Promise.all([
        startStandIn(waybackAnswer),
        startStandIn(busyAnswer),
        // A relay that answers: no archive has a copy.
        startStandIn(() => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ closest: null, archives: [{ id: "wayback", name: "Wayback Machine", outcome: "none", closest: null, count: 0, first: null, last: null }] }) })),
      ]);
      // Firefox: optional permission prompts stay on, so that the data
      // consent test can answer one (see answerPrompt).
      h = await launch(kind, { extDir: extensionDir, demo });
    });

    after(async () => {
      await h?.close();
      await Promise.all([wayback?.stop(), busyRelay?.stop(), okRelay?.stop()]);
      await demo?.stop();
    });

    const setOptions = (o) => h.api((api, o) => api.storage.local.set({ options: o }), o);
    const trustRequests = async ({ reset = false } = {}) => {
      const res = await fetch(`${demo.base}/_demo/trust/requests${reset ? "?reset=1" : ""}`);
      return (await res.json()).requests;
    };

    // visit opens url in a new tab, waits for the badge, opens the popup
    // and waits until every probe is done.
    async function visit(url, status, beforePopup = async () => {}) {
      const tab = await h.newTab();
      await h.goto(tab, url);
      await h.waitBadge(tab.tabId, String(status));
      await beforePopup();
      const page = await h.openExtensionPage(`popup.html?tab=${tab.tabId}`);
      await poll(() => page.evaluate(() => document.documentElement.dataset.ready === "1" &&
        document.getElementById("app")?.dataset.state === "report" &&
        document.getElementById("app")?.dataset.probes === "done"),
      { what: "the popup to finish its probes", timeout: 60000, interval: 100 });
      const done = async () => {
        await h.closePage(page);
        await h.closePage(tab.page);
      };
      return { tab, page, view: await readWays(page), done };
    }

    // clickArchive clicks the archive action (a real click: Firefox needs
    // the person's gesture for a permission request).
    async function clickArchive(page) {
      const sel = '#actions button.action[data-kind="archive"]';
      if (!(await page.$(sel))) assert.fail(`no archive action; actions: ${show((await readWays(page)).actions)}`);
      await reveal(page, sel);
      await page.click(sel);
    }

    // grantConsent gives the extension the optional data permission
    // (Firefox) from the browser's privileged scope, as the person would
    // in the add-ons manager; a no-op elsewhere.
    async function grantConsent() {
      if (kind !== "firefox") return;
      await h.chromeEval(`(async () => {
        const { ExtensionPermissions } = ChromeUtils.importESModule("resource://gre/modules/ExtensionPermissions.sys.mjs");
        const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
        const ext = ExtensionParent.GlobalManager.getExtension("sesame@sesame-help.org");
        await ExtensionPermissions.add(ext.id, { permissions: [], origins: [], data_collection: ["browsingActivity"] }, ext);
        return true;
      })()`);
    }

    test("no probe reaches another origin, and nothing from it is shown (issue 8.1)", { timeout: T }, async () => {
      await trustRequests({ reset: true });
      let beforePopup;
      const { view, page, done } = await visit(TRUST_PAGE, 401, async () => {
        await sleep(500);
        beforePopup = await trustRequests({ reset: true });
      });
      try {
        // Nothing is checked before the popup opens: only the tab's own
        // requests (the page, its icon) reached the site.
        assert.deepEqual(beforePopup.map((r) => `${r.host}${r.path}`).filter((p) => p !== "trust.sesame.test/favicon.ico"),
          [`trust.sesame.test${new URL(TRUST_PAGE).pathname}`], `requests before the popup opened: ${show(beforePopup)}`);
        const got = await trustRequests();
        const elsewhere = got.filter((r) => r.host === RECORDER_HOST);
        const checked = got.filter((r) => r.host === "trust.sesame.test");
        assert.deepEqual(elsewhere, [], `requests that reached ${RECORDER_HOST}: ${show(elsewhere)}`);
        // The checks were made: the parents, the home page, security.txt,
        // the sitemap and the sign-in paths all reached trust.sesame.test,
        // with GET only, and no more than Go's bound of 16.
        const paths = checked.map((r) => r.path);
        for (const p of ["/vault/papers/", "/vault/", "/", "/.well-known/security.txt", "/sitemap.xml", "/login", "/signin", "/wp-login.php"]) {
          assert.ok(paths.includes(p), `${p} was checked on trust.sesame.test; checked: ${show(paths)}`);
        }
        assert.ok(checked.every((r) => r.method === "GET"), `GET only: ${show(checked)}`);
        assert.ok(checked.length <= 16, `${checked.length} checks, at most 16: ${show(paths)}`);
        // Nothing from the other site is shown.
        const html = await page.evaluate(() => document.body.innerHTML);
        assert.ok(!html.includes(RECORDER_HOST), `the popup mentions ${RECORDER_HOST}`);
        assert.deepEqual(view.contacts, [], `contacts: ${show(view.contacts)}`);
        const kinds = view.actions.map((a) => a.kind);
        assert.ok(!kinds.includes("login") && !kinds.includes("register") && !kinds.includes("reset"), `actions: ${show(view.actions)}`);
        assert.ok(!kinds.includes("parent"), `a parent that leads elsewhere is not offered: ${show(view.actions)}`);
        assert.ok(view.actions.every((a) => !a.working), `nothing counted as working: ${show(view.actions)}`);
        for (const a of view.actions) assert.ok(!a.url.includes(RECORDER_HOST) && !/@recorder/i.test(a.url), `action ${a.kind} ${a.url}`);
        assert.ok(!(view.details ?? "").includes(RECORDER_HOST), "the report text names no address of the other site");
      } finally {
        await done();
      }
    });

    test("same-origin redirects are still followed (/login → /login/, security.txt)", { timeout: T }, async () => {
      const { view, done } = await visit(HOP_PAGE, 401);
      try {
        const login = view.actions.find((a) => a.kind === "login");
        assert.ok(login, `a login action: ${show(view.actions)}`);
        assert.equal(login.url, `${HOP}/login/`);
        const sec = view.contacts.filter((c) => c.kind === "security.txt");
        assert.ok(sec.some((c) => c.urls.includes("mailto:security@hop.sesame.test")), `security.txt contact: ${show(view.contacts)}`);
      } finally {
        await done();
      }
    });

    if (kind === "firefox") {
      test("Firefox data consent: declined → nothing sent and the popup says so; granted → the lookup runs (issue 8.5)", { timeout: T }, async () => {
        const manifest = JSON.parse(readFileSync(path.join(extensionDir, "manifest.json"), "utf8"));
        assert.deepEqual(manifest.browser_specific_settings.gecko.data_collection_permissions, { required: ["none"], optional: ["browsingActivity"] });
        const has = () => h.api((api) => api.permissions.contains({ data_collection: ["browsingActivity"] }));
        assert.equal(await has(), false, "not granted at install");
        await setOptions({ relayURL: okRelay.base, dropQuery: false, archives: null, waybackURL: `${wayback.base}/wayback/available` });
        okRelay.reset();
        wayback.reset();
        const { page, done } = await visit(HOP_PAGE, 401);
        try {
          // Declined.
          await clickArchive(page);
          await answerPrompt(false);
          let a = await archiveResult(page);
          assert.equal(a.state, "refused", show(a));
          assert.equal(a.status, words("archiveConsentRefused"));
          assert.ok(a.retry, "the person can be asked again");
          assert.equal(okRelay.requests().length, 0, `the relay was asked: ${show(okRelay.requests())}`);
          assert.equal(wayback.requests().length, 0, "the Wayback Machine was asked");
          assert.equal(await has(), false);
          // Granted, from "Try again".
          await page.click("#archive-retry");
          await answerPrompt(true);
          a = await archiveResult(page);
          assert.equal(a.state, "none", show(a));
          assert.equal(a.source, "relay");
          assert.equal(okRelay.requests().length, 1, "the relay was asked once");
          assert.equal(await has(), true);
          // Granted once: the next lookup asks nothing.
          await clickArchive(page);
          a = await archiveResult(page);
          assert.equal(a.state, "none", show(a));
          assert.equal(okRelay.requests().length, 2);
        } finally {
          await done();
        }
      });

      // answerPrompt waits for the add-on permission prompt and accepts or
      // declines it.
      async function answerPrompt(accept) {
        await poll(() => h.chromeEval(`(() => {
          const win = Services.wm.getMostRecentWindow("navigator:browser");
          const n = win?.PopupNotifications?.getNotification("addon-webext-permissions");
          if (!n) return false;
          ${accept ? "n.mainAction.callback({});" : "n.secondaryActions[0].callback({});"}
          win.PopupNotifications.remove(n);
          return true;
        })()`), { what: "the add-on permission prompt", timeout: 15000 });
      }
    }

    // lookup sets the options, opens the popup for the hop page, clicks
    // the archive action and returns the archive section once settled.
    async function lookup(options) {
      await setOptions({ dropQuery: false, waybackURL: `${wayback.base}/wayback/available`, ...options });
      const { page, done } = await visit(HOP_PAGE, 401);
      try {
        await clickArchive(page);
        return await archiveResult(page);
      } finally {
        await done();
      }
    }

    test("relay down and the Wayback Machine switched off: it is never asked (issue 8.2)", { timeout: T }, async () => {
      await grantConsent();
      const down = `http://127.0.0.1:${await freePort()}`;
      wayback.reset();
      // Only the other archives are on.
      const a = await lookup({ relayURL: down, archives: ["archive.today", "arquivo.pt"] });
      await sleep(300);
      assert.deepEqual(wayback.requests(), [], `the Wayback endpoint was asked; the popup shows ${show(a)}`);
      assert.equal(a.state, "unreachable", show(a));
      assert.equal(a.status, words("archiveUnreachableNoDirect"));
      // Control: with the Wayback Machine on, the same failure asks it once.
      const b = await lookup({ relayURL: down, archives: null });
      assert.equal(b.state, "found", show(b));
      assert.equal(b.source, "wayback-direct");
      assert.ok(b.status.startsWith(prefix("archiveDirectNote")), b.status);
      assert.equal(wayback.requests().length, 1, show(wayback.requests()));
    });

    test("relay busy (429): the Wayback Machine is asked directly only when on, and the popup says so (issue 9.2)", { timeout: T }, async () => {
      await grantConsent();
      busyRelay.reset();
      wayback.reset();
      let a = await lookup({ relayURL: busyRelay.base, archives: null });
      assert.equal(a.state, "found", show(a));
      assert.equal(a.source, "wayback-direct");
      assert.ok(a.status.startsWith(prefix("archiveBusyNote")), `the popup says the relay is busy: ${a.status}`);
      assert.equal(busyRelay.requests().length, 1, "the relay was asked once");
      assert.equal(busyRelay.requests()[0].cookie, null, "no cookies to the relay");
      assert.equal(wayback.requests().length, 1, "the Wayback Machine was asked once");
      // Wayback switched off: not asked, and the popup says why.
      busyRelay.reset();
      wayback.reset();
      a = await lookup({ relayURL: busyRelay.base, archives: ["archive.today"] });
      assert.equal(a.state, "busy", show(a));
      assert.equal(a.source, "relay");
      assert.equal(a.status, words("archiveBusyNoDirect"));
      assert.ok(a.retry, "Try again is offered");
      await sleep(300);
      assert.equal(busyRelay.requests().length, 1, "the relay was asked once");
      assert.deepEqual(wayback.requests(), [], "the Wayback endpoint was asked");
    });
  });
}
