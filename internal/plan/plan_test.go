package plan

import (
	"strings"
	"testing"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/site/discover"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

func TestCases(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(strings.TrimSuffix(c.name, ".txt"), func(t *testing.T) {
			in, phases := c.input(t)
			p := Decide(in)
			checkInvariants(t, in, phases, p)
			check(t, c, in, phases, p)
		})
	}
}

// check verifies the case's want-… lines.
func check(t *testing.T, c *testCase, in Input, phases [][]Probe, p Plan) {
	t.Helper()
	probed := map[string]bool{}
	for _, ph := range phases {
		for _, pr := range ph {
			probed[pr.ID] = true
		}
	}
	kinds := func() string {
		var k []string
		for _, a := range p.Actions {
			k = append(k, a.Kind)
		}
		return strings.Join(k, " ")
	}
	byURL := func(u string) (Action, bool) {
		for _, a := range p.Actions {
			if a.URL == u {
				return a, true
			}
		}
		return Action{}, false
	}
	n := 0
	for _, h := range c.header {
		k, v := h[0], h[1]
		if !strings.HasPrefix(k, "want") {
			continue
		}
		n++
		f := strings.Fields(v)
		arg := func(i int) string {
			if i < len(f) {
				if f[i] == "-" {
					return ""
				}
				return f[i]
			}
			return ""
		}
		switch k {
		case "want-kind":
			if in.Report.Kind != v {
				t.Errorf("kind %s, want %s", in.Report.Kind, v)
			}
		case "want-actions":
			if got := kinds(); got != v {
				t.Errorf("actions\n got %s\nwant %s", got, v)
			}
		case "want-action": // index kind url [key [params]]
			i := 0
			for _, ch := range arg(0) {
				i = i*10 + int(ch-'0')
			}
			if i >= len(p.Actions) {
				t.Errorf("no action %d (%s)", i, kinds())
				continue
			}
			a := p.Actions[i]
			if a.Kind != arg(1) || a.URL != arg(2) || (len(f) > 3 && a.Key != arg(3)) ||
				(len(f) > 4 && strings.Join(a.Params, "|") != strings.Join(f[4:], " ")) {
				t.Errorf("action %d = %s %q %s %v, want %s", i, a.Kind, a.URL, a.Key, a.Params, v)
			}
		case "want-label": // url label…
			a, ok := byURL(arg(0))
			if want := strings.Join(f[1:], " "); !ok || a.Label != want {
				t.Errorf("label of %s = %q, want %q", arg(0), a.Label, want)
			}
		case "want-params": // url params… ("|" separated)
			a, ok := byURL(arg(0))
			want := strings.TrimSpace(strings.TrimPrefix(v, f[0]))
			if !ok || strings.Join(a.Params, "|") != want {
				t.Errorf("params of %s = %q, want %q", arg(0), a.Params, want)
			}
		case "want-working", "want-not-working":
			a, ok := byURL(arg(0))
			if !ok || !a.Checked || a.Working != (k == "want-working") {
				t.Errorf("%s %s: found %v checked %v working %v", k, arg(0), ok, a.Checked, a.Working)
			}
		case "want-no-action":
			if _, ok := byURL(arg(0)); ok {
				t.Errorf("unexpected action for %s", arg(0))
			}
		case "want-login", "want-register", "want-reset":
			list := map[string][]discover.Link{"want-login": p.Login, "want-register": p.Register, "want-reset": p.Reset}[k]
			if arg(0) == "" {
				if len(list) != 0 {
					t.Errorf("%s: got %v", k, list)
				}
			} else if len(list) == 0 || list[0].URL != arg(0) {
				t.Errorf("%s: got %v, want first %s", k, list, arg(0))
			}
		case "want-lookalike":
			found := false
			for _, l := range p.Login {
				found = found || (l.URL == arg(0) && l.LookAlike)
			}
			if _, acted := byURL(arg(0)); !found || acted {
				t.Errorf("look-alike %s: flagged %v, offered as action %v", arg(0), found, acted)
			}
		case "want-typo":
			var got []string
			for _, a := range p.Actions {
				if a.Kind == diagnose.ActionTypo {
					got = append(got, a.URL)
				}
			}
			if strings.Join(got, " ") != v {
				t.Errorf("typos %v, want %s", got, v)
			}
		case "want-contact": // kind url [expired]
			found := false
			for _, ct := range p.Contacts {
				if ct.Kind == arg(0) && ct.URL == arg(1) && ct.Expired == (arg(2) == "expired") {
					found = true
				}
			}
			if !found {
				t.Errorf("no contact %s; contacts %+v", v, p.Contacts)
			}
		case "want-contacts": // kinds in order
			var got []string
			for _, ct := range p.Contacts {
				got = append(got, ct.Kind)
			}
			if strings.Join(got, " ") != v {
				t.Errorf("contacts %v, want %s", got, v)
			}
		case "want-mailto":
			if p.Mail.To != arg(0) {
				t.Errorf("mail to %q, want %q", p.Mail.To, arg(0))
			}
		case "want-securitytxt":
			switch {
			case v == "none" && p.SecurityTxt != nil:
				t.Errorf("security.txt %+v, want none", p.SecurityTxt)
			case v != "none" && p.SecurityTxt == nil:
				t.Errorf("no security.txt, want %s", v)
			case v != "none" && (p.SecurityTxt.URL != arg(0) || p.SecurityTxt.Expired != (arg(1) == "expired")):
				t.Errorf("security.txt %+v, want %s", p.SecurityTxt, v)
			}
		case "want-probed", "want-not-probed":
			for _, id := range f {
				if probed[id] != (k == "want-probed") {
					t.Errorf("%s %s; probed %v", k, id, probed)
				}
			}
		case "want-phases":
			if got := len(phases); itoa(got) != v {
				t.Errorf("%d phases, want %s", got, v)
			}
		case "want-detail": // key params ("|" separated)
			key, params, _ := strings.Cut(v, " ")
			found := false
			for _, m := range p.Details {
				found = found || (m.Key == key && strings.Join(m.Params, "|") == params)
			}
			if !found {
				t.Errorf("no detail %s; details %v", v, p.Details)
			}
		case "want-no-detail":
			for _, m := range p.Details {
				if m.Key == v {
					t.Errorf("unexpected detail %v", m)
				}
			}
		case "want-archive":
			if p.ArchiveURL != arg(0) || p.ArchiveURLNoQuery != arg(1) {
				t.Errorf("archive %q / %q, want %s", p.ArchiveURL, p.ArchiveURLNoQuery, v)
			}
		case "want-primary": // kind: the one action marked primary, first
			var marked []string
			for _, a := range p.Actions {
				if a.Primary {
					marked = append(marked, a.Kind)
				}
			}
			if len(p.Actions) == 0 || p.Actions[0].Kind != v || strings.Join(marked, " ") != v {
				t.Errorf("primary %v, first %s; want %s first and the only one marked", marked, kinds(), v)
			}
		case "want-more": // kinds of the actions marked More, in order
			var more []string
			for _, a := range p.Actions {
				if a.More {
					more = append(more, a.Kind)
				}
			}
			if strings.Join(more, " ") != v {
				t.Errorf("more %v, want %s", more, v)
			}
		case "want-watch": // first delay in seconds
			if p.Watch == nil || itoa(p.Watch.Delays[0]) != arg(0) {
				t.Errorf("watch %+v, want first delay %s", p.Watch, arg(0))
			}
		default:
			t.Errorf("unknown expectation %s", k)
		}
	}
	if n == 0 {
		t.Errorf("case has no expectations")
	}
}

