package main

import (
	"bytes"
	"errors"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive/wayback/availability"
	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/jsonlite"
	"github.com/sesame-help/sesame/internal/urls/redact"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"github.com/sesame-help/sesame/internal/watch"
)

// diagnoseJSON decodes a diagnose.Input and returns the diagnose.Report.
func diagnoseJSON(in []byte) ([]byte, error) {
	return diagnose.DiagnoseJSON(in)
}

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
	switch {
	case errors.Is(err, jsonlite.ErrTrailing):
		return errors.New("bad JSON: data after the object")
	case err != nil:
		return errors.New("bad JSON: " + strings.TrimPrefix(err.Error(), "jsonlite: "))
	}
	return nil
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
// retry to come (1 for the first) and the server's Retry-After in seconds
// (0 when absent). Attempt is required.
type watchRequest struct {
	Attempt    *int `json:"attempt"`
	RetryAfter int  `json:"retryAfter"`
}

// watchResult is the answer of sesame.watchNext: how many seconds to wait
// before that retry, or giveUp.
type watchResult struct {
	Delay  int  `json:"delay"`
	GiveUp bool `json:"giveUp"`
}

var watchRequestFields = []string{"attempt", "retryAfter"}

func decodeWatchRequest(in []byte) (watchRequest, error) {
	var req watchRequest
	return req, decodeStrict(in, watchRequestFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "attempt":
			d.IntPtr(&req.Attempt)
		case "retryAfter":
			d.Int(&req.RetryAfter)
		}
	})
}

// watchNextJSON tells when to check a watched page again (watch.Next).
func watchNextJSON(in []byte) ([]byte, error) {
	req, err := decodeWatchRequest(in)
	if err != nil {
		return nil, err
	}
	if req.Attempt == nil {
		return nil, errors.New(`missing field "attempt"`)
	}
	return writeWatchResult(watchNext(*req.Attempt, req.RetryAfter)), nil
}

// watchNext calls watch.Next with retryAfter in seconds, kept within
// [0, watch.MaxRetryAfter] so that it cannot overflow a time.Duration.
func watchNext(attempt, retryAfter int) watchResult {
	ra := time.Duration(min(max(retryAfter, 0), int(watch.MaxRetryAfter/time.Second))) * time.Second
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
