package main

import (
	"bytes"
	"encoding/json"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/plan"
	"github.com/sesame-help/sesame/internal/sample"
)

// sesame.analyze is held to encoding/json: arguments are decoded both
// ways and compared, answers must be the bytes Marshal writes.

// stdRequest is analyzeRequest as encoding/json reads it: "response" a
// pointer (null or missing is an error), its "url" and "status" pointers.
type stdRequest struct {
	analyzeRequest
	Response *stdResponse `json:"response"`
}

type stdResponse struct {
	diagnose.Input
	URL    *string `json:"url"`
	Status *int    `json:"status"`
}

// decodeRequestStd decodes in with encoding/json as readRequest should.
func decodeRequestStd(in []byte) (stdRequest, error) {
	var w stdRequest
	err := decodeStd(in, &w, false)
	return w, err
}

// sameRequest checks that readRequest and encoding/json agree on in: both
// fail, or both read the same request.
func sameRequest(t *testing.T, in []byte) {
	t.Helper()
	want, werr := decodeRequestStd(in)
	got, gerr := readRequest(in)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("decoding %.300q: encoding/json error %v, jsonlite error %v", in, werr, gerr)
	}
	if werr != nil {
		return
	}
	if (want.Response != nil) != got.response {
		t.Fatalf("decoding %.300q: encoding/json response %v, jsonlite %v", in, want.Response != nil, got.response)
	}
	if want.Response == nil {
		return
	}
	wr := want.analyzeRequest
	wr.Response = want.Response.Input
	if !reflect.DeepEqual(wr, got.analyzeRequest) || !reflect.DeepEqual(want.Response.URL, got.url) || !reflect.DeepEqual(want.Response.Status, got.status) {
		t.Fatalf("decoding %.300q:\nencoding/json %+v url %v status %v\njsonlite      %+v url %v status %v",
			in, wr, want.Response.URL, want.Response.Status, got.analyzeRequest, got.url, got.status)
	}
}

// sameAnswer checks that writeAnalyzeAnswer writes what encoding/json
// writes.
func sameAnswer(t *testing.T, a *analyzeAnswer) {
	t.Helper()
	want, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if got := writeAnalyzeAnswer(a); !bytes.Equal(got, want) {
		t.Fatalf("writeAnalyzeAnswer:\n%s\nencoding/json:\n%s", got, want)
	}
}

// answerFor is what sesame.analyze must answer for req.
func answerFor(req analyzeRequest) []byte {
	a := plan.Analyze(req.Response, req.Results, req.Env)
	b, _ := json.Marshal(analyzeAnswer{Report: a.Report, Plan: a.Plan, Probes: a.Probes})
	return b
}

// answerProbe answers a probe as a small site would: the home page links
// to a login page and a webmaster, security.txt names a contact, the
// parents work, other pages are missing.
func answerProbe(p plan.Probe) plan.Result {
	r := plan.Result{ID: p.ID, URL: p.URL, Status: 404, ContentType: "text/html"}
	switch p.Purpose {
	case plan.PurposeHome:
		r.Status, r.Body = 200, `<a href="/login">Sign in</a> <a href="mailto:web@example.org">Webmaster</a>`
	case plan.PurposeSecurityTxt:
		r.Status, r.ContentType, r.Body = 200, "text/plain", "Contact: mailto:security@example.org\nExpires: 2030-01-01T00:00:00Z\n"
	case plan.PurposeParent:
		r.Status = 200
	}
	return r
}

