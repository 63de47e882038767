// Sesame's options page: the archive relay's address (the default is baked
// in at build time into config.json), whether to drop the query before an
// archive lookup, which archives to show, and the optional permissions
// granted so far (with a way to take them back).
//
// Stored in storage.local under "options":
//   {relayURL: string|null (null: the built-in relay), dropQuery: boolean,
//    archives: [ids]|null (null: every archive), waybackURL?: string}
// waybackURL has no field here: it overrides config.json's Wayback
// availability endpoint (tests, private mirrors) and is kept as it is.
//
// DOM contract (tests): #relay-url, #drop-query, #archives >
// input[type=checkbox][data-archive-id], #save, #reset, #status,
// #permissions > li[data-permission][data-granted], main[data-state].
"use strict";

const ARCHIVES_TIMEOUT = 3000;

const $ = (id) => document.getElementById(id);

let config = { relayURL: "", archives: [] };
let stored = {};

function localize() {
  document.documentElement.lang = uiLanguage();
  document.documentElement.dir = msg("@@bidi_dir") || "ltr";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = msg(el.dataset.i18n);
  document.title = msg("optionsTitle");
}

async function loadConfig() {
  try {
    const c = await (await fetch(api.runtime.getURL("config.json"))).json();
    config = {
      relayURL: typeof c.relayURL === "string" ? c.relayURL : "",
      archives: Array.isArray(c.archives) ? c.archives.filter((a) => typeof a?.id === "string") : [],
    };
  } catch (err) {
    console.error("sesame: config.json:", err);
  }
}

// cleanRelay returns the relay address without trailing slashes, or null
// when it is not an http(s) URL free of credentials, query and fragment.
function cleanRelay(raw) {
  const u = httpURL(String(raw).trim());
  if (!u || u.username || u.password || u.search || u.hash) return null;
  return u.href.replace(/\/+$/, "");
}

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
  const chosen = Array.isArray(stored.archives) ? new Set(stored.archives) : null;
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
}

function fillForm() {
  $("relay-url").value = stored.relayURL || config.relayURL;
  $("relay-help").textContent = msg("optionsRelayHelp", [config.relayURL]);
  $("drop-query").checked = stored.dropQuery === true;
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
  const options = {
    ...stored,
    relayURL: relay === config.relayURL ? null : relay,
    dropQuery: $("drop-query").checked,
    archives: boxes.length > 0 && ids.length === boxes.length ? null : ids,
  };
  await api.storage.local.set({ options });
  stored = options;
  $("status").textContent = msg("optionsSaved");
}

async function reset() {
  const keep = typeof stored.waybackURL === "string" ? { waybackURL: stored.waybackURL } : null;
  if (keep) await api.storage.local.set({ options: keep });
  else await api.storage.local.remove("options");
  stored = keep ?? {};
  for (const i of document.querySelectorAll("#archives input[data-archive-id]")) i.checked = true;
  fillForm();
  await showArchives();
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
  await loadConfig();
  try {
    const got = await api.storage.local.get("options");
    stored = got.options && typeof got.options === "object" ? got.options : {};
  } catch {
    stored = {};
  }
  fillForm();
  $("form").addEventListener("submit", save);
  $("reset").addEventListener("click", () => reset().catch((err) => { $("status").textContent = String(err); }));
  $("relay-url").addEventListener("change", () => showArchives());
  api.permissions.onAdded?.addListener(() => showPermissions());
  api.permissions.onRemoved?.addListener(() => showPermissions());
  await Promise.all([showArchives(), showPermissions()]);
  $("options").dataset.state = "ready";
}

main().catch((err) => {
  console.error("sesame: options:", err);
  $("status").textContent = String(err?.message ?? err);
});