// checkInvariants verifies what must hold for any input: bounds, non-nil
// slices, safe URLs, probes to the refused page's origin only.
func checkInvariants(t testing.TB, in Input, phases [][]Probe, p Plan) {
	t.Helper()
	total := 0
	var origin string
	if u, err := url.Parse(in.Report.URL); err == nil {
		origin = u.Scheme + "://" + u.Host
	}
	for _, ph := range phases {
		for _, pr := range ph {
			total++
			if pr.Method != "GET" || pr.MaxBytes < 0 || pr.MaxBytes > PageBytes || pr.ID == "" {
				t.Errorf("bad probe %+v", pr)
			}
			if !strings.HasPrefix(pr.URL, origin+"/") || origin == "" {
				t.Errorf("probe %s leaves the origin %s: %s", pr.ID, origin, pr.URL)
			}
		}
	}
	if total > MaxProbes || len(phases) > MaxPhases {
		t.Errorf("%d probes in %d phases", total, len(phases))
	}
	if p.Actions == nil || p.Login == nil || p.Register == nil || p.Reset == nil || p.Contacts == nil ||
		p.Details == nil || p.Mail.Body == nil || p.Mail.Subject.Params == nil {
		t.Errorf("nil slice in %+v", p)
	}
	for _, a := range p.Actions {
		if a.Params == nil || a.Key == "" {
			t.Errorf("action %+v lacks params or key", a)
		}
		if a.URL != "" && !strings.HasPrefix(a.URL, "http://") && !strings.HasPrefix(a.URL, "https://") {
			t.Errorf("action %s with URL %q", a.Kind, a.URL)
		}
		if a.Kind == diagnose.ActionArchive && p.ArchiveURL == "" {
			t.Errorf("archive action without archive URL")
		}
		if len(a.Label) > 210 {
			t.Errorf("label of %d bytes", len(a.Label))
		}
	}
	for i, a := range p.Actions {
		if a.Primary != (i == 0) || a.More != (i > MaxNext) {
			t.Errorf("action %d (%s): primary %v, more %v", i, a.Kind, a.Primary, a.More)
		}
	}
	typos := 0
	for _, a := range p.Actions {
		if a.Kind == diagnose.ActionTypo {
			typos++
		}
	}
	if typos > MaxTypos || len(p.Contacts) > MaxContacts {
		t.Errorf("%d typos, %d contacts", typos, len(p.Contacts))
	}
	for _, c := range p.Contacts {
		ok := strings.HasPrefix(c.URL, "https://") || strings.HasPrefix(c.URL, "http://") ||
			(strings.HasPrefix(c.URL, "mailto:") && plainAddress(c.URL[7:]))
		if !ok || c.Params == nil || c.Key == "" {
			t.Errorf("bad contact %+v", c)
		}
	}
	if p.Mail.To != "" && !plainAddress(p.Mail.To) {
		t.Errorf("mail to %q", p.Mail.To)
	}
	if p.Watch != nil && (len(p.Watch.Delays) == 0 || p.Watch.Delays[0] <= 0) {
		t.Errorf("watch %+v", p.Watch)
	}
	if u, err := url.Parse(p.ArchiveURL); err != nil || u.User != nil || strings.Contains(p.ArchiveURL, "#") {
		t.Errorf("archive URL %q keeps user-info or fragment", p.ArchiveURL)
	}
	for _, m := range append(append([]diagnose.Message{}, p.Details...), p.Mail.Body...) {
		if n, ok := Keys()[m.Key]; !ok || n != len(m.Params) {
			t.Errorf("message %v: key unknown or wrong parameter count", m)
		}
	}
}
