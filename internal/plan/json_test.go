package plan

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/site/discover"
)

// The JSON codec is held to encoding/json: inputs are decoded both ways
// and compared, outputs must be the bytes Marshal writes.

// stdInput is the Input as ProbesJSON reads it, for encoding/json: "now"
// is a JSON string read as RFC 3339 after unescaping, and
// "report.challenges" is any JSON value, unread.
type stdInput struct {
	Input
	Report stdReport `json:"report"`
	Now    stdTime   `json:"now"`
}

type stdReport struct {
	diagnose.Report
	Challenges json.RawMessage `json:"challenges"`
}

type stdTime struct{ t time.Time }

func (t *stdTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return err
	}
	t.t = v.UTC()
	return nil
}

// decodeInputStd decodes in with encoding/json as decodeInput should:
// the Input, whether "report" was there (not null), and whether it failed.
func decodeInputStd(in []byte) (Input, bool, error) {
	var s stdInput
	if err := json.Unmarshal(in, &s); err != nil {
		return Input{}, false, err
	}
	var p struct {
		Report json.RawMessage `json:"report"`
	}
	json.Unmarshal(in, &p) // cannot fail where the above did not
	r := s.Input
	r.Report, r.Now = s.Report.Report, s.Now.t
	return r, p.Report != nil && string(p.Report) != "null", nil
}

// sameInput checks that decodeInput and encoding/json agree on in: both
// fail, or both give the same Input. When encoding/json reads in into
// Input itself (time.Time's own decoding, the challenges' types checked),
// decodeInput must read the same too.
func sameInput(t *testing.T, in []byte) {
	t.Helper()
	want, wantReport, werr := decodeInputStd(in)
	w, gerr := decodeInput(in)
	if gerr == nil && w.badNow != nil {
		gerr = errBadNow
	}
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("decoding %.300q: encoding/json error %v, jsonlite error %v", in, werr, gerr)
	}
	got := w.Input
	got.Now = got.Now.UTC()
	if werr == nil && (!reflect.DeepEqual(want, got) || wantReport != w.report) {
		t.Fatalf("decoding %.300q:\nencoding/json %+v report %v\njsonlite      %+v report %v", in, want, wantReport, got, w.report)
	}
	var real Input
	if err := json.Unmarshal(in, &real); err != nil {
		return
	}
	if gerr != nil {
		t.Fatalf("decoding %.300q: encoding/json reads it into Input, jsonlite fails: %v", in, gerr)
	}
	real.Report.Challenges = nil
	if !real.Now.Equal(got.Now) {
		t.Fatalf("decoding %.300q: now %v, encoding/json %v", in, got.Now, real.Now)
	}
	real.Now = got.Now
	if !reflect.DeepEqual(real, got) {
		t.Fatalf("decoding %.300q:\nencoding/json into Input %+v\njsonlite                 %+v", in, real, got)
	}
}

var errBadNow = &time.ParseError{Message: "bad now"}

// samePlan checks that appendPlan writes what encoding/json writes.
func samePlan(t *testing.T, p *Plan) {
	t.Helper()
	want, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendPlan(nil, p); !bytes.Equal(got, want) {
		t.Fatalf("appendPlan:\n%s\nencoding/json:\n%s", got, want)
	}
}

// sameProbes checks that appendProbes writes what encoding/json writes.
func sameProbes(t *testing.T, ps []Probe) {
	t.Helper()
	want, err := json.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	if got := appendProbes(nil, ps); !bytes.Equal(got, want) {
		t.Fatalf("appendProbes:\n%s\nencoding/json:\n%s", got, want)
	}
}

