//go:build !(js && wasm) || stockglue

package lookup

import "net/http"

// NewHTTPClient returns an *http.Client for Options.Client: net/http's
// default transport, with redirects returned rather than followed (the
// lookup follows them itself, within the registry). The Worker does not call
// it, so net/http's Transport is not linked there.
func NewHTTPClient() *http.Client {
	return &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
