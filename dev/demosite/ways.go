package demosite

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// The made-up hosts of the demo's other sites. A browser reaches them
// through the demo acting as its HTTP proxy (see /proxy.pac, which sends
// every *.sesame.test host there); they serve what a single origin cannot:
// a login page found only by checking common paths (ShopHost), login links
// that lead to other sites (PortalHost), contact pages in German with an
// expired security.txt (AltHost), and a site hostile in every file Sesame
// reads (HostileHost).
const (
	ShopHost    = "shop.sesame.test"
	PortalHost  = "portal.sesame.test"
	AltHost     = "alt.sesame.test"
	HostileHost = "hostile.sesame.test"
)

// virtualHosts lists the made-up sites served besides ProxyHost.
var virtualHosts = map[string]func(s *Site, w http.ResponseWriter, r *http.Request, p string){
	ShopHost:    serveShop,
	PortalHost:  servePortal,
	AltHost:     serveAlt,
	HostileHost: serveHostile,
}

// VirtualHosts returns the made-up host names the demo serves through its
// proxy, sorted.
func VirtualHosts() []string {
	out := []string{ProxyHost}
	for h := range virtualHosts {
		out = append(out, h)
	}
	sort.Strings(out)
	return out
}

// refusedFolders are folders that answer 401 or 403 themselves, so that
// the nearest folder that works is further up ("parent-works").
var refusedFolders = map[string]int{
	"/vault/":                   http.StatusForbidden,
	"/vault/team/secret/":       http.StatusUnauthorized,
	"/vault/team/secret/plans/": http.StatusForbidden,
}

// docsPrefix is the folder whose unknown paths answer 403.
const docsPrefix = "/docs/"

// flipPrefix starts the paths of the pages that can be opened and closed
// (for the watch action): /_demo/flip/NAME answers 401 until
// /_demo/flip/NAME?open=1 was requested, then 200; ?close=1 closes it again.
const flipPrefix = "/_demo/flip/"

// maxFlips bounds the flip pages remembered.
const maxFlips = 1024

var nameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// serveRefusedFolder answers a folder of refusedFolders: 403 from nginx,
// or a 401 without a challenge (an application's own sign-in wall; a
// challenge would make the browser open a login box for Sesame's checks).
func (s *Site) serveRefusedFolder(w http.ResponseWriter, r *http.Request, status int) {
	w.Header().Set("Server", "nginx/1.24.0")
	w.Header().Set("Cache-Control", "no-store")
	page := "nginx-403.html"
	if status == http.StatusUnauthorized {
		page = "nginx-401.html"
	}
	s.render(w, r, status, page, s.pageData(r, ""))
}

// serveFlipPath answers /_demo/flip/NAME.
func (s *Site) serveFlipPath(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, flipPrefix)
	if !nameRE.MatchString(name) {
		s.render(w, r, http.StatusNotFound, "notfound.html", s.pageData(r, "Not found"))
		return
	}
	q := r.URL.Query()
	switch {
	case q.Get("open") == "1":
		s.setFlip(name, true)
	case q.Get("close") == "1":
		s.setFlip(name, false)
	}
	serveFlip(s, w, r, Lookup("flip"))
}

// serveFlip sends the flip page named by the path: 401 while closed, 200
// once opened.
func serveFlip(s *Site, w http.ResponseWriter, r *http.Request, c *Case) {
	name := strings.TrimPrefix(r.URL.Path, flipPrefix)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Server", "nginx/1.24.0")
	d := s.pageData(r, "Maintenance: "+name)
	status := c.Status
	if s.flipOpen(name) {
		status = http.StatusOK
		d.Title = "Open: " + name
		d.User = "open"
	}
	s.render(w, r, status, "flip.html", d)
}

func (s *Site) setFlip(name string, open bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.flips[name]; !ok {
		s.flipsFIF = append(s.flipsFIF, name)
	}
	s.flips[name] = open
	for len(s.flipsFIF) > maxFlips {
		delete(s.flips, s.flipsFIF[0])
		s.flipsFIF = s.flipsFIF[1:]
	}
}

func (s *Site) flipOpen(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.flips[name]
}

// serveCookies answers /_demo/cookies on every host: ?set=NAME sets the
// cookie NAME=1 for the host; the answer lists the names of the cookies
// the request carried, so a test can see what "clear this site's data"
// removed.
func serveCookies(w http.ResponseWriter, r *http.Request) {
	names := []string{}
	for _, c := range r.Cookies() {
		names = append(names, c.Name)
	}
	if set := r.URL.Query().Get("set"); set != "" {
		if !nameRE.MatchString(set) {
			http.Error(w, "demosite: cookie names are 1 to 64 letters, digits, - or _", http.StatusBadRequest)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: set, Value: "1", Path: "/", MaxAge: 3600, SameSite: http.SameSiteLaxMode})
	}
	sort.Strings(names)
	w.Header().Set("Content-Type", jsonType)
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(map[string]any{"host": r.Host, "cookies": names})
}

