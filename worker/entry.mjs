// The Worker entry module of the Sesame relay: reuse glue for the Go instance.
//
// The stock glue of github.com/syumai/workers (the generated build/worker.mjs;
// kept only as the bench's baseline, dev/scripts/build-stock.sh) starts a
// fresh Go instance for every request, which costs several milliseconds of
// CPU. This module keeps started instances in a small pool and reuses them.
//
// workerd ties every promise, timer and fetch to the request (IoContext) that
// created it, and a request whose context is gone cannot be resumed from
// another. So an instance serves one request at a time, and Go is only ever
// entered on behalf of the request it is serving:
//   - concurrent requests take further instances (at most MAX_IDLE stay);
//   - completions of calls started for an earlier request are dropped (Go
//     has already given up on them: their context ended with the request);
//   - Go's timers are parked when a request ends and re-armed, with their
//     original due time, when the instance takes its next request. Otherwise
//     a timer left in an earlier request's context (kept alive by its
//     waitUntil) would run Go there, and the current request would hang.
//
// Go and this module talk through numbered calls (see glue_js.go): no
// function object is created per request, and the tables below are emptied
// when each request ends, so a long-lived instance stays flat.

import "./build/wasm_exec.js";
import wasmModule from "./build/app.wasm";

const MAX_IDLE = 2;
// Statuses whose Response must have a null body.
const NULL_BODY = new Set([101, 204, 205, 304]);

const idle = [];
let nextRequest = 1;
let started = 0;

function pairs(flat) {
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function flatten(headers) {
  const flat = [];
  for (const [k, v] of headers) flat.push(k, v);
  return flat;
}

function message(err) {
  return String((err && err.message) || err || "unknown error");
}

// startInstance starts one Go instance and resolves once Go is ready.
async function startInstance(env, ctx) {
  const go = new Go();
  const fetches = new Map(); // call id -> {ac, req}
  const streams = new Map(); // stream id -> {reader, req}
  const dues = new Map(); // Go timeout id -> due time (ms)
  let nextStream = 1;
  const inst = { dead: false, current: null, fetches, streams, served: 0 };

  // Go's timeout events, as wasm_exec.js schedules them, but re-armable.
  const arm = (id, due) => {
    clearTimeout(go._scheduledTimeouts.get(id));
    dues.set(id, due);
    go._scheduledTimeouts.set(
      id,
      setTimeout(
        () => {
          go._resume();
          while (go._scheduledTimeouts.has(id)) go._resume(); // see wasm_exec.js (golang/go#28975)
        },
        Math.max(0, due - Date.now()),
      ),
    );
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
    clearTimeout(go._scheduledTimeouts.get(id));
    go._scheduledTimeouts.delete(id);
    dues.delete(id);
  };
  inst.parkTimers = () => {
    for (const h of go._scheduledTimeouts.values()) clearTimeout(h);
  };
  inst.armTimers = () => {
    for (const [id, due] of dues) if (go._scheduledTimeouts.has(id)) arm(id, due);
  };

  // done hands a call's result to Go, unless the call belongs to a request
  // that has ended.
  const done = (req, call, value, err) => {
    if (inst.dead || inst.current !== req) return;
    try {
      host.goDone(call, value, err);
    } catch (e) {
      inst.dead = true;
    }
  };

  const host = {
    respond(id, status, headers, body) {
      const r = inst.current;
      if (!r || r.id !== id) return;
      r.resolve(new Response(NULL_BODY.has(status) ? null : body, { status, headers: pairs(headers) }));
    },
    fetch(call, method, url, headers, body) {
      const req = inst.current;
      const ac = new AbortController();
      fetches.set(call, { ac, req });
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
          fetches.delete(call);
          let stream = 0;
          if (res.body) {
            if (inst.current !== req) {
              res.body.cancel().catch(() => {});
              return;
            }
            stream = nextStream++;
            streams.set(stream, { reader: res.body.getReader(), req });
          }
          done(req, call, { status: res.status, statusText: res.statusText, headers: flatten(res.headers), stream });
        },
        (err) => {
          fetches.delete(call);
          done(req, call, undefined, message(err));
        },
      );
    },
    read(call, stream) {
      const req = inst.current;
      const s = streams.get(stream);
      if (!s) {
        done(req, call, null);
        return;
      }
      s.reader.read().then(
        ({ done: end, value }) => {
          if (end) {
            streams.delete(stream);
            done(req, call, null);
            return;
          }
          done(req, call, value instanceof Uint8Array ? value : new Uint8Array(value));
        },
        (err) => {
          streams.delete(stream);
          done(req, call, undefined, message(err));
        },
      );
    },
    cancel(stream) {
      const s = streams.get(stream);
      if (!s) return;
      streams.delete(stream);
      s.reader.cancel().catch(() => {});
    },
    abort(call) {
      const f = fetches.get(call);
      if (!f) return;
      fetches.delete(call);
      f.ac.abort();
    },
    cacheMatch(call, key) {
      const req = inst.current;
      caches.default
        .match(key)
        .then((res) => (res ? res.arrayBuffer() : null))
        .then(
          (buf) => done(req, call, buf ? new Uint8Array(buf) : null),
          (err) => done(req, call, undefined, message(err)),
        );
    },
    cachePut(key, body, cacheControl) {
      let p;
      try {
        p = caches.default.put(
          key,
          new Response(body, { headers: { "content-type": "application/json", "cache-control": cacheControl } }),
        );
      } catch (e) {
        return;
      }
      p = p.catch(() => {});
      // The answer does not wait for the write; the request lives on until it is done.
      if (inst.current && inst.current.ctx) inst.current.ctx.waitUntil(p);
    },
  };

  let ready;
  const readyPromise = new Promise((resolve) => (ready = resolve));
  const instance = new WebAssembly.Instance(wasmModule, {
    ...go.importObject,
    workers: { ready: () => ready() },
  });
  // The generated wasm_exec.js passes this object to Go as its global
  // "context"; Go finds the host functions under "sesame".
  const exited = go.run(instance, { env, ctx, binding: {}, sesame: host });
  exited.then(
    () => shutdown(inst, "the relay's Go instance exited"),
    (e) => shutdown(inst, message(e)),
  );
  await Promise.race([readyPromise, exited.then(() => Promise.reject(new Error("relay: Go exited during start-up")))]);
  inst.host = host;
  inst.go = go;
  inst.memory = instance.exports.mem;
  started++;
  return inst;
}

