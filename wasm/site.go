package main

import (
	"errors"
	"strings"

	"github.com/sesame-help/sesame/internal/lite/jsonlite"
	"github.com/sesame-help/sesame/internal/site/discover"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// siteRequest is the argument of sesame.siteOf: an absolute http(s) URL.
type siteRequest struct {
	URL string `json:"url"`
}

// siteResult is the answer of sesame.siteOf: the URL's host name (lower
// case, without port or brackets), its registrable domain (discover.Site)
// and whether the host is an IP address, which has no subdomains. The
// popup's "clear site data" confirmation names them: Chrome removes
// cookies for the whole registrable domain.
type siteResult struct {
	Host    string `json:"host"`
	Site    string `json:"site"`
	Address bool   `json:"address"`
}

var siteRequestFields = []string{"url"}

func decodeSiteRequest(in []byte) (siteRequest, error) {
	var req siteRequest
	return req, decodeStrict(in, siteRequestFields, func(d *jsonlite.Decoder, field string) {
		if field == "url" {
			d.String(&req.URL)
		}
	})
}

// siteOfJSON answers sesame.siteOf.
func siteOfJSON(in []byte) ([]byte, error) {
	req, err := decodeSiteRequest(in)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(req.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return nil, errors.New("not an absolute http(s) URL: " + quoteClipped(req.URL))
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	return writeSiteResult(siteResult{Host: host, Site: discover.Site(host), Address: discover.IsAddress(host)}), nil
}

func writeSiteResult(r siteResult) []byte {
	var w jsonlite.Writer
	w.Begin()
	w.String("host", r.Host)
	w.String("site", r.Site)
	w.Bool("address", r.Address)
	w.End()
	return w.Bytes()
}
