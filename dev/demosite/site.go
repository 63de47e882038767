// Package demosite is a small web site that answers 401, 403 and 407 the
// way real servers do: Apache, nginx, IIS (with its sub-status only in the
// page), Jetty, Cloudflare, Akamai, AWS WAF, Sucuri, Imperva, S3 and a
// Squid-like proxy. It serves the browser tests and `make run`.
//
// Every refused page sits in a folder tree whose folders answer 200, so
// "up one folder" leads somewhere that works. The site also has the pages
// a real site has around its refusals: a home page with log-in and sign-up
// links, a login form (a wrong password answers 401 to the POST), a
// password-reset page, a sitemap, a security.txt and an imprint.
//
// For the ways forward Sesame offers, the site also has folders that
// refuse (the nearest one that works is further up), a docs tree whose
// unknown paths answer 403 (a mistyped address), a page that can be
// opened and closed (/_demo/flip/NAME, for watching), request ids in
// headers, and hostile pages (50,000 links, 10 MB of HTML, frames,
// javascript: and data: links, markup in link text).
//
// Requests in absolute form (a browser using the site as its HTTP proxy)
// are answered as a proxy would: 407 with Proxy-Authenticate for
// ProxyHost until the demo credentials are sent. The other made-up hosts
// (VirtualHosts: a shop whose login page is only found at a common path,
// a portal that signs in on another site and links a look-alike domain, a
// German site with Impressum, Kontakt and an expired security.txt, and a
// site hostile in every file Sesame reads) are served as their origin
// would. /proxy.pac is a proxy auto-config file that sends ProxyHost and
// every *.sesame.test host through the demo, and nothing else.
//
// Paths for tests: /_demo/cases.json lists the cases; any request
// carrying a "bench" query parameter has the moment its response headers
// were written recorded, readable at /_demo/times?id=ID; /_demo/cookies
// lists the cookies a request carried (?set=NAME sets one), on every host.
package demosite

import (
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sesame-help/sesame/internal/lite/text"
)

//go:embed pages
var pageFS embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"akamaiURL": akamaiURL,
}).ParseFS(pageFS, "pages/*.html"))

// okPages are the plain pages that answer 200 besides folders and cases.
var okPages = map[string]string{
	"/about":                               "About this demo",
	"/docs/guide/installation":             "Installation",
	"/docs/guide/faq":                      "Frequently asked questions",
	"/docs/api/reference":                  "API reference",
	"/s3/bucket/reports/annual-report.pdf": "Annual report",
	"/members/forum/rules":                 "Forum rules",
	"/docs/getting-started/first-steps":    "First steps",
	"/docs/getting-started/configuration":  "Configuration",
}

// membersThread is where a successful login goes by default.
const membersThread = "/members/forum/thread/1234"

// sessionCookie marks a browser that signed in through /login.
const sessionCookie = "sesame_demo_session"

// maxTimes bounds the bench timestamps kept in memory.
const maxTimes = 4096

// Site is the demo web site. The zero value is not usable; call New.
type Site struct {
	// Now returns the current time; tests may replace it.
	Now func() time.Time

	byPath  map[string]*Case
	byHost  map[string]*Case    // host + path → case on a made-up host
	folders map[string][]string // folder path → sorted child paths

	mu       sync.Mutex
	times    map[string]float64
	timesFIF []string
	flips    map[string]bool // flip name → open
	flipsFIF []string
	browse   browseLog // requests to the browsing test's pages (browse.go)
}

// New returns the demo site.
func New() *Site {
	s := &Site{
		Now:     time.Now,
		byPath:  map[string]*Case{},
		byHost:  map[string]*Case{},
		folders: map[string][]string{},
		times:   map[string]float64{},
		flips:   map[string]bool{},
	}
	var all []string
	for _, c := range cases {
		if c.Host != "" {
			s.byHost[c.Host+c.Path] = c
			continue
		}
		if c.Method == "" {
			s.byPath[c.Path] = c
		}
		if !c.hidden {
			all = append(all, c.Path)
		}
	}
	for p := range okPages {
		all = append(all, p)
	}
	for _, p := range all {
		s.addFolders(p)
	}
	for f, kids := range s.folders {
		sort.Strings(kids)
		s.folders[f] = kids
	}
	return s
}

// addFolders records every ancestor folder of p with its direct child.
func (s *Site) addFolders(p string) {
	for p != "/" {
		parent := parentOf(p)
		if !contains(s.folders[parent], p) {
			s.folders[parent] = append(s.folders[parent], p)
		}
		p = parent
	}
}

