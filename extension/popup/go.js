// go.js starts the Go helper in the popup, once, and makes its one call per
// phase: sesame.analyze, what the popup knows in (the flagged response,
// the probe results so far, the browser), {report, plan, probes} out.
//
// When the background computed the first phase ahead (popup.js), the popup
// shows it without Go, and the phases of the probes are asked of the
// background's Go (S.viaBackground; the popup's own Go if the background
// cannot answer). S.sesame is then a stand-in whose functions start the
// popup's Go only when a button needs it, and analyze waits for
// S.inputReady (the error page's text, when the background did not keep
// it).
import { api, startGo } from "../lib/ext.js";
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

// backgroundAnalyze asks the background's Go for sesame.analyze (message
// "analyze") and returns its answer, or null when the background could not
// answer (the popup's own Go is used then). A refusal of the input itself
// is Go's answer and is thrown.
async function backgroundAnalyze(json) {
  let got;
  try {
    got = await api.runtime.sendMessage({ type: "analyze", input: json });
  } catch (err) {
    console.error("sesame: background analyze:", err);
    return null;
  }
  if (typeof got?.answer === "string") return got.answer;
  console.error("sesame: background analyze:", got?.error);
  return null;
}

// analyze sends input ({response, results, env}) to sesame.analyze and
// returns its answer, {report, plan, probes}; any failure becomes a
// PopupError with errorKey. It waits for S.inputReady, and asks the
// background when S.viaBackground, else starts the popup's Go if needed.
export async function analyze(input, errorKey) {
  let out;
  try {
    await S.inputReady;
    const json = JSON.stringify(input);
    let answer = S.viaBackground ? await backgroundAnalyze(json) : null;
    if (answer === null) {
      const sesame = await loadGo();
      if (typeof sesame?.analyze !== "function") throw new Error("the Go helper has no analyze()");
      answer = await sesame.analyze(json);
    }
    out = JSON.parse(answer);
  } catch (err) {
    throw new PopupError(err?.key ?? errorKey, err?.message);
  }
  if (!isObject(out?.report) || !isObject(out.plan) || !Array.isArray(out.probes)) {
    throw new PopupError(errorKey, "sesame.analyze answered without report, plan and probes");
  }
  return out;
}
