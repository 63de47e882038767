// The Worker entry module of the Sesame relay: one Go instance serves every
// request of the isolate at once, each in its own goroutine.
//
// Why one instance: Cloudflare runs a Worker in an isolate limited to 128 MB
// that serves many requests at once, and a Go instance's linear memory never
// shrinks. A pool that started an instance per concurrent request grew to
// 132 instances and over 1 GiB under load. One instance serving concurrent
// requests with goroutines costs one Go heap, whatever the concurrency; at
// most MAX_ACTIVE requests are served at once, MAX_WAITING more wait, and
// any further request gets 503 problem+json with Retry-After.
//
// workerd ties every fetch, stream and timer to the request (IoContext) that
// created it, and refuses I/O on behalf of another request. Go, though, runs
// in whatever request's context entered it (a fetch completion of request A
// resumes goroutines of B as well). So:
//   - every host call from Go names the request it is for; an operation for
//     the request whose context is running now runs at once, any other is
//     posted to its request: queued, and run from a promise continuation
//     created in that request's context (workerd runs a continuation in the
//     context that created the promise, even when another context resolves
//     it: compatibility flag handle_cross_request_promise_resolution, on by
//     default since 2024-10-14);
//   - `running` is the request whose context is executing Go (every entry
//     into Go goes through this module), so Go's timers are set in a known
//     context. A request that has answered keeps its context alive
//     (ctx.waitUntil) until its timers due within KEEP_MS have fired, and
//     may host new ones in that time; later timers move to a live request,
//     or are parked until the next request when none is left. (Moving every
//     timer to a live request, a hop each, made Go's deadlines late under
//     load.) A timer cleared from another context cannot be reached by
//     clearTimeout there: when it fires it is ignored;
//   - each request keeps a timer of its own (its safety deadline), so that
//     workerd does not take a request that only waits on other contexts for
//     one that will never answer;
//   - completions for a request that has ended are dropped: Go gave up on
//     them when the request's context was cancelled;
//   - no operation starts in a context the glue has not checked (inContext:
//     each request holds a probe only its own context may touch), because
//     under heavy load the continuation above was seen to run in another
//     request's context now and then; operations a misplaced continuation
//     leaves behind are run by the request's watch, a 50 ms interval timer
//     of its own, and every answer's Response is made in the request's own
//     handler.
//
// Go and this module talk through numbered calls (see glue_js.go): no
// function object is created per request, and the tables below are emptied
// as each request ends, so the instance stays flat.

import "./build/wasm_exec.js";
import wasmModule from "./build/app.wasm";

// MAX_ACTIVE is the most requests the Go instance serves at once.
let MAX_ACTIVE = 64;
// MAX_WAITING is the most requests waiting for a slot; beyond, 503.
let MAX_WAITING = 256;
// WAIT_MS bounds the wait for a slot; SAFETY_MS bounds a request in Go (the
// relay's own deadline is at most 10 s).
const WAIT_MS = 5000;
const SAFETY_MS = 20000;
// KEEP_MS bounds how long a request that has answered keeps hosting Go's
// timers (Cloudflare allows waitUntil work 30 s after the answer).
const KEEP_MS = 10000;
// WATCH_MS is how often a request's watch looks for operations its waker
// left (see armWaker); it only matters when a waker misfires.
const WATCH_MS = 50;
// Statuses whose Response must have a null body.
const NULL_BODY = new Set([101, 204, 205, 304]);
const CORS = { "access-control-allow-origin": "*", "cache-control": "no-store" };

let shared = null; // the Go instance in use, or the promise of its start
let nextRequest = 1;
let started = 0;
let running = null; // the request whose context is executing Go now
const live = new Map(); // request id -> request, for requests in Go
const waiting = []; // requests waiting for a slot, in arrival order
const counts = { served: 0, rejected: 0, peakActive: 0, peakWaiting: 0, failed: 0, misrouted: 0 };
// How long posted operations waited for their request's context (ms).
const hops = { count: 0, totalMs: 0, maxMs: 0 };

