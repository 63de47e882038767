package main

import (
	"bytes"
	"errors"
	"strings"

	"github.com/sesame-help/sesame/diagnose"
	"github.com/sesame-help/sesame/jsonlite"
	"github.com/sesame-help/sesame/redact"
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
	in = bytes.TrimSpace(in)
	if len(in) == 0 || in[0] != '{' {
		return req, errNotJSON
	}
	d := jsonlite.Decoder{DisallowUnknownFields: true}
	err := d.Decode(in, func(d *jsonlite.Decoder) {
		d.Object(redactRequestFields, func(d *jsonlite.Decoder, field string) {
			switch field {
			case "url":
				d.String(&req.URL)
			case "dropQuery":
				d.Bool(&req.DropQuery)
			case "keepSecrets":
				d.Bool(&req.KeepSecrets)
			}
		})
	})
	switch {
	case errors.Is(err, jsonlite.ErrTrailing):
		return req, errors.New("bad JSON: data after the object")
	case err != nil:
		return req, errors.New("bad JSON: " + strings.TrimPrefix(err.Error(), "jsonlite: "))
	}
	return req, nil
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
