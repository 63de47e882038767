// net.js holds the popup's bounded network reading: a response body cut at
// a number of bytes (probes and archive lookups), a GET without cookies
// that gives up after a timeout (archive lookups), and the Location of the
// redirects the probes are answered with (watchRedirects), which a fetch
// with redirect: "manual" does not show.
import { api } from "../lib/ext.js";

// readCapped reads at most max bytes of a response body, cancels the rest,
// and decodes them with the charset the response names (else UTF-8).
export async function readCapped(res, max) {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks = [];
  let total = 0;
  try {
    while (total < max) {
      const { done, value } = await reader.read();
      if (done) break;
      const part = value.byteLength > max - total ? value.subarray(0, max - total) : value;
      chunks.push(part);
      total += part.byteLength;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const charset = /charset\s*=\s*"?([\w.:-]+)/i.exec(res.headers.get("content-type") ?? "")?.[1];
  let decoder;
  try {
    decoder = new TextDecoder(charset || "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(bytes);
}

// FetchError is a failed lookup; kind says how it failed.
export class FetchError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // network | timeout | http | bad | problem | busy (429)
  }
}

// fetchText GETs url without cookies and returns {res, text} with at most
// max bytes of the body, or throws a FetchError.
export async function fetchText(url, timeout, max) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeout);
  try {
    let res;
    try {
      res = await fetch(url, { credentials: "omit", redirect: "follow", signal: ctl.signal, headers: { Accept: "application/json" } });
    } catch (err) {
      throw new FetchError(ctl.signal.aborted ? "timeout" : "network", String(err?.message ?? err));
    }
    let text;
    try {
      text = await readCapped(res, max);
    } catch (err) {
      throw new FetchError(ctl.signal.aborted ? "timeout" : "network", String(err?.message ?? err));
    }
    return { res, text };
  } finally {
    clearTimeout(timer);
  }
}

// LOCATION_WAIT is how long (ms) a probe waits for the webRequest event of
// a redirect it was answered with. Seen here: the event comes before the
// fetch resolves in Chromium 156 (once 2 ms after), and up to about 15 ms
// after it in Firefox ESR 153.
const LOCATION_WAIT = 1000;

// watchRedirects listens, while the probes of one page run, to the
// response headers of this extension page's own requests to origin's host
// (webRequest.onHeadersReceived, non-blocking), so that a probe made with
// redirect: "manual" (an opaque answer, no Location) learns where a 3xx
// answer pointed without the browser going there. It returns
// {location(url, signal), stop()}: location resolves to the Location
// header of the next 3xx answer to url (as sent, maybe relative), or null
// when none was seen within LOCATION_WAIT ms.
//
// Both browsers report an extension page's own fetches to it (checked in
// Chromium 156 and Firefox ESR 153): tabId -1 in the toolbar popup, the
// tab's id when popup.html is open in a tab (as in the browser tests).
// Firefox 153 matches nothing with a port in the filter's pattern, so the
// filter names the host only and the URL is compared here.
export async function watchRedirects(origin) {
  const o = new URL(origin);
  const own = new URL(api.runtime.getURL("")).origin;
  const tabId = (await api.tabs?.getCurrent?.().catch(() => null))?.id ?? -1;
  const seen = new Map(); // url → Location values not yet claimed
  const waiting = new Map(); // url → resolvers waiting for a Location
  const listener = (d) => {
    if (d.statusCode < 300 || d.statusCode > 399 || (d.tabId !== tabId && d.tabId !== -1)) return;
    const from = d.initiator ?? d.originUrl ?? d.documentUrl ?? "";
    if (from !== own && !from.startsWith(own + "/")) return;
    const loc = d.responseHeaders?.find((h) => h.name.toLowerCase() === "location")?.value;
    if (typeof loc !== "string") return;
    const w = waiting.get(d.url);
    if (w?.length) {
      w.shift()(loc);
      return;
    }
    const list = seen.get(d.url) ?? [];
    if (list.length < 8) list.push(loc);
    seen.set(d.url, list);
  };
  let listening = false;
  try {
    api.webRequest.onHeadersReceived.addListener(listener, { urls: [`${o.protocol}//${o.hostname}/*`], types: ["xmlhttprequest"] }, ["responseHeaders"]);
    listening = true;
  } catch (err) {
    // Without webRequest no redirect is followed (each is a failure).
    console.warn("sesame: webRequest:", err);
  }
  return {
    location(url, signal) {
      const list = seen.get(url);
      if (list?.length) return Promise.resolve(list.shift());
      if (!listening) return Promise.resolve(null);
      return new Promise((resolve) => {
        let done = false;
        const finish = (v) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          signal?.removeEventListener("abort", abort);
          const w = waiting.get(url);
          const i = w?.indexOf(finish) ?? -1;
          if (i >= 0) w.splice(i, 1);
          resolve(v);
        };
        const abort = () => finish(null);
        const timer = setTimeout(abort, LOCATION_WAIT);
        signal?.addEventListener("abort", abort);
        const w = waiting.get(url) ?? [];
        w.push(finish);
        waiting.set(url, w);
      });
    },
    stop() {
      if (listening) api.webRequest.onHeadersReceived.removeListener(listener);
      for (const w of waiting.values()) for (const f of [...w]) f(null);
    },
  };
}
