package plan

import (
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"github.com/sesame-help/sesame/internal/response/block"
	"github.com/sesame-help/sesame/internal/site/discover"
	"github.com/sesame-help/sesame/internal/site/typo"
	"github.com/sesame-help/sesame/internal/urls/redact"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
	"github.com/sesame-help/sesame/internal/watch"
)

// Bounds of a plan.
const (
	// MaxTypos is how many typo suggestions are offered.
	MaxTypos = 3
	// MaxContacts caps Plan.Contacts.
	MaxContacts = 10
	// MaxRequestIDs caps the request-ID lines of the details.
	MaxRequestIDs = 8
)

// decider builds one plan.
type decider struct {
	in *Input
	r  *diagnose.Report
	s  *schedule
	f  *found
	p  *Plan
}

// Decide ranks the ways forward for the refused page in in.Report, using
// the error page and the probe results in in.Results (see Probes). It
// never panics, its work is bounded whatever the input, and it always
// returns a plan whose slices are non-nil.
//
// The order of the actions depends on the diagnosis:
//
//   - 401 (sign-in): login (the browser's own box, or the best login
//     link), register, reset; after a failed login (kind login-failed)
//     reset comes first and login second. Then https, the nearest working
//     parent or home page, the other parents and the home page, typo
//     suggestions, reload, clear-reload, watch, contact, report, archive.
//   - 403 and other errors: a sure typo fix, https, the nearest working
//     parent or home page, the other parents and the home page, the other
//     typo suggestions, a login link written on the error page itself
//     (kind forbidden only), reload, clear-reload, watch, contact, report,
//     archive. No login is looked for.
//
// A typo fix is sure when it is one edit away and no other suggestion is
// as close (typo.Sure).
//   - A rate limit, or a block of the whole site (challenge, IP,
//     country): watch, reload, clear-reload (challenge and bot blocks
//     only), contact, report, archive.
//   - 407 (proxy): the report's sign-in (reload) only.
//   - A page that answered normally, or a URL that is not http(s): no
//     action.
//
// Parents that a probe found refused too are left out; the home page is
// kept, marked not working. The first action is then marked Primary, and
// those after the next MaxNext More; when the explanation says only the
// site's administrator can fix it, the report action is moved first and
// is the primary one (see rank).
func Decide(in Input) Plan {
	if in.Now.IsZero() {
		in.Now = time.Now()
	}
	return ranked(&in, newSchedule(&in))
}

// decide builds the plan for in with the schedule of its probes, s.
func decide(in *Input, s *schedule) Plan {
	p := emptyPlan()
	s.found.refresh() // phase 2 was planned with fewer results
	d := &decider{in: in, r: &in.Report, s: s, f: s.found, p: &p}
	if !s.ok || d.r.Kind == diagnose.KindOK || d.r.Kind == diagnose.KindNotHTTP {
		return p
	}
	p.Details = d.details()
	p.Mail.Subject = kMailSubject.msg(itoa(d.r.Status), s.page.DisplayHost)
	p.Mail.Body = append([]diagnose.Message{kMailIntro.msg()}, p.Details...)
	if d.r.Kind == diagnose.KindProxy {
		for _, a := range d.r.Actions {
			if a.Kind == diagnose.ActionLogin || a.Kind == diagnose.ActionReload {
				d.add(Action{Action: a})
			}
		}
		if len(p.Actions) == 0 {
			d.add(kActionReload.action(diagnose.ActionReload, ""))
		}
		return p
	}
	p.Login = d.f.login()
	p.Register = d.f.register()
	p.Reset = d.f.reset()
	d.contacts()
	switch {
	case d.r.Status == 401:
		if d.r.Kind == diagnose.KindLoginFailed {
			d.reset()
			d.login()
			d.register()
		} else {
			d.login()
			d.register()
			d.reset()
		}
		// The server knows the page and asks who you are: a typo is
		// unlikely, so no suggestion leads.
		d.fromReport(diagnose.ActionHTTPS)
		d.navigation()
		d.addTypos(d.typos())
		if !loginBox(d.r) {
			d.fromReport(diagnose.ActionReload)
		}
		d.clearReload()
		d.watch()
	case d.r.Kind == diagnose.KindRateLimited || siteClosed(d.r):
		d.watch()
		d.fromReport(diagnose.ActionReload)
		if b := d.r.Block; b != nil && (b.Kind == block.KindChallenge || b.Kind == block.KindBot) {
			d.clearReload()
		}
	default:
		d.aroundThePage()
		if d.r.Kind == diagnose.KindForbidden {
			d.fromReport(diagnose.ActionLogin)
		}
		d.fromReport(diagnose.ActionReload)
		d.clearReload()
		d.watch()
	}
	d.contactAction()
	d.reportAction()
	d.archive()
	return p
}