// TestAnalyzeLikeEncodingJSON sends every diagnose sample through
// sesame.analyze phase by phase, as the popup does, with the argument
// written by encoding/json, and compares each answer byte for byte with
// encoding/json's encoding of what plan.Analyze returns.
func TestAnalyzeLikeEncodingJSON(t *testing.T) {
	withActions, withProbes := 0, 0
	for name, in := range loadInputs(t, "internal/diagnose/testdata/*.http", 40) {
		req := analyzeRequest{Response: in, Results: []plan.Result{}, Env: plan.Env{Browser: "Firefox 153", OS: "Linux"}}
		for phase := 0; phase <= plan.MaxPhases; phase++ {
			arg, err := json.Marshal(req)
			if err != nil {
				t.Fatal(err)
			}
			sameRequest(t, arg)
			got, err := call("analyze", arg)
			if err != nil {
				t.Fatalf("%s: analyze: %v", name, err)
			}
			if want := answerFor(req); !bytes.Equal(got, want) {
				t.Fatalf("%s: analyze\n%s\nencoding/json\n%s", name, got, want)
			}
			var a analyzeAnswer
			if err := json.Unmarshal(got, &a); err != nil {
				t.Fatal(err)
			}
			if len(a.Plan.Actions) > 0 {
				withActions++
			}
			if len(a.Probes) == 0 {
				break
			}
			withProbes++
			for _, p := range a.Probes {
				req.Results = append(req.Results, answerProbe(p))
			}
		}
	}
	if withActions < 60 || withProbes < 30 {
		t.Errorf("only %d answers have actions, %d probes", withActions, withProbes)
	}
}

func TestAnalyzeErrors(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{``, "empty input"},
		{`   `, "empty input"},
		{`null`, `missing field "response"`},
		{`{}`, `missing field "response"`},
		{`{"response":null}`, `missing field "response"`},
		{`{"response":{"url":"https://e.com/","status":401},"response":null}`, `missing field "response"`},
		{`[]`, "expected an object"},
		{`"x"`, "expected an object"},
		{`{`, "bad JSON"},
		{`{"response":[]}`, `field "response" must be an object`},
		{`{"response":{"status":401}}`, `missing field "response.url"`},
		{`{"response":{"url":"https://e.com/"}}`, `missing field "response.status"`},
		{`{"response":{"url":null,"status":401}}`, `missing field "response.url"`},
		{`{"response":{"url":1,"status":401}}`, `field "response.url" must be a string`},
		{`{"response":{"url":"https://e.com/","status":"401"}}`, `field "response.status" must be a number`},
		{`{"response":{"url":"https://e.com/","status":401.5}}`, `field "response.status"`},
		{`{"response":{"url":"https://e.com/","status":401,"headers":{}}}`, `field "response.headers" must be an array`},
		{`{"response":{"url":"https://e.com/","status":401,"now":"yesterday"}}`, `field "response.now" is not an RFC 3339 time: "yesterday"`},
		{`{"response":{"url":"https://e.com/","status":401,"now":"2026-11-28 12:00:00Z"}}`, `field "response.now"`},
		{`{"response":{"url":"https://e.com/","status":401,"now":1}}`, `field "response.now" must be a string`},
		{`{"response":{"url":"https://e.com/","status":401},"results":[{"status":1.5}]}`, `field "results.status"`},
		{`{"response":{"url":"https://e.com/","status":401},"results":{}}`, `field "results" must be an array`},
		{`{"response":{"url":"https://e.com/","status":401},"env":[]}`, `field "env" must be an object`},
		{`{"response":{"url":"https://e.com/","status":401}} {}`, "data after the object"},
		{`{"response":{"url":"https://e.com/","status":401}} x`, "data after the object"},
		{"\xff\xfe", "bad JSON"},
	} {
		out, err := call("analyze", []byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "sesame: analyze: ") || out != nil {
			t.Errorf("analyze(%q) = %s, %v; want error with %q", c.in, out, err, c.err)
		}
	}
	big := make([]byte, maxAnalyzeInput+1)
	if _, err := call("analyze", big); err == nil || !strings.Contains(err.Error(), "larger than 16777216 bytes") {
		t.Errorf("big input: %v", err)
	}
}

