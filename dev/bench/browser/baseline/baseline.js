// baseline.js is the bench's baseline popup (never shipped): what a
// JavaScript-only extension does to show a popup from stored data. It
// reads the tab's record and the stored analysis from storage.session in
// one call, writes the title, the advice, the realm and one button per
// action as text from _locales, and marks <html data-shown-at> (ms since
// the page began loading) and data-timing (ms since this script began) as
// the real popup does. No Go, no page read,
// no settings, no probes.
const started = performance.now();
const api = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);
const msg = (key, params) => api.i18n.getMessage(String(key ?? "").replace(/[^A-Za-z0-9_@]/g, "_"), (params ?? []).map(String)) || "";

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

async function main() {
  const tabId = Number(new URLSearchParams(location.search).get("tab"));
  const got = await api.storage.session.get([`tab:${tabId}`, `analysis:${tabId}`]);
  const record = got[`tab:${tabId}`], a = got[`analysis:${tabId}`];
  const app = $("app");
  if (!record || !a || a.detectedAt !== record.detectedAt) {
    $("none").hidden = false;
    $("none").textContent = msg("popupNone");
    app.dataset.state = "none";
  } else {
    const r = a.report;
    $("title").textContent = msg(`title_${r.kind}`) || msg(`title${r.status}`) || msg("titleOther", [r.status]);
    for (const m of r.advice ?? []) $("explain").append(el("p", msg(m.key, m.params)));
    const realms = [...new Set((r.challenges ?? []).map((c) => c.realm).filter(Boolean))];
    if (realms.length) $("facts").append(el("dt", msg("factRealm")), el("dd", realms.join(", ")));
    $("actions-heading").textContent = msg("popupActionsHeading");
    $("actions").replaceChildren(...(a.plan.actions ?? []).map((x) => el("button", msg(x.key, x.params) || x.kind, { type: "button", class: "action", "data-kind": x.kind })));
    $("loading").hidden = true;
    $("report").hidden = false;
    app.dataset.state = "report";
  }
  app.removeAttribute("aria-busy");
  $("actions").querySelector("button")?.focus();
  document.documentElement.dataset.shownAt = performance.now().toFixed(1);
  document.documentElement.dataset.timing = (performance.now() - started).toFixed(1);
  document.documentElement.dataset.ready = "1";
}

main();
