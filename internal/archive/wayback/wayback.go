// Package wayback reads the Internet Archive Wayback Machine's lookup
// answers: the availability API (one closest capture as JSON) and the CDX
// server's JSON output (a header row, then one row per capture), including
// the CDX server's HTTP 403 for sites blocked by the archive.
//
// Other archives run the same CDX server software (pywb, OpenWayback), so
// ParseCDX also reads their output.
package wayback

import (
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

// CDXLimits bound what ParseCDX accepts.
type CDXLimits struct {
	MaxBytes int64 // default 64 MiB
}

// ParseCDX reads a CDX server's JSON output, a header row naming the fields
// and then one row per capture:
//
//	[["timestamp","original","statuscode"],
//	 ["20020120142510","http://example.com:80/","200"]]
//
// and summarises the captures (count, first, last, closest to at). Memento
// URIs are built as replay + timestamp + "/" + original, replay being the
// archive's replay prefix ("https://web.archive.org/web/"). Rows are decoded
// one at a time. An empty body or [] is an empty Summary.
func ParseCDX(r io.Reader, at time.Time, replay string, l CDXLimits) (*archive.Summary, error) {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 64 << 20
	}
	dec := json.NewDecoder(&archive.LimitedReader{R: r, N: l.MaxBytes})
	sum := archive.NewSummary(at)
	tok, err := dec.Token()
	if err == io.EOF {
		return sum.Finish(), nil
	}
	if err != nil {
		return nil, cdxErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errors.New("wayback: CDX answer is not a JSON array")
	}
	tsCol, origCol, statusCol := -1, -1, -1
	var row []string
	var buf []byte
	header := true
	for dec.More() {
		row = row[:0]
		if err := dec.Decode(&row); err != nil {
			return nil, cdxErr(err)
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
				return nil, errors.New("wayback: CDX header row lacks timestamp or original")
			}
			continue
		}
		if len(row) <= tsCol || len(row) <= origCol {
			return nil, errors.New("wayback: short CDX row")
		}
		if statusCol >= 0 && statusCol < len(row) && row[statusCol] != "" && row[statusCol] != "-" &&
			!strings.HasPrefix(row[statusCol], "2") && !strings.HasPrefix(row[statusCol], "3") {
			continue
		}
		t, err := archive.ParseTimestamp(row[tsCol])
		if err != nil {
			return nil, errors.New("wayback: bad timestamp in CDX row")
		}
		buf = append(append(append(append(buf[:0], replay...), row[tsCol]...), '/'), row[origCol]...)
		sum.AddBytes(buf, t)
	}
	if _, err := dec.Token(); err != nil {
		return nil, cdxErr(err)
	}
	return sum.Finish(), nil
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