// TestAnalyzeOK checks answers whose every slice is an array, for pages
// that are not http(s), unknown members and lower-case methods.
func TestAnalyzeOK(t *testing.T) {
	for _, in := range []string{
		`{"response":{"url":"data:text/html,x","status":200}}`,
		`{"response":{"url":"about:blank","status":0}}`,
		`{"response":{"url":"https://e.com/a/","status":403,"unknown":[1,2],"tabId":7},"results":null,"env":null}`,
		`{"response":{"url":"https://e.com/","status":401,"headers":[{"name":"www-authenticate","value":"Negotiate"}],"method":"get"}}`,
		`{"response":{"url":"https://e.com/a/","status":403,"now":"2026-11-28T12:00:00.5+01:00"},"extra":{"deep":[[[{}]]]}}`,
	} {
		out, err := call("analyze", []byte(in))
		if err != nil {
			t.Errorf("analyze(%s): %v", in, err)
			continue
		}
		var a map[string]any
		if err := json.Unmarshal(out, &a); err != nil {
			t.Fatalf("output does not decode: %v", err)
		}
		if _, ok := a["probes"].([]any); !ok {
			t.Errorf("analyze(%s): probes = %v, want an array", in, a["probes"])
		}
		if bytes.Contains(out, []byte(`":null`)) && !bytes.Contains(out, []byte(`"securityTxt":null`)) && !bytes.Contains(out, []byte(`"substatus":null`)) {
			t.Errorf("analyze(%s) has a null list: %s", in, out)
		}
	}
}

// TestAnalyzeLargeBody sends a 10 MiB page through JSON.
func TestAnalyzeLargeBody(t *testing.T) {
	in, _ := json.Marshal(analyzeRequest{Response: diagnose.Input{URL: "https://e.com/x/", Status: 403, Body: strings.Repeat("page é\xff", 1<<20)}})
	out, err := call("analyze", in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "note_body_truncated") {
		t.Errorf("no truncation note: %.300s", out)
	}
}

// TestReportJSONSamples compares writeReport with encoding/json for the
// report of every recorded response: diagnose's and block's samples, and
// IIS error pages.
func TestReportJSONSamples(t *testing.T) {
	inputs := loadInputs(t, "internal/diagnose/testdata/*.http", 40)
	for name, in := range loadInputs(t, "internal/response/block/testdata/*.http", 40) {
		inputs["block/"+name] = in
	}
	for _, p := range sample.Glob(t, "internal/response/iis/testdata/*") {
		inputs["iis/"+path.Base(p)] = diagnose.Input{URL: "https://intranet.example.com/a/b/", Status: 403, Body: sample.Read(t, p), Now: "2026-11-28T12:00:00Z"}
	}
	if len(inputs) < 100 {
		t.Fatalf("only %d samples", len(inputs))
	}
	for _, in := range inputs {
		sameAnswer(t, &analyzeAnswer{Report: diagnose.Diagnose(in)})
	}
}

// fill sets every exported field reachable from v to a value that is not
// zero, using reflection, so that a field added to a type of the bridge
// later shows up in encoding/json's output and a codec that forgot it is
// caught. Strings hold characters JSON must escape.
func fill(t *testing.T, v reflect.Value, seed *int) {
	*seed++
	n := *seed
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Date(2026, 11, 28, 12, 0, n, 0, time.UTC)))
		return
	}
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
			if v.Type().Field(i).IsExported() {
				fill(t, v.Field(i), seed)
			}
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
		t.Fatalf("fill: %s is a %s: teach the bridge's codecs and this test about it", v.Type(), v.Kind())
	}
}

// TestAnswerJSONEveryField writes an answer whose every field is set, a
// zero one, and ones with empty slices and maps.
func TestAnswerJSONEveryField(t *testing.T) {
	var full analyzeAnswer
	seed := 0
	fill(t, reflect.ValueOf(&full).Elem(), &seed)
	sameAnswer(t, &full)
	sameAnswer(t, &analyzeAnswer{})
	a := analyzeAnswer{Probes: []plan.Probe{{}}}
	a.Report = diagnose.Report{Challenges: []diagnose.Challenge{{Params: map[string]string{}}}, Substatus: &diagnose.Substatus{Params: []string{}},
		Block: &diagnose.Block{}, Actions: []diagnose.Action{{Params: []string{}}, {}}, Advice: []diagnose.Message{}, Notes: []diagnose.Message{}}
	a.Plan = plan.Plan{Actions: []plan.Action{{Action: diagnose.Action{Params: []string{}}}, {}}, Contacts: []plan.Contact{{Params: []string{}}, {}},
		SecurityTxt: &plan.SecurityTxt{Contacts: []string{}}, Watch: &plan.Watch{Delays: []int{}}, Details: []diagnose.Message{}}
	sameAnswer(t, &a)
	a.Plan.SecurityTxt, a.Plan.Watch = &plan.SecurityTxt{}, &plan.Watch{}
	sameAnswer(t, &a)
}

