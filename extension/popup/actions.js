// actions.js runs what the popup's buttons ask for: going to a URL in the
// tab, reloading, the prefilled e-mail, copying the report, the in-popup
// confirmation, clearing the site's data and reloading, and watching the
// page (the background checks it; this shows the watch's state).
import { $, api, msg } from "../lib/ext.js";
import { FIREFOX, S } from "./state.js";
import { element, relative, say, showError } from "./view.js";

// navigate opens url in the tab and closes the popup.
export function navigate(url) {
  api.tabs.update(S.tabId, { url }).then(() => window.close(), showError);
}

// reload reloads the tab and closes the popup.
export function reload() {
  api.tabs.reload(S.tabId).then(() => window.close(), showError);
}

// openMail hands a mailto: URL to the person's e-mail program. Chrome 156
// and Firefox 153 both pass an external protocol given to tabs.update on
// to the system and leave the tab as it is.
export function openMail(url) {
  api.tabs.update(S.tabId, { url }).then(() => say(msg("mailOpened")), (err) => say(msg("mailFailed", [String(err?.message ?? err)])));
}

// copyDetails copies the report text (#details) to the clipboard.
export async function copyDetails() {
  const text = $("details").textContent;
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    // Firefox 153 refuses the async clipboard in some popups: copy a selection instead.
    const area = element("textarea", undefined, { readonly: "", "aria-hidden": "true", class: "offscreen" });
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
  }
  if (ok) $("app").dataset.copied = "1";
  // Show what was copied (or what to copy by hand): the report text,
  // behind "More ways", below the button.
  $("more-ways").open = true;
  $("details-box").open = true;
  say(ok ? msg("copyDoneLines", [String(text.split("\n").filter(Boolean).length)]) : msg("copyFailed"));
}

// openConfirm shows the in-popup confirmation and moves the focus there.
function openConfirm({ heading, text, note, yes }, onYes, returnTo) {
  $("confirm-title").textContent = heading;
  $("confirm-text").textContent = text;
  $("confirm-note").textContent = note ?? "";
  $("confirm-note").hidden = !note;
  $("confirm-yes").textContent = yes;
  S.confirmYes = onYes;
  S.confirmReturn = returnTo;
  $("confirm").hidden = false;
  $("confirm-yes").focus();
}

// closeConfirm hides the confirmation and gives the focus back to the
// button that opened it.
export function closeConfirm() {
  $("confirm").hidden = true;
  S.confirmYes = null;
  // The plan may have been shown again meanwhile: find the button anew.
  const back = S.confirmReturn;
  (back?.isConnected ? back : $("actions").querySelector(`button.action[data-kind="${back?.dataset.kind}"]`))?.focus();
}

// askClear asks, in the popup, before clearing the site's data. The text
// says exactly what clearSite removes in this browser; the registrable
// domain, for which Chrome removes cookies, comes from Go (sesame.siteOf).
export async function askClear(button) {
  const u = new URL(S.record.url);
  let scope;
  try {
    scope = JSON.parse(await S.sesame.siteOf(JSON.stringify({ url: u.href })));
  } catch (err) {
    say(msg("clearFailed", [String(err?.message ?? err)]));
    return;
  }
  openConfirm({
    heading: msg("confirmClearTitle"),
    text: clearText(scope, u.origin),
    note: S.granted.browsingData ? "" : msg("confirmClearPermission"),
    yes: msg("confirmClearYes"),
  }, () => clearAndReload(scope), button);
}

// clearText describes what clearSite removes: in Chrome, the cookies of
// the whole registrable domain (of the address alone for an IP address)
// and the origin's cache and storage; in Firefox, the cookies and storage
// of the host name alone, and no cache.
function clearText(scope, origin) {
  if (FIREFOX) {
    return scope.address ? msg("confirmClearFirefoxAddress", [scope.host])
      : msg("confirmClearFirefox", [scope.host, scope.site]);
  }
  return scope.address ? msg("confirmClearChromeAddress", [scope.host, origin])
    : msg("confirmClearChrome", [scope.site, origin]);
}

