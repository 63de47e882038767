// Sesame's options page: what a click on "Find an archived copy" sends and
// to whom (with a live example cleaned by Go's sesame.redactURL, the same
// redaction the popup's lookup uses), the archive relay's address (the
// default is baked in at build time into config.json), whether to drop the
// query before an archive lookup, which archives to show, and the optional
// permissions granted so far (with a way to take them back). What is
// stored, and how it is checked, is lib/config.js's: see the schema at its
// top.
//
// DOM contract (tests): #relay-url, #drop-query, #archives >
// input[type=checkbox][data-archive-id], #archives-source, #save, #reset,
// #status, #permissions > li[data-permission][data-granted],
// #privacy-to > li[data-to="relay|wayback|no-wayback"][data-host],
// #privacy-input, #privacy-output[data-state="ok|error|empty"] (its text is
// the address that would be sent), #privacy-removed,
// main#options[data-state="loading|ready"].
import { $, api, httpURL, localize, msg, startGo } from "../lib/ext.js";
import { cleanRelay, loadConfig, loadOptions, resetOptions, saveOptions, waybackOf } from "../lib/config.js";

const ARCHIVES_TIMEOUT = 3000;

// EXAMPLE is the address the "what is sent" box shows first: made up, with
// a password, a reset token, a session id, a token and a fragment.
const EXAMPLE = "https://name:secret@shop.example.com/account/reset/5f4dcc3b5aa765d61d8327deb882cf99;jsessionid=1A530637?lang=en&token=abc123#access_token=xyz";

// WAYBACK is the id of the archive the popup asks directly when the relay
// cannot be reached.
const WAYBACK = "wayback";

// config is config.json; options are the stored options, both checked.
let config = { relayURL: "", waybackURL: "", archives: [] };
let options = null;

