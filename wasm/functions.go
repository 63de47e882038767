package main

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive/wayback/availability"
	"github.com/sesame-help/sesame/internal/lite/jsonlite"
	"github.com/sesame-help/sesame/internal/lite/text"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"github.com/sesame-help/sesame/internal/response/retryafter"
	"github.com/sesame-help/sesame/internal/urls/redact"
	"github.com/sesame-help/sesame/internal/watch"
)

// redactRequest is the argument of sesame.redactURL. The json tags are
// its contract: decodeRedactRequest reads the same members, and the tests
// hold the two together with encoding/json.
type redactRequest struct {
	URL         string `json:"url"`
	DropQuery   bool   `json:"dropQuery"`
	KeepSecrets bool   `json:"keepSecrets"`
}

// redactResult is the answer of sesame.redactURL. Removed is never null.
// writeRedactResult writes it as encoding/json would.
type redactResult struct {
	URL     string   `json:"url"`
	Removed []string `json:"removed"`
}

// redactURLJSON strips credentials, the fragment and secret-looking query
// parameters from a URL (see package redact).
func redactURLJSON(in []byte) ([]byte, error) {
	req, err := decodeRedactRequest(in)
	if err != nil {
		return nil, err
	}
	clean, removed, err := redact.URL(req.URL, redact.Options{DropQuery: req.DropQuery, KeepSecrets: req.KeepSecrets})
	if err != nil {
		return nil, err
	}
	if removed == nil {
		removed = []string{}
	}
	return writeRedactResult(redactResult{URL: clean, Removed: removed}), nil
}

// redactRequestFields are the JSON member names of redactRequest.
var redactRequestFields = []string{"url", "dropQuery", "keepSecrets"}

// decodeRedactRequest decodes one JSON object into a redactRequest,
// refusing unknown fields, trailing data and anything that is not an
// object, as encoding/json's Decoder with DisallowUnknownFields does.
func decodeRedactRequest(in []byte) (redactRequest, error) {
	var req redactRequest
	return req, decodeStrict(in, redactRequestFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "url":
			d.String(&req.URL)
		case "dropQuery":
			d.Bool(&req.DropQuery)
		case "keepSecrets":
			d.Bool(&req.KeepSecrets)
		}
	})
}

// decodeStrict decodes in, which must be one JSON object, reading its
// members named in fields with member, and refuses unknown members and
// data after the object, as encoding/json's Decoder with
// DisallowUnknownFields does.
func decodeStrict(in []byte, fields []string, member func(d *jsonlite.Decoder, field string)) error {
	in = bytes.TrimSpace(in)
	if len(in) == 0 || in[0] != '{' {
		return errNotJSON
	}
	d := jsonlite.Decoder{DisallowUnknownFields: true}
	err := d.Decode(in, func(d *jsonlite.Decoder) { d.Object(fields, member) })
	if err != nil {
		return errors.New("bad JSON: " + describe(err))
	}
	return nil
}

// describe makes a decoding error read well after "bad JSON: ".
func describe(err error) string {
	switch {
	case errors.Is(err, jsonlite.ErrEmpty):
		return "empty input"
	case errors.Is(err, jsonlite.ErrTrailing):
		return "data after the object"
	}
	return strings.TrimPrefix(err.Error(), "jsonlite: ")
}

// writeRedactResult returns r as JSON.
func writeRedactResult(r redactResult) []byte {
	var w jsonlite.Writer
	w.Begin()
	w.String("url", r.URL)
	w.Strings("removed", r.Removed)
	w.End()
	return w.Bytes()
}

// watchRequest is the argument of sesame.watchNext: the number of the
// retry to come (1 for the first), the Retry-After header of the check
// that refused ("" when absent) and the time of that check (RFC 3339; the
// current time when empty), against which a date in Retry-After is read.
// Attempt is required.
type watchRequest struct {
	Attempt    *int   `json:"attempt"`
	RetryAfter string `json:"retryAfter"`
	Now        string `json:"now"`
}

