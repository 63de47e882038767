// Package retryafter reads the Retry-After response header (RFC 9110,
// section 10.2.3): either a number of seconds to wait or an HTTP-date.
//
// All three HTTP-date formats are accepted, as RFC 9110 section 5.6.7
// requires of recipients:
//
//	Sun, 06 Nov 1994 08:49:37 GMT   ; IMF-fixdate
//	Sunday, 06-Nov-94 08:49:37 GMT  ; obsolete RFC 850 format
//	Sun Nov  6 08:49:37 1994        ; ANSI C's asctime() format
//
// A two-digit RFC 850 year that would lie more than 50 years after now is
// taken as the most recent past year with the same last two digits.
package retryafter

import (
	"errors"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/lite/timeparse"
)

// MaxDelay is the longest delay Parse returns; larger numbers of seconds
// and later dates are capped to it (they mean "much later" in practice).
const MaxDelay = 10 * 365 * 24 * time.Hour

// ErrSyntax is returned for a value that is neither delay-seconds nor an
// HTTP-date.
var ErrSyntax = errors.New("retryafter: neither seconds nor an HTTP-date")

// Parse returns the moment the server asks the client to wait for, given
// the moment now at which the response was received. Surrounding white
// space is ignored. A date in the past is returned as it is.
func Parse(value string, now time.Time) (time.Time, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return time.Time{}, errors.New("retryafter: empty value")
	}
	if v[0] >= '0' && v[0] <= '9' {
		if d, ok := seconds(v); ok {
			return now.Add(d), nil
		}
	}
	if t, ok := Date(v, now); ok {
		if limit := now.Add(MaxDelay); t.After(limit) {
			t = limit
		}
		return t, nil
	}
	return time.Time{}, ErrSyntax
}

// seconds parses 1*DIGIT, capping the result at MaxDelay.
func seconds(v string) (time.Duration, bool) {
	var n int64
	capped := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if !capped {
			n = n*10 + int64(c-'0')
			if n > int64(MaxDelay/time.Second) {
				capped = true
			}
		}
	}
	if capped {
		return MaxDelay, true
	}
	return time.Duration(n) * time.Second, true
}

// minYear is the earliest year Date accepts: no web server sent a date
// before it, so earlier years are typing mistakes or garbage.
const minYear = 1900

// Date parses an HTTP-date in any of its three formats. now is used only
// to place a two-digit RFC 850 year in its century.
func Date(v string, now time.Time) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if len(v) > 64 {
		return time.Time{}, false
	}
	// Some servers send "UTC" or "+0000" instead of "GMT". Package
	// timeparse reads these layouts exactly as time.Parse does, without
	// the size time's layout machinery adds to the WebAssembly helper.
	for _, layout := range []string{
		"Mon, 02 Jan 2006 15:04:05 GMT",
		"Mon, 2 Jan 2006 15:04:05 GMT",
		"Mon, 02 Jan 2006 15:04:05 UTC",
		"Mon, 02 Jan 2006 15:04:05 -0700",
		"Mon Jan _2 15:04:05 2006",
	} {
		if t, ok := timeparse.Parse(layout, v); ok && t.Year() >= minYear {
			return t, true
		}
	}
	// RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT", with the RFC 9110 rule
	// for the century rather than time.Parse's fixed 1969–2068 window.
	if t, ok := timeparse.Parse("Monday, 02-Jan-06 15:04:05 GMT", v); ok {
		return century(t, now), true
	}
	if t, ok := timeparse.Parse("Mon, 02-Jan-06 15:04:05 GMT", v); ok {
		return century(t, now), true
	}
	return time.Time{}, false
}

// century moves t, parsed from a two-digit year, to the century RFC 9110
// asks for: no more than 50 years after now.
func century(t, now time.Time) time.Time {
	if now.IsZero() {
		now = time.Now()
	}
	yy := t.Year() % 100
	y := now.Year() - now.Year()%100 + yy
	if y > now.Year()+50 {
		y -= 100
	}
	return time.Date(y, t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}
