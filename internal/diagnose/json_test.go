package diagnose

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestDiagnoseJSONErrors(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{``, "empty input"},
		{`   `, "empty input"},
		{`null`, `missing field "url"`},
		{`[]`, "expected an object"},
		{`"x"`, "expected an object"},
		{`{`, "bad input JSON"},
		{`{"status":401}`, `missing field "url"`},
		{`{"url":"https://e.com/"}`, `missing field "status"`},
		{`{"url":null,"status":401}`, `missing field "url"`},
		{`{"url":1,"status":401}`, `field "url" must be a string`},
		{`{"url":"https://e.com/","status":"401"}`, `field "status" must be a number`},
		{`{"url":"https://e.com/","status":401.5}`, `field "status"`},
		{`{"url":"https://e.com/","status":401,"headers":{}}`, `field "headers" must be an array`},
		{`{"url":"https://e.com/","status":401,"now":"yesterday"}`, `field "now"`},
		{`{"url":"https://e.com/","status":401} {}`, "data after the object"},
		{`{"url":"https://e.com/","status":401} x`, "data after the object"},
		{"\xff\xfe", "bad input JSON"},
	} {
		out, err := DiagnoseJSON([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "diagnose: ") || out != nil {
			t.Errorf("DiagnoseJSON(%q) = %s, %v; want error with %q", c.in, out, err, c.err)
		}
	}
	big := make([]byte, MaxInputJSON+1)
	if _, err := DiagnoseJSON(big); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("big input: %v", err)
	}
}

func TestDiagnoseJSONOK(t *testing.T) {
	for _, in := range []string{
		`{"url":"data:text/html,x","status":200}`,
		`{"url":"about:blank","status":0}`,
		`{"url":"https://e.com/a/","status":403,"unknown":[1,2],"tabId":7}`,
		`{"url":"https://e.com/","status":401,"headers":[{"name":"www-authenticate","value":"Negotiate"}],"method":"get"}`,
	} {
		out, err := DiagnoseJSON([]byte(in))
		if err != nil {
			t.Errorf("DiagnoseJSON(%s): %v", in, err)
			continue
		}
		var r Report
		if err := json.Unmarshal(out, &r); err != nil {
			t.Errorf("output does not decode: %v", err)
		}
		checkReport(t, r)
	}
}

// TestDiagnoseJSONLargeBody sends a 10 MB page through JSON.
func TestDiagnoseJSONLargeBody(t *testing.T) {
	in, _ := json.Marshal(Input{URL: "https://e.com/x/", Status: 403, Body: strings.Repeat("page é\xff", 1<<20)}) // 10 MiB
	out, err := DiagnoseJSON(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "note_body_truncated") {
		t.Errorf("no truncation note: %.300s", out)
	}
}

func FuzzDiagnoseJSON(f *testing.F) {
	for _, s := range loadSamples(f, "testdata/*.http") {
		b, err := json.Marshal(s.in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{`{"url":"data:x","status":200}`, `{"url":"https://e.com/","status":401,"headers":[{"name":"WWW-Authenticate","value":"Basic realm=\"x"}]}`} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("testdata/iis-403-6.http"); err == nil {
		in, _ := json.Marshal(Input{URL: "https://e.com/", Status: 403, Body: string(b)})
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := DiagnoseJSON(in)
		if err != nil {
			if out != nil || !strings.HasPrefix(err.Error(), "diagnose: ") {
				t.Fatalf("error %v with output %q", err, out)
			}
			return
		}
		var r Report
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("output does not decode: %v", err)
		}
		checkReport(t, r)
		// encoding/json reads the same input, and writes the report the same.
		sameInput(t, in)
		w, _ := decodeInput(in)
		input := w.Input
		input.URL, input.Status = *w.url, *w.status
		r = Diagnose(input)
		sameJSON(t, &r)
	})
}

