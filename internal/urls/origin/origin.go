// Package origin gives a URL's web origin (RFC 6454) as one comparable
// string, so that every package decides "same site" the same way.
package origin

import (
	"strings"

	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Of returns u's origin as "scheme://host[:port]": scheme and host in
// lower case, the port only when it is not the scheme's default (80 for
// http, 443 for https). IPv6 hosts keep their brackets. Two URLs are
// same-origin when Of gives the same string for both.
func Of(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Host)
	if p := u.Port(); (scheme == "http" && p == "80") || (scheme == "https" && p == "443") {
		host = strings.TrimSuffix(host, ":"+p)
	}
	return scheme + "://" + host
}