// Headers cross between Go and JavaScript as one string, "name\nvalue\n…"
// (a header name or value cannot hold a line feed): one string per crossing
// instead of a JavaScript value per name and per value.
function pairs(joined) {
  const out = [];
  if (!joined) return out;
  const f = joined.split("\n");
  for (let i = 0; i + 1 < f.length; i += 2) out.push([f[i], f[i + 1]]);
  return out;
}

function flatten(headers) {
  const flat = [];
  for (const [k, v] of headers) flat.push(k, v);
  return flat.join("\n");
}

function message(err) {
  return String((err && err.message) || err || "unknown error");
}

// problem is an RFC 9457 answer of the glue itself (the relay writes its own).
function problem(status, title, detail, code, headers = {}) {
  return Response.json(
    { type: "about:blank", title, status, detail, code },
    { status, headers: { "content-type": "application/problem+json", ...CORS, ...headers } },
  );
}

// inContext reports whether the code running now runs in req's context. It
// touches req's probe, an AbortController made in req's context: workerd
// refuses to abort it from any other request's context ("Cannot perform I/O
// on behalf of a different request"). A probe that was used is replaced.
//
// Why a check at all: workerd runs the continuation of a promise resolved
// from another request in the creating request's context, and every
// operation below relies on that. Under load (50 lookups at a time, each
// asking every failing archive) it was seen not to hold, in bursts: a
// request's waker continuation ran in another request's context, and the
// fetches, reads and answers it started there failed or broke that
// request's answer (a 500 from workerd). The glue now never starts an
// operation in a context it has not checked.
function inContext(req) {
  try {
    // A reason of our own: no DOMException (and its stack) per check.
    req.probe.abort(0);
    req.probe = new AbortController();
    return true;
  } catch {
    counts.misrouted++;
    return false;
  }
}

// enter runs fn (which calls into Go) with req as the running context, when
// the code runs in req's context; else (and for req null) with none, so that
// every operation Go starts meanwhile is queued for its request.
function enter(req, fn) {
  const before = running;
  running = req && inContext(req) ? req : null;
  try {
    return fn();
  } finally {
    running = before;
  }
}

// armWaker makes req's waker: a promise created in req's context whose
// continuation runs req's queued operations there. A continuation that finds
// itself elsewhere leaves them to req's watch (see serve), which arms the
// next waker.
function armWaker(req) {
  // post() clears req.wake as it wakes it: by the time this runs, req.wake
  // is null or a newer waker.
  new Promise((resolve) => (req.wake = resolve)).then(() => {
    if (!req.done && inContext(req)) runQueue(req);
  });
}

// runQueue runs req's queued operations; it runs in req's context.
function runQueue(req) {
  while (req.queue.length > 0 && !req.done) {
    const op = req.queue.shift();
    try {
      op();
    } catch (e) {
      console.error(`relay: glue: ${message(e)}`);
    }
  }
  req.queue.length = 0;
  if (!req.done && !req.wake) armWaker(req);
}

// post runs op in req's context: at once when req is running (checked by
// enter), else from its waker or, should that misfire, its watch. It
// returns false when req has ended.
function post(req, op) {
  if (!req || req.done) return false;
  if (running === req) {
    op();
    return true;
  }
  const at = Date.now();
  req.queue.push(() => {
    const ms = Date.now() - at;
    hops.count++;
    hops.totalMs += ms;
    if (ms > hops.maxMs) hops.maxMs = ms;
    op();
  });
  if (req.wake) {
    const wake = req.wake;
    req.wake = null;
    wake();
  }
  return true;
}

