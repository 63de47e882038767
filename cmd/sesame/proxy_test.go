package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/sample"
)

// proxyServer is a proxy that answers every CONNECT with the answer squid
// gave in the recording named by the target host (signin: the 407 asking
// for a proxy sign-in, refuse: the 403 refusal; see
// internal/diagnose/testdata/servers), and "open" with a 407 whose page
// never ends.
func proxyServer(t *testing.T) *httptest.Server {
	answers := map[string]*sample.Response{}
	for _, name := range []string{"signin", "refuse"} {
		rs := sample.Load(t, "internal/diagnose/testdata/servers/squid-connect-"+name+".http")
		answers[name+".example.test:443"] = rs[0]
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			t.Errorf("the proxy got %s %s, want CONNECT", r.Method, r.URL)
		}
		if r.Header.Get("Proxy-Authorization") != "" {
			t.Errorf("proxy credentials were sent")
		}
		if r.Host == "open.example.test:443" {
			w.Header().Set("Proxy-Authenticate", `Basic realm="open"`)
			w.WriteHeader(http.StatusProxyAuthRequired)
			w.(http.Flusher).Flush()
			<-r.Context().Done() // the page never ends
			return
		}
		a, ok := answers[r.Host]
		if !ok {
			t.Errorf("CONNECT to %q", r.Host)
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		for _, f := range a.Header {
			switch strings.ToLower(f.Name) {
			case "content-length", "connection", "date":
			default:
				w.Header().Add(f.Name, f.Value)
			}
		}
		w.WriteHeader(a.Status)
		w.Write([]byte(a.Body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestCheckProxyConnect checks that the answer of a proxy to the CONNECT of
// an https URL is diagnosed (it used to end sesame check with "Proxy
// Authentication Required" and exit status 1).
func TestCheckProxyConnect(t *testing.T) {
	srv := proxyServer(t)
	pu, _ := url.Parse(srv.URL)
	oldProxy, oldWait := checkProxy, proxyBodyWait
	checkProxy = http.ProxyURL(pu)
	proxyBodyWait = 200 * time.Millisecond
	t.Cleanup(func() { checkProxy, proxyBodyWait = oldProxy, oldWait })

	for _, c := range []struct {
		url, kind, block, schemes string
		status                    int
	}{
		{"https://signin.example.test/reports/", diagnose.KindProxy, "", "Basic", 407},
		{"https://refuse.example.test/reports/", diagnose.KindBlocked, "squid proxy", "", 403},
		{"https://open.example.test/", diagnose.KindProxy, "", "Basic", 407},
	} {
		t.Run(c.url, func(t *testing.T) {
			r := checkJSON(t, c.url)
			if r.URL != c.url || r.Status != c.status || r.Kind != c.kind {
				t.Errorf("report %s %d %s, want %s %d %s", r.URL, r.Status, r.Kind, c.url, c.status, c.kind)
			}
			got := ""
			if r.Block != nil {
				got = r.Block.Vendor + " " + r.Block.Kind
			}
			if got != c.block {
				t.Errorf("block %q, want %q", got, c.block)
			}
			var schemes []string
			for _, ch := range r.Challenges {
				schemes = append(schemes, ch.Scheme)
				if !ch.Proxy {
					t.Errorf("challenge %+v is not marked as the proxy's", ch)
				}
			}
			if strings.Join(schemes, " ") != c.schemes {
				t.Errorf("schemes %q, want %q", schemes, c.schemes)
			}
			if !slices.ContainsFunc(r.Notes, func(m diagnose.Message) bool { return m.Key == "note_proxy_connect" }) {
				t.Errorf("notes %v lack note_proxy_connect", r.Notes)
			}
			for _, a := range r.Actions {
				if a.Kind == diagnose.ActionParent || a.Kind == diagnose.ActionHome {
					t.Errorf("action %s %s: the site was never reached", a.Kind, a.URL)
				}
			}
		})
	}

	// The text report says what happened too.
	code, out, errOut := runArgs("check", "https://signin.example.test/")
	if code != 0 || !strings.Contains(out, "407") || !strings.Contains(out, "Proxy sign-in: Basic") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}
