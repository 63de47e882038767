// End-to-end: the relay's per-client rate limit (the Workers Rate Limiting
// binding RATE_LIMITER in worker/wrangler.toml, 10 lookups a minute per
// client address), in workerd through wrangler dev, which runs the binding
// locally. wrangler dev hands the Worker the CF-Connecting-IP header a
// client sends (locally nothing sets it otherwise), so a test can be many
// clients. Also: the glue never sends a Content-Length its body does not
// have, even for an answer over its cap (lowered here with the test-only
// variable SESAME_ANSWER_CAP).

import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { get, startFakes, startWorkerd } from "../lib/relay.mjs";

const from = (ip) => ({ headers: { "CF-Connecting-IP": ip } });
const lookupPath = (i) => `/v1/lookup?url=${encodeURIComponent(`https://example.net/rate/${i}`)}&timeout=1000`;

// raw GETs url and returns the status, the Content-Length header and the
// number of body bytes that arrived (or the error when the body fell short).
function raw(url) {
  return new Promise((resolve) => {
    http
      .get(url, { headers: { "CF-Connecting-IP": "192.0.2.200" } }, (res) => {
        let n = 0;
        res.on("data", (c) => (n += c.length));
        res.on("end", () => resolve({ status: res.statusCode, contentLength: Number(res.headers["content-length"]), bytes: n }));
        res.on("error", (e) => resolve({ status: res.statusCode, contentLength: Number(res.headers["content-length"]), bytes: n, error: e.message }));
      })
      .on("error", (e) => resolve({ error: e.message }));
  });
}

describe("relay in workerd: rate limit", { timeout: 300000 }, () => {
  let fakes, relay;

  before(async () => {
    fakes = await startFakes(["found", "none"]);
    relay = await startWorkerd({ archivesJSON: fakes.archivesJSON });
  });

  after(async () => {
    await relay?.stop();
    await fakes?.stop();
  });

  it("answers a client over its budget 429 problem+json with Retry-After; others go on", async () => {
    const a = "203.0.113.10";
    for (let i = 0; i < 10; i++) {
      const res = await get(relay.base, lookupPath(i), from(a));
      assert.equal(res.status, 200, `lookup ${i + 1} of 10: ${res.text}`);
    }
    // The budget is counted in fixed windows of 60 s: the eleventh lookup
    // is refused unless a window ended meanwhile; within 21 lookups one is
    // refused in any case. These repeat the first lookup, a cached answer:
    // cached answers count too.
    let over;
    for (let i = 10; i < 21 && !over; i++) {
      const res = await get(relay.base, lookupPath(0), from(a));
      if (res.status === 429) over = res;
      else assert.equal(res.status, 200, res.text);
    }
    assert.ok(over, "no lookup refused after 21 from one client");
    assert.match(over.headers.get("content-type"), /^application\/problem\+json/);
    assert.equal(over.headers.get("retry-after"), "60");
    assert.equal(over.headers.get("access-control-allow-origin"), "*");
    assert.equal(over.body.status, 429);
    assert.equal(over.body.code, "rate-limited");
    // Another client is unaffected, even asking the same URL.
    const b = await get(relay.base, lookupPath(10), from("203.0.113.11"));
    assert.equal(b.status, 200, b.text);
    // Health checks and the archive list are not counted.
    assert.equal((await get(relay.base, "/healthz", from(a))).status, 200);
  });

});

describe("relay in workerd: answer size", { timeout: 300000 }, () => {
  let fakes, relay;

  before(async () => {
    fakes = await startFakes(["found", "none"]);
    relay = await startWorkerd({ archivesJSON: fakes.archivesJSON, vars: { SESAME_ANSWER_CAP: "300" } });
  });

  after(async () => {
    await relay?.stop();
    await fakes?.stop();
  });

  it("never sends a Content-Length its body does not have", async () => {
    // /v1/archives is longer than the cap of 300 bytes: a 500 problem,
    // whole, instead of a short body under the full length.
    const big = await raw(relay.base + "/v1/archives");
    assert.equal(big.error, undefined, `the body fell short: ${JSON.stringify(big)}`);
    assert.equal(big.status, 500);
    assert.equal(big.bytes, big.contentLength);
    const res = await get(relay.base, "/v1/archives", from("192.0.2.201"));
    assert.equal(res.body.code, "internal");
    // An answer under the cap goes as it is.
    const small = await raw(relay.base + "/healthz");
    assert.equal(small.status, 200);
    assert.equal(small.bytes, small.contentLength);
  });
});

describe("relay in workerd: more requests than the glue takes at once", { timeout: 300000 }, () => {
  let fakes, relay;

  before(async () => {
    fakes = await startFakes(["found", "hang"]);
    // One request in Go at once and one waiting (the defaults are 64 and 256).
    relay = await startWorkerd({ archivesJSON: fakes.archivesJSON, vars: { SESAME_GLUE_STATS: "1", SESAME_GLUE_LIMITS: "1,1" } });
  });

  after(async () => {
    await relay?.stop();
    await fakes?.stop();
  });

  it("answers 503 problem+json with Retry-After beyond the queue, and serves the rest", async () => {
    // Each lookup waits ~680 ms for the hanging fake: while the first is in
    // Go and the second waits, the others are refused at once.
    const all = await Promise.all(
      [0, 1, 2, 3].map((i) => get(relay.base, `/v1/lookup?url=${encodeURIComponent(`https://example.net/busy/${i}`)}&timeout=1000`, from(`203.0.113.${50 + i}`))),
    );
    const busy = all.filter((r) => r.status === 503);
    const ok = all.filter((r) => r.status === 200);
    assert.ok(busy.length >= 1, `statuses ${all.map((r) => r.status)}`);
    assert.ok(ok.length >= 1, `statuses ${all.map((r) => r.status)}`);
    assert.equal(busy.length + ok.length, all.length, `statuses ${all.map((r) => r.status)}`);
    for (const r of busy) {
      assert.match(r.headers.get("content-type"), /^application\/problem\+json/);
      assert.equal(r.headers.get("retry-after"), "1");
      assert.equal(r.headers.get("access-control-allow-origin"), "*");
      assert.equal(r.body.code, "busy");
    }
    const st = (await get(relay.base, "/.sesame/glue-stats")).body;
    assert.equal(st.started, 1);
    assert.ok(st.rejected >= busy.length);
  });
});
