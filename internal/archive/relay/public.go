package relay

import (
	"net/url"
	"strings"

	"github.com/sesame-help/sesame/internal/archive/registry"
	"github.com/sesame-help/sesame/internal/urls/redact"
)

// publicArchives returns the registry as /v1/archives shows it: every URL
// without user-info and without query parameters whose names look like
// secrets (an operator's ARCHIVES_JSON may hold an API key in an endpoint;
// the relay uses it, but never publishes it).
func publicArchives(list []registry.Archive) []registry.Archive {
	out := make([]registry.Archive, 0, len(list))
	for _, a := range list {
		a.Endpoint = publicEndpoint(a.Endpoint)
		if a.Fallback != nil {
			fb := publicEndpoint(*a.Fallback)
			a.Fallback = &fb
		}
		a.Home = publicURL(a.Home)
		out = append(out, a)
	}
	return out
}

func publicEndpoint(e registry.Endpoint) registry.Endpoint {
	e.URL = publicURL(e.URL)
	e.Replay = publicURL(e.Replay)
	return e
}

// publicURL removes user-info and secret-looking query parameters from s,
// an endpoint URL that may hold the {url} and {timestamp} placeholders,
// which it keeps as they are (url.URL would escape their braces).
func publicURL(s string) string {
	if s == "" {
		return s
	}
	if frag := strings.IndexByte(s, '#'); frag >= 0 {
		s = s[:frag]
	}
	if i := strings.Index(s, "://"); i >= 0 {
		rest := s[i+3:]
		end := strings.IndexAny(rest, "/?")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			s = s[:i+3] + rest[at+1:]
		}
	}
	base, query, ok := strings.Cut(s, "?")
	if !ok {
		return s
	}
	var kept []string
	for _, p := range strings.Split(query, "&") {
		name, _, _ := strings.Cut(p, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if p != "" && !redact.IsSecretParam(name) {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return base
	}
	return base + "?" + strings.Join(kept, "&")
}