// serveVirtual answers a request for one of the made-up hosts.
func (s *Site) serveVirtual(w http.ResponseWriter, r *http.Request, host string) {
	p := r.URL.Path
	if p == "" {
		p = "/"
	}
	if p == "/_demo/cookies" {
		serveCookies(w, r)
		return
	}
	if c := s.byHost[host+p]; c != nil {
		s.serveCase(w, r, c)
		return
	}
	virtualHosts[host](s, w, r, p)
}

// vpage renders a page of a made-up site.
func (s *Site) vpage(w http.ResponseWriter, r *http.Request, status int, name, title, lang string) {
	d := s.pageData(r, title)
	d.Lang = lang
	s.render(w, r, status, name, d)
}

func vnotFound(w http.ResponseWriter) {
	w.Header().Set("Server", "nginx/1.24.0")
	http.Error(w, "404 Not Found", http.StatusNotFound)
}

// serveShop is a shop whose pages never link its login page: /signin
// exists, /login does not.
func serveShop(s *Site, w http.ResponseWriter, r *http.Request, p string) {
	switch p {
	case "/":
		s.vpage(w, r, http.StatusOK, "shop-home.html", "Sesame Demo Shop", "en")
	case "/signin":
		s.vpage(w, r, http.StatusOK, "shop-signin.html", "Welcome back", "en")
	case "/products/", "/about-us":
		s.vpage(w, r, http.StatusOK, "shop-home.html", "Sesame Demo Shop", "en")
	case "/account/", "/account/orders/":
		w.Header().Set("Server", "nginx/1.24.0")
		s.render(w, r, http.StatusUnauthorized, "nginx-401.html", s.pageData(r, ""))
	default:
		vnotFound(w)
	}
}

// servePortal is a team portal that signs people in on another site.
func servePortal(s *Site, w http.ResponseWriter, r *http.Request, p string) {
	switch p {
	case "/", "/workspace/", "/help":
		s.vpage(w, r, http.StatusOK, "portal-home.html", "Team portal", "en")
	default:
		vnotFound(w)
	}
}

// serveAlt is a German site with an Impressum, a Kontakt page and an
// expired security.txt.
func serveAlt(s *Site, w http.ResponseWriter, r *http.Request, p string) {
	switch p {
	case "/":
		s.vpage(w, r, http.StatusOK, "alt-home.html", "Sesame-Verein: Archiv", "de")
	case "/impressum":
		s.vpage(w, r, http.StatusOK, "alt-impressum.html", "Impressum", "de")
	case "/kontakt":
		s.vpage(w, r, http.StatusOK, "alt-kontakt.html", "Kontakt", "de")
	case "/verein/", "/datenschutz":
		s.vpage(w, r, http.StatusOK, "alt-kontakt.html", "Sesame-Verein", "de")
	case "/intern/", "/intern/berichte/":
		w.Header().Set("Server", "Apache/2.4.62 (Debian)")
		s.render(w, r, http.StatusForbidden, "alt-403.html", s.pageData(r, ""))
	case "/.well-known/security.txt":
		s.serveText(w, "text/plain; charset=utf-8", ExpiredSecurityTxt(base(r)))
	default:
		vnotFound(w)
	}
}

// ExpiredSecurityTxt is the security.txt of AltHost: valid, but its
// Expires date has passed.
func ExpiredSecurityTxt(base string) string {
	return "Contact: mailto:security@alt.sesame.test\n" +
		"Contact: " + base + "/kontakt\n" +
		"Expires: 2021-03-31T22:00:00.000Z\n" +
		"Preferred-Languages: de, en\n"
}

// Sizes of the hostile pages.
const (
	// ManyLinks is how many links the many-links pages hold.
	ManyLinks = 50000
	// HugeBytes is about the size of the huge pages.
	HugeBytes = 10 << 20
	// HugeSitemapBytes is about the size of the huge sitemap.
	HugeSitemapBytes = 20 << 20
	// GarbageBytes is about the size of the garbage text files.
	GarbageBytes = 2 << 20
)