// TestRequestJSONEveryField reads a request whose every field is set, so
// that a field added to one of its types and not read fails, and checks
// that the decoder knows exactly the json names.
func TestRequestJSONEveryField(t *testing.T) {
	var full analyzeRequest
	seed := 0
	fill(t, reflect.ValueOf(&full).Elem(), &seed)
	in, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	sameRequest(t, in)
	w, err := readRequest(in)
	if err != nil || !w.response || w.url == nil || w.status == nil {
		t.Fatal(err, w.response)
	}
	got := w.analyzeRequest
	got.Response.URL, got.Response.Status = *w.url, *w.status
	var want analyzeRequest // the invalid UTF-8 in full becomes U+FFFD on the way
	if err := json.Unmarshal(in, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("readRequest lost a field:\n%+v\nwant\n%+v", got, want)
	}
	for _, c := range []struct {
		typ   reflect.Type
		names []string
	}{
		{reflect.TypeFor[analyzeRequest](), requestFields},
		{reflect.TypeFor[diagnose.Input](), responseFields},
		{reflect.TypeFor[diagnose.Header](), headerFields},
		{reflect.TypeFor[plan.Result](), resultFields},
		{reflect.TypeFor[plan.Env](), envFields},
	} {
		var tags []string
		for i := 0; i < c.typ.NumField(); i++ {
			if c.typ.Field(i).IsExported() {
				name, _, _ := strings.Cut(c.typ.Field(i).Tag.Get("json"), ",")
				tags = append(tags, name)
			}
		}
		if !slices.Equal(tags, c.names) {
			t.Errorf("%s has JSON names %q, readRequest reads %q", c.typ, tags, c.names)
		}
	}
}

// TestRequestJSONLikeEncodingJSON decodes tricky arguments both ways.
func TestRequestJSONLikeEncodingJSON(t *testing.T) {
	for _, in := range requestCases {
		sameRequest(t, []byte(in))
	}
}

var requestCases = []string{
	`{"response":{"url":"https://e.com/","status":401}}`, `null`, `{}`, `{"response":null}`, `[]`, `{"response":5}`,
	`{"RESPONSE":{"URL":"https://e.com/","STATUS":401,"Method":"post","BODY":"x","Now":"n"}}`,
	`{"response":{"url":"a","url":null,"status":1}}`, `{"response":{"url":"a","status":1,"status":null}}`, `{"response":{"url":null}}`,
	`{"response":{"url":"a"},"response":{"status":2}}`, `{"response":{"url":"a"},"response":null}`, `{"response":null,"response":{"url":"b","status":1}}`,
	`{"response":{"url":"a","status":1,"headers":[{"name":"a","value":"b"},{"name":"c"}],"headers":[{"value":"z"}],"headers":[{},{}]}}`,
	`{"response":{"url":"a","status":1,"headers":[null,{"NAME":"x","vaLue":"y"}],"redirects":["x",null],"redirects":[null,"y"]}}`,
	`{"response":{"url":"a","status":1,"headers":null,"redirects":[]}}`, `{"response":{"url":"a","status":1,"headers":[1]}}`,
	`{"response":{"url":"a","status":401.0}}`, `{"response":{"url":"a","status":-0}}`, `{"response":{"url":"a","status":1e3}}`,
	`{"response":{"url":"\ud800","status":1}}`, `{"response":{"url":"a","status":1,"Input":{"url":"b"}}}`,
	`{"response":{"url":"a","ſtatus":7,"method":"\u0047ET"}}`, "{\"response\":{\"url\":\"\xff\",\"status\":1}}",
	`{"response":{"url":"a","status":1},"results":[{"id":"home","url":"u","status":200,"finalURL":"f","contentType":"t","body":"b","error":"e"},null]}`,
	`{"response":{"url":"a","status":1},"results":[{"id":"a"},{"id":"b"}],"results":[{"url":"c"}]}`,
	`{"response":{"url":"a","status":1},"results":null}`, `{"response":{"url":"a","status":1},"results":{}}`,
	`{"response":{"url":"a","status":1},"env":{"browser":"Firefox","OS":"Linux"},"env":null}`, `{"response":{"url":"a","status":1},"env":[]}`,
	`{"response":{"url":"a","status":1},"results":[{"status":1e2}]}`, `{"response":{"url":"a","status":1}} {}`,
	`{"response":{"url":"a","status":1,"extra":{"deep":[[[{}]]]}},"other":[1,2,3]}`,
}

