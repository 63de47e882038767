package diagnose

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/lite/jsonlite"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
)

// MaxInputJSON is the largest input DiagnoseJSON accepts. The body inside
// it is further cut to MaxBody.
const MaxInputJSON = 32 << 20

// DiagnoseJSON decodes an Input from JSON, diagnoses it and encodes the
// Report as JSON. It is the entry point of the WebAssembly bridge.
//
// It reads and writes JSON with package jsonlite, without reflection, and
// gives exactly what encoding/json's Unmarshal and Marshal would give for
// Input and Report (the tests compare the two).
//
// It returns an error, prefixed "diagnose: ", for input that is not one
// JSON object, is larger than MaxInputJSON, lacks "url" or "status", has a
// field of the wrong type, or has a "now" that is not RFC 3339. A URL that
// is present but not an http or https URL (data:, file:, about:,
// chrome://, relative, garbage) is not an error: the report says so with
// kind "not-http".
func DiagnoseJSON(in []byte) ([]byte, error) {
	if len(in) > MaxInputJSON {
		return nil, errors.New("diagnose: input too large (" + strconv.Itoa(len(in)) + " bytes, limit " + strconv.Itoa(MaxInputJSON) + ")")
	}
	w, err := decodeInput(in)
	if err != nil {
		return nil, errors.New("diagnose: bad input JSON: " + describe(err))
	}
	switch {
	case w.url == nil:
		return nil, errors.New(`diagnose: missing field "url"`)
	case w.status == nil:
		return nil, errors.New(`diagnose: missing field "status"`)
	}
	input := w.Input
	input.URL, input.Status = *w.url, *w.status
	if input.Now != "" {
		if _, ok := timeparse.Parse(time.RFC3339, input.Now); !ok {
			return nil, errors.New(`diagnose: field "now" is not an RFC 3339 time: ` + strconv.Quote(clip(input.Now, 40)))
		}
	}
	r := Diagnose(input)
	return appendReport(nil, &r), nil
}

// describe makes a decoding error read well after "bad input JSON: ".
func describe(err error) string {
	switch {
	case errors.Is(err, jsonlite.ErrEmpty):
		return "empty input"
	case errors.Is(err, jsonlite.ErrTrailing):
		return "data after the object"
	}
	return strings.TrimPrefix(err.Error(), "jsonlite: ")
}

// wireInput is an Input as DiagnoseJSON reads it: url and status are
// pointers, so that a missing field can be told from a zero value. As
// JSON it is the struct
//
//	struct {
//		Input
//		URL    *string `json:"url"`
//		Status *int    `json:"status"`
//	}
//
// whose outer fields hide Input's own "url" and "status" (the tests
// decode that struct with encoding/json and compare).
type wireInput struct {
	Input
	url    *string
	status *int
}

// The JSON member names of Input and Header.
var (
	inputFields  = []string{"url", "method", "status", "headers", "body", "now", "redirects"}
	headerFields = []string{"name", "value"}
)

// decodeInput reads one JSON object into a wireInput, as encoding/json
// would.
func decodeInput(in []byte) (wireInput, error) {
	var w wireInput
	var d jsonlite.Decoder
	err := d.Decode(in, func(d *jsonlite.Decoder) {
		d.Object(inputFields, func(d *jsonlite.Decoder, field string) {
			switch field {
			case "url":
				d.StringPtr(&w.url)
			case "method":
				d.String(&w.Method)
			case "status":
				d.IntPtr(&w.status)
			case "headers":
				jsonlite.Slice(d, &w.Headers, readHeader)
			case "body":
				d.String(&w.Body)
			case "now":
				d.String(&w.Now)
			case "redirects":
				jsonlite.Slice(d, &w.Redirects, (*jsonlite.Decoder).String)
			}
		})
	})
	return w, err
}

func readHeader(d *jsonlite.Decoder, h *Header) {
	d.Object(headerFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "name":
			d.String(&h.Name)
		case "value":
			d.String(&h.Value)
		}
	})
}

// appendReport appends r as JSON, byte for byte as encoding/json's Marshal
// writes it.
func appendReport(b []byte, r *Report) []byte {
	w := jsonlite.Writer{}
	w.Begin()
	w.String("url", r.URL)
	w.Int("status", r.Status)
	w.String("kind", r.Kind)
	w.Name("challenges")
	if r.Challenges == nil {
		w.Null()
	} else {
		w.BeginArray()
		for i := range r.Challenges {
			c := &r.Challenges[i]
			w.Begin()
			w.String("scheme", c.Scheme)
			w.String("realm", c.Realm)
			w.StringOmitEmpty("token", c.Token)
			w.StringMap("params", c.Params)
			w.Bool("proxy", c.Proxy)
			w.End()
		}
		w.EndArray()
	}
	w.Name("substatus")
	if s := r.Substatus; s == nil {
		w.Null()
	} else {
		w.Begin()
		w.String("code", s.Code)
		w.String("key", s.Key)
		w.Strings("params", s.Params)
		w.End()
	}
	w.Name("block")
	if k := r.Block; k == nil {
		w.Null()
	} else {
		w.Begin()
		w.String("vendor", k.Vendor)
		w.String("name", k.Name)
		w.String("kind", k.Kind)
		w.StringOmitEmpty("reference", k.Reference)
		w.StringOmitEmpty("code", k.Code)
		w.String("key", k.Key)
		w.End()
	}
	w.StringOmitEmpty("retryAfter", r.RetryAfter)
	writeMessages(&w, "advice", r.Advice)
	w.Name("actions")
	if r.Actions == nil {
		w.Null()
	} else {
		w.BeginArray()
		for i := range r.Actions {
			a := &r.Actions[i]
			w.Begin()
			w.String("kind", a.Kind)
			w.StringOmitEmpty("url", a.URL)
			w.String("key", a.Key)
			w.Strings("params", a.Params)
			w.StringOmitEmpty("label", a.Label)
			w.StringOmitEmpty("host", a.Host)
			w.End()
		}
		w.EndArray()
	}
	w.Strings("ancestors", r.Ancestors)
	writeMessages(&w, "notes", r.Notes)
	w.Strings("redirects", r.Redirects)
	w.End()
	return append(b, w.Bytes()...)
}

func writeMessages(w *jsonlite.Writer, name string, ms []Message) {
	w.Name(name)
	if ms == nil {
		w.Null()
		return
	}
	w.BeginArray()
	for _, m := range ms {
		w.Begin()
		w.String("key", m.Key)
		w.Strings("params", m.Params)
		w.End()
	}
	w.EndArray()
}
