package plan

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/urls/origin"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// foreignBody returns what a site answers to a probe of purpose, full of
// everything Sesame looks for, all pointing at host.
func foreignBody(purpose, host string) (body, contentType string) {
	switch purpose {
	case PurposeSecurityTxt:
		return "Contact: mailto:security@" + host + "\nContact: https://" + host + "/report\nExpires: 2099-01-01T00:00:00Z\n", "text/plain"
	case PurposeSitemap:
		return `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://` + host + `/login</loc></url></urlset>`, "application/xml"
	case PurposeHumans:
		return "/* TEAM */\nWebmaster: someone at " + host + "\n", "text/plain"
	}
	return `<html><body><a href="https://` + host + `/login">Log in</a> <a href="https://` + host + `/register">Sign up</a>
<a href="https://` + host + `/reset">Forgot your password?</a> <a href="https://` + host + `/contact">Contact us</a>
<a href="mailto:webmaster@` + host + `">Mail us</a>
<form method="post"><input name="u"><input type="password" name="p"><button>Log in</button></form></body></html>`, "text/html"
}

// TestForeignFinalURL checks, for every probe Sesame makes and every way a
// final URL can name another origin, that nothing the result holds is
// used (issue 8, item 1): only one probe at a time answers, from
// "elsewhere", and the plan must not mention it. The rows on the page's
// own origin check that same-origin redirects are still followed.
func TestForeignFinalURL(t *testing.T) {
	const page = "https://files.example/vault/papers/secret.pdf"
	finals := []struct {
		name    string
		final   string // "%s" is replaced by the probe's path
		foreign bool
	}{
		{"other host", "https://elsewhere.example%s", true},
		{"other port", "https://files.example:8443%s", true},
		{"other scheme", "http://files.example%s", true},
		{"user-info trick", "https://files.example@elsewhere.example%s", true},
		{"sub-domain", "https://elsewhere.files.example%s", true},
		{"user-info on the same host", "https://someone@files.example%s/", true},
		{"not http", "ftp://files.example%s", true},
		{"scheme-relative", "//elsewhere.example%s", true},
		{"relative", "%s/", true},
		{"unparsable", "https://files.example%s/%zz", true},
		{"javascript", "javascript:alert(1)//%s", true},
		{"same origin", "https://files.example%s/", false},
		{"same origin, default port", "https://FILES.example:443%s/", false},
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	report := diagnose.Diagnose(diagnose.Input{URL: page, Status: 401, Body: "<html><body>401</body></html>", Now: "2026-11-28T12:00:00Z"})
	// Every probe Sesame may make for this page (with no answers but 404s).
	var all []Probe
	{
		in := Input{Report: report}
		for round := 0; round < MaxPhases; round++ {
			ps := Probes(in)
			all = append(all, ps...)
			for _, p := range ps {
				in.Results = append(in.Results, Result{ID: p.ID, URL: p.URL, Status: 404, ContentType: "text/html"})
			}
		}
	}
	if len(all) < 10 {
		t.Fatalf("only %d probes: %v", len(all), all)
	}
	for _, f := range finals {
		for _, target := range all {
			t.Run(f.name+"/"+target.ID, func(t *testing.T) {
				in := Input{Report: report, Now: now}
				var used bool
				for round := 0; round < MaxPhases; round++ {
					for _, p := range Probes(in) {
						r := Result{ID: p.ID, URL: p.URL, Status: 404, ContentType: "text/html"}
						if p.ID == target.ID {
							path := strings.TrimPrefix(p.URL, "https://files.example")
							host := "elsewhere.example"
							if !f.foreign {
								host = "files.example"
							}
							r.Status = 200
							r.FinalURL = strings.ReplaceAll(f.final, "%s", path)
							r.Body, r.ContentType = foreignBody(p.Purpose, host)
							used = true
						}
						in.Results = append(in.Results, r)
					}
				}
				if !used {
					t.Skipf("%s is not probed when only it answers", target.ID)
				}
				plan := Decide(in)
				b, err := json.Marshal(plan)
				if err != nil {
					t.Fatal(err)
				}
				got := string(b)
				if f.foreign && (strings.Contains(got, "elsewhere") || strings.Contains(got, "8443") ||
					len(plan.Login)+len(plan.Register)+len(plan.Reset)+len(plan.Contacts) > 0 || plan.SecurityTxt != nil || plan.Mail.To != "") {
					t.Errorf("final URL %q: the plan uses the other origin's answer:\n%s", f.final, got)
				}
				for _, a := range plan.Actions {
					if f.foreign && a.Working {
						t.Errorf("final URL %q: %s %s counted as working", f.final, a.Kind, a.URL)
					}
				}
				if !f.foreign && strings.HasPrefix(target.ID, "login-") && (len(plan.Login) == 0 || !ownOrigin(plan.Login[0].URL)) {
					t.Errorf("same-origin redirect of %s: no login page found; login %v", target.ID, plan.Login)
				}
			})
		}
	}
}

// ownOrigin reports a URL on https://files.example.
func ownOrigin(s string) bool {
	u, err := url.Parse(s)
	return err == nil && origin.Of(u) == "https://files.example"
}