// FuzzDiagnose drives Diagnose directly with a URL, a status, one header
// and a page, which reaches deeper than random JSON.
func FuzzDiagnose(f *testing.F) {
	for _, s := range loadSamples(f, "testdata/*.http") {
		h := ""
		for _, x := range s.in.Headers {
			if strings.EqualFold(x.Name, "WWW-Authenticate") || strings.EqualFold(x.Name, "Proxy-Authenticate") || strings.EqualFold(x.Name, "Retry-After") {
				h = x.Name + ":" + x.Value
			}
		}
		f.Add(s.in.URL, s.in.Method, s.in.Status, h, s.in.Body)
	}
	f.Fuzz(func(t *testing.T, url, method string, status int, header, body string) {
		name, value, _ := strings.Cut(header, ":")
		r := Diagnose(Input{URL: url, Method: method, Status: status, Headers: []Header{{name, value}}, Body: body, Now: testNow})
		checkReport(t, r)
		sameJSON(t, &r)
	})
}

// stdInput is wireInput as encoding/json reads it: the struct DiagnoseJSON
// decoded before it used jsonlite.
type stdInput struct {
	Input
	URL    *string `json:"url"`
	Status *int    `json:"status"`
}

// decodeInputStd decodes in as DiagnoseJSON did with encoding/json.
func decodeInputStd(in []byte) (stdInput, error) {
	var w stdInput
	dec := json.NewDecoder(bytes.NewReader(in))
	if err := dec.Decode(&w); err != nil {
		return w, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return w, errors.New("data after the object")
	}
	return w, nil
}

// sameInput checks that decodeInput and encoding/json agree on in: both
// fail, or both give the same Input.
func sameInput(t *testing.T, in []byte) {
	t.Helper()
	want, werr := decodeInputStd(in)
	got, gerr := decodeInput(in)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("decoding %.300q: encoding/json error %v, jsonlite error %v", in, werr, gerr)
	}
	if werr != nil {
		return
	}
	if !reflect.DeepEqual(want.Input, got.Input) || !reflect.DeepEqual(want.URL, got.url) || !reflect.DeepEqual(want.Status, got.status) {
		t.Fatalf("decoding %.300q:\nencoding/json %+v url %v status %v\njsonlite      %+v url %v status %v",
			in, want.Input, want.URL, want.Status, got.Input, got.url, got.status)
	}
}

// sameJSON checks that appendReport writes what encoding/json writes.
func sameJSON(t *testing.T, r *Report) {
	t.Helper()
	want, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendReport(nil, r); !bytes.Equal(got, want) {
		t.Fatalf("appendReport:\n%s\nencoding/json:\n%s", got, want)
	}
}

// TestReportJSONSamples compares DiagnoseJSON with encoding/json for every
// sample: the input is written by encoding/json, the report DiagnoseJSON
// returns must be the bytes encoding/json writes for Diagnose's report.
func TestReportJSONSamples(t *testing.T) {
	var samples []sample
	for _, pattern := range []string{"testdata/*.http", "../response/block/testdata/*.http"} {
		samples = append(samples, loadSamples(t, pattern)...)
	}
	pages, _ := filepath.Glob("../response/iis/testdata/*")
	for _, p := range pages {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, sample{name: p, in: Input{URL: "https://intranet.example.com/a/b/", Status: 403, Body: string(b), Now: testNow}})
	}
	if len(samples) < 100 {
		t.Fatalf("only %d samples", len(samples))
	}
	for _, s := range samples {
		in, err := json.Marshal(s.in)
		if err != nil {
			t.Fatal(err)
		}
		sameInput(t, in)
		out, err := DiagnoseJSON(in)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		r := Diagnose(s.in)
		want, _ := json.Marshal(r)
		if !bytes.Equal(out, want) {
			t.Errorf("%s: DiagnoseJSON:\n%s\nencoding/json:\n%s", s.name, out, want)
		}
	}
}