// parentOf returns the folder one level up from p, ending in a slash.
func parentOf(p string) string {
	p = strings.TrimSuffix(p, "/")
	i := strings.LastIndex(p, "/")
	if i <= 0 {
		return "/"
	}
	return p[:i+1]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ServeHTTP answers one request.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if id := r.URL.Query().Get("bench"); id != "" && len(id) <= 64 {
		w = &stampWriter{ResponseWriter: w, site: s, id: id}
	}
	if s.serveTrust(w, r) {
		return
	}
	if r.Method == http.MethodConnect || r.URL.IsAbs() {
		s.serveProxy(w, r)
		return
	}
	p := r.URL.Path
	if c := cleanPath(p); c != p {
		http.Redirect(w, r, c, http.StatusMovedPermanently)
		return
	}
	switch p {
	case "/":
		s.serveIndex(w, r)
		return
	case "/_demo/cases.json":
		s.serveCases(w, r)
		return
	case "/_demo/times":
		s.serveTimes(w, r)
		return
	case "/_demo/cookies":
		serveCookies(w, r)
		return
	case "/_demo/blank":
		s.render(w, r, http.StatusOK, "blank.html", data{ID: r.URL.Query().Get("id")})
		return
	case "/proxy.pac":
		servePAC(w, r)
		return
	case "/login":
		if r.Method == http.MethodPost {
			serveLoginPost(s, w, r, Lookup("login-failed"))
			return
		}
		s.render(w, r, http.StatusOK, "login.html", data{Title: "Log in", Next: safeNext(r.URL.Query().Get("next"))})
		return
	case "/register":
		s.render(w, r, http.StatusOK, "register.html", data{Title: "Sign up"})
		return
	case "/password/reset":
		s.render(w, r, http.StatusOK, "reset.html", data{Title: "Reset your password"})
		return
	case "/imprint":
		s.render(w, r, http.StatusOK, "imprint.html", data{Title: "Imprint"})
		return
	case "/contact":
		s.render(w, r, http.StatusOK, "contact.html", data{Title: "Contact"})
		return
	case "/.well-known/change-password":
		http.Redirect(w, r, "/password/reset", http.StatusFound)
		return
	case "/.well-known/security.txt":
		s.serveText(w, "text/plain; charset=utf-8", securityTxt(r))
		return
	case "/humans.txt":
		s.serveText(w, "text/plain; charset=utf-8", "/* TEAM */\nWebmaster: Sesame Demo\nContact: webmaster [at] sesame.test\n")
		return
	case "/robots.txt":
		s.serveText(w, "text/plain; charset=utf-8", "User-agent: *\nDisallow: /private/\nSitemap: "+base(r)+"/sitemap.xml\n")
		return
	case "/sitemap.xml":
		s.serveSitemap(w, r)
		return
	}
	if s.serveBrowse(w, r) {
		return
	}
	if strings.HasPrefix(p, flipPrefix) {
		s.serveFlipPath(w, r)
		return
	}
	if c := s.byPath[p]; c != nil {
		s.serveCase(w, r, c)
		return
	}
	if status, ok := refusedFolders[p]; ok {
		s.serveRefusedFolder(w, r, status)
		return
	}
	if title, ok := okPages[p]; ok {
		s.render(w, r, http.StatusOK, "ok.html", s.pageData(r, title))
		return
	}
	if kids, ok := s.folders[p]; ok {
		d := s.pageData(r, "Index of "+p)
		d.Parent = parentOf(p)
		d.Children = kids
		s.render(w, r, http.StatusOK, "folder.html", d)
		return
	}
	if _, ok := s.folders[p+"/"]; ok {
		http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
		return
	}
	if strings.HasPrefix(p, docsPrefix) {
		// The docs answer 403 for unknown paths, as a storage bucket without
		// list rights does: a mistyped address is refused, not missing.
		s.sendCase(w, r, Lookup("typo"))
		return
	}
	s.render(w, r, http.StatusNotFound, "notfound.html", s.pageData(r, "Not found"))
}

// serveCase sends the response of one case.
func (s *Site) serveCase(w http.ResponseWriter, r *http.Request, c *Case) {
	if c.serve != nil {
		c.serve(s, w, r, c)
		return
	}
	s.sendCase(w, r, c)
}

