// Package wayback reads the Internet Archive Wayback Machine's lookup
// answers: the availability API (one closest capture as JSON) and the CDX
// server's JSON output (a header row, then one row per capture), including
// the CDX server's HTTP 403 for sites blocked by the archive.
//
// Other archives run CDX servers too (OpenWayback writes the same JSON,
// pywb one JSON object per line), and ParseCDX reads both forms.
package wayback

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/wayback/availability"
)

// MaxAvailability is the most bytes read from an availability answer.
const MaxAvailability = availability.MaxBytes

// AvailabilityQuery returns the query of an availability request for target
// (url=…&timestamp=…). With at zero no timestamp is sent and the API answers
// with the newest capture.
func AvailabilityQuery(target string, at time.Time) url.Values {
	q := url.Values{"url": {target}}
	if !at.IsZero() {
		q.Set("timestamp", archive.FormatTimestamp(at))
	}
	return q
}

// ParseAvailability reads an availability API answer:
//
//	{"url": "example.com", "archived_snapshots": {"closest": {"available": true,
//	 "url": "http://web.archive.org/web/20240101000000/https://example.com/",
//	 "timestamp": "20240101000000", "status": "200"}}}
//
// It returns a Summary whose Closest is the capture, or an empty Summary for
// the empty answer ({"archived_snapshots": {}}). The count is not known.
// It reads at most MaxAvailability bytes, with package availability (which
// the WebAssembly helper uses too).
func ParseAvailability(r io.Reader) (*archive.Summary, error) {
	data, rerr := io.ReadAll(io.LimitReader(r, MaxAvailability+1))
	m, err := availability.Parse(data)
	switch {
	case err != nil && rerr != nil:
		// The answer was cut short by the error.
		return nil, errors.New("wayback: malformed availability answer: " + rerr.Error())
	case err != nil:
		return nil, fmt.Errorf("wayback: %w", err)
	}
	return &archive.Summary{Closest: m}, nil
}

// CDXQuery returns the query of a CDX request for target in JSON with the
// fields ParseCDX needs, successful captures only. With at zero it asks for
// the newest capture only (limit=-1); otherwise for the capture closest to
// at (sort=closest).
func CDXQuery(target string, at time.Time) url.Values {
	q := url.Values{
		"url":    {target},
		"output": {"json"},
		"fl":     {"timestamp,original,statuscode"},
		"filter": {"statuscode:200"},
	}
	if at.IsZero() {
		q.Set("limit", "-1")
	} else {
		q.Set("closest", archive.FormatTimestamp(at))
		q.Set("sort", "closest")
		q.Set("limit", "1")
	}
	return q
}

// Bounds a lookup should put on CDX answers. The query CDXQuery writes
// asks for one capture (limit=1 or limit=-1), so a real answer is a few
// hundred bytes; a CDX server that ignores the limit (some pywb versions)
// still answers within these for all but the most captured pages, and
// beyond them the answer is too large to be worth reading.
const (
	MaxCDXBytes = 1 << 20 // bytes of one answer
	MaxCDXRows  = 10000   // captures (rows) of one answer
	MaxCDXField = 8 << 10 // bytes of one field (a URL, a timestamp)
)

// CDXLimits bound what ParseCDX accepts. Zero fields take the defaults.
type CDXLimits struct {
	MaxBytes int64 // default 64 MiB (a lookup should pass MaxCDXBytes)
	MaxRows  int   // default: no limit (a lookup should pass MaxCDXRows)
	MaxField int   // default MaxCDXField
}

// ParseCDX reads a CDX server's JSON output and summarises the captures
// (count, first, last, closest to at). It reads both forms CDX servers
// write:
//
//   - the Internet Archive's (and OpenWayback's): one array, a header row
//     naming the fields, then one row per capture:
//
//     [["timestamp","original","statuscode"],
//     ["20020120142510","http://example.com:80/","200"]]
//
//   - pywb's (UK Web Archive, Arquivo.pt, the Australian Web Archive): one
//     JSON object per line, with the fields named "timestamp", "url" and
//     "status" ("original" and "statuscode" are read too):
//
//     {"urlkey": "uk,bl)/", "timestamp": "20011030000019", "url": "http://www.bl.uk/", "status": "200", …}
//
// Memento URIs are built as replay + timestamp + "/" + original, replay
// being the archive's replay prefix ("https://web.archive.org/web/").
// Captures whose status is neither 2xx nor 3xx are left out (revisits,
// with status "-", are kept). Rows are decoded one at a time. An empty
// body or [] is an empty Summary. More than l.MaxBytes bytes or l.MaxRows
// rows are an error wrapping archive.ErrTooLarge; a field longer than
// l.MaxField bytes is an error.
func ParseCDX(r io.Reader, at time.Time, replay string, l CDXLimits) (*archive.Summary, error) {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 64 << 20
	}
	if l.MaxField <= 0 {
		l.MaxField = MaxCDXField
	}
	br := bufio.NewReader(&archive.LimitedReader{R: r, N: l.MaxBytes})
	first, err := firstByte(br)
	if err == io.EOF {
		return archive.NewSummary(at).Finish(), nil
	}
	if err != nil {
		return nil, cdxErr(err)
	}
	p := &cdxParser{at: at, replay: replay, l: l, sum: archive.NewSummary(at)}
	dec := json.NewDecoder(br)
	switch first {
	case '[':
		err = p.arrays(dec)
	case '{':
		err = p.objects(dec)
	default:
		return nil, errors.New("wayback: CDX answer is neither a JSON array nor JSON objects")
	}
	if err != nil {
		return nil, err
	}
	return p.sum.Finish(), nil
}

