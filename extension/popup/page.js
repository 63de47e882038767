// page.js finds what the popup is about: the tab, the background's record
// of its 401/403/407, the error page's text (bounded), the browser and
// system, and the optional permissions granted so far.
import { analysisKey, api, httpURL, recordKey, sameDocument } from "../lib/ext.js";
import { PopupError, S } from "./state.js";

// readPage and environment live in lib/ext.js: the background reads the
// page and the browser the same way when it computes the diagnosis ahead.
export { environment, readPage } from "../lib/ext.js";

// targetTab returns the tab the popup is about: ?tab=<id> (tests and
// "open in a tab"), else the active tab of the current window.
export async function targetTab() {
  const q = new URLSearchParams(location.search).get("tab");
  if (q !== null) {
    if (!/^\d{1,10}$/.test(q)) throw new PopupError("errorBadTab", `?tab=${q}`);
    return api.tabs.get(Number(q)).catch(() => { throw new PopupError("errorNoTab", `?tab=${q}`); });
  }
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  if (!tab || tab.id === undefined || tab.id < 0) throw new PopupError("errorNoTab", "");
  return tab;
}

// readStored reads, in one storage.session call, the tab's record and the
// diagnosis the background computed ahead for it ("analysis:<id>",
// described in background.js). It returns {record, analysis}: record is
// null when there is none; analysis is null when it is missing, malformed
// or stale (made for another URL or an older record), and the popup then
// asks Go itself.
export async function readStored(tabId) {
  const rk = recordKey(tabId), ak = analysisKey(tabId);
  const got = await api.storage.session.get([rk, ak]);
  const r = got[rk];
  if (!r || typeof r.url !== "string" || !Number.isInteger(r.status)) return { record: null, analysis: null };
  return { record: r, analysis: freshAnalysis(got[ak], r) };
}

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);

// freshAnalysis returns a, the background's stored analysis, when it was
// made for record (same URL, same detection time) and has the shape the
// popup renders; otherwise null.
export function freshAnalysis(a, record) {
  if (!isObject(a) || a.url !== record.url || a.detectedAt !== record.detectedAt) return null;
  if (!isObject(a.report) || !isObject(a.plan) || !Array.isArray(a.probes) || !isObject(a.input)) return null;
  const { now, env, body } = a.input;
  if (typeof now !== "string" || !isObject(env) || (body !== null && typeof body !== "string")) return null;
  return a;
}

// stillShown reports whether the tab still shows the flagged page. Without
// the "tabs" permission Chrome 156 hides tab.url for pages Sesame has no
// host permission for (chrome://…): a missing URL is not the flagged
// page. A tab that finished loading something that is not http(s)
// (chrome://version/, Firefox's about:blank) has moved on for good, and
// the background is told to forget the record.
export function stillShown(tab, record) {
  if (sameDocument(tab.url, record.url)) return true;
  if (tab.status === "complete" && !httpURL(tab.url)) {
    api.runtime.sendMessage({ type: "forget", tabId: tab.id }).catch(() => {});
  }
  return false;
}

// loadGranted records in S.granted which optional permissions the person
// granted so far.
export async function loadGranted() {
  const has = (permissions) => api.permissions.contains({ permissions }).catch(() => false);
  [S.granted.browsingData, S.granted.watch] = await Promise.all([has(["browsingData"]), has(["notifications"])]);
}
