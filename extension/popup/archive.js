// archive.js finds archived copies of the page, only after the person
// clicks: it asks the relay (GET /v1/lookup), or the Wayback Machine's
// availability API directly when the relay cannot be reached or is busy
// (429) and the person kept the Wayback Machine in the options, and shows
// the answer in #archive.
//
// #archive[data-state] is one of loading, found, none, offline,
// unreachable, error, busy (the relay answered 429 and the Wayback Machine
// is switched off) and refused (Firefox: the person did not allow sending
// the page's address).
//
// Firefox's built-in data consent: sending the page's address to the relay
// (or to the Internet Archive) is "browsingActivity", declared optional in
// the manifest and requested at the first lookup click; without it nothing
// is sent.
import { $, api, httpURL, msg, uiLanguage, webURL } from "../lib/ext.js";
import { relayOf, waybackOf } from "../lib/config.js";
import { FIREFOX, S } from "./state.js";
import { FetchError, fetchText } from "./net.js";
import { clip, detail, element, formatDate, relative } from "./view.js";
import { navigate } from "./actions.js";

// The relay is given RELAY_TIMEOUT ms (its timeout= parameter) and
// RELAY_GRACE more before Sesame stops waiting; the direct Wayback
// request WAYBACK_TIMEOUT ms and at most WAYBACK_MAX_BYTES.
const RELAY_TIMEOUT = 6000;
const RELAY_GRACE = 2000;
const RELAY_MAX_BYTES = 1 << 20;
const WAYBACK_TIMEOUT = 6000;
const WAYBACK_MAX_BYTES = 1 << 20;

// archiveRun counts lookups: only the latest one shows its answer.
let archiveRun = 0;

// relayURL is the relay the person chose, else the one built in.
export function relayURL() {
  return relayOf(S.config, S.options);
}

function archiveState(state, text, source) {
  const sec = $("archive");
  sec.hidden = false;
  sec.dataset.state = state;
  if (source) sec.dataset.source = source;
  else delete sec.dataset.source;
  sec.setAttribute("aria-busy", state === "loading" ? "true" : "false");
  $("archive-status").textContent = text;
  $("archive-retry").hidden = !["unreachable", "offline", "error", "busy", "refused"].includes(state);
  if (state !== "found") $("archive-closest").hidden = true;
  if (state === "loading") {
    $("archive-more-box").hidden = true;
    $("archive-more").replaceChildren();
  }
}

// lookupArchive asks the relay for copies of plan.archiveURL (Go removed
// user-info, fragment and secret-looking parameters; archiveURLNoQuery
// when the person chose to drop the query). When the relay cannot be
// reached or is busy, it asks the Wayback Machine's availability API
// directly, only when the person kept that archive in the options. In
// Firefox it first asks for the "browsingActivity" data permission; this
// happens before anything is awaited, while the click still counts as the
// person's gesture.
export async function lookupArchive() {
  const consent = askConsent();
  const run = ++archiveRun;
  const target = S.options.dropQuery ? S.plan.archiveURLNoQuery : S.plan.archiveURL;
  if (!httpURL(target)) {
    archiveState("error", msg("archiveError", ["no address to look up"]));
    return;
  }
  archiveState("loading", msg("archiveLoading"));
  $("archive").scrollIntoView?.({ block: "nearest" });
  if (!(await consent)) {
    if (run === archiveRun) archiveState("refused", msg("archiveConsentRefused"));
    return;
  }
  if (run !== archiveRun) return;
  if (navigator.onLine === false) {
    archiveState("offline", msg("archiveOffline"));
    return;
  }
  let relayFailure;
  try {
    const answer = await relayLookup(target);
    if (run === archiveRun) showArchive(answer, "relay");
    return;
  } catch (err) {
    if (run !== archiveRun) return;
    if (err.kind === "problem") {
      archiveState("error", msg("archiveError", [err.message]), "relay");
      return;
    }
    relayFailure = err;
    console.warn("sesame: relay:", err);
  }
  const busy = relayFailure.kind === "busy";
  if (!enabledArchive("wayback")) {
    // The person switched the Wayback Machine off: it is never asked.
    if (busy) archiveState("busy", msg("archiveBusyNoDirect"), "relay");
    else archiveState("unreachable", msg("archiveUnreachableNoDirect"), "relay");
    return;
  }
  archiveState("loading", msg(busy ? "archiveLoadingBusy" : "archiveLoadingDirect"));
  try {
    const answer = await waybackDirect(target);
    if (run === archiveRun) showArchive(answer, "wayback-direct", busy);
  } catch (err) {
    if (run !== archiveRun) return;
    console.warn("sesame: Wayback availability:", err);
    if (relayFailure.kind === "network" && err.kind === "network") archiveState("offline", msg("archiveOffline"), "wayback-direct");
    else archiveState("unreachable", msg(busy ? "archiveBusyUnreachable" : "archiveUnreachable"), "wayback-direct");
  }
}

