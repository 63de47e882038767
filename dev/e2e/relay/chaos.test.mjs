// The short form of the relay's chaos run (chaos.mjs; `make chaos` runs the
// full one): a few hundred uncached lookups, 8 to 50 at a time, against fake
// archives that fail at random, in workerd (through Miniflare, with nothing
// in front of the Worker: see startMiniflare). Each promise is asserted
// apart, so a failure names the one broken.

import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { runChaos, SLACK_MS, summary } from "./chaos.mjs";

const LOOKUPS = Number(process.env.CHAOS_LOOKUPS ?? 300);

describe("relay in workerd under chaos (short form)", { timeout: 900000 }, () => {
  let r;

  before(async () => {
    r = await runChaos({ lookups: LOOKUPS, min: 8, max: 50, timeout: 1500 });
    console.log(summary(r));
  });

  it("answers every lookup, none with a 5xx", () => {
    assert.equal(r.noAnswer, 0, `lookups without an answer: ${JSON.stringify(r.noAnswerExamples)}`);
    assert.equal(r.status5xx, 0, `5xx answers; other statuses: ${JSON.stringify(r.statusOther)}`);
    assert.equal(r.answered, LOOKUPS);
  });

  it("times every late answer inside the Worker (the figures are printed, not asserted)", () => {
    // Lateness is a wall-clock figure and depends on the machine's load: a
    // test never fails on it. It is measured and printed (the summary above,
    // and `make chaos` with its 5,000 lookups), at the client and inside the
    // Worker (the glue's x-sesame-glue-timing, from the request's arrival in
    // the fetch handler to its answer). What is asserted is that every late
    // answer carries that timing, so that a late answer can always be told
    // apart: the relay's own, or the machine's.
    assert.equal(r.lateTimed, r.late, "late answers without the glue's timing");
    console.log(`# late answers: ${r.late} at the client, ${r.lateInRelay} inside the Worker (timeout + ${SLACK_MS} ms)`);
  });

  it("never asks a host outside the registry", () => {
    assert.equal(r.outside, 0);
  });

  it("never hands out an unsafe copy URI", () => {
    assert.equal(r.unsafe, 0, JSON.stringify(r.unsafeExamples));
  });

  it("keeps memory to one Go instance, well under 128 MB, and flat", () => {
    const { before: b, during: d, after: a } = r.memory;
    assert.equal(d.statsFailed ?? 0, 0, "the glue's stats did not answer during the load");
    assert.equal(a.started, 1, "Go instances started");
    // What Cloudflare's 128 MB limit of an isolate counts: Go's linear
    // memory and the JavaScript heap (each at its highest: an upper bound).
    const isolate = d.wasmMiB + d.jsHeapMiB;
    assert.ok(isolate < 64, `the isolate reached ${isolate.toFixed(1)} MiB (Go ${d.wasmMiB}, JavaScript ${d.jsHeapMiB})`);
    assert.ok(a.wasmMiB <= d.wasmMiB, `Go's linear memory grew after the load: ${a.wasmMiB} MiB`);
    // The whole workerd process holds Miniflare's local services and V8
    // besides the Worker: only a gross leak (the pool of Go instances this
    // glue replaced grew it by 280 MiB in 300 lookups) fails here.
    assert.ok(d.rssMiB - b.rssMiB < 192, `workerd RSS grew from ${b.rssMiB} to ${d.rssMiB} MiB`);
  });

  it("keeps looked-up URLs out of the runtime's output", () => {
    assert.equal(r.urlInLogs, false);
  });
});

// The stress form: every lookup asks every failing archive (no cool-down),
// 50 at a time. Before the glue checked the context of every operation and
// made each answer's Response in the request's own handler, 79 to 359 of
// 3,000–3,500 such lookups (five runs) ended in a 500 from workerd ("Cannot
// perform I/O on behalf of a different request"), the first after about
// 1,500.
const STRESS = Number(process.env.CHAOS_STRESS_LOOKUPS ?? 3000);

describe("relay in workerd under chaos, every archive asked, 50 at a time", { timeout: 900000 }, () => {
  let r;

  before(async () => {
    r = await runChaos({ lookups: STRESS, min: 50, max: 50, timeout: 1500, cooldown: false });
    console.log(summary(r));
  });

  it("answers every lookup, none with a 5xx", () => {
    assert.equal(r.noAnswer, 0, `lookups without an answer: ${JSON.stringify(r.noAnswerExamples)}`);
    assert.equal(r.status5xx, 0, `5xx answers: ${JSON.stringify(r.statusOther)} ${JSON.stringify(r.statusExamples)}`);
    assert.equal(r.answered, STRESS);
    assert.ok(r.asked > STRESS * 7, `archives asked: ${r.asked} (cool-downs should be off)`);
  });

  it("never asks a host outside the registry, never hands out an unsafe copy", () => {
    assert.equal(r.outside, 0);
    assert.equal(r.unsafe, 0, JSON.stringify(r.unsafeExamples));
  });

  it("keeps one Go instance, the isolate under 128 MB, and leaks nothing", () => {
    const { during: d, after: a } = r.memory;
    assert.equal(a.started, 1, "Go instances started");
    assert.ok(d.wasmMiB + d.jsHeapMiB < 128, `the isolate reached ${(d.wasmMiB + d.jsHeapMiB).toFixed(1)} MiB`);
    // After a full garbage collection the JavaScript heap is back to a few
    // MiB (1.8–2.0 measured): what stays above that is a leak.
    assert.ok(a.jsHeapMiB < 16, `the JavaScript heap holds ${a.jsHeapMiB} MiB after a full collection`);
    console.log(`# late answers: ${r.late} at the client, ${r.lateInRelay} inside the Worker (timeout + ${SLACK_MS} ms)`);
  });
});