// watchResult is the answer of sesame.watchNext: how many seconds to wait
// before that retry, or giveUp.
type watchResult struct {
	Delay  int  `json:"delay"`
	GiveUp bool `json:"giveUp"`
}

var watchRequestFields = []string{"attempt", "retryAfter", "now"}

func decodeWatchRequest(in []byte) (watchRequest, error) {
	var req watchRequest
	return req, decodeStrict(in, watchRequestFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "attempt":
			d.IntPtr(&req.Attempt)
		case "retryAfter":
			d.String(&req.RetryAfter)
		case "now":
			d.String(&req.Now)
		}
	})
}

// watchNextJSON tells when to check a watched page again (watch.Next),
// honouring the server's Retry-After (package retryafter).
func watchNextJSON(in []byte) ([]byte, error) {
	req, err := decodeWatchRequest(in)
	if err != nil {
		return nil, err
	}
	if req.Attempt == nil {
		return nil, errors.New(`missing field "attempt"`)
	}
	now := time.Now()
	if req.Now != "" {
		t, ok := timeparse.Parse(time.RFC3339, req.Now)
		if !ok {
			return nil, errors.New(`field "now" is not an RFC 3339 time: ` + quoteClipped(req.Now))
		}
		now = t
	}
	return writeWatchResult(watchNext(*req.Attempt, retryAfter(req.RetryAfter, now))), nil
}

// retryAfter returns how long a Retry-After header value asks to wait
// after now, rounded up to whole seconds; 0 when it is empty, malformed or
// in the past.
func retryAfter(value string, now time.Time) time.Duration {
	if value == "" {
		return 0
	}
	t, err := retryafter.Parse(value, now)
	if err != nil || !t.After(now) {
		return 0
	}
	return (t.Sub(now) + time.Second - 1).Truncate(time.Second)
}

// watchNext calls watch.Next with the server's wait kept within
// [0, watch.MaxRetryAfter].
func watchNext(attempt int, wait time.Duration) watchResult {
	ra := min(max(wait, 0), watch.MaxRetryAfter)
	delay, giveUp := watch.Next(attempt, ra)
	return watchResult{Delay: int(delay / time.Second), GiveUp: giveUp}
}

func writeWatchResult(r watchResult) []byte {
	var w jsonlite.Writer
	w.Begin()
	w.Int("delay", r.Delay)
	w.Bool("giveUp", r.GiveUp)
	w.End()
	return w.Bytes()
}

// availabilityResult is the answer of sesame.parseAvailability: whether
// the Wayback Machine holds a copy, where, and when it was captured
// (RFC 3339, UTC); uri and datetime are "" when found is false.
type availabilityResult struct {
	Found    bool   `json:"found"`
	URI      string `json:"uri"`
	Datetime string `json:"datetime"`
}

// parseAvailabilityJSON reads the text of an answer of the Wayback
// Machine's availability API (package availability).
func parseAvailabilityJSON(in []byte) ([]byte, error) {
	m, err := availability.Parse(in)
	if err != nil {
		return nil, err
	}
	var r availabilityResult
	if m != nil {
		r = availabilityResult{Found: true, URI: m.URI, Datetime: timeparse.FormatRFC3339(m.Datetime)}
	}
	return writeAvailabilityResult(r), nil
}

func writeAvailabilityResult(r availabilityResult) []byte {
	var w jsonlite.Writer
	w.Begin()
	w.Bool("found", r.Found)
	w.String("uri", r.URI)
	w.String("datetime", r.Datetime)
	w.End()
	return w.Bytes()
}

// quoteClipped quotes a value from the argument for an error message,
// cut to 40 bytes.
func quoteClipped(s string) string {
	return strconv.Quote(text.Clip(strings.TrimSpace(s), 40))
}
