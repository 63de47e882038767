// End-to-end tests of the relay: the built Worker (entry.mjs, reusing Go
// instances) in workerd through wrangler dev, asking fake archives on
// loopback that answer in the real formats.
//
// Run from the repository root after `make build`:
//   node --test --test-concurrency=1 dev/e2e/relay/
//
// Lookups use timeout=1400 (or less): each archive then gets at most 980 ms,
// under the 1 s below which the relay does not count a timeout against an
// archive, so the hanging fake is asked every time instead of cooling down.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { byId, get as getAs, startFakes, startWorkerd } from "../lib/relay.mjs";

// Each request comes from its own client address (CF-Connecting-IP), so the
// relay's rate limit (ratelimit.test.mjs) stays out of these tests' way.
let client = 0;
function get(base, p, init = {}) {
  client++;
  const headers = { "CF-Connecting-IP": `198.51.100.${client % 250}`, ...(init.headers ?? {}) };
  return getAs(base, p, { ...init, headers });
}
function lookup(base, url, params = {}) {
  return get(base, `/v1/lookup?${new URLSearchParams({ url, ...params })}`);
}

// files lists every file under dir.
function files(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

// A token in every looked-up URL, to check that none reaches the logs.
const TOKEN = `e2e-${process.pid}-${Date.now()}`;
const page = (name) => `https://example.com/${TOKEN}/${name}`;

const SPECS = ["found", "timegate/found", "availability/found", "cdx/found", "none", "hang", "slow:400ms", "loop"];
const ID = {
  timemap: "fake1-found",
  timegate: "fake2-found",
  availability: "fake3-found",
  cdx: "fake4-found",
  none: "fake5-none",
  hang: "fake6-hang",
  slow: "fake7-slow",
  loop: "fake8-loop",
};

function assertCORS(res) {
  assert.equal(res.headers.get("access-control-allow-origin"), "*");
}

function assertProblem(res, status, code) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get("content-type"), /^application\/problem\+json/);
  assertCORS(res);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.title, "string");
  assert.equal(typeof res.body.detail, "string");
  if (code) assert.equal(res.body.code, code);
}

