package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/wayback"
	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"github.com/sesame-help/sesame/internal/response/retryafter"
	"github.com/sesame-help/sesame/internal/sample"
	"github.com/sesame-help/sesame/internal/urls/redact"
	"github.com/sesame-help/sesame/internal/watch"
)

// The bridge reads and writes JSON without encoding/json (package
// jsonlite keeps reflection out of the WebAssembly helper). These tests,
// run natively and as WebAssembly by dev/scripts/test-wasm.sh, hold its
// answers to what encoding/json gives for the same Go values.

// loadInputs reads the recorded responses matching pattern (relative to
// the module's root) as the extension would record them, and fails
// unless at least min files match.
func loadInputs(t testing.TB, pattern string, min int) map[string]diagnose.Input {
	t.Helper()
	samples := sample.Load(t, pattern)
	if len(samples) < min {
		t.Fatalf("%s: %d files, want %d or more", pattern, len(samples), min)
	}
	out := map[string]diagnose.Input{}
	for _, s := range samples {
		in := diagnose.Input{URL: s.URL, Method: s.Method, Status: s.Status, Body: s.Body, Now: "2026-11-28T12:00:00Z", Headers: []diagnose.Header{}}
		for _, h := range s.Header {
			in.Headers = append(in.Headers, diagnose.Header{Name: h.Name, Value: h.Value})
		}
		out[path.Base(s.Name)] = in
	}
	return out
}

// decodeStd decodes one JSON value into v with encoding/json, and refuses
// data after it. strict is how the bridge's small functions read their
// argument (decodeStrict): it must be an object and unknown members are
// refused.
func decodeStd(in []byte, v any, strict bool) error {
	if strict {
		in = bytes.TrimSpace(in)
		if len(in) == 0 || in[0] != '{' {
			return errNotJSON
		}
	}
	dec := json.NewDecoder(bytes.NewReader(in))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the object")
	}
	return nil
}

// redactStd decodes a redactURL argument with encoding/json, as the bridge
// did before it used jsonlite.
func redactStd(in []byte) (redactRequest, error) {
	var req redactRequest
	err := decodeStd(in, &req, true)
	return req, err
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

// sameWatch checks the bridge against encoding/json for one watchNext
// argument: both refuse it, or both read the same request and the bridge
// answers what encoding/json writes for watch.Next's answer.
func sameWatch(t *testing.T, in []byte) {
	t.Helper()
	var want watchRequest
	werr := decodeStd(in, &want, true)
	got, gerr := decodeWatchRequest(in)
	if (werr == nil) != (gerr == nil) || werr == nil && !reflect.DeepEqual(want, got) {
		t.Fatalf("decoding %q: encoding/json %+v, %v; bridge %+v, %v", in, want, werr, got, gerr)
	}
	out, err := watchNextJSON(in)
	if werr != nil || want.Attempt == nil {
		if err == nil {
			t.Fatalf("watchNext(%q) = %s, want an error", in, out)
		}
		return
	}
	// The wait Retry-After asks for, read against now, rounded up to a
	// second, at most a day; none when absent, malformed or past.
	now := time.Now()
	if want.Now != "" {
		var perr error
		if now, perr = time.Parse(time.RFC3339, want.Now); perr != nil {
			if err == nil {
				t.Fatalf("watchNext(%q) = %s, want an error for now", in, out)
			}
			return
		}
	}
	var ra time.Duration
	if at, perr := retryafter.Parse(want.RetryAfter, now); want.RetryAfter != "" && perr == nil && at.After(now) {
		ra = min(at.Sub(now), watch.MaxRetryAfter)
		if ra%time.Second != 0 {
			ra = ra - ra%time.Second + time.Second
		}
	}
	delay, giveUp := watch.Next(*want.Attempt, ra)
	if w, _ := json.Marshal(watchResult{Delay: int(delay / time.Second), GiveUp: giveUp}); err != nil || !bytes.Equal(out, w) {
		t.Fatalf("watchNext(%q) = %s, %v; encoding/json %s", in, out, err, w)
	}
}

var watchCases = []string{
	`{"attempt":1}`, `{"attempt":0}`, `{"attempt":-5}`, `{"attempt":7}`, `{"attempt":30}`, `{"attempt":31}`,
	`{"attempt":2,"retryAfter":"30"}`, `{"attempt":2,"retryAfter":"600"}`, `{"attempt":2,"retryAfter":"86401"}`,
	`{"attempt":2,"retryAfter":"-1"}`, `{"Attempt":3,"RETRYAFTER":"700"}`, `{"attempt":1,"attempt":null}`, `{"attempt":null,"attempt":4}`,
	`{"attempt":2,"retryAfter":null}`, `{"attempt":"2"}`, `{"attempt":2.0}`, `{"attempt":2,"x":1}`, `{}`, `[]`, ``, `{"attempt":2} `,
	`{"attempt":2}{}`, `{"attempt":9223372036854775807,"retryAfter":"9223372036854775807"}`, `{"attempt":99999999999999999999}`,
	`{"attempt":2,"retryAfter":"Sat, 28 Nov 2026 13:00:00 GMT","now":"2026-11-28T12:00:00Z"}`,
	`{"attempt":2,"retryAfter":"Sat, 28 Nov 2026 11:00:00 GMT","now":"2026-11-28T12:00:00Z"}`,
	`{"attempt":2,"retryAfter":"Saturday, 28-Nov-26 12:10:00 GMT","now":"2026-11-28T12:00:00.25Z"}`,
	`{"attempt":2,"retryAfter":"soon","now":"2026-11-28T12:00:00Z"}`, `{"attempt":2,"retryAfter":"120","now":"yesterday"}`,
	`{"attempt":2,"retryAfter":120}`, `{"attempt":2,"now":5}`,
}

func TestWatchNextLikeEncodingJSON(t *testing.T) {
	for _, c := range watchCases {
		sameWatch(t, []byte(c))
	}
	// Every field of the request is read and every field of the result
	// written: a field added to either struct fails here.
	if reflect.TypeFor[watchRequest]().NumField() != len(watchRequestFields) || reflect.TypeFor[watchResult]().NumField() != 2 {
		t.Errorf("watchRequest or watchResult changed: update the bridge and this test")
	}
	for _, r := range []watchResult{{}, {Delay: 60}, {GiveUp: true}} {
		if w, _ := json.Marshal(r); !bytes.Equal(writeWatchResult(r), w) {
			t.Errorf("writeWatchResult = %s, want %s", writeWatchResult(r), w)
		}
	}
	// The whole schedule, as package watch documents it.
	var total int
	for attempt := 1; ; attempt++ {
		r := watchNext(attempt, 0)
		if r.GiveUp {
			if attempt != watch.MaxAttempts+1 {
				t.Errorf("gave up at attempt %d", attempt)
			}
			break
		}
		total += r.Delay
	}
	if total != 25*3600+3*60 {
		t.Errorf("the schedule lasts %d s, want 25h3m", total)
	}
}

func FuzzWatchNext(f *testing.F) {
	for _, c := range watchCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, in string) {
		sameWatch(t, []byte(in))
	})
}

