// End-to-end test of the options page's "what a click sends" section
// (issue 8, item 3) in headless Chromium and Firefox: who receives the
// address (the relay, and the Wayback Machine only while it is switched
// on) and the live example cleaned by Go's sesame.redactURL, with and
// without "drop the query". The relay address points at a small recorder
// that answers 503, so the archive list is the built-in one and the test
// sees every request the page makes: only GET /v1/archives, never the
// example address. Run from the repository root with
//   node --test dev/e2e/options-privacy.test.mjs
// after make dist/extension/.stamp. SESAME_BROWSERS=chromium (or firefox)
// runs one browser only.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { launch, poll } from "./lib/browser.mjs";
import { startDemo } from "./lib/demo.mjs";
import { extensionDir } from "./lib/paths.mjs";

const BROWSERS = (process.env.SESAME_BROWSERS ?? "chromium,firefox").split(",").map((s) => s.trim()).filter(Boolean);

// startRecorder answers every request with 503 and keeps its method and
// path with query.
async function startRecorder() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(503, { "Access-Control-Allow-Origin": "*", "Content-Type": "text/plain" });
    res.end("busy");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { base: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, requests, stop: () => new Promise((r) => server.close(r)) };
}

// words returns the English message of the built extension.
function words() {
  const raw = JSON.parse(readFileSync(path.join(extensionDir, "_locales", "en", "messages.json"), "utf8"));
  return (name, ...args) => args.reduce((m, a, i) => m.replaceAll(`$${i + 1}`, a), raw[name].message);
}

for (const kind of BROWSERS) {
  describe(`options page: what a click sends (${kind})`, { timeout: 5 * 60 * 1000 }, () => {
    let demo, h, rec, page, msg, config;

    // read returns what the section shows.
    const read = () => page.evaluate(() => ({
      to: [...document.querySelectorAll("#privacy-to > li")].map((li) => ({ to: li.dataset.to, host: li.dataset.host ?? "", text: li.textContent })),
      state: document.getElementById("privacy-output").dataset.state,
      sent: document.getElementById("privacy-output").textContent,
      removed: document.getElementById("privacy-removed").textContent,
    }));

    // tryAddress puts an address into the example box (as a paste does:
    // one input event) and waits until the page shows want.
    async function tryAddress(raw, want) {
      await page.evaluate((raw) => {
        const i = document.getElementById("privacy-input");
        i.value = raw;
        i.dispatchEvent(new Event("input", { bubbles: true }));
      }, raw);
      await poll(async () => (await read()).sent === want, { what: `the example to show ${want}` });
      return read();
    }

    before(async () => {
      if (!existsSync(path.join(extensionDir, "options.html"))) throw new Error(`no built extension in ${extensionDir}: run make dist/extension/.stamp first`);
      msg = words();
      config = JSON.parse(readFileSync(path.join(extensionDir, "config.json"), "utf8"));
      demo = await startDemo();
      rec = await startRecorder();
      h = await launch(kind, { extDir: extensionDir, demo });
      await h.api((api, relayURL) => api.storage.local.set({ options: { relayURL, dropQuery: false, archives: null } }), rec.base);
      page = await h.openExtensionPage("options.html");
      await poll(() => page.evaluate(() => document.getElementById("options")?.dataset.state === "ready" &&
        document.getElementById("privacy-output")?.dataset.state === "ok"), { what: "the options page and its example", timeout: 30000 });
    });

    after(async () => {
      await h?.close();
      await rec?.stop();
      await demo?.stop();
    });

    test("names the relay and, while it is on, the direct Wayback fallback", async () => {
      const wayback = new URL(config.waybackURL).host;
      let v = await read();
      assert.deepEqual(v.to.map((x) => [x.to, x.host]), [["relay", rec.host], ["wayback", wayback]], JSON.stringify(v.to));
      assert.equal(v.to[0].text, msg("optionsPrivacyToRelay", rec.host));
      assert.equal(v.to[1].text, msg("optionsPrivacyToWayback", wayback));
      // Switching the Wayback Machine off removes the direct fallback at once.
      await page.click(`#archives input[data-archive-id="wayback"]`);
      v = await read();
      assert.deepEqual(v.to.map((x) => x.to), ["relay", "no-wayback"]);
      assert.equal(v.to[1].text, msg("optionsPrivacyNoWayback"));
      await page.click(`#archives input[data-archive-id="wayback"]`);
      assert.deepEqual((await read()).to.map((x) => x.to), ["relay", "wayback"]);
    });

    test("shows the built-in example as Go cleans it", async () => {
      const v = await read();
      assert.equal(v.sent, "https://shop.example.com/account/reset/redacted?lang=en");
      assert.equal(v.removed, msg("optionsPrivacyRemoved", [msg("optionsPrivacyRemovedPath"), "jsessionid", "token"].join(", ")));
    });

    test("cleans a pasted address, and drops the query when asked", async () => {
      let v = await tryAddress("https://app.example.org/cb?q=1&code=SplxlOBeZQQYbYS6WxSbIA&state=xyz#id_token=abc", "https://app.example.org/cb?q=1");
      assert.equal(v.state, "ok");
      assert.equal(v.removed, msg("optionsPrivacyRemoved", "code, state"));
      await page.click("#drop-query");
      await poll(async () => (await read()).sent === "https://app.example.org/cb", { what: "the query to be dropped" });
      v = await read();
      assert.equal(v.removed, msg("optionsPrivacyRemoved", msg("optionsPrivacyRemovedQuery")));
      await page.click("#drop-query");
      await poll(async () => (await read()).sent === "https://app.example.org/cb?q=1", { what: "the query to come back" });
      v = await tryAddress("https://example.com/search?q=shoes&page=2", "https://example.com/search?q=shoes&page=2");
      assert.equal(v.state, "ok");
      assert.equal(v.removed, msg("optionsPrivacyRemovedNone"));
      v = await tryAddress("not an address", msg("optionsPrivacyBad"));
      assert.equal(v.state, "error");
      assert.equal(v.removed, "");
    });

    test("the page itself sends nothing but the archive list request", async () => {
      assert.ok(rec.requests.length >= 1, "the page asked the relay for its archives");
      for (const r of rec.requests) {
        assert.match(r, /^GET \/v1\/archives$/, `only the archive list is asked: ${JSON.stringify(rec.requests)}`);
      }
    });
  });
}
