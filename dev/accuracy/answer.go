package main

import (
	"net/url"
	"strings"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/plan"
	"github.com/sesame-help/sesame/internal/site/discover"
)

// refusedPath is the path of the made-up refused page whose site's home
// page answers with a corpus page (see Answer).
const refusedPath = "/sesame-accuracy/refused"

// Topn is how many candidates count for the top-3 figures.
const Topn = 3

// An Answer is what Sesame's way forward offers for one page: per kind,
// the link the popup shows (Top, "" when none) and the first Topn
// candidates in the popup's order.
type Answer struct {
	Top  [numKinds]string
	TopN [numKinds][]string
}

// Ask runs the plan the popup runs on one corpus page and returns what it
// offers.
//
// A page served with 401 or 403 is the refused page itself: plan.Analyze
// gets its URL, status and body, as the extension gives them. Any other
// page is what the site's home page answered: a 401 for a made-up page
// of the same origin (refusedPath) is analysed with the home-page probe
// answering 200 with the corpus page; when the page's URL is not the
// origin's root, the probe reports it as where the home page led, so
// that links resolve as on the real site (the plan then also scores that
// URL as a sign-in page, as it does for a home page that redirects).
func Ask(p *Page, body string) Answer {
	var a plan.Analysis
	env := plan.Env{Browser: "accuracy", OS: "accuracy"}
	if p.Status == 401 || p.Status == 403 {
		in := diagnose.Input{URL: p.URL, Method: "GET", Status: p.Status, Body: body,
			Headers: []diagnose.Header{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}}
		a = plan.Analyze(in, nil, env)
	} else {
		u, _ := url.Parse(p.URL) // Load checked it
		refused := u.Scheme + "://" + u.Host + refusedPath
		in := diagnose.Input{URL: refused, Method: "GET", Status: 401,
			Headers: []diagnose.Header{{Name: "Content-Type", Value: "text/html; charset=utf-8"}}}
		first := plan.Analyze(in, nil, env)
		var results []plan.Result
		for _, pr := range first.Probes {
			if pr.Purpose != plan.PurposeHome {
				continue
			}
			r := plan.Result{ID: pr.ID, URL: pr.URL, Status: 200, ContentType: "text/html; charset=utf-8", Body: body}
			if len(r.Body) > pr.MaxBytes {
				r.Body = r.Body[:pr.MaxBytes]
			}
			if p.URL != pr.URL {
				r.FinalURL = p.URL
			}
			results = append(results, r)
		}
		a = plan.Analyze(in, results, env)
	}
	return answerOf(&a.Plan)
}

// answerOf reads the popup's choices off a plan: the first login,
// register and reset actions with a URL; the contact action, or else the
// address the report is mailed to. The top-n lists follow the plan's
// candidate lists with the same filters as its actions.
func answerOf(p *plan.Plan) Answer {
	var ans Answer
	for _, a := range p.Actions {
		var k Kind
		switch a.Kind {
		case diagnose.ActionLogin:
			k = SignIn
		case diagnose.ActionRegister:
			k = Register
		case diagnose.ActionReset:
			k = Reset
		case diagnose.ActionContact:
			k = Contact
		default:
			continue
		}
		if ans.Top[k] == "" && a.URL != "" {
			ans.Top[k] = a.URL
		}
	}
	if ans.Top[Contact] == "" && p.Mail.To != "" {
		ans.Top[Contact] = "mailto:" + p.Mail.To
	}
	lists := [...][]discover.Link{SignIn: p.Login, Register: p.Register, Reset: p.Reset}
	for k := SignIn; k <= Reset; k++ {
		if ans.Top[k] == "" {
			continue
		}
		for _, l := range lists[k] {
			if l.LookAlike || (k == Reset && l.CrossSite) {
				continue
			}
			if len(ans.TopN[k]) < Topn {
				ans.TopN[k] = append(ans.TopN[k], l.URL)
			}
		}
		if len(ans.TopN[k]) == 0 || ans.TopN[k][0] != ans.Top[k] {
			ans.TopN[k] = append([]string{ans.Top[k]}, ans.TopN[k]...)
		}
	}
	if ans.Top[Contact] != "" {
		ans.TopN[Contact] = append(ans.TopN[Contact], ans.Top[Contact])
		for _, c := range p.Contacts {
			if len(ans.TopN[Contact]) == Topn {
				break
			}
			if c.URL != ans.Top[Contact] {
				ans.TopN[Contact] = append(ans.TopN[Contact], c.URL)
			}
		}
	}
	return ans
}

// Match reports whether got is one of the URLs in want: equal after
// normalising both (see normal), or starting with an entry that ends in
// "*".
func Match(want []string, got string) bool {
	if got == "" {
		return false
	}
	g := normal(got)
	for _, w := range want {
		if p, ok := strings.CutSuffix(w, "*"); ok {
			if strings.HasPrefix(g, normal(p)) {
				return true
			}
			continue
		}
		if normal(w) == g {
			return true
		}
	}
	return false
}

// normal writes a URL the way two equal links compare equal: no fragment,
// lower-case scheme and host, no default port, "/" for an empty path;
// mailto: addresses in lower case.
func normal(s string) string {
	if a, ok := strings.CutPrefix(strings.ToLower(s), "mailto:"); ok {
		return "mailto:" + a
	}
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(u.Host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(u.Host, ":443")) {
		u.Host = u.Host[:strings.LastIndexByte(u.Host, ':')]
	}
	if u.Path == "" && u.Opaque == "" {
		u.Path = "/"
	}
	return u.String()
}
