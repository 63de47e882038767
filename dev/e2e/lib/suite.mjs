// suite.mjs holds the end-to-end tests of the extension; chromium.test.mjs
// and firefox.test.mjs run it in their browser. One browser is launched
// per file and shared by the tests, which run in order.
//
// What is asserted comes from the contracts, not from the extension's
// code: the demo site's cases (/_demo/cases.json), the record and badge
// described in extension/background.js, the DOM contract at the top of
// extension/popup.js (the popup's entry module), the report kinds in the
// doc comment of internal/diagnose, and the words in the built extension's
// _locales/en/messages.json.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { startDemo } from "./demo.mjs";
import { launch, poll, reveal, sleep } from "./browser.mjs";
import { extensionDir, repoRoot } from "./paths.mjs";

// messages returns the English words of the built extension.
function loadMessages() {
  const file = path.join(extensionDir, "_locales", "en", "messages.json");
  const raw = JSON.parse(readFileSync(file, "utf8"));
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v.message]));
}

// pattern turns a message with $1…$9 placeholders into a RegExp matching
// any filled-in text.
function pattern(message) {
  const esc = message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp("^" + esc.replace(/\\\$[1-9]/g, "[\\s\\S]+?").replace(/\\\$\\\$/g, "\\$") + "$");
}

// parents returns the folders above url, nearest first, without the root.
function parents(url) {
  const u = new URL(url);
  const out = [];
  let p = u.pathname.replace(/\/$/, "");
  for (;;) {
    const i = p.lastIndexOf("/");
    if (i <= 0) break;
    p = p.slice(0, i);
    out.push(`${u.origin}${p}/`);
  }
  return out;
}

// The cases driven through badge, record, popup and "up one folder".
// kind is the report kind (diagnose package doc); facts are popup facts by
// message name; login: "box" for reload-to-sign-in, a URL prefix for a
// link, or undefined when no login is expected; navigable: false when the
// core leaves parent and home out (the whole site is closed).
const CASES = [
  { name: "basic", kind: "basic", facts: { factRealm: "Quarterly reports" }, login: "box", header: ["www-authenticate", /^Basic realm="Quarterly reports", charset="UTF-8"$/] },
  { name: "digest", kind: "digest", facts: { factRealm: "team-wiki@sesame.test" }, login: "box", header: ["www-authenticate", /algorithm=SHA-256/] },
  { name: "bearer-invalid", kind: "bearer", facts: { factRealm: "orders-api" }, header: ["www-authenticate", /error="invalid_token"/] },
  { name: "no-challenge", kind: "login-required", login: "/login" },
  { name: "iis-401-2", kind: "iis", facts: { factSubstatus: "401.2" }, header: ["server", /^Microsoft-IIS\/10\.0$/] },
  { name: "cloudflare-block", kind: "blocked", facts: { factBlock: /Cloudflare/, factReference: /8f3c2a1c0e1f5a71/ }, header: ["cf-ray", /^8f3c2a1c0e1f5a71-FRA$/] },
  { name: "cloudflare-challenge", kind: "blocked", facts: { factBlock: /Cloudflare/ }, navigable: false, header: ["cf-mitigated", /^challenge$/] },
  { name: "plain-403", kind: "forbidden" },
  { name: "proxy", kind: "proxy", facts: { factRealm: "Sesame demo proxy" }, login: "box", navigable: false, header: ["proxy-authenticate", /^Basic realm="Sesame demo proxy"$/] },
];

