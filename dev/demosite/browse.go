package demosite

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// browsePrefix starts the paths of the browsing test's pages: a walk over
// refused and ordinary pages, and the traps where a 401 or 403 is loaded
// that is not the page on screen. Every page takes a last path segment
// (an id) so that no response is ever answered from a cache:
//
//	/browse/ok/ID                  200, an ordinary page
//	/browse/401/ID, /browse/403/ID 401 (Bearer challenge) and 403
//	/browse/basic/ID               401 with a Basic challenge (a login box)
//	/browse/sub/ID                 200 whose image, script, style sheet and
//	                               fetch answer 401 or 403
//	/browse/frame/ID               200 with frames that answer 401 and 403
//	/browse/redirect/N/S/ID        N redirects (1–5), then /browse/S/ID
//	/browse/prerender/S/ID         200 whose speculation rules prerender
//	                               /browse/S/pr-ID (S is 401 or 403); the
//	                               link #go opens it
//	/browse/prefetch/S/ID          the same with a prefetch of /browse/S/pf-ID
//	/browse/refused-spec/ID        401 whose speculation rules prerender
//	                               /browse/ok/pr-ID and prefetch
//	                               /browse/ok/pf-ID; the link #go opens the
//	                               prerendered page
//	/browse/download/ID            200 whose link #go leads to /browse/dl/ID
//	/browse/dl/ID                  403 with Content-Disposition: attachment
//	/browse/seen?id=ID             JSON list of the requests seen for ID:
//	                               [{"path", "query", "purpose"}] (purpose
//	                               is the Sec-Purpose header), oldest first
//
// The speculation rules carry eagerness "immediate", so the browser loads
// the target while the page is shown, with no click or hover.
const browsePrefix = "/browse/"

// maxSeen bounds the requests remembered for /browse/seen.
const maxSeen = 4096

// seenRequest is one request to a browse page, for /browse/seen.
type seenRequest struct {
	ID      string `json:"-"`
	Path    string `json:"path"`
	Query   string `json:"query"`
	Purpose string `json:"purpose"`
}

