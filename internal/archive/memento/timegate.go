package memento

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
)

// ErrNoDatetime reports a TimeGate answer that names a memento without
// saying when it was captured.
var ErrNoDatetime = errors.New("memento: timegate answer without a memento datetime")

// SetAcceptDatetime asks a TimeGate request for the memento closest to at;
// with at zero no header is sent and the TimeGate answers with the newest
// (RFC 7089, section 4.1).
func SetAcceptDatetime(req *http.Request, at time.Time) {
	if !at.IsZero() {
		req.Header.Set("Accept-Datetime", FormatHTTPDate(at))
	}
}

// ParseTimeGate reads a TimeGate's answer to a request for base: a redirect
// (3xx) whose Location is the chosen memento, or a 200 answer that is the
// memento itself (Memento-Datetime and Content-Location). The Link header,
// when present, gives the memento's datetime and the first and last
// mementos. Count is not known from a TimeGate.
//
// Status codes other than 2xx and 3xx are the caller's to interpret.
func ParseTimeGate(status int, h http.Header, base *url.URL) (*archive.Summary, error) {
	var loc string
	switch {
	case status >= 300 && status < 400:
		loc = h.Get("Location")
		if loc == "" {
			return nil, errors.New("memento: timegate redirect without Location")
		}
	case status >= 200 && status < 300:
		loc = h.Get("Content-Location")
		if loc == "" {
			loc = base.String()
		}
	default:
		return nil, errors.New("memento: timegate answered " + http.StatusText(status))
	}
	locURL, err := base.Parse(loc)
	if err != nil {
		return nil, errors.New("memento: bad Location in timegate answer")
	}
	sum := &archive.Summary{}
	var chosen *archive.Memento
	if links := h.Values("Link"); len(links) > 0 {
		lr := NewReader(strings.NewReader(strings.Join(links, ",")), Limits{MaxBytes: 1 << 20})
		for {
			link, err := lr.Next()
			if err != nil {
				break // a malformed Link header only costs the extras
			}
			if !link.HasRel("memento") {
				continue
			}
			t, ok := ParseHTTPDate(link.Datetime)
			if !ok {
				continue
			}
			u, err := base.Parse(string(link.URI))
			if err != nil {
				continue
			}
			m := &archive.Memento{URI: u.String(), Datetime: t}
			if link.HasRel("first") {
				sum.First = m
			}
			if link.HasRel("last") {
				sum.Last = m
			}
			if m.URI == locURL.String() {
				chosen = m
			}
		}
	}
	if chosen == nil {
		t, ok := time.Time{}, false
		if status < 300 {
			t, ok = ParseHTTPDate([]byte(h.Get("Memento-Datetime")))
		}
		if !ok {
			t, ok = TimestampInURI(locURL)
		}
		if !ok {
			return nil, ErrNoDatetime
		}
		chosen = &archive.Memento{URI: locURL.String(), Datetime: t}
	}
	sum.Closest = chosen
	return sum, nil
}

// TimestampInURI finds the capture time in a Wayback-style memento URI, the
// first path segment of 14 digits, optionally followed by a replay flag such
// as "id_" or "mp_": /web/20020911073933/http://example.com/.
func TimestampInURI(u *url.URL) (time.Time, bool) {
	for _, seg := range strings.Split(u.EscapedPath(), "/") {
		if len(seg) == 17 && seg[16] == '_' {
			seg = seg[:14]
		}
		if len(seg) != 14 {
			continue
		}
		if t, err := archive.ParseTimestamp(seg); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
