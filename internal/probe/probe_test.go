package probe

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/plan"
)

// hostile is a site whose pages try to lead probes astray: redirects to
// another origin, loops, cookies, long bodies, a hanging page. It fails
// the test on any request that carries credentials or a cookie.
func hostile(t *testing.T, other string) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" || r.Header.Get("Cookie") != "" || r.Header.Get("Proxy-Authorization") != "" {
			t.Errorf("%s: credentials sent: %q %q", r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Cookie"))
		}
		if r.Method != http.MethodGet {
			t.Errorf("%s: method %s", r.URL.Path, r.Method)
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s3cret", Path: "/"})
		switch p := r.URL.Path; {
		case p == "/ok":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<a href=/docs/>Docs</a>")
		case p == "/big":
			fmt.Fprint(w, strings.Repeat("x", 3<<20))
		case p == "/binary":
			w.Write([]byte{'a', 0xff, 0xfe, 'b'})
		case p == "/here":
			http.Redirect(w, r, "/hop/1", http.StatusFound)
		case strings.HasPrefix(p, "/hop/"):
			var n int
			fmt.Sscanf(p, "/hop/%d", &n)
			if n >= 3 {
				http.Redirect(w, r, "/ok", http.StatusMovedPermanently)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusFound)
		case p == "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case p == "/away":
			http.Redirect(w, r, other+"/sitemap.xml#frag", http.StatusFound)
		case p == "/away-later":
			http.Redirect(w, r, "/away", http.StatusTemporaryRedirect)
		case p == "/away-creds":
			http.Redirect(w, r, strings.Replace(other, "://", "://bob:pw@", 1)+"/x", http.StatusFound)
		case p == "/away-userinfo-same":
			http.Redirect(w, r, "http://bob:pw@"+r.Host+"/ok", http.StatusFound)
		case p == "/away-scheme":
			http.Redirect(w, r, "javascript:alert(1)", http.StatusFound)
		case p == "/hang":
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		default:
			http.NotFound(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// elsewhere is another origin that must never be asked anything.
func elsewhere(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		fmt.Fprint(w, `<?xml version="1.0"?><urlset><url><loc>http://evil.example/</loc></url></urlset>`)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestRun(t *testing.T) {
	other, hits := elsewhere(t)
	srv := hostile(t, other.URL)
	page := srv.URL + "/refused/page"
	tests := []struct {
		path     string
		maxBytes int
		want     plan.Result // ID, URL filled in below
	}{
		{"/ok", 1000, plan.Result{Status: 200, ContentType: "text/html; charset=utf-8", Body: "<a href=/docs/>Docs</a>"}},
		{"/ok", 0, plan.Result{Status: 200, ContentType: "text/html; charset=utf-8"}},
		{"/ok", 4, plan.Result{Status: 200, ContentType: "text/html; charset=utf-8", Body: "<a h"}},
		{"/missing", 0, plan.Result{Status: 404, ContentType: "text/plain; charset=utf-8"}},
		{"/binary", 10, plan.Result{Status: 200, ContentType: "text/plain; charset=utf-8", Body: "a\uFFFDb"}},
		// Same-origin redirects are followed, up to MaxRedirects.
		{"/here", 100, plan.Result{Status: 200, FinalURL: "/ok", ContentType: "text/html; charset=utf-8", Body: "<a href=/docs/>Docs</a>"}},
		{"/hop/0", 0, plan.Result{Status: 200, FinalURL: "/ok", ContentType: "text/html; charset=utf-8"}},
		{"/loop", 0, plan.Result{Error: ErrRedirects}},
		// Another origin: not followed, reported with its address.
		{"/away", 100, plan.Result{FinalURL: other.URL + "/sitemap.xml", Error: ErrElsewhere}},
		{"/away-later", 100, plan.Result{FinalURL: other.URL + "/sitemap.xml", Error: ErrElsewhere}},
		{"/away-creds", 100, plan.Result{FinalURL: other.URL + "/x", Error: ErrElsewhere}},
		{"/away-userinfo-same", 100, plan.Result{FinalURL: srv.URL + "/ok", Error: ErrElsewhere}},
		{"/away-scheme", 100, plan.Result{Error: ErrElsewhere}},
	}
	var probes []plan.Probe
	for i, tc := range tests {
		probes = append(probes, plan.Probe{ID: fmt.Sprint("p", i), URL: srv.URL + tc.path, Method: "GET", MaxBytes: tc.maxBytes})
	}
	r := &Runner{}
	got := r.Run(context.Background(), page, probes)
	if len(got) != len(tests) {
		t.Fatalf("%d results for %d probes", len(got), len(tests))
	}
	for i, tc := range tests {
		want := tc.want
		want.ID, want.URL = probes[i].ID, probes[i].URL
		if strings.HasPrefix(want.FinalURL, "/") {
			want.FinalURL = srv.URL + want.FinalURL
		}
		if got[i] != want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.path, got[i], want)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached the other origin", n)
	}
}

// Probes for another origin, with user-info or another method are refused
// without a request.
func TestRunRefuses(t *testing.T) {
	other, hits := elsewhere(t)
	srv := hostile(t, other.URL)
	withUser := strings.Replace(srv.URL, "://", "://bob:pw@", 1) + "/ok"
	probes := []plan.Probe{
		{ID: "a", URL: other.URL + "/ok", Method: "GET"},
		{ID: "b", URL: withUser, Method: "GET"},
		{ID: "c", URL: srv.URL + "/ok", Method: "POST"},
		{ID: "d", URL: "ftp://" + strings.TrimPrefix(srv.URL, "http://") + "/ok"},
		{ID: "e", URL: "%zz"},
	}
	got := (&Runner{}).Run(context.Background(), srv.URL+"/x", probes)
	want := []string{ErrNotOrigin, ErrNotOrigin, ErrMethod, ErrNotOrigin, ErrNotOrigin}
	for i, r := range got {
		if r.Error != want[i] || r.Status != 0 || r.ID != probes[i].ID || r.URL != probes[i].URL {
			t.Errorf("%s: %+v, want error %q", probes[i].ID, r, want[i])
		}
	}
	// A page that is not an http(s) URL gets no request at all.
	for _, r := range (&Runner{}).Run(context.Background(), "mailto:x@example.com", []plan.Probe{{ID: "x", URL: srv.URL + "/ok"}}) {
		if r.Error != ErrNotOrigin {
			t.Errorf("page not http: %+v", r)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached the other origin", n)
	}
}

// A body is read up to MaxBytes whatever the probe asks, and a page that
// never answers times out.
func TestRunBounds(t *testing.T) {
	other, _ := elsewhere(t)
	srv := hostile(t, other.URL)
	big := (&Runner{Timeout: time.Minute}).Run(context.Background(), srv.URL+"/", []plan.Probe{
		{ID: "big", URL: srv.URL + "/big", MaxBytes: 1 << 30},
	})[0]
	if len(big.Body) != MaxBytes || big.Status != 200 || big.Error != "" {
		t.Errorf("big: status %d, %d bytes of body, error %q", big.Status, len(big.Body), big.Error)
	}
	hang := (&Runner{Timeout: 100 * time.Millisecond}).Run(context.Background(), srv.URL+"/", []plan.Probe{
		{ID: "hang", URL: srv.URL + "/hang", MaxBytes: 10},
	})[0]
	if hang.Error != ErrTimeout || hang.Status != 0 {
		t.Errorf("hang: %+v", hang)
	}
	// A cancelled context ends every probe as a timeout.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, r := range (&Runner{}).Run(ctx, srv.URL+"/", []plan.Probe{{ID: "a", URL: srv.URL + "/ok"}}) {
		if r.Error != ErrTimeout {
			t.Errorf("cancelled: %+v", r)
		}
	}
}

// At most Concurrency probes are in flight at once.
func TestRunConcurrency(t *testing.T) {
	var mu sync.Mutex
	cur, peak := 0, 0
	release := make(chan struct{})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		cur++
		peak = max(peak, cur)
		full := cur == Concurrency
		mu.Unlock()
		if full {
			once.Do(func() { close(release) })
		}
		<-release
		mu.Lock()
		cur--
		mu.Unlock()
	}))
	defer srv.Close()
	var probes []plan.Probe
	for i := 0; i < 3*Concurrency; i++ {
		probes = append(probes, plan.Probe{ID: fmt.Sprint(i), URL: fmt.Sprintf("%s/%d", srv.URL, i)})
	}
	for _, r := range (&Runner{Timeout: time.Minute}).Run(context.Background(), srv.URL+"/", probes) {
		if r.Status != 200 {
			t.Errorf("%s: %+v", r.ID, r)
		}
	}
	if peak != Concurrency {
		t.Errorf("peak %d requests at once, want %d", peak, Concurrency)
	}
}