// serveHostile is a site where every file Sesame reads is hostile.
func serveHostile(s *Site, w http.ResponseWriter, r *http.Request, p string) {
	switch p {
	case "/":
		writeManyLinks(w, r, http.StatusOK, "Hostile home")
	case "/trap/":
		writeHuge(w, r, http.StatusOK)
	case "/trap/frames/":
		s.render(w, r, http.StatusOK, "lab-frames.html", s.pageData(r, ""))
	case "/.well-known/security.txt", "/security.txt", "/humans.txt":
		writeGarbage(w, r)
	case "/sitemap.xml", "/sitemap-again.xml":
		// A sitemap index naming itself, its twin and a huge sitemap.
		w.Header().Set("Content-Type", xmlType)
		b := base(r)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%[1]s%[2]s</loc></sitemap>
<sitemap><loc>%[1]s/sitemap-again.xml</loc></sitemap>
<sitemap><loc>%[1]s/sitemap-huge.xml</loc></sitemap>
<sitemap><loc>javascript:alert(1)</loc></sitemap>
</sitemapindex>
`, b, p)
	case "/sitemap-huge.xml":
		writeHugeSitemap(w, r)
	case "/login":
		// A redirect loop.
		http.Redirect(w, r, "/login?again="+fmt.Sprint(len(r.URL.RawQuery)), http.StatusFound)
	default:
		vnotFound(w)
	}
}

// serveManyLinks sends a case's headers and a page of ManyLinks links.
func serveManyLinks(s *Site, w http.ResponseWriter, r *http.Request, c *Case) {
	addHeaders(w.Header(), c)
	writeManyLinks(w, r, c.Status, "Sign in — many links")
}

func writeManyLinks(w http.ResponseWriter, r *http.Request, status int, title string) {
	w.Header().Set("Content-Type", htmlType)
	w.WriteHeader(status)
	bw := bufio.NewWriterSize(w, 64<<10)
	fmt.Fprintf(bw, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n<h1>%s</h1>\n<p><a href=\"/login\" title=\"Log in\">&lt;b&gt;Log in&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;</a></p>\n<ul>\n", title, title)
	for i := 0; i < ManyLinks; i++ {
		if _, err := fmt.Fprintf(bw, "<li><a href=\"/lab/link/%d\" title=\"link %d\">Sign in to page %d &lt;script&gt;</a></li>\n", i, i, i); err != nil {
			return
		}
	}
	bw.WriteString("</ul>\n</body></html>\n")
	bw.Flush()
}

// serveHuge sends a case's headers and HugeBytes of HTML.
func serveHuge(s *Site, w http.ResponseWriter, r *http.Request, c *Case) {
	addHeaders(w.Header(), c)
	writeHuge(w, r, c.Status)
}

func writeHuge(w http.ResponseWriter, r *http.Request, status int) {
	w.Header().Set("Content-Type", htmlType)
	w.WriteHeader(status)
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>A very large page</title></head><body>\n<h1>Sign in required</h1>\n")
	n := 0
	for i := 0; n < HugeBytes; i++ {
		k, err := fmt.Fprintf(bw, "<div class=\"post\"><p>Paragraph %d of a page that never ends; it repeats itself so that whoever reads it must stop somewhere. <a href=\"/docs/guide/\">Guide</a> <b>bold</b> <i>italic</i></p></div>\n", i)
		if err != nil {
			return
		}
		n += k
	}
	bw.WriteString("<p><a href=\"/login\">Log in (at the very end)</a></p>\n</body></html>\n")
	bw.Flush()
}

// writeGarbage sends GarbageBytes of text that is not a security.txt: NUL
// and control bytes, invalid UTF-8, markup, fields with hostile values and
// one very long line.
func writeGarbage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("Contact: javascript:alert(1)\nContact: <img src=x onerror=alert(1)>\nContact: mailto:\"><script>alert(1)</script>@evil.example\n" +
		"Expires: the day after tomorrow\nContact: data:text/html,<script>alert(1)</script>\n\x00\x01\x02\xff\xfe\xc3\x28\n-----BEGIN PGP SIGNATURE-----\n")
	bw.WriteString("Contact: https://" + strings.Repeat("a", 70000) + ".example/\n")
	line := "\x1b[31m<script>alert(document.cookie)</script>\xe2\x82 Contact: ftp://x Expires: 1970-01-01T00:00:00Z garbage garbage\r\n"
	for n := 0; n < GarbageBytes; n += len(line) {
		if _, err := bw.WriteString(line); err != nil {
			return
		}
	}
	bw.Flush()
}

// writeHugeSitemap streams HugeSitemapBytes of sitemap; it stops when the
// client goes away.
func writeHugeSitemap(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", xmlType)
	bw := bufio.NewWriterSize(w, 64<<10)
	b := base(r)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	n := 0
	for i := 0; n < HugeSitemapBytes; i++ {
		if r.Context().Err() != nil {
			return
		}
		k, err := fmt.Fprintf(bw, "<url><loc>%s/trap/page-%d</loc></url>\n", b, i)
		if err != nil {
			return
		}
		n += k
	}
	bw.WriteString("</urlset>\n")
	bw.Flush()
}