// fill sets every field reachable from v to a value that is not zero,
// using reflection, so that a field added to Report or Input later shows
// up in encoding/json's output and a codec that forgot it is caught. Each
// string holds characters JSON must escape.
func fill(t *testing.T, v reflect.Value, seed *int) {
	*seed++
	n := *seed
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strconv.Itoa(n) + " <&> \"\\\n\x01\u2028é\xff")
	case reflect.Int:
		v.SetInt(int64(-1000 - n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), seed)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			fill(t, v.Field(i), seed)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(t, v.Index(0), seed)
		fill(t, v.Index(1), seed)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range 3 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(t, k, seed)
			fill(t, e, seed)
			v.SetMapIndex(k, e)
		}
	default:
		t.Fatalf("fill: %s is a %s: teach appendReport, decodeInput and this test about it", v.Type(), v.Kind())
	}
}

// TestReportJSONEveryField writes a Report whose every field is set, one
// whose every field is zero, and one with empty slices and maps.
func TestReportJSONEveryField(t *testing.T) {
	var full Report
	seed := 0
	fill(t, reflect.ValueOf(&full).Elem(), &seed)
	sameJSON(t, &full)
	sameJSON(t, &Report{})
	empty := emptyReport(403)
	empty.Challenges = []Challenge{{Params: map[string]string{}}}
	empty.Substatus = &Substatus{Params: []string{}}
	empty.Block = &Block{}
	empty.Actions = []Action{{Params: []string{}}, {}}
	sameJSON(t, &empty)
}

// TestInputJSONEveryField reads an Input whose every field is set, so that
// a field added to Input (or Header) and not read by decodeInput fails.
func TestInputJSONEveryField(t *testing.T) {
	var full Input
	seed := 0
	fill(t, reflect.ValueOf(&full).Elem(), &seed)
	in, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	sameInput(t, in)
	w, err := decodeInput(in)
	if err != nil {
		t.Fatal(err)
	}
	w.URL, w.Status = *w.url, *w.status
	var want Input // the invalid UTF-8 in full becomes U+FFFD on the way
	if err := json.Unmarshal(in, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w.Input, want) {
		t.Errorf("decodeInput lost a field:\n%+v\nwant\n%+v", w.Input, want)
	}
	// The member names decodeInput knows are exactly Input's and Header's.
	for _, c := range []struct {
		typ   reflect.Type
		names []string
	}{{reflect.TypeFor[Input](), inputFields}, {reflect.TypeFor[Header](), headerFields}} {
		var tags []string
		for i := 0; i < c.typ.NumField(); i++ {
			name, _, _ := strings.Cut(c.typ.Field(i).Tag.Get("json"), ",")
			tags = append(tags, name)
		}
		if !slices.Equal(tags, c.names) {
			t.Errorf("%s has JSON names %q, decodeInput reads %q", c.typ, tags, c.names)
		}
	}
}

// TestInputJSONLikeEncodingJSON decodes tricky inputs both ways.
func TestInputJSONLikeEncodingJSON(t *testing.T) {
	for _, in := range inputCases {
		sameInput(t, []byte(in))
	}
}

var inputCases = []string{
	`{"url":"https://e.com/","status":401}`, `{"URL":"https://e.com/","STATUS":401,"Method":"post","BODY":"x","Now":"n"}`,
	`{"url":"a","url":null,"status":1}`, `{"url":"a","status":1,"status":null}`, `{"url":null}`, `null`,
	`{"url":"a","status":1,"headers":[{"name":"a","value":"b"},{"name":"c"}],"headers":[{"value":"z"}],"headers":[{},{}]}`,
	`{"url":"a","status":1,"headers":[null,{"NAME":"x","vaLue":"y"}],"redirects":["x",null],"redirects":[null,"y"]}`,
	`{"url":"a","status":1,"headers":null,"redirects":[]}`, `{"url":"a","status":1,"headers":[1]}`,
	`{"url":"a","status":401.0}`, `{"url":"a","status":-0}`, `{"url":"a","status":1e3}`, `{"url":"\ud800","status":1}`,
	`{"url":"a","status":1,"Input":{"url":"b"}}`, `{"url":"a","ſtatus":7,"method":"\u0047ET"}`,
	"{\"url\":\"\xff\",\"status\":1}", `{"url":"a","status":1,"extra":{"deep":[[[{}]]]}}`,
}

func FuzzInputJSON(f *testing.F) {
	for _, in := range inputCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		sameInput(t, in)
	})
}
