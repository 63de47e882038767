// End-to-end: a lookup that no archive can answer, in every format, through
// the Worker in workerd (reuse glue). See relay.test.mjs for the setup.

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { lookup, startFakes, startWorkerd } from "../lib/relay.mjs";

describe("relay in workerd: nothing found", { timeout: 300000 }, () => {
  let fakes, relay;

  before(async () => {
    fakes = await startFakes(["none", "availability/none", "cdx/none", "timegate/none"]);
    relay = await startWorkerd({ archivesJSON: fakes.archivesJSON });
  });

  after(async () => {
    await relay?.stop();
    await fakes?.stop();
  });

  it("answers 200 with closest null and every outcome none, then from the cache", async () => {
    const url = "https://example.org/never/archived";
    const first = await lookup(relay.base, url, { timeout: "1400" });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers.get("access-control-allow-origin"), "*");
    assert.equal(first.body.closest, null);
    assert.equal(first.headers.get("x-sesame-cache"), "miss");
    assert.deepEqual(
      first.body.archives.map((a) => a.outcome),
      ["none", "none", "none", "none"],
    );
    for (const a of first.body.archives) {
      assert.equal(a.closest, null);
      assert.equal(a.first, null);
      assert.equal(a.last, null);
    }
    const second = await lookup(relay.base, url, { timeout: "1400" });
    assert.equal(second.status, 200);
    assert.equal(second.headers.get("x-sesame-cache"), "hit");
    assert.equal(second.body.closest, null);
  });
});
