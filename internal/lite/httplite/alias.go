//go:build !(js && wasm) || stockglue

package httplite

import "net/http"

// Natively every type is net/http's own.
type (
	Header         = http.Header
	Request        = http.Request
	Response       = http.Response
	Handler        = http.Handler
	HandlerFunc    = http.HandlerFunc
	ResponseWriter = http.ResponseWriter
)

// NoBody is net/http's empty body.
var NoBody = http.NoBody

// ErrAbortHandler is net/http's sentinel panic value that aborts a handler.
var ErrAbortHandler = http.ErrAbortHandler

// NewRequestWithContext is net/http's.
func NewRequestWithContext(ctx Context, method, url string, body Reader) (*Request, error) {
	return http.NewRequestWithContext(ctx, method, url, body)
}

// StatusText is net/http's.
func StatusText(code int) string { return http.StatusText(code) }

// ParseTime is net/http's.
func ParseTime(text string) (Time, error) { return http.ParseTime(text) }