function shutdown(inst, why) {
  inst.dead = true;
  if (inst.current) inst.current.reject(new Error(why));
  for (const f of inst.fetches.values()) f.ac.abort();
  inst.fetches.clear();
  inst.streams.clear();
}

// release drops whatever the finished request left behind (a body Go never
// closed, a fetch still in flight) and parks Go's timers.
function release(inst, req) {
  inst.current = null;
  inst.parkTimers();
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
}

function serve(inst, request, ctx) {
  const req = { id: nextRequest++, ctx };
  return new Promise((resolve, reject) => {
    req.resolve = resolve;
    req.reject = reject;
    inst.current = req;
    inst.armTimers();
    try {
      inst.host.goServe(req.id, request.method, request.url, flatten(request.headers));
    } catch (e) {
      inst.dead = true;
      reject(e);
    }
  }).finally(() => release(inst, req));
}

// stats describes the pool, for dev/scripts/bench-relay.sh: how many instances
// were started and, for each idle one after a garbage collection in Go, how
// many requests it served, Go's heap, its goroutines and pending calls, the
// size of its linear memory (Go never gives memory back, so a leak shows
// here), how many JavaScript values Go still references, and how many timers
// and glue entries are open.
function stats() {
  return {
    started,
    idle: idle.map((i) => {
      const go = i.host.goStats();
      return {
        served: i.served,
        goHeapAlloc: go.heapAlloc,
        goHeapSys: go.heapSys,
        goroutines: go.goroutines,
        pendingCalls: go.pendingCalls,
        wasmBytes: i.memory.buffer.byteLength,
        jsRefs: i.go._values ? i.go._values.length - i.go._idPool.length : null,
        timers: i.go._scheduledTimeouts.size,
        open: i.fetches.size + i.streams.size,
      };
    }),
  };
}

export default {
  async fetch(request, env, ctx) {
    // Only when the variable SESAME_GLUE_STATS is "1" (the bench sets it).
    if (env.SESAME_GLUE_STATS === "1" && new URL(request.url).pathname === "/.sesame/glue-stats") {
      return Response.json(stats());
    }
    let inst = idle.pop();
    while (inst && inst.dead) inst = idle.pop();
    try {
      if (!inst) inst = await startInstance(env, ctx);
      return await serve(inst, request, ctx);
    } catch (e) {
      // Go exited (a panic outside the handler) or could not start: answer
      // as the relay does, and let the next request start a fresh instance.
      console.error(`relay: ${message(e)}`);
      return Response.json(
        { type: "about:blank", title: "Internal Server Error", status: 500, detail: "The relay failed; try again.", code: "internal" },
        { status: 500, headers: { "content-type": "application/problem+json", "cache-control": "no-store", "access-control-allow-origin": "*" } },
      );
    } finally {
      if (inst) {
        inst.served++;
        if (!inst.dead && idle.length < MAX_IDLE) idle.push(inst);
      }
    }
  },
};