// TestParseAvailabilityLikeWayback reads every sample of package wayback
// through the bridge and compares with wayback.ParseAvailability, the
// result written by encoding/json and the date by time.Format.
func TestParseAvailabilityLikeWayback(t *testing.T) {
	files := sample.Glob(t, "internal/archive/wayback/testdata/*")
	if len(files) < 5 {
		t.Fatalf("only %d samples", len(files))
	}
	found := 0
	for _, f := range files {
		b := []byte(sample.Read(t, f))
		out, err := call("parseAvailability", b)
		sum, werr := wayback.ParseAvailability(bytes.NewReader(b))
		if (err == nil) != (werr == nil) {
			t.Fatalf("%s: bridge %v, wayback %v", f, err, werr)
		}
		if err != nil {
			continue
		}
		var want availabilityResult
		if c := sum.Closest; c != nil {
			want = availabilityResult{Found: true, URI: c.URI, Datetime: c.Datetime.Format(time.RFC3339)}
			found++
		}
		if w, _ := json.Marshal(want); !bytes.Equal(out, w) {
			t.Errorf("%s: bridge %s, want %s", f, out, w)
		}
	}
	if found == 0 {
		t.Error("no sample found a capture")
	}
	if reflect.TypeFor[availabilityResult]().NumField() != 3 {
		t.Errorf("availabilityResult changed: update writeAvailabilityResult and this test")
	}
	r := availabilityResult{Found: true, URI: "https://w.org/<&>", Datetime: "x"}
	if w, _ := json.Marshal(r); !bytes.Equal(writeAvailabilityResult(r), w) {
		t.Errorf("writeAvailabilityResult = %s, want %s", writeAvailabilityResult(r), w)
	}
}

// FuzzRFC3339 compares rfc3339 with time.Format for every time a web
// archive timestamp can name.
func FuzzRFC3339(f *testing.F) {
	f.Add(uint64(0))
	f.Add(uint64(20240117103015))
	f.Add(uint64(99991231235959))
	f.Fuzz(func(t *testing.T, n uint64) {
		ts := strconv.FormatUint(n%100000000000000, 10)
		ts = strings.Repeat("0", 14-len(ts)) + ts
		at, err := archive.ParseTimestamp(ts)
		if err != nil {
			return
		}
		if got, want := timeparse.FormatRFC3339(at), at.Format(time.RFC3339); got != want {
			t.Fatalf("timeparse.FormatRFC3339(%s) = %s, want %s", ts, got, want)
		}
	})
}

func TestRFC3339(t *testing.T) {
	for _, ts := range []string{"0000", "00010101000000", "1996", "20240229235959", "99991231235959", "2024011710"} {
		at, err := archive.ParseTimestamp(ts)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := timeparse.FormatRFC3339(at), at.Format(time.RFC3339); got != want {
			t.Errorf("timeparse.FormatRFC3339(%s) = %s, want %s", ts, got, want)
		}
	}
	// Another zone is written in UTC.
	if got := timeparse.FormatRFC3339(time.Date(2024, 1, 1, 0, 30, 0, 0, time.FixedZone("", 3600))); got != "2023-12-31T23:30:00Z" {
		t.Errorf("rfc3339 in +01:00 = %s", got)
	}
}