// clearAndReload runs inside the click on #confirm-yes: the permission is
// requested before anything is awaited, while the click still counts as
// the person's gesture (Firefox 153 refuses the request otherwise).
function clearAndReload(scope) {
  const asked = api.permissions.request({ permissions: ["browsingData"] });
  closeConfirm();
  asked.then(async (ok) => {
    if (!ok) {
      say(msg("clearRefused"));
      return;
    }
    S.granted.browsingData = true;
    const u = new URL(S.record.url);
    await clearSite(u);
    await api.tabs.reload(S.tabId, { bypassCache: true });
    $("app").dataset.cleared = "1";
    say(FIREFOX ? msg("clearDoneFirefox", [scope.host])
      : msg("clearDoneChrome", [scope.address ? scope.host : scope.site, u.origin]));
  }).catch((err) => say(msg("clearFailed", [String(err?.message ?? err)])));
}

// clearSite removes the site's cookies, cache and stored data, as narrowly
// as each browser allows; the reload then bypasses the HTTP cache too:
//  - Chrome 156: RemovalOptions.origins limits every type below to that
//    origin, the HTTP cache ("cache") included, except cookies, which go
//    for the whole registrable domain (every *.example.com).
//  - Firefox 153: RemovalOptions.hostnames limits cookies, IndexedDB,
//    local storage and service workers to exactly that host name (not its
//    subdomains). It does not apply to the HTTP cache (the browser would
//    empty every site's cache; "origins" and "cacheStorage" are refused),
//    so the cache is not cleared: the reload bypasses it instead.
async function clearSite(u) {
  if (FIREFOX) {
    await api.browsingData.remove({ hostnames: [u.hostname] },
      { cookies: true, indexedDB: true, localStorage: true, serviceWorkers: true });
  } else {
    await api.browsingData.remove({ origins: [u.origin] },
      { cache: true, cacheStorage: true, cookies: true, fileSystems: true, indexedDB: true, localStorage: true, serviceWorkers: true, webSQL: true });
  }
}

// watchClicked asks for the notifications permission inside the click (a
// user gesture), then asks the background to watch the page on Go's
// schedule. ("alarms" is a required permission: Firefox 153 does not
// accept it as an optional one, and neither browser warns about it.)
export function watchClicked() {
  const asked = api.permissions.request({ permissions: ["notifications"] });
  asked.then(async (ok) => {
    if (!ok) {
      showWatch({ state: "stopped" }, msg("watchRefused"));
      return;
    }
    S.granted.watch = true;
    const w = S.plan.watch;
    const entry = await api.runtime.sendMessage({
      type: "watchStart", url: S.record.url, tabId: S.tabId,
      delays: w?.delays ?? [], maxRetryAfter: w?.maxRetryAfter, maxTotal: w?.maxTotal,
    });
    if (!entry || entry.error) throw new Error(entry?.error ?? "no answer");
    showWatch(entry);
    $("watch-stop").focus();
  }).catch((err) => showWatch({ state: "stopped" }, msg("watchFailed", [String(err?.message ?? err)])));
}

// stopWatching asks the background to stop watching the page.
export function stopWatching() {
  api.runtime.sendMessage({ type: "watchStop", url: S.record.url }).then((entry) => {
    if (!entry || entry.error) throw new Error(entry?.error ?? "no answer");
    showWatch(entry);
  }).catch((err) => say(String(err?.message ?? err)));
}

// showWatch shows a watch entry's state (#watch-status[data-state]).
function showWatch(entry, text) {
  S.watch = entry;
  const box = $("watch-status");
  box.hidden = false;
  box.dataset.state = entry.state;
  let words = text;
  if (!words) {
    switch (entry.state) {
      case "watching":
        words = msg("watchWatching", [Number.isFinite(entry.next) ? relative(entry.next - Date.now()) : "…"]);
        break;
      case "done":
        words = msg("watchDone", [String(entry.lastStatus ?? "")]);
        break;
      case "gave-up":
        words = msg("watchGaveUp", [String(entry.attempt ?? 0)]);
        break;
      default:
        words = msg("watchStopped");
    }
  }
  $("watch-text").textContent = words;
  $("watch-stop").hidden = entry.state !== "watching";
}

// loadWatch shows the page's watch entry, if it has one. The background
// finds it (entries are stored under the redacted URL).
export async function loadWatch() {
  try {
    const entry = await api.runtime.sendMessage({ type: "watchGet", url: S.record.url });
    if (entry && !entry.error) showWatch(entry);
  } catch (err) {
    console.error("sesame: watch entry:", err);
  }
}