var browsePage = template.Must(template.New("browse").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
{{- range .Styles}}
<link rel="stylesheet" href="{{.}}">{{end}}
{{- if .Rules}}
{{.Rules}}{{end}}
</head><body>
<h1>{{.Title}}</h1>
<p>{{.Text}}</p>
{{- if .Link}}
<p><a id="go" href="{{.Link}}">{{.LinkText}}</a></p>{{end}}
{{- range .Images}}
<img src="{{.}}" alt="">{{end}}
{{- range .Scripts}}
<script src="{{.}}"></script>{{end}}
{{- range .Frames}}
<iframe src="{{.}}" title="frame"></iframe>{{end}}
{{- if .Fetch}}
<script src="/browse/fetch.js" data-url="{{.Fetch}}"></script>{{end}}
<p><a href="/browse/ok/home">An ordinary page</a></p>
</body></html>
`))

// browseData is what browsePage shows.
type browseData struct {
	Title, Text, Link, LinkText, Fetch string
	Rules                              template.HTML // a speculationrules script element
	Styles, Images, Scripts, Frames    []string
}

// fetchJS requests the URL named by its script element's data-url, as a
// page's own script would (a subresource that answers 401).
const fetchJS = `fetch(document.currentScript.dataset.url).catch(() => {});
`

// serveBrowse answers the paths under browsePrefix and reports whether p
// was one of them.
func (s *Site) serveBrowse(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	if !strings.HasPrefix(p, browsePrefix) {
		return false
	}
	if p == browsePrefix+"seen" {
		s.serveSeen(w, r)
		return true
	}
	if p == browsePrefix+"fetch.js" {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		fmt.Fprint(w, fetchJS)
		return true
	}
	parts := strings.Split(strings.TrimPrefix(p, browsePrefix), "/")
	id := parts[len(parts)-1]
	if !validID(id) {
		browseStatus(w, http.StatusNotFound, "demosite: a browse page needs an id of letters, digits and dashes")
		return true
	}
	s.see(seenRequest{ID: id, Path: p, Query: r.URL.RawQuery, Purpose: r.Header.Get("Sec-Purpose")})
	w.Header().Set("Cache-Control", "no-store")
	switch {
	case len(parts) == 2 && parts[0] == "ok":
		s.browseRender(w, http.StatusOK, browseData{Title: "Ordinary page " + id, Text: "This page answers 200."})
	case len(parts) == 2 && (parts[0] == "401" || parts[0] == "403"):
		if parts[0] == "401" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="browse"`)
		}
		status, _ := strconv.Atoi(parts[0])
		s.browseRender(w, status, browseData{Title: parts[0] + " " + http.StatusText(status), Text: "This page is refused."})
	case len(parts) == 2 && parts[0] == "basic":
		w.Header().Set("WWW-Authenticate", `Basic realm="browse"`)
		s.browseRender(w, http.StatusUnauthorized, browseData{Title: "401 Unauthorized", Text: "This page needs a password."})
	case len(parts) == 2 && parts[0] == "sub":
		s.browseRender(w, http.StatusOK, browseData{
			Title:   "A page with refused parts " + id,
			Text:    "The image, script, style sheet and fetch of this page are refused; the page itself answers 200.",
			Styles:  []string{browsePrefix + "403/css-" + id},
			Images:  []string{browsePrefix + "401/img-" + id, browsePrefix + "403/img-" + id},
			Scripts: []string{browsePrefix + "403/js-" + id},
			Fetch:   browsePrefix + "401/fetch-" + id,
		})
	case len(parts) == 2 && parts[0] == "frame":
		s.browseRender(w, http.StatusOK, browseData{
			Title:  "A page with refused frames " + id,
			Text:   "The frames of this page answer 401 and 403; the page itself answers 200.",
			Frames: []string{browsePrefix + "401/frame-" + id, browsePrefix + "403/frame-" + id},
		})
	case len(parts) == 4 && parts[0] == "redirect":
		n, err := strconv.Atoi(parts[1])
		if err != nil || n < 1 || n > 5 || !browseRefusal(parts[2]) {
			browseStatus(w, http.StatusNotFound, "demosite: /browse/redirect/N/S/ID needs N in 1–5 and S 401, 403 or basic")
			return true
		}
		next := browsePrefix + parts[2] + "/" + id
		if n > 1 {
			next = fmt.Sprintf("%sredirect/%d/%s/%s", browsePrefix, n-1, parts[2], id)
		}
		http.Redirect(w, r, next, http.StatusFound)
	case len(parts) == 3 && (parts[0] == "prerender" || parts[0] == "prefetch") && (parts[1] == "401" || parts[1] == "403"):
		target := browsePrefix + parts[1] + "/pr-" + id
		if parts[0] == "prefetch" {
			target = browsePrefix + parts[1] + "/pf-" + id
		}
		// html/template would escape JSON in a script element of an unknown
		// type: the element is written whole (the target is a path of
		// letters, digits, "/" and "-").
		rules := fmt.Sprintf(`<script type="speculationrules">{"%s": [{"source": "list", "urls": [%q], "eagerness": "immediate"}]}</script>`, parts[0], target)
		s.browseRender(w, http.StatusOK, browseData{
			Title: "A page that " + parts[0] + "s a refused page " + id,
			Text:  "This page answers 200; its speculation rules load a page that answers " + parts[1] + ".",
			Rules: template.HTML(rules), Link: target, LinkText: "The refused page",
		})
	case len(parts) == 2 && parts[0] == "refused-spec":
		w.Header().Set("WWW-Authenticate", `Bearer realm="browse"`)
		pr, pf := browsePrefix+"ok/pr-"+id, browsePrefix+"ok/pf-"+id
		rules := fmt.Sprintf(`<script type="speculationrules">{"prerender": [{"source": "list", "urls": [%q], "eagerness": "immediate"}], "prefetch": [{"source": "list", "urls": [%q], "eagerness": "immediate"}]}</script>`, pr, pf)
		s.browseRender(w, http.StatusUnauthorized, browseData{
			Title: "401 Unauthorized", Text: "This page is refused; its speculation rules load pages that answer 200.",
			Rules: template.HTML(rules), Link: pr, LinkText: "A page that works",
		})
	case len(parts) == 2 && parts[0] == "download":
		s.browseRender(w, http.StatusOK, browseData{
			Title: "A page with a refused download " + id,
			Text:  "The link below answers 403 with Content-Disposition: attachment.",
			Link:  browsePrefix + "dl/" + id, LinkText: "Download the report",
		})
	case len(parts) == 2 && parts[0] == "dl":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="report-`+id+`.csv"`)
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, "error\nforbidden\n")
	default:
		browseStatus(w, http.StatusNotFound, "demosite: no such browse page")
	}
	return true
}

// browseRefusal reports whether s names a refused browse page.
func browseRefusal(s string) bool {
	return s == "401" || s == "403" || s == "basic"
}

// validID reports whether id is 1–64 letters, digits and dashes.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// browseRender sends browsePage with d and the status.
func (s *Site) browseRender(w http.ResponseWriter, status int, d browseData) {
	var b strings.Builder
	if err := browsePage.Execute(&b, d); err != nil {
		http.Error(w, "demosite: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", htmlType)
	w.WriteHeader(status)
	fmt.Fprint(w, b.String())
}

// browseStatus sends a short plain-text answer with the status.
func browseStatus(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, msg)
}

// see remembers one request for /browse/seen. The id is the page's last
// path segment without a leading kind ("pr-", "img-", …): the requests
// a page causes are seen under the page's id.
func (s *Site) see(x seenRequest) {
	if i := strings.Index(x.ID, "-"); i >= 0 && seenKinds[x.ID[:i]] {
		x.ID = x.ID[i+1:]
	}
	l := &s.browse
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = append(l.list, x)
	if len(l.list) > maxSeen {
		l.list = l.list[len(l.list)-maxSeen:]
	}
}

// seenKinds are the id prefixes of the requests a browse page causes.
var seenKinds = map[string]bool{"pr": true, "pf": true, "img": true, "css": true, "js": true, "fetch": true, "frame": true}

// browseLog holds the requests to browse pages, for /browse/seen.
type browseLog struct {
	mu   sync.Mutex
	list []seenRequest
}

// serveSeen answers /browse/seen?id=ID.
func (s *Site) serveSeen(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("id")
	l := &s.browse
	l.mu.Lock()
	list := []seenRequest{}
	for _, x := range l.list {
		if x.ID == id {
			list = append(list, x)
		}
	}
	l.mu.Unlock()
	w.Header().Set("Content-Type", jsonType)
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(list)
}
