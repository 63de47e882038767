// render.js shows the report and the plan Go decided: the title, the
// explanation and facts (the report, shown once), then the actions,
// look-alike warnings, contacts and the report text (the plan, shown
// again after every probe round without moving what did not change).
import { $, httpURL, msg, webURL } from "../lib/ext.js";
import { S } from "./state.js";
import { clip, detail, element, formatTime } from "./view.js";
import { askClear, copyDetails, navigate, openMail, reload, watchClicked } from "./actions.js";
import { lookupArchive, relayURL } from "./archive.js";

// Action kinds that open their URL in the tab.
const NAVIGATE = new Set(["login", "register", "reset", "https", "parent", "home", "typo", "contact"]);

function title(report) {
  return msg(`title_${report.kind}`) || msg(`title${report.status}`) || msg("titleOther", [report.status]);
}

// renderReport shows what does not change with the probes: title,
// explanation and facts.
export function renderReport(report) {
  $("title").textContent = title(report);

  const explain = $("explain");
  const keys = new Set();
  const paragraph = (m) => {
    if (!m?.key || keys.has(m.key)) return;
    keys.add(m.key);
    const text = msg(m.key, m.params);
    if (text) explain.append(element("p", text));
    else console.warn(`sesame: no message for ${m.key}`);
  };
  for (const m of report.advice ?? []) paragraph(m);
  // The core puts these in advice too; they are added only if it did not.
  if (report.substatus) paragraph({ key: report.substatus.key, params: report.substatus.params ?? [report.substatus.code] });
  if (report.block) paragraph({ key: report.block.key, params: [] });

  const facts = $("facts");
  const fact = (labelKey, value) => {
    if (!value) return;
    facts.append(element("dt", msg(labelKey)), element("dd", clip(value)));
  };
  const realms = [...new Set((report.challenges ?? []).map((c) => c.realm).filter(Boolean))];
  fact("factRealm", realms.join(", "));
  fact("factSubstatus", report.substatus?.code);
  if (report.block) {
    const vendor = report.block.name || report.block.vendor;
    const kind = msg(`blockKind_${report.block.kind}`) || report.block.kind;
    fact("factBlock", [vendor, kind].filter(Boolean).join(" — "));
    fact("factReference", report.block.reference);
  }
  fact("factRetryAfter", formatTime(report.retryAfter));
}

// renderPlan shows (again) everything the plan decides: actions, warnings,
// contacts and the report text. The focused action keeps the focus.
export function renderPlan() {
  const plan = S.plan;
  const actions = $("actions");
  const focused = document.activeElement?.closest?.("#actions button.action");
  const focusKey = focused ? `${focused.dataset.kind} ${focused.dataset.url ?? ""}` : null;

  const text = mailText(plan);
  $("details").textContent = (plan.details ?? []).map(line).filter(Boolean).join("\n");

  // Go puts the nearest working folder (or home page) first among the ways
  // up: that one is marked.
  const nearest = (plan.actions ?? []).find((a) => (a.kind === "parent" || a.kind === "home") && a.working);
  const buttons = [];
  for (const a of plan.actions ?? []) {
    const b = actionButton(a, text, a === nearest);
    if (!b) continue;
    buttons.push(b);
    if (a.kind === "report") buttons.push(copyButton());
  }
  // Leave the buttons alone when the new plan shows the same ones.
  const sig = (b) => `${b.dataset.kind}\n${b.dataset.url ?? ""}\n${b.dataset.working ?? ""}\n${b.dataset.host ?? ""}\n${b.textContent}`;
  const old = [...actions.children];
  if (old.length !== buttons.length || old.some((b, i) => sig(b) !== sig(buttons[i]))) actions.replaceChildren(...buttons);
  $("actions-heading").hidden = buttons.length === 0;

  renderWarnings(plan);
  renderContacts(plan);

  if (focusKey !== null) {
    const again = [...actions.querySelectorAll("button.action")].find((b) => `${b.dataset.kind} ${b.dataset.url ?? ""}` === focusKey);
    (again ?? actions.querySelector("button"))?.focus();
  }
}

// line translates one line of the report. The diagnosis line carries the
// report kind ("forbidden"): the popup's title for that kind, the words
// the person saw, goes before it ("The site refused … (forbidden)").
function line(m) {
  if (m?.key === "detail_diagnosis") {
    const kind = String(m.params?.[0] ?? "");
    const words = msg(`title_${kind}`);
    return msg(m.key, [words ? `${words} (${kind})` : kind]);
  }
  return msg(m?.key, m?.params);
}

