package memento

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
)

// ErrNotTimeMap reports an answer that is an HTML page (but not a known
// challenge) where a TimeMap was expected.
var ErrNotTimeMap = errors.New("memento: HTML page instead of a TimeMap")

// TimeMapResult is what ParseTimeMap keeps of a TimeMap.
type TimeMapResult struct {
	*archive.Summary
	// Skipped counts memento links without a readable datetime.
	Skipped int
}

// ParseTimeMap reads a link-format TimeMap from r and summarises its
// mementos (links whose rel holds "memento"): their count, the first, the
// last and the one closest to at (zero: the newest). The TimeMap is read one
// link at a time and never held whole.
//
// An HTML answer is an error: ErrChallenge (wrapped in archive.ErrChallenge)
// for an anti-bot challenge page, ErrNotTimeMap otherwise. Malformed
// link-format is an error; a memento link whose datetime cannot be read is
// skipped and counted in Skipped.
func ParseTimeMap(r io.Reader, at time.Time, l Limits) (*TimeMapResult, error) {
	l = l.withDefaults()
	br := bufio.NewReaderSize(r, 4096)
	head, _ := br.Peek(2048)
	if looksLikeHTML(head) {
		if IsChallenge(nil, head) {
			return nil, archive.ErrChallenge
		}
		return nil, ErrNotTimeMap
	}
	res := &TimeMapResult{Summary: archive.NewSummary(at)}
	lr := NewReader(br, l)
	for {
		link, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if !link.HasRel("memento") {
			continue
		}
		t, ok := ParseHTTPDate(link.Datetime)
		if !ok {
			res.Skipped++
			continue
		}
		res.AddBytes(link.URI, t)
	}
	res.Finish()
	return res, nil
}

// ParseHTTPDate parses an HTTP date as the Memento protocol writes it (RFC
// 1123 in GMT: "Wed, 11 Sep 2002 07:39:33 GMT") without allocating, and
// falls back to the other formats net/http accepts.
func ParseHTTPDate(b []byte) (time.Time, bool) {
	if t, ok := parseRFC1123(b); ok {
		return t, true
	}
	if len(b) == 0 || len(b) > 64 {
		return time.Time{}, false
	}
	t, err := http.ParseTime(string(bytes.TrimSpace(b)))
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// parseRFC1123 reads exactly "Mon, 02 Jan 2006 15:04:05 GMT". The weekday
// is not checked: some archives get it wrong and the date says enough.
func parseRFC1123(b []byte) (time.Time, bool) {
	if len(b) != 29 || b[3] != ',' || b[4] != ' ' || b[7] != ' ' || b[11] != ' ' ||
		b[16] != ' ' || b[19] != ':' || b[22] != ':' || b[25] != ' ' ||
		!(b[26] == 'G' && b[27] == 'M' && b[28] == 'T' || b[26] == 'U' && b[27] == 'T' && b[28] == 'C') {
		return time.Time{}, false
	}
	d2 := func(i int) int {
		a, c := b[i]-'0', b[i+1]-'0'
		if a > 9 || c > 9 {
			return -1
		}
		return int(a)*10 + int(c)
	}
	day, hh, mm, ss := d2(5), d2(17), d2(20), d2(23)
	y1, y2 := d2(12), d2(14)
	mon := month(b[8], b[9], b[10])
	if day < 1 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || y1 < 0 || y2 < 0 || mon == 0 {
		return time.Time{}, false
	}
	year := y1*100 + y2
	t := time.Date(year, mon, day, hh, mm, ss, 0, time.UTC)
	if t.Day() != day || t.Month() != mon {
		return time.Time{}, false // 31 Feb and the like
	}
	return t, true
}

func month(a, b, c byte) time.Month {
	a, b, c = a|0x20, b|0x20, c|0x20 // lower case
	switch string([]byte{a, b, c}) {
	case "jan":
		return time.January
	case "feb":
		return time.February
	case "mar":
		return time.March
	case "apr":
		return time.April
	case "may":
		return time.May
	case "jun":
		return time.June
	case "jul":
		return time.July
	case "aug":
		return time.August
	case "sep":
		return time.September
	case "oct":
		return time.October
	case "nov":
		return time.November
	case "dec":
		return time.December
	}
	return 0
}

// FormatHTTPDate formats t for an Accept-Datetime header.
func FormatHTTPDate(t time.Time) string {
	return t.UTC().Format(http.TimeFormat)
}
