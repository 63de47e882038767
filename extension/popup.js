// Sesame's popup: reads the background's record of the tab's 401/403/407,
// reads the error page (bounded), asks the Go helper for the diagnosis and
// the plan, shows them, runs the probes Go asks for (same origin, GET
// only, bounded, only while the popup is open) and shows the plan again
// with what they found. Go decides; the popup runs browser APIs and
// renders. Go is loaded here, lazily, only when the tab has a record.
// When the background already computed the first phase (the report, the
// first plan and the probes, storage.session "analysis:<id>"), the popup
// shows it at once, without Go, and asks the background's Go for the
// probes' phases (the popup starts its own Go only if the background
// cannot answer, or when a button needs Go); a missing or stale analysis
// means the path before: the popup's Go first.
//
// This module starts the popup (main) and wires its fixed buttons; the
// rest lives in popup/, one module per part:
//   popup/state.js    the shared state S, the start time, PopupError
//   popup/page.js     the tab, its record, the error page, the browser
//   popup/go.js       the Go helper: start once, sesame.analyze per phase
//   popup/probes.js   the requests Go asks for, in rounds
//   popup/render.js   the report and the plan on screen
//   popup/view.js     states, timing marks, small text/element helpers
//   popup/actions.js  what the buttons do (navigate, mail, copy, clear, watch)
//   popup/archive.js  archived copies (relay, else Wayback directly)
//   popup/net.js      bounded response reading
// They import the shared helpers from lib/ext.js and the settings from
// lib/config.js. Go's loader, wasm_exec.js, is a classic script that
// popup.html loads before this module (it sets globalThis.Go).
//
// The tab is the active tab of the current window, or ?tab=<id> (tests and
// "open in a tab"). DOM contract, used by the browser tests (dev/e2e/) and
// kept stable:
//   <main id="app" data-state="loading|none|report|error"
//     data-probes="running|done" data-cleared="1" data-copied="1"
//     data-held="1">,
//   #title (an h1 in every state), #explain (> p, the first two shown;
//     the rest in #explain-more > p), #facts,
//   #warnings > li[data-lookalike="1"][data-host],
//   #actions button.action[data-kind][data-url][data-working][data-checked][data-host][data-primary]
//     (data-kind: an action kind of the plan, or "copy" after "report";
//     data-url: where the button leads, http(s) or mailto:; data-working:
//     the nearest folder or home page that works; data-primary="1": the
//     one primary action, first). #actions-main holds the primary action
//     and at most three next-best ones; the others are in #more-list
//     inside the closed disclosure #more-ways (its summary
//     #more-ways-summary), with #details-box; the contacts are the
//     "Contact the site" entry #contacts-box (a details element among the
//     buttons, summary #contacts-summary). A new plan is held back while
//     the pointer is over #actions or the person moved the focus into it
//     (#app[data-held="1"]) and shown when they leave;
//   #confirm (#confirm-yes, #confirm-no; Escape closes it and the focus
//     goes back to the button that opened it), #action-status,
//   #watch-status[data-state] (#watch-text, #watch-stop),
//   #archive[data-state="loading|found|none|offline|unreachable|error"]
//     [data-source="relay|wayback-direct"] (#archive-status,
//     #archive-closest with button[data-kind="open-archive"][data-url],
//     #archive-retry, #archive-more > li[data-archive-id][data-outcome]),
//   #contacts > li[data-kind][data-expired] > button[data-url], #details,
//   #details-box, #none, #error (#error-text, #error-detail),
//   #open-options (the only control in the "none" state), #probe-status,
//   #plan-live (aria-live="polite": says when the checks are done);
//   <html data-timing="<ms>" data-go-load="<ms>"> once the first final
//   state is on screen (the report before the probes, "none" or an error),
//   data-first="stored|go" saying whether that report came from the
//   background's analysis or from Go in the popup, data-go-start and
//   data-go-ready (ms since the script began) when the popup's Go was
//   started and ready (absent when it was not needed; data-go-load
//   stays absent when Go started after the report),
//   data-shown-at: when the report was shown, in ms since the popup's
//   page began loading (data-timing counts from the script's start),
//   and data-ready="1" data-ready-all="<ms>" once every probe is done and
//   the plan is shown again: from then on the buttons stay put. When the
//   report is shown the primary action has the focus, and keeps it (the
//   new primary gets it) until the person moves it.
// Every piece of page- or server-derived text is set with textContent;
// nothing becomes HTML.
import { $, api, localize } from "./lib/ext.js";
import { loadConfig, loadOptions } from "./lib/config.js";
import { S } from "./popup/state.js";
import { environment, loadGranted, readPage, readStored, stillShown, targetTab } from "./popup/page.js";
import { analyze, lateGo, loadGo } from "./popup/go.js";
import { runProbes } from "./popup/probes.js";
import { renderPlan, renderReport } from "./popup/render.js";
import { setState, showError, showNone, shown, say } from "./popup/view.js";
import { closeConfirm, loadWatch, stopWatching } from "./popup/actions.js";
import { lookupArchive } from "./popup/archive.js";

// wire connects the buttons that are always in the page.
function wire() {
  $("open-options").addEventListener("click", () => api.runtime.openOptionsPage().catch(showError));
  $("confirm-yes").addEventListener("click", () => S.confirmYes?.());
  $("confirm-no").addEventListener("click", () => {
    closeConfirm();
    say("");
  });
  $("confirm").addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      closeConfirm();
    }
  });
  $("watch-stop").addEventListener("click", stopWatching);
  $("archive-retry").addEventListener("click", () => lookupArchive());
}

// settings loads config.json and the person's options into S.
async function settings() {
  [S.config, S.options] = await Promise.all([loadConfig(), loadOptions()]);
}

async function main() {
  // The settings are read from the start, alongside: the plan's buttons depend on them.
  const later = Promise.all([settings(), loadGranted()]);
  localize();
  wire();
  const tab = await targetTab();
  S.tabId = tab.id;
  const [{ record, analysis }] = await Promise.all([readStored(tab.id), later]);
  if (!record || !stillShown(tab, record)) return showNone();
  S.record = record;
  const headers = Array.isArray(record.headers) ? record.headers : [];
  const response = { url: record.url, method: record.method || "GET", status: record.status, headers };
  let first;
  if (analysis) {
    // The background computed the first phase ahead: shown at once, no Go.
    const body = analysis.input.body;
    S.input = { response: { ...response, body: body ?? "", now: analysis.input.now }, results: [], env: analysis.input.env };
    // The background kept no text for a long page: it is read again for the probes' phase.
    if (body === null) S.inputReady = readPage(tab.id, record.url).then((b) => { S.input.response.body = b; });
    S.sesame = lateGo();
    S.viaBackground = true;
    first = { report: analysis.report, plan: analysis.plan, probes: analysis.probes };
    document.documentElement.dataset.first = "stored";
  } else {
    const [sesame, body, env] = await Promise.all([loadGo(), readPage(tab.id, record.url), environment()]);
    S.sesame = sesame;
    const now = new Date(Number.isFinite(record.time) ? record.time : Date.now()).toISOString();
    S.input = { response: { ...response, body, now }, results: [], env };
    first = await analyze(S.input, "errorDiagnose");
    document.documentElement.dataset.first = "go";
  }
  S.report = first.report;
  S.plan = first.plan;
  renderReport(S.report);
  renderPlan();
  setState("report");
  $("actions").querySelector("button")?.focus();
  shown();
  document.documentElement.dataset.shownAt = performance.now().toFixed(1);
  loadWatch();
  await runProbes(first.probes);
}

main().catch(showError);
