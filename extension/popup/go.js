// go.js starts the Go helper in the popup, once, and makes its one call per
// phase: sesame.analyze, what the popup knows in (the flagged response,
// the probe results so far, the browser), {report, plan, probes} out.
//
// When the background computed the first phase ahead (popup.js), the popup
// shows it without Go and starts Go only afterwards, for what the probes
// bring: S.sesame is then a stand-in whose functions wait for Go, and
// analyze waits for S.inputReady (the error page's text, when the
// background did not keep it).
import { startGo } from "../lib/ext.js";
import { PopupError, S, started } from "./state.js";

let goPromise = null;

// loadGo starts the Go helper once and resolves to globalThis.sesame. It
// records in S.goLoad how long that took, and marks the popup's root
// (data-go-start, data-go-ready: ms since the popup's script began) so
// tests can tell whether Go was started before or after the first paint.
export function loadGo() {
  goPromise ??= (async () => {
    const root = document.documentElement.dataset;
    const t = performance.now();
    root.goStart = (t - started).toFixed(1);
    let sesame;
    try {
      sesame = await startGo();
    } catch (err) {
      throw new PopupError("errorGoStart", err?.message);
    }
    S.goLoad = performance.now() - t;
    root.goReady = (performance.now() - started).toFixed(1);
    S.sesame = sesame;
    return sesame;
  })();
  return goPromise;
}

// lateGo returns a stand-in for globalThis.sesame whose every function
// starts Go (loadGo), waits for it and then calls Go's function of that
// name: the buttons and the archive lookup work even when clicked before
// Go is ready. S.sesame is replaced by the real namespace once Go runs.
export function lateGo() {
  return new Proxy(Object.freeze({}), {
    // Not a thenable: "then" stays undefined, so awaiting S.sesame is harmless.
    get: (_, name) => typeof name !== "string" || name === "then" ? undefined : async (arg) => {
      const sesame = await loadGo();
      if (typeof sesame[name] !== "function") throw new Error(`the Go helper has no ${name}()`);
      return sesame[name](arg);
    },
  });
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

// analyze sends input ({response, results, env}) to sesame.analyze and
// returns its answer, {report, plan, probes}; any failure becomes a
// PopupError with errorKey. It starts Go if needed and waits for
// S.inputReady.
export async function analyze(input, errorKey) {
  let out;
  try {
    const [sesame] = await Promise.all([loadGo(), S.inputReady]);
    if (typeof sesame?.analyze !== "function") throw new Error("the Go helper has no analyze()");
    out = JSON.parse(await sesame.analyze(JSON.stringify(input)));
  } catch (err) {
    throw new PopupError(err?.key ?? errorKey, err?.message);
  }
  if (!isObject(out?.report) || !isObject(out.plan) || !Array.isArray(out.probes)) {
    throw new PopupError(errorKey, "sesame.analyze answered without report, plan and probes");
  }
  return out;
}