// sendCase sends c's fixed status, headers and page.
func (s *Site) sendCase(w http.ResponseWriter, r *http.Request, c *Case) {
	h := w.Header()
	addHeaders(h, c)
	if strings.HasSuffix(c.page, ".html") {
		d := s.pageData(r, "")
		d.Next = c.Path
		s.render(w, r, c.Status, c.page, d)
		return
	}
	body, err := pageFS.ReadFile("pages/" + c.page)
	if err != nil {
		http.Error(w, "demosite: "+err.Error(), http.StatusInternalServerError)
		return
	}
	ct := c.contentType
	if ct == "" {
		ct = "text/plain; charset=utf-8"
	}
	h.Set("Content-Type", ct)
	w.WriteHeader(c.Status)
	w.Write(body)
}

// addHeaders adds c's headers with their names spelled as real servers
// send them (Go would canonicalise "WWW-Authenticate" to
// "Www-Authenticate"), and forbids caching unless c says otherwise.
func addHeaders(h http.Header, c *Case) {
	for _, kv := range c.headers {
		h[kv[0]] = append(h[kv[0]], kv[1])
	}
	if h.Get("Cache-Control") == "" && h["Cache-Control"] == nil {
		h.Set("Cache-Control", "no-store")
	}
}

// serveBasic lets the demo credentials through and refuses everything else.
func serveBasic(s *Site, w http.ResponseWriter, r *http.Request, c *Case) {
	if u, p, ok := r.BasicAuth(); ok && u == DemoUser && p == DemoPassword {
		d := s.pageData(r, "Quarterly report Q3 2026")
		d.User = u
		s.render(w, r, http.StatusOK, "signed-in.html", d)
		return
	}
	s.sendCase(w, r, c)
}

// serveMembers shows the thread to a browser that signed in through the
// login form.
func serveMembers(s *Site, w http.ResponseWriter, r *http.Request, c *Case) {
	if ck, err := r.Cookie(sessionCookie); err == nil && ck.Value == DemoUser {
		d := s.pageData(r, "Welcome to the forum")
		d.User = DemoUser
		s.render(w, r, http.StatusOK, "signed-in.html", d)
		return
	}
	s.sendCase(w, r, c)
}

// serveLoginPost checks the login form: the demo credentials sign in and
// redirect, anything else answers 401 with the form again.
func serveLoginPost(s *Site, w http.ResponseWriter, r *http.Request, c *Case) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "demosite: bad form", http.StatusBadRequest)
		return
	}
	user, pass := r.PostForm.Get("username"), r.PostForm.Get("password")
	next := safeNext(r.PostForm.Get("next"))
	if user == DemoUser && pass == DemoPassword {
		http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: DemoUser, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
		if next == "" {
			next = membersThread
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	addHeaders(w.Header(), c)
	d := s.pageData(r, "")
	d.Next = next
	d.User = text.Prefix(user, 100)
	s.render(w, r, c.Status, c.page, d)
}

// safeNext keeps a same-site path for the post-login redirect and drops
// anything else.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") || len(next) > 512 {
		return ""
	}
	return next
}

// data is what the page templates see.
type data struct {
	Title     string
	Lang      string
	Path      string
	URL       string
	Base      string
	Hostname  string
	Port      string
	RemoteIP  string
	UserAgent string
	Time      string
	WinPath   string
	Next      string
	User      string
	ID        string
	ProxyHost string
	Parent    string
	Children  []string
	Cases     []indexCase
}

type indexCase struct {
	*Case
	Link string
}