// startInstance starts the Go instance, in the context of request req.
async function startInstance(env, req) {
  const go = new Go();
  const inst = { go, dead: false, fetches: new Map(), streams: new Map(), timers: new Map(), parked: new Map() };
  let nextStream = 1;

  // Go's timeout events, as wasm_exec.js schedules them, but set in a known
  // request's context. A request that has answered keeps its context (with
  // ctx.waitUntil) until its near timers have fired, for at most KEEP_MS
  // after it answered; a timer further off is moved to a live request.
  const fire = (id) => {
    const t = inst.timers.get(id);
    // Gone: cleared by Go meanwhile, from another request's context, where
    // clearTimeout cannot reach this timer.
    if (inst.dead || !t) return;
    inst.timers.delete(id);
    t.settle();
    try {
      enter(t.req, () => {
        go._resume();
        // As wasm_exec.js (golang/go#28975), but bounded.
        for (let i = 0; i < 8 && go._scheduledTimeouts.has(id); i++) go._resume();
        go._scheduledTimeouts.delete(id);
      });
    } catch (e) {
      kill(inst, message(e));
    }
  };
  // keeps reports whether req's context can still host a timer due at due.
  const keeps = (req, due) => !req.done || (Date.now() - req.ended < KEEP_MS && due - req.ended < KEEP_MS);
  const arm = (id, due) => {
    const host = running && keeps(running, due) ? running : anyLive();
    if (!host) {
      inst.parked.set(id, due);
      go._scheduledTimeouts.set(id, 0);
      return;
    }
    const set = () => {
      const h = setTimeout(() => fire(id), Math.max(0, due - Date.now()));
      const t = { h, due, req: host };
      t.settled = new Promise((resolve) => (t.settle = resolve));
      if (host.done) host.ctx.waitUntil(t.settled);
      inst.timers.set(id, t);
      go._scheduledTimeouts.set(id, h);
    };
    if (host === running) set();
    else {
      go._scheduledTimeouts.set(id, 0);
      inst.parked.set(id, due);
      post(host, () => {
        if (!inst.parked.has(id)) return; // cleared meanwhile
        inst.parked.delete(id);
        enter(host, set);
      });
    }
  };
  // release calls this as req ends, in req's context.
  inst.moveTimers = (from) => {
    for (const [id, t] of inst.timers) {
      if (t.req !== from) continue;
      if (keeps(from, t.due)) {
        from.ctx.waitUntil(t.settled);
        continue;
      }
      clearTimeout(t.h);
      t.settle();
      inst.timers.delete(id);
      enter(null, () => arm(id, t.due));
    }
  };
  inst.unpark = () => {
    if (inst.parked.size === 0) return;
    const parked = [...inst.parked];
    inst.parked.clear();
    for (const [id, due] of parked) arm(id, due);
  };
  go.importObject.gojs["runtime.scheduleTimeoutEvent"] = (sp) => {
    sp >>>= 0;
    const delay = go.mem.getUint32(sp + 8, true) + go.mem.getInt32(sp + 12, true) * 4294967296;
    const id = go._nextCallbackTimeoutID++;
    arm(id, Date.now() + delay);
    go.mem.setInt32(sp + 16, id, true);
  };
  go.importObject.gojs["runtime.clearTimeoutEvent"] = (sp) => {
    sp >>>= 0;
    const id = go.mem.getInt32(sp + 8, true);
    const t = inst.timers.get(id);
    if (t) {
      t.settle();
      if (t.req === running) clearTimeout(t.h);
      // Elsewhere clearTimeout cannot reach it; fire ignores it.
    }
    inst.timers.delete(id);
    inst.parked.delete(id);
    go._scheduledTimeouts.delete(id);
  };

  // done hands a call's result to Go, unless the call's request has ended.
  const done = (req, call, value, err) => {
    if (inst.dead || !req || req.done) return;
    try {
      enter(req, () => host.goDone(call, value, err));
    } catch (e) {
      kill(inst, message(e));
    }
  };
  const reqOf = (id) => live.get(id);

  const host = {
    respond(id, status, headers, body) {
      const req = reqOf(id);
      if (req) req.t.respond = Date.now();
      post(req, () => {
        const h = pairs(headers);
        if (req.timing) {
          const t = req.t;
          h.push(["x-sesame-glue-timing", `wait=${t.serve - t.arrive}; go=${t.respond - t.serve}; hop=${Date.now() - t.respond}; at=${t.arrive}; out=${Date.now()}`]);
        }
        // The Response itself is made in serve, in the handler's own
        // context: see there.
        req.resolve({ status, headers: h, body: NULL_BODY.has(status) ? null : body });
      });
    },
    fetch(call, id, method, url, headers, body) {
      const req = reqOf(id);
      return post(req, () => {
        const ac = new AbortController();
        inst.fetches.set(call, { ac, req });
        const init = { method, headers: pairs(headers), redirect: "manual", signal: ac.signal };
        if (body !== null && method !== "GET" && method !== "HEAD") init.body = body;
        let p;
        try {
          p = fetch(url, init);
        } catch (e) {
          p = Promise.reject(e);
        }
        p.then(
          (res) => {
            inst.fetches.delete(call);
            let stream = 0;
            if (res.body) {
              if (req.done) {
                res.body.cancel().catch(() => {});
                return;
              }
              stream = nextStream++;
              inst.streams.set(stream, { reader: res.body.getReader(), req });
            }
            done(req, call, { status: res.status, statusText: res.statusText, headers: flatten(res.headers), stream });
          },
          (err) => {
            inst.fetches.delete(call);
            done(req, call, undefined, message(err));
          },
        );
      });
    },
    read(call, stream) {
      const s = inst.streams.get(stream);
      if (!s) return false; // Go treats this as the end of the body
      post(s.req, () =>
        s.reader.read().then(
          ({ done: end, value }) => {
            if (end) {
              inst.streams.delete(stream);
              done(s.req, call, null);
              return;
            }
            done(s.req, call, value instanceof Uint8Array ? value : new Uint8Array(value));
          },
          (err) => {
            inst.streams.delete(stream);
            done(s.req, call, undefined, message(err));
          },
        ),
      );
      return true;
    },
    cancel(stream) {
      const s = inst.streams.get(stream);
      if (!s) return;
      inst.streams.delete(stream);
      post(s.req, () => s.reader.cancel().catch(() => {}));
    },
    abort(call) {
      const f = inst.fetches.get(call);
      if (!f) return;
      inst.fetches.delete(call);
      post(f.req, () => f.ac.abort());
    },
    cacheMatch(call, id, key) {
      const req = reqOf(id);
      return post(req, () =>
        caches.default
          .match(key)
          .then((res) => (res ? res.arrayBuffer() : null))
          .then(
            (buf) => done(req, call, buf ? new Uint8Array(buf) : null),
            (err) => done(req, call, undefined, message(err)),
          ),
      );
    },
    cachePut(id, key, body, cacheControl) {
      const req = reqOf(id);
      post(req, () => {
        let p;
        try {
          p = caches.default.put(
            key,
            new Response(body, { headers: { "content-type": "application/json", "cache-control": cacheControl } }),
          );
        } catch (e) {
          return;
        }
        // The answer does not wait for the write; the request lives on until it is done.
        req.ctx.waitUntil(p.catch(() => {}));
      });
    },
    limit(call, id, key) {
      const req = reqOf(id);
      const rl = req && req.env.RATE_LIMITER;
      if (!rl || typeof rl.limit !== "function") return false; // no binding: no limit
      return post(req, () => {
        let p;
        try {
          p = rl.limit({ key });
        } catch (e) {
          p = Promise.reject(e);
        }
        Promise.resolve(p).then(
          (out) => done(req, call, Boolean(out && out.success)),
          (err) => done(req, call, undefined, message(err)),
        );
      });
      return true;
    },
  };

  let ready;
  const readyPromise = new Promise((resolve) => (ready = resolve));
  const instance = new WebAssembly.Instance(wasmModule, {
    ...go.importObject,
    workers: { ready: () => ready() },
  });
  inst.memory = instance.exports.mem;
  // The generated wasm_exec.js passes this object to Go as its global
  // "context"; Go finds the host functions under "sesame".
  const exited = enter(req, () => go.run(instance, { env, ctx: null, binding: {}, sesame: host }));
  exited.then(
    () => kill(inst, "the relay's Go instance exited"),
    (e) => kill(inst, message(e)),
  );
  await Promise.race([readyPromise, exited.then(() => Promise.reject(new Error("relay: Go exited during start-up")))]);
  inst.host = host;
  started++;
  return inst;
}

