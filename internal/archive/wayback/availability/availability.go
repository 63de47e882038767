// Package availability reads the answer of the Wayback Machine's
// availability API (https://archive.org/wayback/available?url=…), which
// names at most one capture, the one closest to the requested moment:
//
//	{"url": "example.com", "archived_snapshots": {"closest": {"available": true,
//	 "url": "http://web.archive.org/web/20240101000000/https://example.com/",
//	 "timestamp": "20240101000000", "status": "200"}}}
//
// or none: {"url": "example.com", "archived_snapshots": {}}.
//
// It reads JSON with package jsonlite, without reflection, so that the
// WebAssembly helper can use it too; package wayback's ParseAvailability
// reads through it. It reads the answer as encoding/json would read it into
// the struct the API documents (its tests compare the two).
package availability

import (
	"bytes"
	"errors"
	"strconv"
	"strings"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/lite/jsonlite"
	"github.com/sesame-help/sesame/internal/lite/text"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// MaxBytes is the most bytes of an answer Parse reads. A real answer
// names one capture in a few hundred bytes; 64 KiB leaves room for URLs
// of the longest kind (8 KiB) many times over.
const MaxBytes = 64 << 10

// answer is the availability API's JSON.
type answer struct {
	URL      string `json:"url"`
	Archived struct {
		Closest *closest `json:"closest"`
	} `json:"archived_snapshots"`
}

type closest struct {
	Available bool   `json:"available"`
	URL       string `json:"url"`
	Timestamp string `json:"timestamp"`
	Status    string `json:"status"`
}

// Parse reads an availability answer and returns its closest capture, or
// nil when it names none (no "closest", or one that is not available or
// has no URL). As a streaming JSON decoder does, it reads the first JSON
// value in data and ignores what follows it; a value that does not end
// within the first MaxBytes is an error wrapping archive.ErrTooLarge.
//
// The capture's URL must be an absolute http(s) URL and its timestamp a
// valid web archive timestamp (archive.ParseTimestamp); errors are
// prefixed "availability: ".
func Parse(data []byte) (*archive.Memento, error) {
	return parse(data, MaxBytes)
}

func parse(data []byte, max int) (*archive.Memento, error) {
	a, err := decode(data, max)
	if err != nil {
		return nil, err
	}
	c := a.Archived.Closest
	if c == nil || !c.Available || c.URL == "" {
		return nil, nil
	}
	t, err := archive.ParseTimestamp(c.Timestamp)
	if err != nil {
		return nil, errors.New("availability: bad timestamp " + strconv.Quote(text.Clip(c.Timestamp, 20)))
	}
	u, err := url.Parse(c.URL)
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, errors.New("availability: bad capture URL")
	}
	return &archive.Memento{URI: u.String(), Datetime: t}, nil
}

// errTooLarge is an answer whose first value does not end within the
// bytes Parse reads.
type errTooLarge struct{ max int }

func (e errTooLarge) Error() string {
	return "availability: answer larger than " + strconv.Itoa(e.max) + " bytes"
}

func (errTooLarge) Unwrap() error { return archive.ErrTooLarge }

// The JSON member names of answer and closest.
var (
	answerFields   = []string{"url", "archived_snapshots"}
	archivedFields = []string{"closest"}
	closestFields  = []string{"available", "url", "timestamp", "status"}
)

// decode reads the first JSON value of data[:max] into an answer as
// encoding/json's Decoder would.
func decode(data []byte, max int) (answer, error) {
	var a answer
	cut := len(data) > max
	if cut {
		data = data[:max]
	}
	var d jsonlite.Decoder
	err := d.Decode(data, func(d *jsonlite.Decoder) {
		d.Object(answerFields, func(d *jsonlite.Decoder, field string) {
			switch field {
			case "url":
				d.String(&a.URL)
			case "archived_snapshots":
				d.Object(archivedFields, func(d *jsonlite.Decoder, _ string) {
					if isNull(d) {
						a.Archived.Closest = nil
						d.Skip()
						return
					}
					if a.Archived.Closest == nil {
						a.Archived.Closest = new(closest)
					}
					readClosest(d, a.Archived.Closest)
				})
			}
		})
	})
	// jsonlite returns its *SyntaxError unwrapped: a type assertion does
	// what errors.As would without linking reflection into the helper.
	syntax, _ := err.(*jsonlite.SyntaxError)
	switch {
	case cut && (errors.Is(err, jsonlite.ErrEmpty) || syntax != nil && syntax.Offset >= len(data) || scalarToEnd(data)):
		// The value goes on after the bytes read, or may.
		return a, errTooLarge{max}
	case err == nil, errors.Is(err, jsonlite.ErrTrailing):
		return a, nil
	case errors.Is(err, jsonlite.ErrEmpty):
		return a, errors.New("availability: empty answer")
	}
	return a, errors.New("availability: malformed answer: " + strings.TrimPrefix(err.Error(), "jsonlite: "))
}

// scalarToEnd reports whether data holds a string, number or literal
// that reaches its last byte: a streaming decoder, which cannot tell that
// such a value has ended before it sees the next byte, would read on.
// (An object or an array ends at its closing bracket.)
func scalarToEnd(data []byte) bool {
	s := bytes.TrimLeft(data, " \t\r\n")
	if len(s) == 0 || s[0] == '{' || s[0] == '[' || bytes.IndexByte([]byte(" \t\r\n"), s[len(s)-1]) >= 0 {
		return false
	}
	var d jsonlite.Decoder
	return d.Decode(s, (*jsonlite.Decoder).Skip) == nil
}

func readClosest(d *jsonlite.Decoder, c *closest) {
	d.Object(closestFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "available":
			d.Bool(&c.Available)
		case "url":
			d.String(&c.URL)
		case "timestamp":
			d.String(&c.Timestamp)
		case "status":
			d.String(&c.Status)
		}
	})
}

// isNull reports whether the next value is null, without reading it: a
// copy of d reads it, and its StringPtr sets the pointer to nil only for
// null. (jsonlite leaves a struct unchanged on null, but encoding/json
// sets a pointer to a struct to nil.)
func isNull(d *jsonlite.Decoder) bool {
	peek := *d
	s := ""
	p := &s
	peek.StringPtr(&p)
	return p == nil
}