// archiveList asks the relay which archives it uses; without an answer the
// list built into config.json is shown.
async function archiveList(relay) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ARCHIVES_TIMEOUT);
  try {
    const res = await fetch(`${relay}/v1/archives`, { credentials: "omit", signal: ctl.signal, headers: { Accept: "application/json" } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = await res.json();
    const list = (body?.archives ?? []).filter((a) => typeof a?.id === "string" && a.enabled !== false)
      .map((a) => ({ id: a.id, name: typeof a.name === "string" ? a.name : a.id }));
    if (list.length === 0) throw new Error("no archives");
    return { list, fromRelay: true };
  } catch (err) {
    console.warn("sesame: /v1/archives:", err);
    return { list: config.archives, fromRelay: false };
  } finally {
    clearTimeout(timer);
  }
}

let listRun = 0;

// showArchives lists the archives of the relay in #relay-url, one
// checkbox each.
async function showArchives() {
  const run = ++listRun;
  const relay = cleanRelay($("relay-url").value) ?? config.relayURL;
  $("archives-source").textContent = msg("optionsArchivesLoading");
  const { list, fromRelay } = await archiveList(relay);
  if (run !== listRun) return;
  // Keep what the person ticked but did not save yet; the same list stays as it is.
  const current = [...document.querySelectorAll("#archives input[data-archive-id]")];
  if (current.length === list.length && current.every((i, k) => i.dataset.archiveId === list[k].id)) {
    $("archives-source").textContent = fromRelay ? msg("optionsArchivesFromRelay") : msg("optionsArchivesBuiltIn");
    return;
  }
  const ticked = new Map(current.map((i) => [i.dataset.archiveId, i.checked]));
  const chosen = options.archives === null ? null : new Set(options.archives);
  const rows = list.map((a, i) => {
    const input = document.createElement("input");
    input.type = "checkbox";
    input.id = `archive-${i}`;
    input.dataset.archiveId = a.id;
    input.checked = ticked.has(a.id) ? ticked.get(a.id) : chosen === null || chosen.has(a.id);
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.append(input, ` ${a.name}`);
    return label;
  });
  $("archives").replaceChildren(...rows);
  $("archives-source").textContent = fromRelay ? msg("optionsArchivesFromRelay") : msg("optionsArchivesBuiltIn");
  showRecipients();
}

// go is the Go helper, started once when first needed.
let go = null;

// waybackOn reports whether the Wayback Machine is switched on: its box
// when the list shows one, else the saved choice.
function waybackOn() {
  const box = document.querySelector(`#archives input[data-archive-id="${WAYBACK}"]`);
  if (box) return box.checked;
  return options.archives === null || options.archives.includes(WAYBACK);
}

// showRecipients lists who receives the address: the relay in #relay-url
// (else the built-in one) and the Wayback Machine when it is switched on.
function showRecipients() {
  const relay = httpURL(cleanRelay($("relay-url").value) ?? config.relayURL)?.host ?? "";
  const wayback = httpURL(waybackOf(config, options))?.host ?? "";
  const item = (to, host, text) => {
    const li = document.createElement("li");
    li.dataset.to = to;
    if (host) li.dataset.host = host;
    li.textContent = text;
    return li;
  };
  const items = [item("relay", relay, msg("optionsPrivacyToRelay", [relay || "?"]))];
  if (waybackOn() && wayback) items.push(item("wayback", wayback, msg("optionsPrivacyToWayback", [wayback])));
  else items.push(item("no-wayback", "", msg("optionsPrivacyNoWayback")));
  $("privacy-to").replaceChildren(...items);
}

let sentRun = 0;

// showSent shows what a lookup of the address in #privacy-input would send,
// as Go's redaction cleans it with the #drop-query choice.
async function showSent() {
  const run = ++sentRun;
  const out = $("privacy-output");
  const raw = $("privacy-input").value.trim();
  let state = "empty", text = "", removed = "";
  if (raw) {
    let sesame = null;
    try {
      go ??= startGo();
      sesame = await go;
      const got = JSON.parse(await sesame.redactURL(JSON.stringify({ url: raw, dropQuery: $("drop-query").checked })));
      const names = got.removed.map((n) => (n === "/" ? msg("optionsPrivacyRemovedPath") : n === "?" ? msg("optionsPrivacyRemovedQuery") : n));
      state = "ok";
      text = got.url;
      removed = names.length ? msg("optionsPrivacyRemoved", [names.join(", ")]) : msg("optionsPrivacyRemovedNone");
    } catch (err) {
      // Go refuses what is not an absolute address; its reason is English,
      // so the page says it in its own words.
      state = "error";
      text = sesame ? msg("optionsPrivacyBad") : msg("optionsPrivacyGoError", [String(err?.message ?? err)]);
    }
  }
  if (run !== sentRun) return;
  out.dataset.state = state;
  out.textContent = text;
  $("privacy-removed").textContent = removed;
}

function fillForm() {
  $("relay-url").value = options.relayURL || config.relayURL;
  $("relay-help").textContent = msg("optionsRelayHelp", [config.relayURL]);
  $("drop-query").checked = options.dropQuery;
}

async function save(e) {
  e.preventDefault();
  const relay = cleanRelay($("relay-url").value);
  if (!relay) {
    $("relay-error").textContent = msg("optionsBadRelay");
    $("relay-url").setAttribute("aria-invalid", "true");
    $("relay-url").focus();
    return;
  }
  $("relay-error").textContent = "";
  $("relay-url").removeAttribute("aria-invalid");
  const boxes = [...document.querySelectorAll("#archives input[data-archive-id]")];
  const ids = boxes.filter((b) => b.checked).map((b) => b.dataset.archiveId);
  options = await saveOptions({
    ...options,
    relayURL: relay === config.relayURL ? null : relay,
    dropQuery: $("drop-query").checked,
    archives: boxes.length > 0 && ids.length === boxes.length ? null : ids,
  });
  $("status").textContent = msg("optionsSaved");
}

async function reset() {
  options = await resetOptions(options);
  for (const i of document.querySelectorAll("#archives input[data-archive-id]")) i.checked = true;
  fillForm();
  await Promise.all([showArchives(), showSent()]);
  $("status").textContent = msg("optionsResetDone");
}

// The optional permissions, by the action that asks for them.
const PERMISSIONS = [
  { id: "browsingData", permissions: ["browsingData"], key: "optionsPermissionBrowsingData" },
  { id: "notifications", permissions: ["notifications"], key: "optionsPermissionNotifications" },
];

async function showPermissions() {
  const items = [];
  for (const p of PERMISSIONS) {
    const granted = await api.permissions.contains({ permissions: p.permissions }).catch(() => false);
    const li = document.createElement("li");
    li.dataset.permission = p.id;
    li.dataset.granted = granted ? "1" : "0";
    li.append(`${msg(p.key)} — ${msg(granted ? "optionsPermissionGranted" : "optionsPermissionNotGranted")}`);
    if (granted) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = msg("optionsPermissionRemove");
      b.setAttribute("aria-label", `${msg("optionsPermissionRemove")}: ${msg(p.key)}`);
      b.addEventListener("click", async () => {
        await api.permissions.remove({ permissions: p.permissions }).catch((err) => console.error(err));
        await showPermissions();
        $("status").textContent = msg("optionsPermissionRemoved");
      });
      li.append(b);
    }
    items.push(li);
  }
  $("permissions").replaceChildren(...items);
}

async function main() {
  localize();
  [config, options] = await Promise.all([loadConfig(), loadOptions()]);
  fillForm();
  $("form").addEventListener("submit", save);
  $("reset").addEventListener("click", () => reset().catch((err) => { $("status").textContent = String(err); }));
  $("relay-url").addEventListener("change", () => showArchives());
  $("relay-url").addEventListener("input", showRecipients);
  $("archives").addEventListener("change", showRecipients);
  $("privacy-input").value = EXAMPLE;
  $("privacy-input").addEventListener("input", () => showSent());
  $("drop-query").addEventListener("change", () => showSent());
  showRecipients();
  api.permissions.onAdded?.addListener(() => showPermissions());
  api.permissions.onRemoved?.addListener(() => showPermissions());
  await Promise.all([showArchives(), showPermissions(), showSent()]);
  $("options").dataset.state = "ready";
}

main().catch((err) => {
  console.error("sesame: options:", err);
  $("status").textContent = String(err?.message ?? err);
});