// TestJSONCases runs every test case through ProbesJSON and DecideJSON,
// phase by phase, with the input written by encoding/json, and compares
// each answer with encoding/json's encoding of what Probes and Decide
// return.
func TestJSONCases(t *testing.T) {
	for _, c := range loadCases(t) {
		in, _ := c.input(t)
		// The input without results, then with the first phase's, then
		// with all.
		var cut []int
		for i := range in.Results {
			if i == 0 || in.Results[i].ID == "home" {
				cut = append(cut, i)
			}
		}
		for _, n := range append(cut, len(in.Results)) {
			part := in
			part.Results = in.Results[:n:n]
			arg, err := json.Marshal(part)
			if err != nil {
				t.Fatal(err)
			}
			sameInput(t, arg)
			got, err := ProbesJSON(arg)
			if err != nil {
				t.Fatalf("%s: ProbesJSON: %v", c.name, err)
			}
			want, _ := json.Marshal(Probes(part))
			if !bytes.Equal(got, want) {
				t.Errorf("%s: ProbesJSON:\n%s\nencoding/json:\n%s", c.name, got, want)
			}
			got, err = DecideJSON(arg)
			if err != nil {
				t.Fatalf("%s: DecideJSON: %v", c.name, err)
			}
			want, _ = json.Marshal(Decide(part))
			if !bytes.Equal(got, want) {
				t.Errorf("%s: DecideJSON:\n%s\nencoding/json:\n%s", c.name, got, want)
			}
			if n == len(in.Results) && !bytes.HasPrefix(got, []byte(`{"actions":[`)) {
				t.Errorf("%s: DecideJSON = %.100s, want actions first, never null", c.name, got)
			}
		}
	}
}

// TestChallengesUnused holds up the reason decodeInput skips
// "report.challenges": Probes and Decide give the same answers without
// them.
func TestChallengesUnused(t *testing.T) {
	n := 0
	for _, c := range loadCases(t) {
		in, _ := c.input(t)
		if len(in.Report.Challenges) == 0 {
			continue
		}
		n++
		without := in
		without.Report.Challenges = nil
		if !reflect.DeepEqual(Decide(in), Decide(without)) || !reflect.DeepEqual(Probes(in), Probes(without)) {
			t.Errorf("%s: the challenges change the plan: decodeInput must read them", c.name)
		}
		in.Results = nil
		without.Results = nil
		if !reflect.DeepEqual(Probes(in), Probes(without)) {
			t.Errorf("%s: the challenges change the probes: decodeInput must read them", c.name)
		}
	}
	if n == 0 {
		t.Fatal("no case has a challenge")
	}
}

func TestJSONErrors(t *testing.T) {
	for _, c := range []struct{ in, err string }{
		{``, "empty input"},
		{`  `, "empty input"},
		{`null`, `missing field "report"`},
		{`{}`, `missing field "report"`},
		{`{"report":null}`, `missing field "report"`},
		{`{"report":{"url":"https://e.com/"},"report":null}`, `missing field "report"`},
		{`[]`, "expected an object"},
		{`{`, "bad input JSON"},
		{`{"report":{}} x`, "data after the object"},
		{`{"report":[]}`, `field "report" must be an object`},
		{`{"report":{"status":"401"}}`, `field "report.status" must be a number`},
		{`{"report":{"block":"waf"}}`, `field "report.block" must be an object`},
		{`{"report":{},"results":[{"status":1.5}]}`, `field "results.status"`},
		{`{"report":{},"now":"yesterday"}`, `field "now" is not an RFC 3339 time: "yesterday"`},
		{`{"report":{},"now":"2026-11-28 12:00:00Z"}`, `field "now"`},
		{`{"report":{},"now":"bad","now":"2026-11-28T12:00:00Z"}`, `field "now"`},
		{`{"report":{},"now":1}`, `field "now" must be a string`},
		{"\xff", "bad input JSON"},
	} {
		for _, f := range []func([]byte) ([]byte, error){ProbesJSON, DecideJSON} {
			out, err := f([]byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.HasPrefix(err.Error(), "plan: ") || out != nil {
				t.Errorf("%q: %s, %v; want error with %q", c.in, out, err, c.err)
			}
		}
	}
	big := make([]byte, MaxInputJSON+1)
	if _, err := DecideJSON(big); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("big input: %v", err)
	}
}

func TestJSONEmpty(t *testing.T) {
	for _, c := range []struct{ in, probes string }{
		// Not http(s): no probes, a plan with empty lists.
		{`{"report":{"url":"about:blank","kind":"not-http"}}`, `[]`},
		{`{"report":{"url":"https://e.com/a/","status":403,"kind":"forbidden"},"now":"2026-11-28T12:00:00.5+01:00"}`, `[{"id":"home"`},
	} {
		got, err := ProbesJSON([]byte(c.in))
		if err != nil || !bytes.HasPrefix(got, []byte(c.probes)) {
			t.Errorf("ProbesJSON(%s) = %s, %v; want %s…", c.in, got, err, c.probes)
		}
		got, err = DecideJSON([]byte(c.in))
		if err != nil || !json.Valid(got) || !bytes.HasPrefix(got, []byte(`{"actions":[`)) || bytes.Contains(got, []byte(`":null`)) && !bytes.Contains(got, []byte(`"securityTxt":null`)) {
			t.Errorf("DecideJSON(%s) = %s, %v", c.in, got, err)
		}
	}
}