// askConsent resolves to whether the page's address may be sent. Firefox
// asks the person for the optional "browsingActivity" data permission
// (built-in data consent) the first time, and answers at once after that;
// other browsers have no such permission (feature-detected: the manifest
// declares it only for Firefox, and only Firefox accepts data_collection).
// It must be called synchronously from the click handler.
function askConsent() {
  const declared = api.runtime.getManifest?.()?.browser_specific_settings?.gecko?.data_collection_permissions?.optional;
  if (!FIREFOX || !Array.isArray(declared) || !declared.includes("browsingActivity")) return Promise.resolve(true);
  try {
    return api.permissions.request({ data_collection: ["browsingActivity"] }).catch((err) => {
      console.warn("sesame: data consent:", err);
      return false;
    });
  } catch (err) {
    console.warn("sesame: data consent:", err);
    return Promise.resolve(false);
  }
}

async function relayLookup(target) {
  const base = httpURL(relayURL());
  if (!base) throw new FetchError("bad", "no relay address");
  // Archives switched off in the options are not asked at all (the relay
  // contacts only those listed); with every archive off, nobody is asked.
  if (S.options.archives?.length === 0) return { closest: null, archives: [] };
  const only = S.options.archives === null ? "" : `&archives=${encodeURIComponent(S.options.archives.join(","))}`;
  const url = `${base.href.replace(/\/+$/, "")}/v1/lookup?url=${encodeURIComponent(target)}&timeout=${RELAY_TIMEOUT}${only}`;
  const { res, text } = await fetchText(url, RELAY_TIMEOUT + RELAY_GRACE, RELAY_MAX_BYTES);
  // 429: the relay is over its rate limit for this client (a problem+json
  // with Retry-After); another source may still answer.
  if (res.status === 429) throw new FetchError("busy", "relay answered 429");
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new FetchError(res.ok ? "bad" : "http", `relay answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    // RFC 9457 problem: the relay refused this lookup; asking elsewhere would not help.
    if (res.status >= 400 && res.status < 500 && typeof body?.title === "string") {
      throw new FetchError("problem", clip(body.detail || body.title, 300));
    }
    throw new FetchError("http", `relay answered ${res.status}`);
  }
  if (!body || typeof body !== "object" || !Array.isArray(body.archives)) throw new FetchError("bad", "relay answer has no archives");
  return body;
}

// waybackDirect asks the Wayback Machine's availability API and lets Go
// read the answer (sesame.parseAvailability, package archive/wayback).
async function waybackDirect(target) {
  const endpoint = httpURL(waybackOf(S.config, S.options));
  if (!endpoint) throw new FetchError("bad", "no Wayback address");
  const { res, text } = await fetchText(`${endpoint.href}?url=${encodeURIComponent(target)}`, WAYBACK_TIMEOUT, WAYBACK_MAX_BYTES);
  if (!res.ok) throw new FetchError("http", `Wayback answered ${res.status}`);
  if (typeof S.sesame?.parseAvailability !== "function") throw new FetchError("bad", "the Go helper cannot read Wayback answers");
  let got;
  try {
    got = JSON.parse(await S.sesame.parseAvailability(text));
  } catch (err) {
    throw new FetchError("bad", String(err?.message ?? err));
  }
  const closest = got?.found === true ? { uri: got.uri, datetime: got.datetime, archive: "wayback" } : null;
  return {
    closest,
    archives: [{ id: "wayback", name: archiveName("wayback"), outcome: closest ? "found" : "none", closest, count: null, first: null, last: null }],
  };
}

function archiveName(id, fallback) {
  return S.config.archives.find((a) => a.id === id)?.name ?? fallback ?? id;
}

// enabledArchive reports whether the person wants to see an archive.
function enabledArchive(id) {
  return S.options.archives === null || S.options.archives.includes(id);
}

// showArchive shows a lookup answer (the relay's format). The relay was
// asked only for the archives the person kept in the options, and the
// Wayback Machine directly only when they kept it; busy says the relay
// answered 429 before the direct request.
function showArchive(answer, source, busy = false) {
  const archives = answer.archives.filter((a) => a && typeof a.id === "string" && enabledArchive(a.id));
  const closest = answer.closest && enabledArchive(answer.closest.archive) ? answer.closest : null;
  const note = source === "wayback-direct" ? msg(busy ? "archiveBusyNote" : "archiveDirectNote", [httpURL(relayURL())?.host ?? "?"]) : "";
  const uri = webURL(closest?.uri);
  const when = new Date(closest?.datetime ?? "");
  if (closest && uri && !Number.isNaN(when.getTime())) {
    archiveState("found", note, source);
    const box = $("archive-closest");
    const entry = archives.find((a) => a.id === closest.archive);
    box.querySelector(".archive-name").textContent = clip(entry?.name || archiveName(closest.archive), 120);
    box.querySelector(".archive-date").textContent = msg("archiveDate", [formatDate(when)]);
    box.querySelector(".archive-age").textContent = msg("archiveAge", [relative(when.getTime() - Date.now())]);
    const open = box.querySelector('button[data-kind="open-archive"]');
    open.dataset.url = uri;
    // The copy is on another site: the button names it.
    open.replaceChildren(msg("archiveOpen"), detail(msg("actionOtherSite", [clip(new URL(uri).host, 100)])));
    open.onclick = () => navigate(uri);
    box.hidden = false;
    open.focus();
  } else {
    const answered = archives.some((a) => a.outcome === "none" || a.outcome === "blocked" || a.outcome === "found");
    if (answered || archives.length === 0) archiveState("none", [msg("archiveNone"), note].filter(Boolean).join(" "), source);
    else archiveState("error", msg("archiveAllFailed"), source);
  }
  renderArchiveList(archives);
}

function renderArchiveList(archives) {
  const items = archives.map((a) => {
    const outcome = String(a.outcome ?? "error");
    const li = element("li");
    li.dataset.archiveId = a.id;
    li.dataset.outcome = outcome;
    li.append(element("span", clip(a.name || archiveName(a.id), 120), { class: "archive-name" }));
    const words = [msg(`archiveOutcome_${outcome}`) || outcome];
    if (Number.isInteger(a.count) && a.count > 0) words.push(msg("archiveCount", [a.count.toLocaleString(uiLanguage())]));
    const first = new Date(a.first?.datetime ?? ""), last = new Date(a.last?.datetime ?? "");
    if (!Number.isNaN(first.getTime()) && !Number.isNaN(last.getTime())) {
      const day = new Intl.DateTimeFormat(uiLanguage(), { dateStyle: "medium" });
      words.push(msg("archiveRange", [day.format(first), day.format(last)]));
    }
    li.append(element("span", ` — ${words.join(", ")}`, { class: "archive-outcome" }));
    const uri = webURL(a.closest?.uri);
    const when = new Date(a.closest?.datetime ?? "");
    if (outcome === "found" && uri && !Number.isNaN(when.getTime())) {
      const b = element("button", msg("archiveOpenCopy", [formatDate(when)]), { type: "button", class: "link" });
      b.append(detail(msg("actionOtherSite", [clip(new URL(uri).host, 100)])));
      b.dataset.kind = "open-archive";
      b.dataset.url = uri;
      b.addEventListener("click", () => navigate(uri));
      li.append(" ", b);
    }
    return li;
  });
  $("archive-more").replaceChildren(...items);
  $("archive-more-box").hidden = items.length === 0;
}
