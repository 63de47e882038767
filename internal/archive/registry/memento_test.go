package registry

import (
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
)

func archiveByID(t testing.TB, id string) *Archive {
	t.Helper()
	for _, a := range Default() {
		if a.ID == id {
			return &a
		}
	}
	t.Fatalf("no archive %q in the default registry", id)
	return nil
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// local is an archive on a loopback port, as the fake archives of the tests
// run: its copies must stay on that port.
var local = Archive{ID: "local", Name: "Local", Enabled: true,
	Endpoint: Endpoint{Kind: TimeMap, URL: "http://127.0.0.1:8081/web/timemap/link/"},
	Fallback: &Endpoint{Kind: CDX, URL: "http://127.0.0.1:8083/cdx", Replay: "http://127.0.0.1:8084/web/"},
	Mementos: []string{"[::1]:8085"},
}

var checkMementoTests = []struct {
	archive string // id in the default registry, or "local"
	ref     string
	base    string // URL of the answer, "" for none
	want    string // the URL returned; "" when dropped
	why     string // the error's reason when dropped
}{
	// Real copies, as the archives write them.
	{"wayback", "https://web.archive.org/web/20021220043212/http://example.com/", "", "https://web.archive.org/web/20021220043212/http://example.com/", ""},
	{"wayback", "http://web.archive.org/web/20240101000000/https://example.com/", "", "http://web.archive.org/web/20240101000000/https://example.com/", ""}, // availability API: http
	{"archive.today", "http://archive.md/20260113075854/https://www.hln.be/", "", "http://archive.md/20260113075854/https://www.hln.be/", ""},
	{"archive.today", "https://archive.ph/ZxJ1g", "", "https://archive.ph/ZxJ1g", ""},
	{"awa", "https://web.archive.org.au/awa/20100205144751mp_/http://www.nla.gov.au/", "", "https://web.archive.org.au/awa/20100205144751mp_/http://www.nla.gov.au/", ""},
	{"ukwa", "//www.webarchive.org.uk/wayback/archive/20100101000000/http://bl.uk/", "https://www.webarchive.org.uk/wayback/archive/timemap/link/http://bl.uk/",
		"https://www.webarchive.org.uk/wayback/archive/20100101000000/http://bl.uk/", ""}, // protocol-relative
	{"ukwa", "/wayback/archive/20100101000000/http://bl.uk/", "https://www.webarchive.org.uk/wayback/archive/timemap/link/http://bl.uk/",
		"https://www.webarchive.org.uk/wayback/archive/20100101000000/http://bl.uk/", ""}, // relative
	{"ukwa", "20100101000000/http://bl.uk/", "https://www.webarchive.org.uk/wayback/archive/http://bl.uk/",
		"https://www.webarchive.org.uk/wayback/archive/http://bl.uk/20100101000000/http://bl.uk/", ""}, // relative to the answer's path, as a browser would
	{"wayback", "https://WEB.Archive.ORG/web/2010/http://example.com/", "", "https://web.archive.org/web/2010/http://example.com/", ""},
	{"wayback", "https://web.archive.org./web/2010/http://example.com/", "", "https://web.archive.org/web/2010/http://example.com/", ""},
	{"wayback", "https://web.archive.org:443/web/2010/x", "", "https://web.archive.org/web/2010/x", ""},
	{"wayback", "http://web.archive.org:80/web/2010/x", "", "http://web.archive.org/web/2010/x", ""},
	{"local", "http://127.0.0.1:8084/web/20200101000000/http://example.com/", "", "http://127.0.0.1:8084/web/20200101000000/http://example.com/", ""},
	{"local", "/web/2020/x", "http://127.0.0.1:8081/web/timemap/link/x", "http://127.0.0.1:8081/web/2020/x", ""},
	{"local", "http://[::1]:8085/web/2020/x", "", "http://[::1]:8085/web/2020/x", ""},

	// Not a copy to open.
	{"wayback", "javascript:alert(document.domain)//https://web.archive.org/web/2010/", "", "", "javascript: scheme"},
	{"wayback", "JavaScript:alert(1)", "https://web.archive.org/web/", "", "javascript: scheme"},
	{"wayback", "data:text/html,<script>alert(1)</script>", "", "", "data: scheme"},
	{"wayback", "ftp://web.archive.org/web/2010/x", "", "", "ftp: scheme"},
	{"wayback", "http://web.archive.org:80@evil.example/web/2010/x", "", "", "user-info"},
	{"wayback", "https://web.archive.org@evil.example/", "", "", "user-info"},
	{"wayback", "https://user:pass@web.archive.org/web/2010/x", "", "", "user-info"},
	{"wayback", "https://evil.example/web/2010/http://example.com/", "", "", "host not named"},
	{"wayback", "https://web.archive.org.evil.example/web/2010/x", "", "", "host not named"},
	{"wayback", "//evil.example/web/2010/x", "https://web.archive.org/web/timemap/link/x", "", "host not named"},
	{"wayback", "https://web.archive.org:8443/web/2010/x", "", "", "port not named"},
	{"local", "http://127.0.0.1:8082/web/2020/x", "", "", "port not named"},
	{"local", "http://127.0.0.1/web/2020/x", "", "", "port not named"},
	{"wayback", "https://wеb.archive.org/web/2010/x", "", "", "host not in ASCII"}, // Cyrillic е
	{"wayback", "https://ärchive.org/web/2010/x", "", "", "host not in ASCII"},
	{"wayback", `https://evil.example\@web.archive.org/web/`, "", "", "backslash"},
	{"wayback", `https:\\evil.example/web.archive.org/`, "", "", "backslash"},
	{"wayback", "java\tscript:alert(1)", "https://web.archive.org/web/", "", "control character"},
	{"wayback", "https://web.archive.org\n.evil.example/", "", "", "control character"},
	{"wayback", "https://web.archive.org/web/2010/\r\nx", "", "", "control character"},
	{"wayback", " https://evil.example/", "", "", "space"},
	{"wayback", "/web/2010/x", "", "", "not an absolute URL"},
	{"wayback", "", "", "", "empty"},
	{"wayback", "https:///web/2010/x", "", "", "no host"},
	{"wayback", "http://[::1/", "", "", "malformed URL"},
}

func TestCheckMemento(t *testing.T) {
	for _, tt := range checkMementoTests {
		a := &local
		if tt.archive != "local" {
			a = archiveByID(t, tt.archive)
		}
		var base *url.URL
		if tt.base != "" {
			base = mustURL(tt.base)
		}
		u, err := a.CheckMemento(tt.ref, base)
		if tt.want != "" {
			if err != nil {
				t.Errorf("%s: CheckMemento(%q) error %v, want %s", tt.archive, tt.ref, err, tt.want)
			} else if u.String() != tt.want {
				t.Errorf("%s: CheckMemento(%q) = %s, want %s", tt.archive, tt.ref, u, tt.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: CheckMemento(%q) = %s, want dropped (%s)", tt.archive, tt.ref, u, tt.why)
			continue
		}
		if !errors.Is(err, ErrMementoDropped) || !strings.HasPrefix(err.Error(), "registry: memento dropped: ") || !strings.Contains(err.Error(), tt.why) {
			t.Errorf("%s: CheckMemento(%q) error %q, want it to say %q", tt.archive, tt.ref, err, tt.why)
		}
		if strings.Contains(err.Error(), "evil") || strings.Contains(err.Error(), "archive.org") {
			t.Errorf("%s: error %q shows the URL", tt.archive, err)
		}
	}
}

// TestCheckMementoDefaultHosts: every default archive accepts copies on
// the hosts it names and on no other.
func TestCheckMementoDefaultHosts(t *testing.T) {
	for _, a := range Default() {
		hosts := a.MementoHosts()
		if len(hosts) == 0 {
			t.Errorf("%s: no memento hosts", a.ID)
		}
		for _, h := range hosts {
			for _, scheme := range []string{"http", "https"} {
				if _, err := a.CheckMemento(scheme+"://"+h+"/20200101000000/http://example.com/", nil); err != nil {
					t.Errorf("%s: copy on its own host %s refused: %v", a.ID, h, err)
				}
			}
		}
		if _, err := a.CheckMemento("https://example.com/20200101000000/http://example.com/", nil); err == nil {
			t.Errorf("%s: copy on example.com accepted", a.ID)
		}
	}
	// archive.today answers with copies on its mirror hosts.
	at := archiveByID(t, "archive.today")
	for _, h := range []string{"archive.ph", "archive.md", "archive.is", "archive.li", "archive.vn", "archive.fo", "archive.today"} {
		if _, err := at.CheckMemento("https://"+h+"/abcde", nil); err != nil {
			t.Errorf("archive.today: %s refused: %v", h, err)
		}
	}
}

func TestMementoHostsOverride(t *testing.T) {
	data, err := os.ReadFile("testdata/override.json")
	if err != nil {
		t.Fatal(err)
	}
	list, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(list[0].MementoHosts(), " ")
	if got != "127.0.0.1:8082 127.0.0.1:8083 127.0.0.1:8083" {
		t.Errorf("local-avail hosts %q", got)
	}
}

// FuzzCheckMemento checks that an accepted memento is an absolute http(s)
// URL without user-info on a host the archive names, and that it reads the
// same once written out and parsed again (what the person opens is what
// was checked).
func FuzzCheckMemento(f *testing.F) {
	for _, tt := range checkMementoTests {
		f.Add(tt.ref, tt.base)
	}
	archives := append(Default(), local)
	f.Fuzz(func(t *testing.T, ref, base string) {
		var b *url.URL
		if base != "" {
			var err error
			if b, err = url.Parse(base); err != nil {
				return
			}
		}
		for i := range archives {
			a := &archives[i]
			u, err := a.CheckMemento(ref, b)
			if err != nil {
				if !errors.Is(err, ErrMementoDropped) {
					t.Fatalf("error %v does not wrap ErrMementoDropped", err)
				}
				continue
			}
			s := u.String()
			again, err := url.Parse(s)
			if err != nil {
				t.Fatalf("%s: accepted %q, which does not parse again: %v", a.ID, s, err)
			}
			if again.Scheme != "http" && again.Scheme != "https" || again.User != nil || again.Host != u.Host {
				t.Fatalf("%s: accepted %q (scheme %q, user %v, host %q)", a.ID, s, again.Scheme, again.User, again.Host)
			}
			if strings.ContainsAny(s, "\\\t\r\n ") {
				t.Fatalf("%s: accepted %q", a.ID, s)
			}
			named := false
			for _, h := range a.mementoHosts() {
				if h == u.Host {
					named = true
				}
			}
			if !named {
				t.Fatalf("%s: accepted %q on host %q, not one of %v", a.ID, s, u.Host, a.mementoHosts())
			}
		}
	})
}
