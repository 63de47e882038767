package memento

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// ErrNotTimeMap reports an answer that is an HTML page (but not a known
// challenge) where a TimeMap was expected.
var ErrNotTimeMap = errors.New("memento: HTML page instead of a TimeMap")

// Bounds a lookup should put on the Memento answers it reads: a TimeMap
// beyond them is too large to be useful (its archive is better asked
// through its TimeGate, which names the closest copy in one redirect), and
// reading it would cost more time than a lookup has.
const (
	// MaxTimeMapBytes is the most bytes of a TimeMap worth reading: about
	// 15,000 links of the usual size (140 bytes), which this parser reads
	// in 20 to 50 ms natively on a shared machine, several times the CPU
	// time a relay's request has.
	MaxTimeMapBytes = 2 << 20
	// MaxTimeMapMementos is the most memento links of a TimeMap worth
	// reading.
	MaxTimeMapMementos = 15000
	// MaxTimeGateLink is the most bytes of a TimeGate answer's Link
	// headers read.
	MaxTimeGateLink = 256 << 10
	// MaxTimeGateBody is the most bytes of a TimeGate answer's body worth
	// reading (only to recognise a challenge page; the body is no answer).
	MaxTimeGateBody = 64 << 10
)

// TimeMapResult is what ParseTimeMap keeps of a TimeMap.
type TimeMapResult struct {
	*archive.Summary
	// Skipped counts memento links without a readable datetime.
	Skipped int
	// Malformed counts link-values that could not be read and were
	// skipped.
	Malformed int
	// Dropped counts memento links refused by Options.Check; DropReason is
	// the first refusal's error text (never a URL when the Check is
	// registry.Archive.CheckMemento).
	Dropped    int
	DropReason string
}

// Options tune ParseTimeMapWith.
type Options struct {
	Limits
	// MaxMementos, when positive, is the most memento links read: one
	// more makes the parse fail with an error wrapping archive.ErrTooLarge.
	MaxMementos int
	// Base is the URL the TimeMap was read from. Relative and
	// protocol-relative ("//host/…") memento links are resolved against
	// it; without it they are kept as written.
	Base *url.URL
	// Check, when set, vets every memento link: it gets the link as
	// written and Base, and returns the absolute URL to keep, or an error
	// to drop the memento (registry.Archive.CheckMemento has this form).
	// A dropped memento is counted in Dropped and does not count as a copy.
	Check func(ref string, base *url.URL) (*url.URL, error)
}

// ParseTimeMap reads a link-format TimeMap from r and summarises its
// mementos (links whose rel holds "memento"): their count, the first, the
// last and the one closest to at (zero: the newest). The TimeMap is read one
// link at a time and never held whole.
//
// ParseTimeMap keeps the behaviour its callers were written for: memento
// links are kept as written, and a link-value that cannot be read makes the
// whole TimeMap an error. New callers use ParseTimeMapWith, which resolves
// and vets the links and skips what it cannot read.
func ParseTimeMap(r io.Reader, at time.Time, l Limits) (*TimeMapResult, error) {
	return parseTimeMap(r, at, Options{Limits: l}, true)
}

// ParseTimeMapWith reads a link-format TimeMap from r as ParseTimeMap does,
// with the options o.
//
// An HTML answer is an error: archive.ErrChallenge for an anti-bot
// challenge page, ErrNotTimeMap otherwise. A link-value that cannot be read
// (as the Internet Archive sometimes writes one, with a stray '>' after a
// parameter) is skipped and counted in Malformed, and the links after it
// are read; only an answer in which no link-value could be read is an error
// (wrapping ErrMalformed). A memento link whose datetime cannot be read is
// skipped and counted in Skipped, one that o.Check refuses in Dropped.
//
// More than o.MaxMementos memento links, or more than o.MaxBytes bytes,
// are an error wrapping archive.ErrTooLarge: the caller should then ask the
// archive's TimeGate, which answers with the closest copy alone.
func ParseTimeMapWith(r io.Reader, at time.Time, o Options) (*TimeMapResult, error) {
	return parseTimeMap(r, at, o, false)
}