// FuzzAnalyzeRequest decodes arbitrary arguments both ways and, for those
// the bridge accepts, compares its answer with encoding/json's.
func FuzzAnalyzeRequest(f *testing.F) {
	for _, in := range requestCases {
		f.Add([]byte(in))
	}
	for _, in := range loadInputs(f, "internal/diagnose/testdata/*.http", 40) {
		if len(in.Body) > 2000 {
			in.Body = in.Body[:2000]
		}
		b, err := json.Marshal(analyzeRequest{Response: in, Results: []plan.Result{answerProbe(plan.Probe{ID: "home", URL: in.URL, Purpose: plan.PurposeHome})}})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		sameRequest(t, in)
		req, err := decodeAnalyzeRequest(in)
		if err != nil {
			return
		}
		if req.Response.Now == "" {
			req.Response.Now = "2026-11-28T12:00:00Z" // not the clock
		}
		a := plan.Analyze(req.Response, req.Results, req.Env)
		sameAnswer(t, &analyzeAnswer{Report: a.Report, Plan: a.Plan, Probes: a.Probes})
	})
}

// FuzzReportJSON writes the report of an arbitrary response both ways: a
// URL, a status, one header and a page reach deeper than random JSON.
func FuzzReportJSON(f *testing.F) {
	for _, in := range loadInputs(f, "internal/diagnose/testdata/*.http", 40) {
		h := ""
		for _, x := range in.Headers {
			if strings.EqualFold(x.Name, "WWW-Authenticate") || strings.EqualFold(x.Name, "Proxy-Authenticate") || strings.EqualFold(x.Name, "Retry-After") {
				h = x.Name + ":" + x.Value
			}
		}
		f.Add(in.URL, in.Method, in.Status, h, in.Body)
	}
	f.Fuzz(func(t *testing.T, url, method string, status int, header, body string) {
		name, value, _ := strings.Cut(header, ":")
		r := diagnose.Diagnose(diagnose.Input{URL: url, Method: method, Status: status, Headers: []diagnose.Header{{Name: name, Value: value}}, Body: body, Now: "2026-11-28T12:00:00Z"})
		sameAnswer(t, &analyzeAnswer{Report: r})
	})
}

// BenchmarkAnalyzeJSON decodes, analyzes and encodes the first phase of
// every diagnose sample.
func BenchmarkAnalyzeJSON(b *testing.B) {
	var args [][]byte
	for _, in := range loadInputs(b, "internal/diagnose/testdata/*.http", 40) {
		arg, err := json.Marshal(analyzeRequest{Response: in})
		if err != nil {
			b.Fatal(err)
		}
		args = append(args, arg)
	}
	b.ResetTimer()
	for range b.N {
		for _, arg := range args {
			if _, err := analyzeJSON(arg); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecodeRequestLarge decodes an argument holding 6 MiB of probe
// bodies.
func BenchmarkDecodeRequestLarge(b *testing.B) {
	req := analyzeRequest{Response: diagnose.Input{URL: "https://e.com/a/", Status: 403}}
	for i := range 6 {
		req.Results = append(req.Results, plan.Result{ID: "p" + strconv.Itoa(i), URL: "https://e.com/", Status: 200,
			Body: strings.Repeat(`<a href="/x">link é</a>`+"\n", (1<<20)/25)})
	}
	arg, _ := json.Marshal(req)
	b.SetBytes(int64(len(arg)))
	b.ResetTimer()
	for range b.N {
		if _, err := readRequest(arg); err != nil {
			b.Fatal(err)
		}
	}
}