// defineSuite registers every test for one browser.
export function defineSuite(kind) {
  describe(`Sesame in ${kind}`, { timeout: 15 * 60 * 1000 }, () => {
    let demo, h, M;

    // msg returns the English text of a message name, or undefined.
    const msg = (name) => M[String(name).replace(/[^A-Za-z0-9_@]/g, "_").toLowerCase()];

    before(async () => {
      if (!existsSync(path.join(extensionDir, "manifest.json")) || !existsSync(path.join(extensionDir, "sesame.wasm"))) {
        throw new Error(`no built extension in ${extensionDir}: run make dist/extension/.stamp first`);
      }
      M = loadMessages();
      demo = await startDemo();
      h = await launch(kind, { extDir: extensionDir, demo });
    });

    after(async () => {
      await h?.close();
      await demo?.stop();
    });

    // checkRecord asserts the stored record of a flagged response.
    function checkRecord(r, tabId, c, url, status, method = "GET") {
      assert.ok(r, "a record is stored");
      assert.equal(r.tabId, tabId);
      assert.equal(r.url, url);
      assert.equal(r.method, method);
      assert.equal(r.status, status);
      assert.match(r.statusLine, new RegExp(`\\b${status}\\b`));
      assert.ok(Array.isArray(r.headers), "headers is a list");
      for (const hd of r.headers) {
        assert.equal(typeof hd.name, "string");
        assert.equal(typeof hd.value, "string");
      }
      if (c?.header) {
        const [name, re] = c.header;
        const values = r.headers.filter((x) => x.name.toLowerCase() === name).map((x) => x.value);
        assert.ok(values.some((v) => re.test(v)), `header ${name} ${re} in ${JSON.stringify(values)}`);
      }
      assert.ok(Number.isFinite(r.time) && Math.abs(r.time - Date.now()) < 3600e3, "time is a recent epoch ms");
      assert.ok(Number.isFinite(r.detectedAt) && Number.isFinite(r.badgeAt), "detectedAt and badgeAt are numbers");
      assert.ok(r.badgeAt >= r.detectedAt, "badge set after detection");
    }

    // checkPopup asserts the popup's report for a case.
    function checkPopup(p, c, url, status) {
      assert.equal(p.state, "report", `popup state (error: ${p.error})`);
      const title = msg(`title_${c.kind}`) ?? msg(`title${status}`);
      assert.ok(title, `a title message for ${c.kind}/${status}`);
      assert.equal(p.title, title);
      // The first paragraph says what happened (kind_*); every paragraph is
      // a translated message with its parameters filled in.
      const kindMsg = msg(`kind_${c.kind}`);
      assert.ok(kindMsg, `message kind_${c.kind} exists`);
      assert.ok(p.explain.length > 0, "some explanation");
      assert.match(p.explain[0], pattern(kindMsg));
      const all = Object.values(M).map(pattern);
      for (const para of p.explain) {
        assert.ok(all.some((re) => re.test(para)), `paragraph is a translated message: ${para}`);
        assert.doesNotMatch(para, /\$\d|__MSG_/);
      }
      for (const [name, want] of Object.entries(c.facts ?? {})) {
        const label = msg(name);
        const got = p.facts[label];
        assert.ok(got !== undefined, `fact ${label} shown (facts ${JSON.stringify(p.facts)})`);
        if (want instanceof RegExp) assert.match(got, want);
        else assert.equal(got, want);
      }
      // Actions: parents nearest first, then home; none when the whole site is closed.
      const parentURLs = p.actions.filter((a) => a.kind === "parent").map((a) => a.url);
      const homes = p.actions.filter((a) => a.kind === "home").map((a) => a.url);
      if (c.navigable === false) {
        assert.deepEqual(parentURLs, [], "no parent actions");
        assert.deepEqual(homes, [], "no home action");
      } else {
        assert.deepEqual(parentURLs, parents(url), "parent folders, nearest first");
        assert.deepEqual(homes, [new URL(url).origin + "/"], "home page");
        assert.match(p.actions.find((a) => a.kind === "parent").text, pattern(msg("actionUpOne") ?? msg("action_parent_up")));
      }
      const logins = p.actions.filter((a) => a.kind === "login");
      if (c.login === "box") {
        assert.equal(logins.length, 1, "one login action");
        assert.equal(logins[0].url, "", "login by reloading");
      } else if (c.login) {
        assert.ok(logins.length >= 1, "a login link");
        assert.ok(logins[0].url.startsWith(new URL(url).origin + c.login), `login link ${logins[0].url}`);
      }
      for (const a of p.actions) {
        assert.ok(a.text.length > 0, `action ${a.kind} has a label`);
        assert.doesNotMatch(a.text, /\$\d|__MSG_/);
      }
    }

    // flow drives one case: navigate, badge, record, popup, up one folder.
    async function flow(c, { restart = false } = {}) {
      const info = demo.cases.get(c.name);
      const url = info.url;
      const status = info.status;
      const tab = await h.newTab();
      try {
        if (restart) {
          await h.restartBackground();
          assert.equal(await h.backgroundState(), "stopped");
        }
        // Firefox keeps a proxy's login box open: that page never finishes loading.
        const keepsPrompt = kind === "firefox" && status === 407;
        await h.goto(tab, url, { wait: !keepsPrompt });
        await h.waitBadge(tab.tabId, String(status));
        const r = await h.waitRecord(tab.tabId, (x) => x?.url === url && x?.badgeAt != null);
        checkRecord(r, tab.tabId, c, url, status);
        if (restart) {
          assert.notEqual(await h.backgroundState(), "stopped", "the 401 woke the background");
          // Stop it again: the popup must work from storage.session alone.
          await h.restartBackground();
        }
        const p = await h.openPopup(tab.tabId);
        try {
          checkPopup(p, c, url, status);
          if (c.navigable !== false) {
            const up = parents(url)[0];
            const sel = '#actions button.action[data-kind="parent"]';
            await reveal(p.page, sel);
            await p.page.click(sel);
            await h.waitLoaded(tab.tabId, up);
            await h.waitBadge(tab.tabId, "");
            await h.waitRecord(tab.tabId, (x) => x === null, "no record");
          }
        } finally {
          await h.closePage(p.page);
        }
      } finally {
        await h.closePage(tab.page);
      }
    }

    for (const c of CASES) {
      test(`${c.name}: badge, record, popup, up one folder`, () => flow(c));
    }

    test("a 200 page: no badge, no record, popup says so", async () => {
      const tab = await h.newTab();
      try {
        await h.goto(tab, demo.url("ok"));
        await sleep(500);
        assert.equal(await h.badge(tab.tabId), "");
        assert.equal(await h.record(tab.tabId), null);
        const p = await h.openPopup(tab.tabId);
        assert.equal(p.state, "none");
        assert.equal(p.none, msg("popupNone"));
        await h.closePage(p.page);
      } finally {
        await h.closePage(tab.page);
      }
    });

    test("the badge clears when the tab moves on to a good page", async () => {
      const tab = await h.newTab();
      try {
        await h.goto(tab, demo.url("plain-403"));
        await h.waitBadge(tab.tabId, "403");
        await h.goto(tab, demo.url("ok"));
        await h.waitBadge(tab.tabId, "");
        await h.waitRecord(tab.tabId, (x) => x === null, "no record");
      } finally {
        await h.closePage(tab.page);
      }
    });

    test("a browser-internal page is not flagged", async () => {
      const tab = await h.newTab();
      try {
        await h.goto(tab, demo.url("basic"));
        await h.waitBadge(tab.tabId, "401");
        const internal = kind === "chromium" ? "chrome://version/" : "about:blank";
        await tab.page.goto(internal, { timeout: 30000 }).catch(() => {});
        // The extension may not read the URL of a browser page (tabs.get gives none in Chromium).
        await poll(async () => tab.page.url() === internal && (await h.tab(tab.tabId))?.status === "complete",
          { what: `${internal} to load` });
        await h.waitBadge(tab.tabId, "");
        const p = await h.openPopup(tab.tabId);
        await h.closePage(p.page);
        assert.equal(p.state, "none", `popup on ${internal} shows ${p.state}: ${p.title}`);
        await h.waitRecord(tab.tabId, (x) => x === null, "no record");
      } finally {
        await h.closePage(tab.page);
      }
    });

    test("a failed login (401 answering a POST)", async () => {
      const tab = await h.newTab();
      try {
        const login = `${demo.base}/login`;
        await h.goto(tab, login);
        await h.goto(tab, login, { method: "POST", form: { username: "demo", password: "wrong" } });
        const r = await h.waitRecord(tab.tabId, (x) => x?.method === "POST" && x?.badgeAt != null);
        checkRecord(r, tab.tabId, null, login, 401, "POST");
        await h.waitBadge(tab.tabId, "401");
        const p = await h.openPopup(tab.tabId);
        try {
          assert.equal(p.state, "report", p.error);
          assert.match(p.explain[0], pattern(msg("kind_login_failed")));
          const reset = p.actions.find((a) => a.kind === "reset");
          assert.equal(reset?.url, `${demo.base}/password/reset`, `reset action in ${JSON.stringify(p.actions)}`);
        } finally {
          await h.closePage(p.page);
        }
      } finally {
        await h.closePage(tab.page);
      }
    });

    test("page-derived text is shown as text, never as HTML", async () => {
      const tab = await h.newTab();
      try {
        // A login link whose text holds markup.
        await h.goto(tab, demo.url("hostile-link"));
        await h.waitBadge(tab.tabId, "401");
        let p = await h.openPopup(tab.tabId);
        assert.equal(p.state, "report", p.error);
        const login = p.actions.find((a) => a.kind === "login");
        assert.ok(login, `a login action in ${JSON.stringify(p.actions)}`);
        assert.ok(login.text.includes('<script>alert("sesame")</script>Sign in'), `link text shown literally: ${login.text}`);
        assert.deepEqual(p.elements, { script: 0, img: 0, b: 0 });
        assert.equal(await p.page.evaluate(() => document.title.includes("pwned") ? "pwned" : "clean"), "clean");
        await h.closePage(p.page);
        // A realm that holds markup.
        await h.goto(tab, demo.url("hostile-realm"));
        await h.waitBadge(tab.tabId, "401");
        p = await h.openPopup(tab.tabId);
        assert.equal(p.state, "report", p.error);
        assert.equal(p.facts[msg("factRealm")], "<img src=x onerror=alert(1)><b>Lab</b>");
        assert.deepEqual(p.elements, { script: 0, img: 0, b: 0 });
        await h.closePage(p.page);
      } finally {
        await h.closePage(tab.page);
      }
    });

    test("accessibility: axe-core finds no violations in the popup", async () => {
      const axe = readFileSync(path.join(repoRoot, "dev", "node_modules", "axe-core", "axe.min.js"), "utf8");
      const tab = await h.newTab();
      const found = [];
      try {
        for (const name of ["no-challenge", "iis-401-2", "ok"]) {
          await h.goto(tab, demo.url(name));
          if (name !== "ok") await h.waitBadge(tab.tabId, String(demo.cases.get(name).status));
          const p = await h.openPopup(tab.tabId);
          await p.page.evaluate(axe);
          const result = await p.page.evaluate(`axe.run(document, { resultTypes: ["violations"] }).then((r) =>
            r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) })))`);
          for (const v of result) found.push({ page: name, state: p.state, ...v });
          await h.closePage(p.page);
        }
      } finally {
        await h.closePage(tab.page);
      }
      if (found.length) console.log(`axe violations in ${kind}:\n${JSON.stringify(found, null, 1)}`);
      assert.deepEqual(found, [], "no axe-core violations");
    });

    describe("after the background was stopped", () => {
      for (const c of CASES) {
        test(`${c.name}: the background wakes up, popup works from storage`, () => flow(c, { restart: true }));
      }
    });
  });
}

// Re-exported for the bench.
export { poll };