// firstByte returns the first byte of r that is not JSON white space,
// without consuming it.
func firstByte(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		switch b {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return b, br.UnreadByte()
	}
}

type cdxParser struct {
	at     time.Time
	replay string
	l      CDXLimits
	sum    *archive.Summary
	rows   int
	buf    []byte
}

// arrays reads the array-of-arrays form.
func (p *cdxParser) arrays(dec *json.Decoder) error {
	if _, err := dec.Token(); err != nil { // '['
		return cdxErr(err)
	}
	tsCol, origCol, statusCol := -1, -1, -1
	var row []string
	header := true
	for dec.More() {
		row = row[:0]
		if err := dec.Decode(&row); err != nil {
			return cdxErr(err)
		}
		if header {
			header = false
			for i, f := range row {
				switch f {
				case "timestamp":
					tsCol = i
				case "original":
					origCol = i
				case "statuscode":
					statusCol = i
				}
			}
			if tsCol < 0 || origCol < 0 {
				return errors.New("wayback: CDX header row lacks timestamp or original")
			}
			continue
		}
		if len(row) <= tsCol || len(row) <= origCol {
			return errors.New("wayback: short CDX row")
		}
		status := ""
		if statusCol >= 0 && statusCol < len(row) {
			status = row[statusCol]
		}
		if err := p.add(row[tsCol], row[origCol], status); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // ']'
		return cdxErr(err)
	}
	if dec.More() {
		return errors.New("wayback: malformed CDX answer: data after the JSON array")
	}
	return nil
}

// objects reads the one-object-per-line form. Each line must be a flat
// object of strings (or numbers): an object nesting another, such as an
// availability answer, is not a CDX line.
func (p *cdxParser) objects(dec *json.Decoder) error {
	for {
		var o map[string]json.RawMessage
		err := dec.Decode(&o)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return cdxErr(err)
		}
		var f [5]string // timestamp, url, original, status, statuscode
		for k, v := range o {
			if len(v) == 0 || v[0] == '{' || v[0] == '[' {
				return errors.New("wayback: CDX line is not a flat JSON object")
			}
			i := -1
			switch k {
			case "timestamp":
				i = 0
			case "url":
				i = 1
			case "original":
				i = 2
			case "status":
				i = 3
			case "statuscode":
				i = 4
			}
			if i < 0 {
				continue
			}
			if len(v) > p.l.MaxField+2 {
				return fmt.Errorf("wayback: CDX field longer than %d bytes", p.l.MaxField)
			}
			if v[0] == '"' {
				if err := json.Unmarshal(v, &f[i]); err != nil {
					return cdxErr(err)
				}
			} else {
				f[i] = string(v) // a number, or null
			}
		}
		orig := f[1]
		if orig == "" {
			orig = f[2]
		}
		status := f[3]
		if status == "" {
			status = f[4]
		}
		if f[0] == "" || orig == "" {
			return errors.New("wayback: CDX line lacks timestamp or url")
		}
		if err := p.add(f[0], orig, status); err != nil {
			return err
		}
	}
}

// add records one capture.
func (p *cdxParser) add(ts, orig, status string) error {
	p.rows++
	if p.l.MaxRows > 0 && p.rows > p.l.MaxRows {
		return fmt.Errorf("wayback: %w: more than %d CDX rows", archive.ErrTooLarge, p.l.MaxRows)
	}
	if len(ts) > p.l.MaxField || len(orig) > p.l.MaxField || len(status) > p.l.MaxField {
		return fmt.Errorf("wayback: CDX field longer than %d bytes", p.l.MaxField)
	}
	if status != "" && status != "-" && !strings.HasPrefix(status, "2") && !strings.HasPrefix(status, "3") {
		return nil
	}
	t, err := archive.ParseTimestamp(ts)
	if err != nil {
		return errors.New("wayback: bad timestamp in CDX row")
	}
	p.buf = append(append(append(append(p.buf[:0], p.replay...), ts...), '/'), orig...)
	p.sum.AddBytes(p.buf, t)
	return nil
}

func cdxErr(err error) error {
	if errors.Is(err, archive.ErrTooLarge) {
		return fmt.Errorf("wayback: %w", archive.ErrTooLarge)
	}
	return errors.New("wayback: malformed CDX answer: " + err.Error())
}

// IsBlocked reports whether an error answer's body says the archive blocks
// the site: the CDX server answers HTTP 403 with
// "AdministrativeAccessControlException: Blocked Site Error" (or a
// robots.txt exclusion) in the body.
func IsBlocked(body []byte) bool {
	for _, m := range []string{"AdministrativeAccessControlException", "Blocked Site Error",
		"RobotAccessControlException", "Blocked By Robots"} {
		if bytes.Contains(body, []byte(m)) {
			return true
		}
	}
	return false
}