// fill sets every exported field reachable from v to a value that is not
// zero, using reflection, so that a field added later shows up in
// encoding/json's output and a codec that forgot it is caught. Strings
// hold characters JSON must escape.
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
		t.Fatalf("fill: %s is a %s: teach plan/json.go and this test about it", v.Type(), v.Kind())
	}
}

// TestPlanJSONEveryField writes a Plan and probes whose every field is
// set, zero ones, and ones with empty slices.
func TestPlanJSONEveryField(t *testing.T) {
	var full Plan
	seed := 0
	fill(t, reflect.ValueOf(&full).Elem(), &seed)
	samePlan(t, &full)
	samePlan(t, &Plan{})
	empty := emptyPlan()
	samePlan(t, &empty)
	empty.Actions = []Action{{Action: diagnose.Action{Params: []string{}}}, {}}
	empty.Login = []discover.Link{{}}
	empty.Contacts = []Contact{{Params: []string{}}, {}}
	empty.SecurityTxt = &SecurityTxt{Contacts: []string{}}
	empty.Watch = &Watch{Delays: []int{}}
	samePlan(t, &empty)
	empty.SecurityTxt, empty.Watch = &SecurityTxt{}, &Watch{}
	samePlan(t, &empty)

	var probes []Probe
	fill(t, reflect.ValueOf(&probes).Elem(), &seed)
	sameProbes(t, probes)
	sameProbes(t, nil)
	sameProbes(t, []Probe{})
	sameProbes(t, []Probe{{}})
}

// TestInputJSONEveryField reads an Input whose every field is set, so that
// a field added to Input (or a type in it) and not read by decodeInput
// fails; and checks that decodeInput knows exactly the json names.
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
	if err != nil || w.badNow != nil || !w.report {
		t.Fatal(err, w.badNow, w.report)
	}
	var want Input // the invalid UTF-8 in full becomes U+FFFD on the way
	if err := json.Unmarshal(in, &want); err != nil {
		t.Fatal(err)
	}
	want.Report.Challenges = nil
	if !reflect.DeepEqual(w.Input, want) {
		t.Errorf("decodeInput lost a field:\n%+v\nwant\n%+v", w.Input, want)
	}
	for _, c := range []struct {
		typ   reflect.Type
		names []string
	}{
		{reflect.TypeFor[Input](), inputFields},
		{reflect.TypeFor[diagnose.Report](), reportFields},
		{reflect.TypeFor[diagnose.Substatus](), substatusFields},
		{reflect.TypeFor[diagnose.Block](), blockFields},
		{reflect.TypeFor[diagnose.Message](), messageFields},
		{reflect.TypeFor[diagnose.Action](), actionFields},
		{reflect.TypeFor[Result](), resultFields},
		{reflect.TypeFor[Env](), envFields},
		{reflect.TypeFor[diagnose.Header](), headerFields},
	} {
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
	`{"report":{"url":"https://e.com/","status":401}}`, `null`, `{}`, `{"report":null}`, `[]`, `{"report":5}`,
	`{"REPORT":{"URL":"https://e.com/","Status":401,"KIND":"auth"},"Page":"x","NOW":"2026-11-28T12:00:00Z"}`,
	`{"report":{"url":"a"},"report":{"status":2}}`, `{"report":{"url":"a"},"report":null}`, `{"report":null,"report":{"url":"b"}}`,
	`{"report":{"block":{"kind":"ip","name":"x"},"block":{"code":"1"}}}`, `{"report":{"block":{"kind":"ip"},"block":null}}`,
	`{"report":{"block":{"kind":"ip"},"block":{}}}`, `{"report":{"block":{}}}`, `{"report":{"block":null}}`, `{"report":{"block":{"x":1}}}`,
	`{"report":{"substatus":{"code":"401.2","params":["a",null]},"substatus":{"params":null}}}`, `{"report":{"substatus":[]}}`,
	`{"report":{"substatus":null,"block":true}}`, `{"report":{"block":"x"}}`,
	`{"report":{"challenges":[{"scheme":"Basic","params":{"a":"b"}}]}}`, `{"report":{"challenges":5}}`, `{"report":{"challenges":[{"params":{"a":1}}]}}`,
	`{"report":{"challenges":[}}`, `{"report":{"actions":[{"kind":"login","url":"u","params":["x"]},null],"actions":[{"key":"k"}]}}`,
	`{"report":{"advice":[{"key":"a","params":[]}],"notes":null,"ancestors":["x"],"redirects":[null]}}`,
	`{"report":{},"now":"2026-11-28T12:00:00Z"}`, `{"report":{},"now":"2026-11-28T12:00:00.123456789+05:30"}`,
	`{"report":{},"now":"2026-11-28T12:00:00\u005a"}`, `{"report":{},"now":null}`, `{"report":{},"now":"2026-11-28T12:00:00Z","now":null}`,
	`{"report":{},"now":"2026-11-28T12:00:00,5Z"}`, `{"report":{},"now":"2026-11-28T1:00:00Z"}`, `{"report":{},"now":"2026-02-29T12:00:00Z"}`,
	`{"report":{},"now":"0000-01-01T00:00:00Z"}`, `{"report":{},"now":"2026-11-28T12:00:00+24:00"}`, `{"report":{},"now":""}`,
	`{"report":{},"now":{}}`, `{"report":{},"now":["2026-11-28T12:00:00Z"]}`,
	`{"report":{},"results":[{"id":"home","url":"u","status":200,"finalURL":"f","contentType":"t","body":"b","error":"e"},null]}`,
	`{"report":{},"results":[{"id":"a"},{"id":"b"}],"results":[{"url":"c"}]}`, `{"report":{},"results":null}`, `{"report":{},"results":{}}`,
	`{"report":{},"env":{"browser":"Firefox","OS":"Linux"},"env":null,"headers":[{"name":"a","value":"b"},{}]}`,
	`{"report":{},"env":[]}`, `{"report":{},"headers":[1]}`, `{"report":{},"results":[{"status":1e2}]}`,
	`{"report":{"ſtatus":401,"Kind":"\u0041"}}`, "{\"report\":{\"url\":\"\xff\"}}", `{"report":{}} {}`,
	`{"report":{"url":"a","extra":{"deep":[[[{}]]]}},"other":[1,2,3]}`,
}

