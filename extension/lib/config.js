// config.js reads, checks and writes the extension's settings: the build's
// config.json and the person's choices in storage.local "options". The
// popup and the options page import it; nothing else reads either.
//
// config.json, written at build time by dev/scripts/configure-extension.mjs:
//   {relayURL: string (the built-in relay), waybackURL: string (the
//    Wayback availability endpoint, asked directly when the relay cannot
//    be reached), archives: [{id, name}] (the registry's archives, listed
//    by the options page when the relay does not answer)}
//
// storage.local "options", written by the options page:
//   {relayURL: string|null (null: the built-in relay), dropQuery: boolean,
//    archives: [ids]|null (null: every archive), waybackURL?: string}
// waybackURL has no field on the options page: it overrides config.json's
// Wayback endpoint (tests, private mirrors), and saving or resetting the
// options keeps it as it is.
//
// Both are read defensively: a missing or malformed value becomes the
// default, never an exception.
import { api, httpURL } from "./ext.js";

// OPTIONS is the storage.local key of the person's choices.
const OPTIONS = "options";

// loadConfig returns config.json, checked: {relayURL, waybackURL, archives}.
export async function loadConfig() {
  const config = { relayURL: "", waybackURL: "", archives: [] };
  try {
    const c = await (await fetch(api.runtime.getURL("config.json"))).json();
    config.relayURL = typeof c.relayURL === "string" ? c.relayURL : "";
    config.waybackURL = typeof c.waybackURL === "string" ? c.waybackURL : "";
    config.archives = Array.isArray(c.archives) ? c.archives.filter((a) => typeof a?.id === "string") : [];
  } catch (err) {
    console.error("sesame: config.json:", err);
  }
  return config;
}

// checkOptions returns stored options in the schema above, every field
// present: what is missing or malformed gets its default (null, false).
export function checkOptions(o) {
  const ok = o && typeof o === "object";
  return {
    relayURL: ok && typeof o.relayURL === "string" && o.relayURL ? o.relayURL : null,
    dropQuery: ok && o.dropQuery === true,
    archives: ok && Array.isArray(o.archives) ? o.archives.filter((x) => typeof x === "string") : null,
    waybackURL: ok && typeof o.waybackURL === "string" && o.waybackURL ? o.waybackURL : null,
  };
}

// loadOptions returns the person's options, checked (the defaults when
// nothing is stored or storage cannot be read).
export async function loadOptions() {
  try {
    const got = await api.storage.local.get(OPTIONS);
    return checkOptions(got[OPTIONS]);
  } catch (err) {
    console.error("sesame: options:", err);
    return checkOptions(null);
  }
}

// saveOptions stores options (a waybackURL override only when there is
// one) and returns what was stored, checked.
export async function saveOptions(o) {
  const c = checkOptions(o);
  const stored = { relayURL: c.relayURL, dropQuery: c.dropQuery, archives: c.archives };
  if (c.waybackURL) stored.waybackURL = c.waybackURL;
  await api.storage.local.set({ [OPTIONS]: stored });
  return checkOptions(stored);
}

// resetOptions forgets the person's choices but keeps the waybackURL
// override of o, and returns the options now in force.
export async function resetOptions(o) {
  const waybackURL = checkOptions(o).waybackURL;
  if (waybackURL) await api.storage.local.set({ [OPTIONS]: { waybackURL } });
  else await api.storage.local.remove(OPTIONS);
  return checkOptions({ waybackURL });
}

// cleanRelay returns a relay address without trailing slashes, or null
// when it is not an http(s) URL free of credentials, query and fragment,
// or when it is plain http to a host other than this computer: the relay
// sees which pages were refused, so only https may cross a network.
// dev/scripts/configure-extension.mjs applies the same check to the
// built-in relay.
export function cleanRelay(raw) {
  const u = httpURL(String(raw ?? "").trim());
  if (!u || u.username || u.password || u.search || u.hash) return null;
  if (u.protocol === "http:" && !loopbackHost(u.hostname)) return null;
  return u.href.replace(/\/+$/, "");
}

// loopbackHost reports whether hostname, as the URL parser normalised it
// (IPv4 in dotted decimal, IPv6 in brackets and shortest form), names this
// computer: localhost, 127.0.0.0/8 or [::1].
export function loopbackHost(hostname) {
  const h = String(hostname ?? "").toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

// relayOf is the relay the person chose, else the one built in, without
// trailing slashes ("" when there is none). A stored choice that
// cleanRelay refuses (saved by an older version) is ignored.
export function relayOf(config, options) {
  return cleanRelay(options.relayURL) ?? cleanRelay(config.relayURL) ?? "";
}

// waybackOf is the Wayback availability endpoint to ask: the override in
// the options, else config.json's.
export function waybackOf(config, options) {
  return options.waybackURL || config.waybackURL;
}