// mailText returns the report e-mail's subject and body, translated.
function mailText(plan) {
  const m = plan.mail ?? {};
  const subject = msg(m.subject?.key, m.subject?.params);
  const lines = (m.body ?? []).map(line).filter(Boolean);
  return { to: typeof m.to === "string" ? m.to : "", subject, lines };
}

// mailtoURL builds the prefilled e-mail (RFC 6068: line breaks as
// %0D%0A; #details and the clipboard use "\n"). Go guarantees that "to"
// is a plain address safe as it is; anything else is dropped.
function mailtoURL(text) {
  const to = /^[A-Za-z0-9._+@-]*$/.test(text.to) ? text.to : "";
  return `mailto:${to}?subject=${encodeURIComponent(text.subject)}&body=${encodeURIComponent(text.lines.join("\r\n"))}`;
}

// label returns the button text for an action: the core's message key and
// parameters ("Up one folder: /a/", "Home page of example.com").
function label(a) {
  return msg(a.key, a.params) || a.kind;
}

// actionButton makes the button of one action of the plan
// (button.action[data-kind][data-url][data-working][data-checked][data-host]),
// or null for a kind this version does not know.
function actionButton(a, text, nearest) {
  if (!a || typeof a.kind !== "string") return null;
  const url = webURL(a.url);
  const b = element("button", label(a), { type: "button", class: "action" });
  b.dataset.kind = a.kind;
  let onClick;
  if (NAVIGATE.has(a.kind) && url) {
    b.dataset.url = url;
    onClick = () => navigate(url);
  } else if (a.kind === "reload" || (a.kind === "login" && !a.url)) {
    onClick = reload;
  } else if (a.kind === "clear-reload") {
    onClick = () => askClear(b);
  } else if (a.kind === "watch") {
    onClick = () => watchClicked();
    if (!S.granted.watch) b.append(detail(msg("actionWatchPermission")));
  } else if (a.kind === "report") {
    const mailto = mailtoURL(text);
    b.dataset.url = mailto;
    onClick = () => openMail(mailto);
  } else if (a.kind === "archive") {
    const relay = httpURL(relayURL());
    if (relay) b.append(detail(msg("actionArchiveNote", [relay.host])));
    onClick = () => lookupArchive();
  } else {
    return null; // A kind of a later version.
  }
  if (nearest) b.dataset.working = "1";
  if (a.checked) b.dataset.checked = "1";
  if (a.host) b.dataset.host = String(a.host);
  // Page-derived text (the link's own words, another site's name): text only.
  // The leading space keeps textContent readable; CSS puts each on its own line.
  if (a.label) b.append(detail(`“${clip(a.label)}”`));
  if (a.host && !(a.params ?? []).includes(a.host)) b.append(detail(msg("actionOtherSite", [a.host])));
  if (a.working && (a.kind === "parent" || a.kind === "home")) b.append(detail(msg("actionWorks")));
  b.addEventListener("click", onClick);
  return b;
}

function copyButton() {
  const b = element("button", msg("actionCopy"), { type: "button", class: "action" });
  b.dataset.kind = "copy";
  b.addEventListener("click", () => copyDetails());
  return b;
}

// renderWarnings lists look-alike links the pages offered for signing in:
// Go never makes them a button; the person is warned instead.
function renderWarnings(plan) {
  const list = $("warnings");
  const seen = new Set();
  const items = [];
  for (const l of [...(plan.login ?? []), ...(plan.register ?? []), ...(plan.reset ?? [])]) {
    if (!l?.lookAlike || !l.host || seen.has(l.host)) continue;
    seen.add(l.host);
    const li = element("li", msg("warnLookalike", [clip(l.host, 100)]));
    li.dataset.lookalike = "1";
    li.dataset.host = String(l.host);
    items.push(li);
  }
  list.replaceChildren(...items);
  list.hidden = items.length === 0;
}

function renderContacts(plan) {
  const list = $("contacts");
  const items = [];
  for (const c of plan.contacts ?? []) {
    const url = c.url?.startsWith("mailto:") ? c.url : webURL(c.url);
    if (!url) continue;
    const li = element("li");
    li.dataset.kind = String(c.kind);
    if (c.expired) li.dataset.expired = "1";
    const b = element("button", msg(c.key, c.params) || c.kind, { type: "button", class: "link" });
    b.dataset.url = url;
    if (c.label) b.append(detail(`“${clip(c.label, 100)}”`));
    b.addEventListener("click", () => (url.startsWith("mailto:") ? openMail(url) : navigate(url)));
    li.append(b);
    items.push(li);
  }
  list.replaceChildren(...items);
  $("contacts-section").hidden = items.length === 0;
}
