package demosite

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"

	"github.com/sesame-help/sesame/internal/lite/text"
)

// The made-up hosts of the probe trust demo (issue 8, item 1), reached
// through the demo acting as the browser's proxy like the other
// *.sesame.test hosts:
//
//   - TrustHost refuses TrustPath with a 401 (no challenge, no links), and
//     redirects every other path (its parents, home page, security.txt,
//     sitemap, humans.txt, change-password and common sign-in paths) to
//     ElsewhereHost, with 301, 302, 303, 307 or 308.
//   - ElsewhereHost is the other site: it answers everything Sesame looks
//     for (sign-in, contact and mail links, a password form, a
//     security.txt, a sitemap).
//
// Every request either host receives is recorded, readable at
// /_demo/trust/requests on the demo's own address (?reset=1 empties the
// record after listing it): a test sees that Sesame's checks reached
// TrustHost and that none reached ElsewhereHost.
//   - HopHost refuses HopPath with a 401; its pages link no sign-in page,
//     /login redirects to /login/ (same origin) where the sign-in form is,
//     and /.well-known/security.txt redirects to /security/contact.txt:
//     redirects on the same site, which Sesame follows.
const (
	TrustHost     = "trust.sesame.test"
	TrustPath     = "/vault/papers/secret"
	ElsewhereHost = "recorder.sesame.test"
	HopHost       = "hop.sesame.test"
	HopPath       = "/account/orders/42"
)

// trustRequestsPath lists the requests ElsewhereHost received.
const trustRequestsPath = "/_demo/trust/requests"

// maxTrustRequests bounds the requests recorded per site.
const maxTrustRequests = 1000

// TrustRequest is one request TrustHost or ElsewhereHost received.
type TrustRequest struct {
	Host    string `json:"host"`
	Method  string `json:"method"`
	Path    string `json:"path"`
	Cookies int    `json:"cookies"` // how many cookies it carried
}

// trustLogs holds each Site's record of the requests TrustHost and
// ElsewhereHost received (*Site → *trustLog), so that Site keeps no field for it.
var trustLogs sync.Map

type trustLog struct {
	mu   sync.Mutex
	list []TrustRequest
}

func (s *Site) trustLog() *trustLog {
	l, _ := trustLogs.LoadOrStore(s, &trustLog{})
	return l.(*trustLog)
}

// TrustRequests returns the requests TrustHost and ElsewhereHost received
// so far.
func (s *Site) TrustRequests() []TrustRequest {
	l := s.trustLog()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]TrustRequest{}, l.list...)
}

// serveTrust answers the requests of the trust demo: those for its hosts
// (in absolute form, as to a proxy) and /_demo/trust/requests. It reports
// whether it answered.
func (s *Site) serveTrust(w http.ResponseWriter, r *http.Request) bool {
	if !r.URL.IsAbs() {
		if r.URL.Path != trustRequestsPath {
			return false
		}
		s.serveTrustRequests(w, r)
		return true
	}
	if r.Method == http.MethodConnect {
		return false
	}
	p := r.URL.Path
	if p == "" {
		p = "/"
	}
	switch host := strings.ToLower(r.URL.Hostname()); host {
	case TrustHost:
		s.recordTrust(host, r)
		serveTrustHost(s, w, r, p)
	case ElsewhereHost:
		s.recordTrust(host, r)
		serveElsewhere(s, w, r, p)
	case HopHost:
		serveHop(s, w, r, p)
	default:
		return false
	}
	return true
}

// recordTrust records a request to one of the trust demo's hosts.
func (s *Site) recordTrust(host string, r *http.Request) {
	l := s.trustLog()
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.list) < maxTrustRequests {
		l.list = append(l.list, TrustRequest{Host: host, Method: r.Method, Path: text.Prefix(r.URL.RequestURI(), 300), Cookies: len(r.Cookies())})
	}
}

func (s *Site) serveTrustRequests(w http.ResponseWriter, r *http.Request) {
	l := s.trustLog()
	l.mu.Lock()
	list := append([]TrustRequest{}, l.list...)
	if r.URL.Query().Get("reset") == "1" {
		l.list = nil
	}
	l.mu.Unlock()
	w.Header().Set("Content-Type", jsonType)
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]any{"requests": list})
}

// trustRedirects are the redirect statuses TrustHost answers with, chosen
// by the path's length so that every kind is used.
var trustRedirects = []int{
	http.StatusFound, http.StatusMovedPermanently, http.StatusSeeOther,
	http.StatusTemporaryRedirect, http.StatusPermanentRedirect,
}

// serveTrustHost refuses TrustPath and redirects everything else but the
// tab's icon to the same path on ElsewhereHost.
func serveTrustHost(s *Site, w http.ResponseWriter, r *http.Request, p string) {
	w.Header().Set("Server", "nginx/1.24.0")
	w.Header().Set("Cache-Control", "no-store")
	switch p {
	case TrustPath:
		s.vpage(w, r, http.StatusUnauthorized, "trust-401.html", "Members only", "en")
		return
	case "/favicon.ico":
		// The browser's own request for the tab's icon, not Sesame's.
		vnotFound(w)
		return
	}
	to := "http://" + ElsewhereHost + r.URL.RequestURI()
	w.Header().Set("Location", to)
	w.WriteHeader(trustRedirects[len(p)%len(trustRedirects)])
}

// serveElsewhere answers as a site with everything Sesame looks for.
func serveElsewhere(s *Site, w http.ResponseWriter, r *http.Request, p string) {
	w.Header().Set("Cache-Control", "no-store")
	switch p {
	case "/.well-known/security.txt", "/security.txt":
		s.serveText(w, "text/plain; charset=utf-8", "Contact: mailto:security@"+ElsewhereHost+"\nContact: https://"+ElsewhereHost+"/report\nExpires: 2099-01-01T00:00:00Z\n")
	case "/humans.txt":
		s.serveText(w, "text/plain; charset=utf-8", "/* TEAM */\nWebmaster: someone at "+ElsewhereHost+"\n")
	case "/sitemap.xml":
		s.serveText(w, xmlType, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>http://`+ElsewhereHost+`/login</loc></url>
<url><loc>http://`+TrustHost+TrustPath+`-public</loc></url>
</urlset>
`)
	default:
		s.vpage(w, r, http.StatusOK, "trust-elsewhere.html", "Another site", "en")
	}
}

// serveHop is a site whose redirects stay on it.
func serveHop(s *Site, w http.ResponseWriter, r *http.Request, p string) {
	w.Header().Set("Server", "nginx/1.24.0")
	w.Header().Set("Cache-Control", "no-store")
	switch p {
	case HopPath, "/account/orders/", "/account/":
		s.render(w, r, http.StatusUnauthorized, "nginx-401.html", s.pageData(r, ""))
	case "/":
		s.vpage(w, r, http.StatusOK, "hop-home.html", "Hop demo", "en")
	case "/login":
		http.Redirect(w, r, "/login/", http.StatusFound)
	case "/login/":
		s.vpage(w, r, http.StatusOK, "hop-login.html", "Sign in", "en")
	case "/.well-known/security.txt":
		http.Redirect(w, r, "/security/contact.txt", http.StatusMovedPermanently)
	case "/security/contact.txt":
		s.serveText(w, "text/plain; charset=utf-8", "Contact: mailto:security@"+HopHost+"\nExpires: 2099-01-01T00:00:00Z\n")
	default:
		vnotFound(w)
	}
}