describe("relay in workerd (reuse glue)", { timeout: 300000 }, () => {
  let fakes, relay;

  before(async () => {
    fakes = await startFakes(SPECS);
    assert.deepEqual(
      fakes.archives.map((a) => a.id),
      Object.values(ID),
      "fakearchive ids changed; update ID in this test",
    );
    relay = await startWorkerd({ archivesJSON: fakes.archivesJSON });
  });

  after(async () => {
    await relay?.stop();
    await fakes?.stop();
  });

  it("answers /healthz and HEAD /healthz", async () => {
    const res = await get(relay.base, "/healthz");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: "ok" });
    assertCORS(res);
    assert.equal(res.headers.get("cache-control"), "no-store");
    const head = await fetch(relay.base + "/healthz", { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  });

  it("lists the archives from ARCHIVES_JSON", async () => {
    const res = await get(relay.base, "/v1/archives");
    assert.equal(res.status, 200);
    assertCORS(res);
    assert.deepEqual(
      res.body.archives.map((a) => a.id),
      Object.values(ID),
    );
  });

  it("finds a copy and reports every archive's outcome", async () => {
    const res = await lookup(relay.base, page("found"), { timeout: "1400" });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get("content-type"), /^application\/json/);
    assertCORS(res);
    // The hanging fake timed out under a deadline shorter than the default:
    // such an answer is never stored, so that a short timeout cannot change
    // what the next caller gets.
    assert.equal(res.headers.get("cache-control"), "no-store");
    const a = res.body;
    assert.equal(a.url, page("found"));
    assert.ok(!("cached" in a), "the answer does not say whether it was cached");
    assert.ok(a.closest, "a closest copy");
    assert.ok([ID.timemap, ID.timegate, ID.availability, ID.cdx, ID.slow].includes(a.closest.archive), a.closest.archive);
    assert.match(a.closest.datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const fake = fakes.archives.find((x) => x.id === a.closest.archive);
    assert.ok(a.closest.uri.startsWith(new URL(fake.endpoint).origin + "/"), a.closest.uri);
    assert.ok(a.closest.uri.includes(`/${TOKEN}/found`), a.closest.uri);
    const o = byId(a);
    assert.equal(a.archives.length, SPECS.length);
    // Each format, parsed inside workerd from a fetch through the glue.
    assert.equal(o[ID.timemap].outcome, "found");
    assert.equal(o[ID.timemap].count, 3);
    assert.ok(o[ID.timemap].first && o[ID.timemap].last);
    assert.equal(o[ID.timegate].outcome, "found"); // a 302 with Location and Link, not followed
    assert.equal(o[ID.availability].outcome, "found");
    assert.equal(o[ID.cdx].outcome, "found");
    assert.equal(o[ID.none].outcome, "none");
    assert.equal(o[ID.loop].outcome, "error"); // redirect loop, followed by Go and cut off
    for (const x of a.archives) assert.equal(typeof x.ms, "number");
  });

  it("answers in part when one archive hangs", async () => {
    const res = await lookup(relay.base, page("partial"), { timeout: "1400" });
    assert.equal(res.status, 200, res.text);
    const o = byId(res.body);
    assert.equal(o[ID.hang].outcome, "timeout");
    assert.equal(o[ID.timemap].outcome, "found");
    assert.ok(res.body.closest);
  });

  it("gives up on archives at the deadline", async () => {
    // timeout=300: each archive gets 210 ms; the slow fake needs 400 ms.
    const res = await lookup(relay.base, page("deadline"), { timeout: "300" });
    assert.equal(res.status, 200, res.text);
    const o = byId(res.body);
    assert.equal(o[ID.slow].outcome, "timeout");
    assert.equal(o[ID.hang].outcome, "timeout");
    assert.equal(res.body.archives.length, SPECS.length);
    // With room to wait, the same slow archive answers.
    const again = await lookup(relay.base, page("deadline-roomy"), { timeout: "1400" });
    assert.equal(byId(again.body)[ID.slow].outcome, "found");
  });

  it("serves the second identical lookup from the Workers cache", async () => {
    // The default deadline: an answer with a timeout under a shorter one is
    // never cached.
    const first = await lookup(relay.base, page("cache"));
    assert.equal(first.status, 200);
    assert.equal(first.headers.get("x-sesame-cache"), "miss");
    assert.ok(!("cached" in first.body));
    const second = await lookup(relay.base, page("cache"));
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("x-sesame-cache"), "hit");
    assert.deepEqual(second.body.closest, first.body.closest);
    assert.deepEqual(
      second.body.archives.map((x) => [x.id, x.outcome]),
      first.body.archives.map((x) => [x.id, x.outcome]),
    );
    // http/https and www. are the same page for the cache.
    const variant = await lookup(relay.base, page("cache").replace("https://", "http://www."));
    assert.equal(variant.headers.get("x-sesame-cache"), "hit");
    // Another moment is another entry.
    const other = await lookup(relay.base, page("cache"), { at: "20020911" });
    assert.equal(other.headers.get("x-sesame-cache"), "miss");
    assert.equal(other.body.at, "2002-09-11T00:00:00Z");
  });

  it("serves concurrent lookups (one Go instance, a goroutine each)", async () => {
    // timeout=5000: room enough for the found fake on a loaded machine (the
    // hanging one then cools down, which no later test minds).
    const all = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((i) => lookup(relay.base, page(`concurrent-${i}`), { timeout: "5000" })),
    );
    for (const [i, res] of all.entries()) {
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.url, page(`concurrent-${i + 1}`));
      assert.equal(byId(res.body)[ID.timemap].outcome, "found");
    }
  });

  it("keeps answering correctly on reused instances", async () => {
    for (let i = 0; i < 30; i++) {
      const res = await get(relay.base, i % 3 ? "/healthz" : "/v1/archives");
      assert.equal(res.status, 200);
    }
    const res = await lookup(relay.base, page("cache"));
    assert.equal(res.headers.get("x-sesame-cache"), "hit");
  });

  it("rejects bad input with 400 problem+json", async () => {
    const long = "https://example.com/" + "a".repeat(9000);
    const cases = [
      ["/v1/lookup", "url-missing"],
      ["/v1/lookup?url=", "url-missing"],
      ["/v1/lookup?url=%2Frelative%2Fpath", "url-not-absolute"],
      ["/v1/lookup?url=ftp%3A%2F%2Fexample.com%2F", "url-scheme"],
      [`/v1/lookup?url=${encodeURIComponent(long)}`, "url-too-long"],
      [`/v1/lookup?url=${encodeURIComponent(page("x"))}&at=2002-09-11`, "at-malformed"],
      [`/v1/lookup?url=${encodeURIComponent(page("x"))}&timeout=soon`, "timeout-malformed"],
      [`/v1/lookup?url=${encodeURIComponent(page("x"))}&timeout=-5`, "timeout-malformed"],
    ];
    for (const [p, code] of cases) {
      assertProblem(await get(relay.base, p), 400, code);
    }
  });

  it("answers unknown paths with 404 and wrong methods with 405", async () => {
    assertProblem(await get(relay.base, "/nope"), 404, "not-found");
    assertProblem(await get(relay.base, "/"), 404, "not-found");
    const post = await get(relay.base, `/v1/lookup?url=${encodeURIComponent(page("post"))}`, {
      method: "POST",
      body: "x",
    });
    assertProblem(post, 405, "method-not-allowed");
    assert.match(post.headers.get("allow"), /\bGET\b/);
    const del = await get(relay.base, "/healthz", { method: "DELETE" });
    assertProblem(del, 405, "method-not-allowed");
    assert.match(del.headers.get("allow"), /\bGET\b/);
  });

  it("answers CORS preflights", async () => {
    const res = await fetch(relay.base + "/v1/lookup", {
      method: "OPTIONS",
      headers: { Origin: "chrome-extension://abcdefghijklmnop", "Access-Control-Request-Method": "GET" },
    });
    assert.ok(res.status === 204 || res.status === 200, String(res.status));
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    assert.match(res.headers.get("access-control-allow-methods"), /\bGET\b/);
  });

  it("never logs looked-up URLs", async () => {
    // A path with the token too: wrangler's request lines would show it.
    await get(relay.base, `/${TOKEN}/not-here`);
    await new Promise((r) => setTimeout(r, 500)); // let wrangler flush its output
    assert.ok(!relay.log().includes(TOKEN), "a looked-up URL appeared in the relay's output");
    // wrangler's own log file (every subrequest URL at debug level) goes
    // nowhere; the only file that holds the URL is the cached answer itself.
    for (const f of files(relay.state)) {
      if (f.startsWith(path.join(relay.state, "persist") + path.sep)) continue; // the Cache API's entries
      if (!statSync(f).isFile()) continue;
      assert.ok(!readFileSync(f).includes(TOKEN), `a looked-up URL appeared in ${path.relative(relay.state, f)}`);
    }
  });
});