// aroundThePage adds the ways to another page of the site: a sure typo
// fix first, then https, the parents and the home page (navigation), then
// the other typo suggestions.
func (d *decider) aroundThePage() {
	typos := d.typos()
	if typo.Sure(typos) {
		d.addTypos(typos[:1])
		typos = typos[1:]
	}
	d.fromReport(diagnose.ActionHTTPS)
	d.navigation()
	d.addTypos(typos)
}

func (d *decider) add(a Action) {
	if a.Params == nil {
		a.Params = []string{}
	}
	d.p.Actions = append(d.p.Actions, a)
}

// fromReport copies the report's actions of one kind.
func (d *decider) fromReport(kind string) {
	for _, a := range d.r.Actions {
		if a.Kind == kind {
			d.add(Action{Action: a})
		}
	}
}

// best returns the first candidate that does not imitate another site,
// and, when sameSite, does not leave this one.
func best(links []discover.Link, sameSite bool) (discover.Link, bool) {
	for _, l := range links {
		if !l.LookAlike && !(sameSite && l.CrossSite) {
			return l, true
		}
	}
	return discover.Link{}, false
}

// linkAction makes an action for a candidate link, naming the other site
// when it leads there.
func linkAction(kind string, l discover.Link, k, kHost key) Action {
	a := k.action(kind, l.URL)
	if l.CrossSite {
		a = kHost.action(kind, l.URL, clip(l.Host, 253))
		a.Host = l.Host
	}
	a.Label = clip(l.Text, 200)
	return a
}

func (d *decider) login() {
	if loginBox(d.r) || formHere(d.r) {
		d.fromReport(diagnose.ActionLogin)
		return
	}
	if l, ok := best(d.openable(d.p.Login), false); ok {
		d.add(linkAction(diagnose.ActionLogin, l, kActionLoginLink, kActionLoginLinkHost))
	}
}

// openable drops the candidates that are targets of the error page's POST
// forms with no link leading there (diagnose.PostOnly): a handler that
// may only take the form is no page to open.
func (d *decider) openable(links []discover.Link) []discover.Link {
	if d.f.base == nil {
		return links
	}
	post := diagnose.PostOnly(d.in.Page, d.f.base, d.f.errorPage().Links)
	if len(post) == 0 {
		return links
	}
	out := make([]discover.Link, 0, len(links))
	for _, l := range links {
		if !post[l.URL] {
			out = append(out, l)
		}
	}
	return out
}

// formHere reports that the diagnosis found the sign-in form on the
// refused page itself (its login action leads to that page): the form's
// target may be a handler that only takes the form, never a page to open.
func formHere(r *diagnose.Report) bool {
	for _, a := range r.Actions {
		if a.Kind == diagnose.ActionLogin && a.URL != "" && a.URL == r.URL {
			return true
		}
	}
	return false
}

func (d *decider) register() {
	if l, ok := best(d.p.Register, false); ok {
		d.add(linkAction(diagnose.ActionRegister, l, kActionRegister, kActionRegisterHost))
	}
}

func (d *decider) reset() {
	if loginBox(d.r) {
		return
	}
	if l, ok := best(d.p.Reset, true); ok {
		a := kActionReset.action(diagnose.ActionReset, l.URL)
		a.Label = clip(l.Text, 200)
		d.add(a)
	}
}

// navigation adds the report's parent and home actions, marked by the
// probes: the nearest working one first, parents found refused left out.
func (d *decider) navigation() {
	ids := map[string]string{}
	for i, u := range d.s.parents {
		ids[u] = parentID(i)
	}
	var nav []Action
	first := -1
	for _, a := range d.r.Actions {
		if a.Kind != diagnose.ActionParent && a.Kind != diagnose.ActionHome {
			continue
		}
		x := Action{Action: a}
		id := ids[a.URL]
		if a.Kind == diagnose.ActionHome {
			id = d.s.homeID
		}
		// A check that was sent to another origin tells that this URL
		// does not lead to a page of this site.
		if r, ok := d.s.result(id); ok && id != "" && (r.Error == "" || r.Error == errElsewhere) {
			x.Checked = true
			x.Working = d.s.working(id)
		}
		if x.Checked && !x.Working && a.Kind == diagnose.ActionParent {
			continue
		}
		if x.Working && first < 0 {
			first = len(nav)
		}
		nav = append(nav, x)
	}
	if first > 0 {
		w := nav[first]
		copy(nav[1:first+1], nav[:first])
		nav[0] = w
	}
	for _, a := range nav {
		d.add(a)
	}
}

