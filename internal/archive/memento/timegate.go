package memento

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// ErrNoDatetime reports a TimeGate answer that names a memento without
// saying when it was captured.
var ErrNoDatetime = errors.New("memento: timegate answer without a memento datetime")

// SetAcceptDatetime asks a TimeGate request for the memento closest to at;
// with at zero no header is sent and the TimeGate answers with the newest
// (RFC 7089, section 4.1).
func SetAcceptDatetime(req *httplite.Request, at time.Time) {
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
func ParseTimeGate(status int, h httplite.Header, base *url.URL) (*archive.Summary, error) {
	return ParseTimeGateWith(status, h, base, nil)
}

// ParseTimeGateWith reads a TimeGate's answer as ParseTimeGate does, and
// vets every memento it names with check (nil: none), which has the form of
// registry.Archive.CheckMemento: it gets the URL as written and base. A
// first or last memento that check refuses is left out; a chosen memento
// that check refuses makes the answer an error wrapping check's error (its
// text says why). At most MaxTimeGateLink bytes of Link headers are read.
func ParseTimeGateWith(status int, h httplite.Header, base *url.URL, check func(ref string, base *url.URL) (*url.URL, error)) (*archive.Summary, error) {
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
		return nil, errors.New("memento: timegate answered " + httplite.StatusText(status))
	}
	locURL, err := base.Parse(loc)
	if err != nil {
		return nil, errors.New("memento: bad Location in timegate answer")
	}
	if check != nil {
		if locURL, err = check(loc, base); err != nil {
			return nil, fmt.Errorf("memento: timegate answer: %w", err)
		}
	}
	sum := &archive.Summary{}
	var chosen *archive.Memento
	if links := h.Values("Link"); len(links) > 0 {
		lr := NewReader(strings.NewReader(strings.Join(links, ",")), Limits{MaxBytes: MaxTimeGateLink})
		for {
			link, err := lr.Next()
			if errors.Is(err, ErrMalformed) {
				continue // a malformed link-value only costs that link
			}
			if err != nil {
				break // the end, or Link headers too long: they only give extras
			}
			if !link.HasRel("memento") {
				continue
			}
			t, ok := ParseHTTPDate(link.Datetime)
			if !ok {
				continue
			}
			var u *url.URL
			if check != nil {
				u, err = check(string(link.URI), base)
			} else {
				u, err = base.Parse(string(link.URI))
			}
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