// kill marks inst dead and fails every request it was serving; the next
// request starts a fresh instance.
function kill(inst, why) {
  if (inst.dead) return;
  inst.dead = true;
  if (shared === inst) shared = null;
  console.error(`relay: ${why}`);
  for (const f of inst.fetches.values()) post(f.req, () => f.ac.abort());
  inst.fetches.clear();
  inst.streams.clear();
  for (const t of inst.timers.values()) clearTimeout(t.h);
  inst.timers.clear();
  for (const req of live.values()) if (req.inst === inst) post(req, () => req.reject(new Error(why)));
}

function anyLive() {
  for (const req of live.values()) if (!req.done) return req;
  return null;
}

// instanceFor returns the running Go instance, starting one if needed (in
// req's context; concurrent first requests share the start).
async function instanceFor(env, req) {
  if (shared && !(shared instanceof Promise) && (shared.dead || shared.go.exited)) shared = null;
  if (!shared) {
    const p = enter(req, () => startInstance(env, req));
    shared = p;
    p.then(
      (inst) => {
        if (shared === p) shared = inst;
      },
      () => {
        if (shared === p) shared = null;
      },
    );
  }
  return shared instanceof Promise ? await shared : shared;
}

// release ends req: drops whatever it left behind (a body Go never closed, a
// fetch still in flight) and moves Go's timers out of its context.
function release(inst, req) {
  req.done = true;
  req.ended = Date.now();
  live.delete(req.id);
  clearTimeout(req.safety);
  clearInterval(req.watch);
  req.queue.length = 0;
  if (inst) {
    for (const [call, f] of inst.fetches) {
      if (f.req === req) {
        inst.fetches.delete(call);
        f.ac.abort();
      }
    }
    for (const [stream, s] of inst.streams) {
      if (s.req === req) {
        inst.streams.delete(stream);
        s.reader.cancel().catch(() => {});
      }
    }
    if (!inst.dead) inst.moveTimers(req);
  }
  counts.served++;
  // A slot is free: let the oldest waiting request in.
  const next = waiting.shift();
  if (next) next.admit();
}

