package diagnose

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxInputJSON is the largest input DiagnoseJSON accepts. The body inside
// it is further cut to MaxBody.
const MaxInputJSON = 32 << 20

// DiagnoseJSON decodes an Input from JSON, diagnoses it and encodes the
// Report as JSON. It is the entry point of the WebAssembly bridge.
//
// It returns an error, prefixed "diagnose: ", for input that is not one
// JSON object, is larger than MaxInputJSON, lacks "url" or "status", has a
// field of the wrong type, or has a "now" that is not RFC 3339. A URL that
// is present but not an http or https URL (data:, file:, about:,
// chrome://, relative, garbage) is not an error: the report says so with
// kind "not-http".
func DiagnoseJSON(in []byte) ([]byte, error) {
	if len(in) > MaxInputJSON {
		return nil, fmt.Errorf("diagnose: input too large (%d bytes, limit %d)", len(in), MaxInputJSON)
	}
	// The outer fields hide Input's own "url" and "status", so that a
	// missing field can be told from a zero value.
	var w struct {
		Input
		URL    *string `json:"url"`
		Status *int    `json:"status"`
	}
	dec := json.NewDecoder(bytes.NewReader(in))
	if err := dec.Decode(&w); err != nil {
		return nil, errors.New("diagnose: bad input JSON: " + describe(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("diagnose: bad input JSON: data after the object")
	}
	switch {
	case w.URL == nil:
		return nil, errors.New(`diagnose: missing field "url"`)
	case w.Status == nil:
		return nil, errors.New(`diagnose: missing field "status"`)
	}
	input := w.Input
	input.URL, input.Status = *w.URL, *w.Status
	if input.Now != "" {
		if _, err := time.Parse(time.RFC3339, input.Now); err != nil {
			return nil, fmt.Errorf(`diagnose: field "now" is not an RFC 3339 time: %q`, clip(input.Now, 40))
		}
	}
	return json.Marshal(Diagnose(input))
}

// describe makes a JSON decoding error read well after "bad input JSON: ".
func describe(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field != "" {
			field := strings.TrimPrefix(te.Field, "Input.")
			return fmt.Sprintf("field %q must be %s, not %s", field, kindOf(te.Type.Kind().String()), te.Value)
		}
		return "expected an object, not " + te.Value
	}
	if errors.Is(err, io.EOF) {
		return "empty input"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func kindOf(k string) string {
	switch k {
	case "int":
		return "a number"
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "struct":
		return "an object"
	}
	return k
}