// typos returns up to MaxTypos existing URLs close to the refused one,
// nearest first, from the links of the nearest working page, the home
// page, the error page and the sitemap. The refused page, its parents and
// the home page are never suggested.
func (d *decider) typos() []typo.Suggestion {
	var cands []string
	add := func(list []string) {
		for _, u := range list {
			if len(cands) == typo.MaxCandidates {
				return
			}
			cands = append(cands, u)
		}
	}
	if id := d.s.nearestPageID(); id != "" {
		if pg, ok := d.f.page(id); ok {
			add(pg.Links)
		}
	}
	if pg, ok := d.f.page(d.s.homeID); ok && d.s.homeID != d.s.nearestPageID() {
		add(pg.Links)
	}
	add(d.f.errorPage().Links)
	for _, id := range []string{"sitemap", "sitemap-child"} {
		if m, ok := d.s.sitemap(id); ok {
			add(m.URLs)
		}
	}
	out := []typo.Suggestion{}
	if len(cands) == 0 {
		return out
	}
	skip := map[string]bool{d.s.page.Home: true, d.s.page.URL: true}
	for _, a := range d.s.page.Ancestors {
		skip[a] = true
	}
	for _, sg := range typo.Suggest(d.r.URL, cands, MaxTypos+len(skip)) {
		if len(out) == MaxTypos {
			break
		}
		if skip[sg.URL] || skip[strings.TrimSuffix(sg.URL, "/")] || skip[sg.URL+"/"] {
			continue
		}
		out = append(out, sg)
	}
	return out
}

// addTypos adds one typo action per suggestion.
func (d *decider) addTypos(sgs []typo.Suggestion) {
	for _, sg := range sgs {
		d.add(kActionTypo.action(diagnose.ActionTypo, sg.URL, clip(displayPath(sg.URL), 300)))
	}
}

func (d *decider) clearReload() {
	d.add(kActionClearReload.action(diagnose.ActionClearReload, "", d.s.page.DisplayHost))
}

func (d *decider) watch() {
	var ra time.Duration
	if d.r.RetryAfter != "" {
		if t, ok := timeparse.Parse(time.RFC3339, d.r.RetryAfter); ok {
			ra = t.Sub(d.in.Now)
		}
	}
	w := &Watch{
		Delays:        make([]int, 0, watch.MaxAttempts),
		MaxRetryAfter: int(watch.MaxRetryAfter / time.Second),
		MaxTotal:      int(watch.MaxTotal / time.Second),
	}
	for i := 1; ; i++ {
		delay, giveUp := watch.Next(i, ra)
		if giveUp {
			break
		}
		ra = 0 // Retry-After is about the first retry only
		w.Delays = append(w.Delays, int(delay/time.Second))
	}
	d.p.Watch = w
	d.add(kActionWatch.action(diagnose.ActionWatch, ""))
}

// contactAction offers the best contact page (not an address: those are
// for the report action).
func (d *decider) contactAction() {
	for _, c := range d.p.Contacts {
		if c.Kind == ContactPage || c.Kind == ContactImprint || c.Kind == ContactHumans {
			a := kActionContact.action(diagnose.ActionContact, c.URL)
			a.Label = c.Label
			d.add(a)
			return
		}
	}
}

func (d *decider) reportAction() {
	if to := d.p.Mail.To; to != "" {
		d.add(kActionReportTo.action(diagnose.ActionReport, "", to))
		return
	}
	d.add(kActionReport.action(diagnose.ActionReport, ""))
}

func (d *decider) archive() {
	clean, _, err := redact.URL(d.r.URL, redact.Options{})
	if err != nil {
		return
	}
	noQuery, _, err := redact.URL(d.r.URL, redact.Options{DropQuery: true})
	if err != nil {
		return
	}
	d.p.ArchiveURL, d.p.ArchiveURLNoQuery = clean, noQuery
	d.add(kActionArchive.action(diagnose.ActionArchive, ""))
}

// displayPath returns the path and query of an absolute URL for a label,
// percent-decoded when that gives valid text.
func displayPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if d, err := url.PathUnescape(p); err == nil && printable(d) {
		p = d
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}