// admission resolves once req may enter Go, or to a 503 Response when the
// wait is full or too long.
function admission() {
  if (live.size < MAX_ACTIVE && waiting.length === 0) return null;
  if (waiting.length >= MAX_WAITING) {
    counts.rejected++;
    return Promise.resolve(busy());
  }
  return new Promise((resolve) => {
    const w = {};
    const timer = setTimeout(() => {
      const i = waiting.indexOf(w);
      if (i >= 0) waiting.splice(i, 1);
      counts.rejected++;
      resolve(busy());
    }, WAIT_MS);
    w.admit = () => {
      clearTimeout(timer);
      resolve(null);
    };
    waiting.push(w);
    counts.peakWaiting = Math.max(counts.peakWaiting, waiting.length);
  });
}

function busy() {
  return problem(503, "Service Unavailable", "The relay is busy; try again in a moment.", "busy", { "retry-after": "1" });
}

async function serve(request, env, ctx, arrive) {
  const req = { id: nextRequest++, ctx, env, queue: [], wake: null, done: false, inst: null, t: { arrive }, timing: env.SESAME_GLUE_STATS === "1" };
  const answer = new Promise((resolve, reject) => {
    req.resolve = resolve;
    req.reject = reject;
  });
  live.set(req.id, req);
  counts.peakActive = Math.max(counts.peakActive, live.size);
  req.probe = new AbortController();
  armWaker(req);
  // req's watch, a timer of its own context: it runs operations a waker
  // left (see armWaker) and re-arms the waker.
  req.watch = setInterval(() => {
    if (!req.done && (req.queue.length > 0 || !req.wake) && inContext(req)) runQueue(req);
  }, WATCH_MS);
  // A timer of this request's own: see the header.
  req.safety = setTimeout(() => req.reject(new Error("the relay's Go instance did not answer in time")), SAFETY_MS);
  let inst = null;
  try {
    inst = await instanceFor(env, req);
    req.inst = inst;
    inst.unpark();
    req.t.serve = Date.now();
    enter(req, () => inst.host.goServe(req.id, request.method, request.url, flatten(request.headers)));
    // The answer's parts cross contexts as plain values, and the Response
    // is made here, where the request's own handler continues: a Response
    // made wherever Go happened to run belonged, now and then under heavy
    // load, to another request, and workerd then failed the answer with
    // "Cannot perform I/O on behalf of a different request" (a 500).
    const a = await answer;
    return new Response(a.body, { status: a.status, headers: a.headers });
  } catch (e) {
    if (inst && (inst.go.exited || !inst.host)) kill(inst, message(e));
    throw e;
  } finally {
    release(inst, req);
  }
}

