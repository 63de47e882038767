package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/sesame-help/sesame/diagnose"
	"github.com/sesame-help/sesame/redact"
)

// diagnoseJSON decodes a diagnose.Input and returns the diagnose.Report.
func diagnoseJSON(in []byte) ([]byte, error) {
	return diagnose.DiagnoseJSON(in)
}

// redactRequest is the argument of sesame.redactURL.
type redactRequest struct {
	URL         string `json:"url"`
	DropQuery   bool   `json:"dropQuery"`
	KeepSecrets bool   `json:"keepSecrets"`
}

// redactResult is the answer of sesame.redactURL. Removed is never null.
type redactResult struct {
	URL     string   `json:"url"`
	Removed []string `json:"removed"`
}

// redactURLJSON strips credentials, the fragment and secret-looking query
// parameters from a URL (see package redact).
func redactURLJSON(in []byte) ([]byte, error) {
	var req redactRequest
	if err := decodeObject(in, &req); err != nil {
		return nil, err
	}
	clean, removed, err := redact.URL(req.URL, redact.Options{DropQuery: req.DropQuery, KeepSecrets: req.KeepSecrets})
	if err != nil {
		return nil, err
	}
	if removed == nil {
		removed = []string{}
	}
	return json.Marshal(redactResult{URL: clean, Removed: removed})
}

// decodeObject decodes one JSON object into v, refusing unknown fields,
// trailing data and anything that is not an object.
func decodeObject(in []byte, v any) error {
	in = bytes.TrimSpace(in)
	if len(in) == 0 || in[0] != '{' {
		return errNotJSON
	}
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("bad JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("bad JSON: data after the object")
	}
	return nil
}
