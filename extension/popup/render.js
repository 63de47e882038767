// render.js shows the report and the plan Go decided: the title, the
// explanation and facts (the report, shown once), then the actions —
// the primary one, at most three next-best ones, the rest behind "More
// ways" —, the "Contact the site" entry, look-alike warnings and the
// report text (the plan, shown again after every probe round without
// moving a button under the pointer or the focus).
import { $, httpURL, msg, webURL } from "../lib/ext.js";
import { S } from "./state.js";
import { clip, detail, element, formatTime } from "./view.js";
import { askClear, copyDetails, navigate, openMail, reload, watchClicked } from "./actions.js";
import { lookupArchive, relayURL } from "./archive.js";

// Action kinds that open their URL in the tab.
const NAVIGATE = new Set(["login", "register", "reset", "https", "parent", "home", "typo", "contact"]);

// EXPLAIN_SHOWN paragraphs of the explanation are shown at once.
const EXPLAIN_SHOWN = 2;

function title(report) {
  return msg(`title_${report.kind}`) || msg(`title${report.status}`) || msg("titleOther", [report.status]);
}

// renderReport shows what does not change with the probes: title,
// explanation and facts.
export function renderReport(report) {
  $("title").textContent = title(report);

  const keys = new Set();
  const paragraphs = [];
  const paragraph = (m) => {
    if (!m?.key || keys.has(m.key)) return;
    keys.add(m.key);
    const text = msg(m.key, m.params);
    if (text) paragraphs.push(element("p", text));
    else console.warn(`sesame: no message for ${m.key}`);
  };
  for (const m of report.advice ?? []) paragraph(m);
  // The core puts these in advice too; they are added only if it did not.
  if (report.substatus) paragraph({ key: report.substatus.key, params: report.substatus.params ?? [report.substatus.code] });
  if (report.block) paragraph({ key: report.block.key, params: [] });
  // What happened, at a glance: the first EXPLAIN_SHOWN paragraphs (the
  // core puts what happened first); the rest on request.
  const explain = $("explain");
  explain.replaceChildren(...paragraphs.slice(0, EXPLAIN_SHOWN));
  if (paragraphs.length > EXPLAIN_SHOWN) {
    const more = element("details", undefined, { id: "explain-more" });
    more.append(element("summary", msg("explainMore")), ...paragraphs.slice(EXPLAIN_SHOWN));
    explain.append(more);
  }

  const facts = $("facts");
  facts.replaceChildren();
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

// The buttons Go ranks: the primary one and the next-best ones are in
// #actions-main; the others (plan actions marked "more", "Copy the
// details" and the report text) are behind the "More ways" disclosure
// (#more-ways). The contacts are one "Contact the site" entry
// (#contacts-box) at the place of the plan's contact action (at the end of
// "More ways" when the plan has none).
//
// A new plan never moves a button under the pointer or the focus: while
// the pointer is over the buttons, or the person has moved the focus into
// them (keyboard or pointer), the new plan is held back (#app[data-held])
// and shown when they leave. Otherwise it is shown at once, and the focus,
// still where the popup put it, moves to the new primary action. Nothing
// is animated.
const hold = { wired: false, pointer: false, person: false, pending: false };

// wireHold listens for the person's pointer and focus on the buttons.
function wireHold() {
  if (hold.wired) return;
  hold.wired = true;
  const actions = $("actions");
  // A key or a press anywhere: from now on the focus is the person's.
  for (const type of ["keydown", "pointerdown"]) document.addEventListener(type, () => { hold.person = true; }, true);
  actions.addEventListener("pointerenter", () => { hold.pointer = true; });
  actions.addEventListener("pointerleave", () => {
    hold.pointer = false;
    flush();
  });
  actions.addEventListener("focusout", (e) => {
    if (!actions.contains(e.relatedTarget)) setTimeout(flush, 0);
  });
}

// holding reports whether a new plan must wait (see above).
function holding() {
  const focusIn = $("actions").contains(document.activeElement);
  return hold.pointer || (hold.person && focusIn);
}

// flush shows a plan held back, once nothing holds it any more.
function flush() {
  if (hold.pending && !holding()) renderPlan();
}

// renderPlan shows (again) everything the plan decides: the buttons,
// the contacts, look-alike warnings and the report text; or holds it back
// while the person points at or has moved into the buttons.
export function renderPlan() {
  wireHold();
  const app = $("app");
  if (S.plan && holding() && $("actions-main").childElementCount > 0) {
    hold.pending = true;
    app.dataset.held = "1";
    return;
  }
  hold.pending = false;
  delete app.dataset.held;
  draw(S.plan ?? {});
}

// draw shows the plan. The buttons are replaced only when the new plan
// shows other ones.
function draw(plan) {
  const main = $("actions-main");
  const list = $("more-list");
  const focusWasOurs = !hold.person && $("actions").contains(document.activeElement);

  const text = mailText(plan);
  $("details").textContent = (plan.details ?? []).map(line).filter(Boolean).join("\n");
  const contacts = renderContacts(plan);

  // Go puts the nearest working folder (or home page) first among the ways
  // up: that one is marked.
  const nearest = (plan.actions ?? []).find((a) => (a.kind === "parent" || a.kind === "home") && a.working);
  const shown = [];
  const more = [];
  let entry = false;
  for (const a of plan.actions ?? []) {
    const to = a?.more ? more : shown;
    if (a?.kind === "contact" && contacts > 0 && !entry) {
      to.push($("contacts-box"));
      entry = true;
      continue;
    }
    const b = actionButton(a, text, a === nearest);
    if (!b) continue;
    if (a.primary && shown.length === 0 && to === shown) {
      b.classList.add("primary");
      b.dataset.primary = "1";
    }
    to.push(b);
    // "Copy the details" goes with the e-mail, behind "More ways".
    if (a.kind === "report") more.push(copyButton());
  }
  const contactsBox = $("contacts-box");
  if (contacts > 0 && !entry) {
    more.push(contactsBox);
    entry = true;
  }
  // Not among the buttons (no contact yet): parked where the page has it.
  if (!entry) $("warnings").before(contactsBox);

  const sig = (el) => el.id || `${el.dataset.kind}\n${el.dataset.url ?? ""}\n${el.dataset.working ?? ""}\n${el.dataset.host ?? ""}\n${el.dataset.primary ?? ""}\n${el.textContent}`;
  const same = (old, now) => old.length === now.length && old.every((el, i) => sig(el) === sig(now[i]));
  if (!same([...main.children], shown)) main.replaceChildren(...shown);
  if (!same([...list.children], more)) list.replaceChildren(...more);
  const box = $("more-ways");
  box.hidden = more.length === 0;
  $("more-ways-summary").textContent = msg("moreWays", [String(more.length)]);
  $("actions-heading").hidden = shown.length === 0;

  renderWarnings(plan);

  // The focus the popup gave (not the person) follows the primary action.
  if (focusWasOurs) main.querySelector("button")?.focus();
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

// renderContacts fills the "Contact the site" entry's list and returns
// how many ways it holds. Each names where it leads: the address, or the
// page's path (and its site when it is another one).
function renderContacts(plan) {
  const list = $("contacts");
  const here = httpURL(S.record?.url);
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
    const u = httpURL(url);
    if (u) b.append(detail(u.host === here?.host ? clip(u.pathname, 100) : msg("actionOtherSite", [clip(u.host, 100)])));
    b.addEventListener("click", () => (url.startsWith("mailto:") ? openMail(url) : navigate(url)));
    li.append(b);
    items.push(li);
  }
  list.replaceChildren(...items);
  $("contacts-box").hidden = items.length === 0;
  $("contacts-summary").textContent = msg("contactsEntry", [String(items.length)]);
  return items.length;
}
