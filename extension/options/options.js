// Sesame's options page: the archive relay's address (the default is baked
// in at build time into config.json), whether to drop the query before an
// archive lookup, which archives to show, and the optional permissions
// granted so far (with a way to take them back). What is stored, and how
// it is checked, is lib/config.js's: see the schema at its top.
//
// DOM contract (tests): #relay-url, #drop-query, #archives >
// input[type=checkbox][data-archive-id], #archives-source, #save, #reset,
// #status, #permissions > li[data-permission][data-granted],
// main#options[data-state="loading|ready"].
import { $, api, localize, msg } from "../lib/ext.js";
import { cleanRelay, loadConfig, loadOptions, resetOptions, saveOptions } from "../lib/config.js";

const ARCHIVES_TIMEOUT = 3000;

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
  [config, options] = await Promise.all([loadConfig(), loadOptions()]);
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
