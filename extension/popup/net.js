// net.js holds the popup's bounded network reading: a response body cut at
// a number of bytes (probes and archive lookups), and a GET without
// cookies that gives up after a timeout (archive lookups).

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
    this.kind = kind; // network | timeout | http | bad | problem
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
