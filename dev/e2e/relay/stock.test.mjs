// End-to-end smoke test of the stock github.com/syumai/workers glue
// (build/worker.mjs: a fresh Go instance per request), the relay bench's
// baseline: built with -tags stockglue into dev/bench/relay/stock/ by
// dev/scripts/build-stock.sh (buildStock), never part of the deployed Worker.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildStock, get, lookup, startFakes, startWorkerd } from "../lib/relay.mjs";

describe("relay in workerd (stock glue)", { timeout: 300000 }, () => {
  let fakes, relay;

  before(async () => {
    fakes = await startFakes(["found", "timegate/found", "none"]);
    relay = await startWorkerd({ archivesJSON: fakes.archivesJSON, config: buildStock() });
  });

  after(async () => {
    await relay?.stop();
    await fakes?.stop();
  });

  it("finds a copy, then serves it from the cache", async () => {
    const url = "https://example.net/stock/page";
    const first = await lookup(relay.base, url, { timeout: "1400" });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers.get("x-sesame-cache"), "miss");
    assert.equal(first.body.closest.archive, "fake1-found");
    assert.deepEqual(
      first.body.archives.map((a) => a.outcome),
      ["found", "found", "none"], // the TimeGate answers with a 302 that Go must not follow
    );
    const second = await lookup(relay.base, url, { timeout: "1400" });
    assert.equal(second.headers.get("x-sesame-cache"), "hit");
    assert.deepEqual(second.body.closest, first.body.closest);
  });

  it("answers problems as problem+json", async () => {
    const res = await get(relay.base, "/v1/nothing-here");
    assert.equal(res.status, 404);
    assert.match(res.headers.get("content-type"), /^application\/problem\+json/);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
  });
});