// parseTimeMap is ParseTimeMapWith; strict makes a malformed link-value an
// error, as ParseTimeMap always did.
func parseTimeMap(r io.Reader, at time.Time, o Options, strict bool) (*TimeMapResult, error) {
	o.Limits = o.Limits.withDefaults()
	br := bufio.NewReaderSize(r, 4096)
	head, _ := br.Peek(2048)
	if looksLikeHTML(head) {
		if IsChallenge(nil, head) {
			return nil, archive.ErrChallenge
		}
		return nil, ErrNotTimeMap
	}
	res := &TimeMapResult{Summary: archive.NewSummary(at)}
	lr := NewReader(br, o.Limits)
	var rs resolver
	rs.o = &o
	links, mementos := 0, 0
	var firstErr error
	for {
		link, err := lr.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, ErrMalformed) {
			// Reading goes on even when strict: a link-value cut short by a
			// read error or by MaxBytes is reported as that error.
			res.Malformed++
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		links++
		if !link.HasRel("memento") {
			continue
		}
		mementos++
		if o.MaxMementos > 0 && mementos > o.MaxMementos {
			return nil, fmt.Errorf("memento: %w: more than %d mementos", archive.ErrTooLarge, o.MaxMementos)
		}
		t, ok := ParseHTTPDate(link.Datetime)
		if !ok {
			res.Skipped++
			continue
		}
		uri, err := rs.resolve(link.URI)
		if err != nil {
			res.Dropped++
			if res.DropReason == "" {
				res.DropReason = err.Error()
			}
			continue
		}
		res.AddBytes(uri, t)
	}
	if firstErr != nil && (strict || links == 0) {
		return nil, firstErr
	}
	res.Finish()
	return res, nil
}

// resolver turns memento links into the URLs kept, calling Options.Check
// as seldom as it can: a TimeMap lists all its mementos on one or two
// hosts, so once a link on scheme://host/ has passed the check, the next
// links on the same scheme://host/ whose rest holds nothing a URL parser
// could read differently are kept without asking again. It allocates only
// when it has to ask.
type resolver struct {
	o      *Options
	okPre  []byte // "scheme://authority" of the last link Check accepted as written
	buf    []byte // the absolute form of a "//" or "/" link
	scheme string // Base's scheme, lower case
}

func (rs *resolver) resolve(ref []byte) ([]byte, error) {
	o := rs.o
	abs, relative := ref, false // relative: only url.Parse can resolve ref
	if o.Base != nil && !hasHTTPScheme(ref) {
		if rs.scheme == "" {
			rs.scheme = strings.ToLower(o.Base.Scheme)
		}
		switch {
		case len(ref) >= 2 && ref[0] == '/' && ref[1] == '/':
			rs.buf = append(append(append(rs.buf[:0], rs.scheme...), ':'), ref...)
			abs = rs.buf
		case len(ref) >= 1 && ref[0] == '/':
			rs.buf = append(append(append(append(rs.buf[:0], rs.scheme...), "://"...), o.Base.Host...), ref...)
			abs = rs.buf
		default:
			relative = true // to the Base's path
		}
	}
	if o.Check == nil {
		if !relative {
			return abs, nil
		}
		u, err := o.Base.Parse(string(ref))
		if err != nil {
			return ref, nil // kept as written, as without Base
		}
		return []byte(u.String()), nil
	}
	if !relative && len(rs.okPre) > 0 && sameOrigin(abs, rs.okPre) {
		return abs, nil
	}
	u, err := o.Check(string(ref), o.Base)
	if err != nil {
		return nil, err
	}
	s := u.String()
	if !relative && s == string(abs) {
		if n := authorityEnd(abs); n > 0 {
			rs.okPre = append(rs.okPre[:0], abs[:n]...)
		}
		return abs, nil
	}
	return []byte(s), nil
}

// hasHTTPScheme reports whether b starts with "http:" or "https:" (any
// case).
func hasHTTPScheme(b []byte) bool {
	return len(b) >= 5 && asciiEqualFold(b[:5], "http:") || len(b) >= 6 && asciiEqualFold(b[:6], "https:")
}

// authorityEnd returns the length of "scheme://authority" at the start of
// an absolute URL b, or 0.
func authorityEnd(b []byte) int {
	i := bytes.Index(b, []byte("://"))
	if i <= 0 {
		return 0
	}
	j := bytes.IndexByte(b[i+3:], '/')
	if j <= 0 {
		return 0
	}
	return i + 3 + j
}

// sameOrigin reports whether b is pre followed by "/" and a rest that
// every URL parser reads as path, query and fragment only: printable ASCII
// or UTF-8 without spaces, backslashes or control characters, and only
// well-formed percent escapes.
func sameOrigin(b, pre []byte) bool {
	if len(b) <= len(pre) || b[len(pre)] != '/' || !bytes.Equal(b[:len(pre)], pre) {
		return false
	}
	rest := b[len(pre):]
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c <= ' ' || c == 0x7f || c == '\\':
			return false
		case c == '%':
			if i+2 >= len(rest) || !isHex(rest[i+1]) || !isHex(rest[i+2]) {
				return false
			}
		}
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
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
	t, err := httplite.ParseTime(string(bytes.TrimSpace(b)))
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
	return t.UTC().Format(httplite.TimeFormat)
}