func (s *Site) pageData(r *http.Request, title string) data {
	host, port, err := net.SplitHostPort(r.Host)
	if err != nil {
		host, port = r.Host, "80"
	}
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	u := base(r) + r.URL.RequestURI()
	if r.URL.IsAbs() {
		u = r.URL.String()
	}
	return data{
		Title:     title,
		Path:      r.URL.Path,
		URL:       u,
		Base:      base(r),
		Hostname:  host,
		Port:      port,
		RemoteIP:  ip,
		UserAgent: text.Prefix(r.UserAgent(), 300),
		Time:      s.Now().UTC().Format("2006-01-02 15:04:05"),
		WinPath:   `C:\inetpub\wwwroot` + strings.ReplaceAll(r.URL.Path, "/", `\`),
		ProxyHost: ProxyHost,
	}
}

// base is the scheme and authority the request was sent to.
func base(r *http.Request) string {
	return "http://" + r.Host
}

// render executes a page template and sends it with the status.
func (s *Site) render(w http.ResponseWriter, r *http.Request, status int, name string, d data) {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, d); err != nil {
		http.Error(w, "demosite: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", htmlType)
	}
	w.WriteHeader(status)
	fmt.Fprint(w, b.String())
}

func (s *Site) serveText(w http.ResponseWriter, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	fmt.Fprint(w, body)
}

func (s *Site) serveIndex(w http.ResponseWriter, r *http.Request) {
	d := s.pageData(r, "Sesame demo: pages that say no")
	for _, c := range cases {
		d.Cases = append(d.Cases, indexCase{Case: c, Link: caseURL(r, c)})
	}
	s.render(w, r, http.StatusOK, "index.html", d)
}

// caseURL is the absolute URL of a case as a browser would request it.
func caseURL(r *http.Request, c *Case) string {
	if c.Host != "" {
		return "http://" + c.Host + c.Path
	}
	return base(r) + c.Path
}

// caseJSON is one entry of /_demo/cases.json.
type caseJSON struct {
	*Case
	URL string `json:"url"`
}

func (s *Site) serveCases(w http.ResponseWriter, r *http.Request) {
	list := make([]caseJSON, 0, len(cases))
	for _, c := range cases {
		method := c.Method
		if method == "" {
			method = http.MethodGet
		}
		cc := *c
		cc.Method = method
		list = append(list, caseJSON{Case: &cc, URL: caseURL(r, c)})
	}
	w.Header().Set("Content-Type", jsonType)
	json.NewEncoder(w).Encode(list)
}

func (s *Site) serveSitemap(w http.ResponseWriter, r *http.Request) {
	var urls []string
	for f := range s.folders {
		urls = append(urls, f)
	}
	for p := range okPages {
		urls = append(urls, p)
	}
	urls = append(urls, "/login", "/register", "/password/reset", "/imprint", "/contact", Lookup("ok").Path)
	sort.Strings(urls)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range urls {
		fmt.Fprintf(&b, "  <url><loc>%s</loc></url>\n", template.HTMLEscapeString(base(r)+u))
	}
	b.WriteString("</urlset>\n")
	s.serveText(w, "application/xml", b.String())
}

func securityTxt(r *http.Request) string {
	return "Contact: mailto:security@sesame.test\n" +
		"Contact: " + base(r) + "/contact\n" +
		"Expires: 2030-12-31T23:00:00.000Z\n" +
		"Preferred-Languages: en, de\n" +
		"Canonical: " + base(r) + "/.well-known/security.txt\n"
}

// akamaiURL writes a URL the way Akamai's error page does: every
// character that is not a letter or digit as a numeric entity.
func akamaiURL(s string) template.HTML {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
			continue
		}
		fmt.Fprintf(&b, "&#%d;", r)
	}
	return template.HTML(b.String())
}

// stampWriter records when the response headers of a bench request were
// written.
type stampWriter struct {
	http.ResponseWriter
	site *Site
	id   string
	done bool
}

func (sw *stampWriter) WriteHeader(code int) {
	if !sw.done {
		sw.done = true
		t := sw.site.Now()
		ms := float64(t.UnixNano()) / 1e6
		sw.Header().Set("X-Demo-Sent-At", fmt.Sprintf("%.3f", ms))
		sw.site.stamp(sw.id, ms)
	}
	sw.ResponseWriter.WriteHeader(code)
}

func (sw *stampWriter) Write(b []byte) (int, error) {
	if !sw.done {
		sw.WriteHeader(http.StatusOK)
	}
	return sw.ResponseWriter.Write(b)
}

// stamp keeps the newest maxTimes timestamps.
func (s *Site) stamp(id string, ms float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.times[id]; !ok {
		s.timesFIF = append(s.timesFIF, id)
	}
	s.times[id] = ms
	for len(s.timesFIF) > maxTimes {
		delete(s.times, s.timesFIF[0])
		s.timesFIF = s.timesFIF[1:]
	}
}

func (s *Site) serveTimes(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	s.mu.Lock()
	ms, ok := s.times[id]
	s.mu.Unlock()
	w.Header().Set("Content-Type", jsonType)
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, "{\"error\":\"demosite: no response recorded for this id\"}\n")
		return
	}
	fmt.Fprintf(w, "{\"id\":%q,\"sentAt\":%.3f}\n", id, ms)
}

// cleanPath is path.Clean that keeps a trailing slash.
func cleanPath(p string) string {
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}