// stats describes the glue, for the benches and the chaos run (only with
// SESAME_GLUE_STATS=1): requests active and waiting, peaks, 503s, and the Go
// instance (collected first): heap, goroutines, pending calls, the size of its
// linear memory (Go never gives memory back: growth shows here), JavaScript
// values Go still holds, timers and glue entries open.
function stats() {
  const inst = shared && !(shared instanceof Promise) && !shared.dead ? shared : null;
  const out = { started, active: live.size, waiting: waiting.length, ...counts, hops, wasmBytes: 0, instances: [] };
  if (inst) {
    const go = enter(null, () => inst.host.goStats());
    const s = {
      goHeapAlloc: go.heapAlloc,
      goHeapSys: go.heapSys,
      goroutines: go.goroutines,
      pendingCalls: go.pendingCalls,
      wasmBytes: inst.memory.buffer.byteLength,
      jsRefs: inst.go._values ? inst.go._values.length - inst.go._idPool.length : null,
      timers: inst.timers.size + inst.parked.size,
      open: inst.fetches.size + inst.streams.size,
    };
    out.instances.push(s);
    out.wasmBytes = s.wasmBytes;
  }
  return out;
}

export default {
  async fetch(request, env, ctx) {
    // Only when the variable SESAME_GLUE_STATS is "1" (benches and chaos set it).
    if (env.SESAME_GLUE_STATS === "1" && new URL(request.url).pathname === "/.sesame/glue-stats") {
      return Response.json(stats());
    }
    const arrive = Date.now();
    // Tests only (with SESAME_GLUE_STATS): SESAME_GLUE_LIMITS="active,waiting".
    if (env.SESAME_GLUE_STATS === "1" && typeof env.SESAME_GLUE_LIMITS === "string") {
      const [a, w] = env.SESAME_GLUE_LIMITS.split(",").map(Number);
      if (a > 0) MAX_ACTIVE = a;
      if (w >= 0) MAX_WAITING = w;
    }
    const refused = await admission();
    if (refused) return refused;
    try {
      return await serve(request, env, ctx, arrive);
    } catch (e) {
      // Go exited (a panic outside the handler) or could not start: answer
      // as the relay does, and let the next request start a fresh instance.
      counts.failed++;
      console.error(`relay: ${message(e)}`);
      return problem(500, "Internal Server Error", "The relay failed; try again.", "internal");
    }
  },
};
