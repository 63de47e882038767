package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/diagnose"
	"github.com/sesame-help/sesame/redact"
)

// The bridge reads and writes JSON without encoding/json (package
// jsonlite keeps reflection out of the WebAssembly helper). These tests,
// run natively and as WebAssembly by scripts/test-wasm.sh, hold its
// answers to what encoding/json gives for the same Go values.

// loadInputs reads the recorded responses in diagnose/testdata: comment
// lines, the request line ("GET URL"), the status line, headers, an empty
// line and the body.
func loadInputs(t *testing.T) map[string]diagnose.Input {
	t.Helper()
	files, err := filepath.Glob("../diagnose/testdata/*.http")
	if err != nil || len(files) < 40 {
		t.Fatalf("diagnose samples: %d files, %v", len(files), err)
	}
	out := map[string]diagnose.Input{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in := diagnose.Input{Now: "2026-11-28T12:00:00Z", Headers: []diagnose.Header{}}
		text, stage := string(b), 0
		for len(text) > 0 && stage < 3 {
			line, rest, _ := strings.Cut(text, "\n")
			text, line = rest, strings.TrimRight(line, "\r")
			switch {
			case stage == 0 && strings.HasPrefix(line, "#"):
			case stage == 0:
				in.Method, in.URL, _ = strings.Cut(line, " ")
				stage = 1
			case stage == 1:
				if f := strings.Fields(line); len(f) > 1 {
					in.Status, _ = strconv.Atoi(f[1])
				}
				stage = 2
			case line == "":
				stage = 3
			default:
				k, v, _ := strings.Cut(line, ":")
				in.Headers = append(in.Headers, diagnose.Header{Name: k, Value: strings.TrimSpace(v)})
			}
		}
		in.Body = text
		out[filepath.Base(f)] = in
	}
	return out
}

// TestDiagnoseLikeEncodingJSON sends every sample through the bridge as
// encoding/json writes it and compares the answer, byte for byte, with
// encoding/json's encoding of the report diagnose.Diagnose gives.
func TestDiagnoseLikeEncodingJSON(t *testing.T) {
	for name, in := range loadInputs(t) {
		arg, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := call("diagnose", arg)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := json.Marshal(diagnose.Diagnose(in))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: bridge\n%s\nencoding/json\n%s", name, got, want)
		}
	}
}

// redactStd decodes a redactURL argument with encoding/json, as the bridge
// did before it used jsonlite.
func redactStd(in []byte) (redactRequest, error) {
	var req redactRequest
	in = bytes.TrimSpace(in)
	if len(in) == 0 || in[0] != '{' {
		return req, errNotJSON
	}
	dec := json.NewDecoder(bytes.NewReader(in))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return req, errors.New("data after the object")
	}
	return req, nil
}

// sameRedact checks the bridge against encoding/json for one argument:
// both refuse it, or both read the same request and the bridge answers
// what encoding/json writes for redact.URL's result.
func sameRedact(t *testing.T, in []byte) {
	t.Helper()
	want, werr := redactStd(in)
	got, gerr := decodeRedactRequest(in)
	if (werr == nil) != (gerr == nil) || werr == nil && want != got {
		t.Fatalf("decoding %q: encoding/json %+v, %v; bridge %+v, %v", in, want, werr, got, gerr)
	}
	if werr != nil {
		return
	}
	out, err := redactURLJSON(in)
	clean, removed, rerr := redact.URL(want.URL, redact.Options{DropQuery: want.DropQuery, KeepSecrets: want.KeepSecrets})
	if (err == nil) != (rerr == nil) {
		t.Fatalf("redactURL(%q): %v, redact.URL: %v", in, err, rerr)
	}
	if err != nil {
		return
	}
	if removed == nil {
		removed = []string{}
	}
	if w, _ := json.Marshal(redactResult{URL: clean, Removed: removed}); !bytes.Equal(out, w) {
		t.Fatalf("redactURL(%q) = %s, encoding/json %s", in, out, w)
	}
}

var redactCases = []string{
	`{"url":"https://me:pw@e.com/a?token=1&q=2#frag"}`, `{"url":"https://e.com/?q=1","dropQuery":true}`,
	`{"URL":"https://e.com/?access_token=x","KeepSecrets":true}`, `{"url":"https://e.com/<>&\u2028"}`,
	`{"url":"https://e.com/","dropquery":null,"keepSecrets":false}`, `{"url":"https://e.com/","url":"https://f.com/"}`,
	`{"url":"/relative"}`, `{"uri":"https://e.com/"}`, `{"url":1}`, `{"url":"https://e.com/","dropQuery":"yes"}`,
	`{"url":"https://e.com/"}}`, ` {"url":"https://e.com/"} `, "\u00a0{\"url\":\"https://e.com/\"}", `[]`, `"x"`, ``, `{`,
	"{\"url\":\"https://e.com/\xff\"}",
}

func TestRedactLikeEncodingJSON(t *testing.T) {
	for _, c := range redactCases {
		sameRedact(t, []byte(c))
	}
	// Every field of the request is read and every field of the result
	// written: a field added to either struct fails here.
	var req redactRequest
	for i, v := 0, reflect.ValueOf(&req).Elem(); i < v.NumField(); i++ {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString("https://e.com/x?token=1")
		case reflect.Bool:
			f.SetBool(true)
		default:
			t.Fatalf("redactRequest.%s: teach decodeRedactRequest and this test its kind", v.Type().Field(i).Name)
		}
	}
	arg, _ := json.Marshal(req)
	if got, err := decodeRedactRequest(arg); err != nil || got != req {
		t.Errorf("decodeRedactRequest(%s) = %+v, %v", arg, got, err)
	}
	res := redactResult{URL: "u", Removed: []string{"a", "<b>"}}
	if reflect.TypeFor[redactResult]().NumField() != 2 {
		t.Errorf("redactResult changed: update writeRedactResult and this test")
	}
	if w, _ := json.Marshal(res); !bytes.Equal(writeRedactResult(res), w) {
		t.Errorf("writeRedactResult = %s, want %s", writeRedactResult(res), w)
	}
}

func FuzzRedactRequest(f *testing.F) {
	for _, c := range redactCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sameRedact(t, []byte(in))
	})
}
