// A plain JavaScript Worker that does the relay's I/O without Go: the bench's
// control for memory and for CPU. GET /v1/lookup?url=U asks the rate limiter
// (when bound), then answers from caches.default, or
// fetches U from every endpoint in ARCHIVES_JSON (bodies read in full), stores
// a small answer and returns it. If workerd's memory grows as much here as
// with the relay, the growth is not the Go glue's.
export default {
  async fetch(request, env, ctx) {
    const u = new URL(request.url);
    if (u.pathname === "/healthz") return new Response('{"status":"ok"}\n');
    const target = u.searchParams.get("url") || "";
    if (env.RATE_LIMITER) await env.RATE_LIMITER.limit({ key: request.headers.get("cf-connecting-ip") || "" });
    const key = `${u.origin}/.control-cache/${encodeURIComponent(target)}`;
    const hit = await caches.default.match(key);
    if (hit) return new Response(await hit.arrayBuffer(), { headers: { "content-type": "application/json" } });
    const archives = JSON.parse(env.ARCHIVES_JSON || "[]");
    let bytes = 0;
    await Promise.all(
      archives.map(async (a) => {
        const ac = new AbortController();
        const res = await fetch(a.endpoint + encodeURIComponent(target), { redirect: "manual", signal: ac.signal });
        if (!res.body) return;
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          bytes += value.byteLength;
        }
      }),
    );
    const body = JSON.stringify({ url: target, bytes, cached: false });
    ctx.waitUntil(caches.default.put(key, new Response(body, { headers: { "cache-control": "max-age=600" } })));
    return new Response(body, { headers: { "content-type": "application/json" } });
  },
};