// FuzzInputJSON decodes arbitrary input both ways, and writes what Probes
// and Decide return for it both ways.
func FuzzInputJSON(f *testing.F) {
	for _, in := range inputCases {
		f.Add([]byte(in))
	}
	for _, c := range loadCases(f) {
		in, _ := c.input(f)
		if len(in.Results) > 3 {
			in.Results = in.Results[:3]
		}
		for i := range in.Results {
			in.Results[i].Body = clipBody(in.Results[i].Body)
		}
		in.Page = clipBody(in.Page)
		b, err := json.Marshal(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		sameInput(t, in)
		w, err := decodeInput(in)
		if err != nil || w.badNow != nil {
			return
		}
		w.Now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) // not the clock
		sameProbes(t, Probes(w.Input))
		p := Decide(w.Input)
		samePlan(t, &p)
	})
}

func clipBody(s string) string {
	if len(s) > 2000 {
		return s[:2000]
	}
	return s
}

// BenchmarkDecideJSON decodes, decides and encodes the input of every
// test case, with every probe answered.
func BenchmarkDecideJSON(b *testing.B) {
	var args [][]byte
	for _, c := range loadCases(b) {
		in, _ := c.input(b)
		arg, err := json.Marshal(in)
		if err != nil {
			b.Fatal(err)
		}
		args = append(args, arg)
	}
	b.ResetTimer()
	for range b.N {
		for _, arg := range args {
			if _, err := DecideJSON(arg); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecodeInputLarge decodes an input holding 6 MiB of probe
// bodies.
func BenchmarkDecodeInputLarge(b *testing.B) {
	in := Input{Report: diagnose.Report{URL: "https://e.com/a/", Status: 403, Kind: "forbidden"}}
	for i := range 6 {
		in.Results = append(in.Results, Result{ID: "p" + strconv.Itoa(i), URL: "https://e.com/", Status: 200,
			Body: strings.Repeat(`<a href="/x">link é</a>`+"\n", (1<<20)/25)})
	}
	arg, _ := json.Marshal(in)
	b.SetBytes(int64(len(arg)))
	b.ResetTimer()
	for range b.N {
		if _, err := decodeInput(arg); err != nil {
			b.Fatal(err)
		}
	}
}
