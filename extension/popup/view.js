// view.js holds the popup's states (loading, report, none, error), the
// timing marks the tests and benchmarks read, the status line, and the
// small helpers that turn text into elements and dates into words. Text
// is only ever set with textContent.
import { $, msg, uiLanguage } from "../lib/ext.js";
import { S, started } from "./state.js";

// setState shows one of #report, #none and #error (#app[data-state]).
export function setState(state) {
  const app = $("app");
  app.dataset.state = state;
  app.removeAttribute("aria-busy");
  $("loading").hidden = true;
  $("report").hidden = state !== "report";
  $("none").hidden = state !== "none";
  $("error").hidden = state !== "error";
}

// shown records when the first final state (the report, "none" or an
// error) is on screen: data-timing and data-go-load.
export function shown() {
  const root = document.documentElement.dataset;
  root.timing = (performance.now() - started).toFixed(1);
  if (S.goLoad !== null) root.goLoad = S.goLoad.toFixed(1);
}

// finishAll marks the popup as settled: every probe done and the plan
// shown (data-ready, data-ready-all, #app[data-probes="done"]). Buttons do
// not move after this.
export function finishAll() {
  $("app").dataset.probes = "done";
  // Said politely to screen readers: the checks are done.
  if ($("app").dataset.state === "report") {
    $("plan-live").textContent = msg("popupProbesDone", [String(document.querySelectorAll("#actions button.action").length)]);
  }
  const root = document.documentElement.dataset;
  root.readyAll = (performance.now() - started).toFixed(1);
  root.ready = "1";
}

export function showNone() {
  $("title").textContent = msg("popupNoneTitle");
  setState("none");
  shown();
  finishAll();
}

export function showError(err) {
  console.error("sesame:", err);
  $("title").textContent = msg("errorTitle");
  $("error-text").textContent = msg(err?.key ?? "errorGeneric") || msg("errorGeneric");
  $("error-detail").textContent = String(err?.message ?? err ?? "");
  setState("error");
  if (!document.documentElement.dataset.timing) shown();
  finishAll();
}

// say puts text in the status line under the actions (#action-status).
export function say(text) {
  $("action-status").textContent = text;
}

// element makes an element with text (as text) and attributes.
export function element(tag, text, attrs) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  for (const [k, v] of Object.entries(attrs ?? {})) el.setAttribute(k, v);
  return el;
}

// detail makes the smaller second line of a button.
export function detail(text) {
  return element("span", ` ${text}`, { class: "detail" });
}

// clip shortens page-derived text for display (a realm may be 8 KiB long).
export function clip(text, max = 200) {
  const s = String(text);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

// formatTime words a time the report gives (Retry-After), or "".
export function formatTime(value) {
  if (!value) return "";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleString(uiLanguage(), { dateStyle: "medium", timeStyle: "short" });
}

// formatDate words an archived copy's date and time.
export function formatDate(d) {
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: "long", timeStyle: "short" }).format(d);
}

// relative words a time difference in ms ("in 5 minutes", "3 years ago")
// in the UI language.
export function relative(ms) {
  const rtf = new Intl.RelativeTimeFormat(uiLanguage(), { numeric: "auto" });
  const s = ms / 1000;
  const abs = Math.abs(s);
  const units = [["year", 365 * 86400], ["month", 30 * 86400], ["week", 7 * 86400], ["day", 86400], ["hour", 3600], ["minute", 60]];
  for (const [unit, size] of units) {
    if (abs >= size) return rtf.format(Math.trunc(s / size), unit);
  }
  return rtf.format(Math.trunc(s), "second");
}
