// probes.js makes the requests Go asks for while the popup is open (same
// origin as the page, GET or HEAD only, bounded in number, time and
// size), hands the results back to Go (sesame.analyze) and shows the plan
// again after each round, until Go asks for nothing more.
//
// No probe ever makes a request to another origin: each is sent with
// redirect: "manual", and a redirect is followed here, only to the page's
// own origin, at most PROBE_REDIRECTS times. Its Location comes from
// webRequest (net.js watchRedirects); a redirect whose Location is unknown
// or on another origin is reported to Go as a failure, not followed.
import { $, httpURL, msg } from "../lib/ext.js";
import { S } from "./state.js";
import { analyze } from "./go.js";
import { readCapped, watchRedirects } from "./net.js";
import { renderPlan } from "./render.js";
import { finishAll } from "./view.js";

// At most PROBE_CONCURRENCY at once, each given PROBE_TIMEOUT ms (body
// included) and at most PROBE_MAX_BYTES of body whatever Go asks.
const PROBE_CONCURRENCY = 4;
const PROBE_TIMEOUT = 3000;
const PROBE_MAX_BYTES = 2 << 20;
// PROBE_ROUNDS bounds the rounds of probes (Go plans at most 2).
const PROBE_ROUNDS = 4;
// PROBE_REDIRECTS bounds the same-origin redirects one probe follows.
const PROBE_REDIRECTS = 5;

// runProbes makes the requests Go asked for (list, from the first
// analyze), appends their results to S.input and asks Go again, until Go
// asks for nothing more; the plan is shown again after each round. It
// always ends with finishAll.
export async function runProbes(list) {
  const app = $("app");
  app.dataset.probes = "running";
  $("probe-status").textContent = msg("popupProbing");
  $("probe-status").hidden = false;
  const origin = new URL(S.record.url).origin;
  let redirects = null;
  try {
    redirects = await watchRedirects(origin);
    for (let round = 0; round < PROBE_ROUNDS && list.length > 0; round++) {
      const results = await pool(list, PROBE_CONCURRENCY, (p) => runProbe(p, origin, redirects));
      S.input.results.push(...results);
      const out = await analyze(S.input, "errorPlan");
      S.plan = out.plan;
      renderPlan();
      list = out.probes;
    }
  } catch (err) {
    console.error("sesame: probes:", err);
  } finally {
    redirects?.stop();
    $("probe-status").hidden = true;
    finishAll();
  }
}

// pool runs fn on every item, at most n at once, and returns the results
// in order.
async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

// runProbe makes one request Go asked for and returns its result
// ({id, url, status, finalURL, contentType, body, error?}). It refuses,
// whatever Go said, a URL of another origin than the page's and any
// method but GET and HEAD (a safety net, not a decision). Redirects are
// followed only within origin (see the top of this file); a redirect
// elsewhere gives {status: 0, finalURL: where it pointed, error}, which Go
// treats as a failed request.
async function runProbe(p, origin, redirects) {
  const result = { id: String(p?.id ?? ""), url: String(p?.url ?? ""), status: 0, finalURL: "", contentType: "", body: "" };
  const u = httpURL(p?.url);
  if (!u || u.origin !== origin || u.username || u.password) return { ...result, error: "refused: not the page's origin" };
  const method = p.method === "HEAD" ? "HEAD" : p.method === "GET" || p.method === undefined ? "GET" : null;
  if (!method) return { ...result, error: "refused: method" };
  const max = Math.min(Math.max(Number.isInteger(p.maxBytes) ? p.maxBytes : 0, 0), PROBE_MAX_BYTES);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), PROBE_TIMEOUT);
  try {
    let url = u.href;
    for (let hop = 0; ; hop++) {
      const res = await fetch(url, { method, credentials: "include", redirect: "manual", cache: "no-store", signal: ctl.signal });
      if (res.type === "opaqueredirect") {
        const next = nextHop(url, await redirects.location(url, ctl.signal), origin);
        if (ctl.signal.aborted) throw new Error("aborted");
        if (next.error) return { ...result, finalURL: next.finalURL ?? "", error: next.error };
        if (hop === PROBE_REDIRECTS) return { ...result, error: "too many redirects" };
        url = next.url;
        continue;
      }
      result.status = res.status;
      result.finalURL = url === u.href ? "" : url;
      result.contentType = res.headers.get("content-type") ?? "";
      if (max > 0 && method === "GET") result.body = await readCapped(res, max);
      else res.body?.cancel().catch(() => {});
      return result;
    }
  } catch (err) {
    return { ...result, status: 0, finalURL: "", body: "", error: ctl.signal.aborted ? "timeout" : String(err?.message ?? err).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

// nextHop checks where a redirect from url points (location, the raw
// Location header, or null when unknown) against the page's origin. It
// returns {url} to follow, or {error, finalURL?} when the redirect must
// not be followed: unknown or bad address, another origin (finalURL is
// then that address without user-info or fragment, for Go to see and
// refuse).
function nextHop(url, location, origin) {
  if (location === null) return { error: "redirect not followed: its address is unknown" };
  let next;
  try {
    next = new URL(location, url);
  } catch {
    return { error: "redirect not followed: bad address" };
  }
  next.hash = "";
  if (next.origin !== origin || next.username || next.password) {
    const web = next.protocol === "http:" || next.protocol === "https:";
    next.username = next.password = "";
    return { error: "redirect to another origin, not followed", finalURL: web ? next.href : "" };
  }
  return { url: next.href };
}
