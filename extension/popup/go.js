// go.js starts the Go helper in the popup, once, and makes its one call per
// phase: sesame.analyze, what the popup knows in (the flagged response,
// the probe results so far, the browser), {report, plan, probes} out.
import { startGo } from "../lib/ext.js";
import { PopupError, S } from "./state.js";

let goPromise = null;

// loadGo starts the Go helper once and resolves to globalThis.sesame; it
// records in S.goLoad how long that took.
export function loadGo() {
  goPromise ??= (async () => {
    const t = performance.now();
    let sesame;
    try {
      sesame = await startGo();
    } catch (err) {
      throw new PopupError("errorGoStart", err?.message);
    }
    S.goLoad = performance.now() - t;
    return sesame;
  })();
  return goPromise;
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

// analyze sends input ({response, results, env}) to sesame.analyze and
// returns its answer, {report, plan, probes}; any failure becomes a
// PopupError with errorKey.
export async function analyze(input, errorKey) {
  if (typeof S.sesame?.analyze !== "function") throw new PopupError(errorKey, "the Go helper has no analyze()");
  let out;
  try {
    out = JSON.parse(await S.sesame.analyze(JSON.stringify(input)));
  } catch (err) {
    throw new PopupError(errorKey, err?.message);
  }
  if (!isObject(out?.report) || !isObject(out.plan) || !Array.isArray(out.probes)) {
    throw new PopupError(errorKey, "sesame.analyze answered without report, plan and probes");
  }
  return out;
}

