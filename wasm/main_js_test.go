//go:build js && wasm

package main

import (
	"encoding/json"
	"os"
	"strings"
	"syscall/js"
	"testing"
)

// settled is the outcome of a JavaScript promise.
type settled struct {
	value    js.Value
	rejected bool
}

// await waits for p to settle. The channel is buffered so the JavaScript
// callbacks never block.
func await(t *testing.T, p js.Value) settled {
	t.Helper()
	if p.Type() != js.TypeObject || p.Get("then").Type() != js.TypeFunction {
		t.Fatalf("not a promise: %v", p)
	}
	ch := make(chan settled, 1)
	onResolve := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- settled{value: a[0]}; return nil })
	onReject := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- settled{value: a[0], rejected: true}; return nil })
	defer onResolve.Release()
	defer onReject.Release()
	p.Call("then", onResolve, onReject)
	return <-ch
}

// namespace publishes the bridge on a fresh object and returns it.
func namespace(t *testing.T) js.Value {
	t.Helper()
	target := js.Global().Get("Object").New()
	publish(target)
	return target.Get("sesame")
}

func TestNamespace(t *testing.T) {
	ns := namespace(t)
	if !ns.Get("ready").Bool() {
		t.Error("sesame.ready is not true")
	}
	if v := ns.Get("version"); v.Type() != js.TypeString || v.String() == "" {
		t.Errorf("sesame.version = %v", v)
	}
	for _, name := range names() {
		if ns.Get(name).Type() != js.TypeFunction {
			t.Errorf("sesame.%s is %v, want a function", name, ns.Get(name).Type())
		}
	}
	if !js.Global().Get("Object").Call("isFrozen", ns).Bool() {
		t.Error("the namespace is not frozen")
	}
}

func TestPromises(t *testing.T) {
	basic, err := os.ReadFile("testdata/basic-401.json")
	if err != nil {
		t.Fatal(err)
	}
	huge := js.Global().Get("String").New("x").Call("repeat", MaxInput+1) // a primitive string
	tests := []struct {
		name    string
		fn      string
		args    []any
		errWant string // the rejection's message contains it; "" means resolved
		outWant string
	}{
		// Arguments are checked before anything else.
		{"no argument", "analyze", nil, "want 1 argument (a JSON string), got 0", ""},
		{"two arguments", "analyze", []any{"{}", "{}"}, "got 2", ""},
		{"number", "analyze", []any{42}, "argument must be a JSON string, not number", ""},
		{"object", "analyze", []any{js.Global().Get("Object").New()}, "not object", ""},
		{"undefined", "redactURL", []any{js.Undefined()}, "not undefined", ""},
		{"null", "redactURL", []any{js.Null()}, "not null", ""},
		{"too large", "redactURL", []any{huge}, "larger than 8388608 bytes", ""},
		// Bad JSON rejects, good JSON resolves.
		{"bad json", "analyze", []any{"{not json"}, "sesame: analyze: bad JSON", ""},
		{"report", "analyze", []any{string(basic)}, "", `"status":401`},
		{"redact", "redactURL", []any{`{"url":"https://u:p@e.com/?sig=1"}`}, "", `{"url":"https://e.com/","removed":["sig"]}`},
		{"redact error", "redactURL", []any{`{"url":"mailto:"}`}, "sesame: redactURL: redact: not an absolute URL", ""},
		// analyze accepts up to 16 MiB.
		{"probes", "analyze", []any{`{"response":{"url":"https://e.com/a/b","status":403}}`}, "", `"id":"parent-1"`},
		{"no response", "analyze", []any{`{"results":[]}`}, `sesame: analyze: missing field "response"`, ""},
		{"plan", "analyze", []any{`{"response":{"url":"https://e.com/a/b","status":403,"now":"2026-11-28T12:00:00Z"}}`}, "", `"archiveURL":"https://e.com/a/b"`},
		{"9 MiB", "analyze", []any{`{"response":{"url":"https://e.com/","status":401,"body":"` + strings.Repeat("é", 9<<19) + `"}}`}, "", `{"report":{`},
		{"analyze too large", "analyze", []any{js.Global().Get("String").New("x").Call("repeat", maxAnalyzeInput+1)}, "larger than 16777216 bytes", ""},
		{"watchNext", "watchNext", []any{`{"attempt":4,"retryAfter":"900"}`}, "", `{"delay":900,"giveUp":false}`},
		{"watchNext bad", "watchNext", []any{`{"attempt":"4"}`}, "sesame: watchNext: bad JSON", ""},
		{"parseAvailability", "parseAvailability", []any{`{"archived_snapshots":{"closest":{"available":true,"url":"https://web.archive.org/web/2019/https://e.com/","timestamp":"2019"}}}`},
			"", `{"found":true,"uri":"https://web.archive.org/web/2019/https://e.com/","datetime":"2019-01-01T00:00:00Z"}`},
		{"parseAvailability none", "parseAvailability", []any{`{"archived_snapshots":{}}`}, "", `{"found":false,"uri":"","datetime":""}`},
		{"parseAvailability bad", "parseAvailability", []any{`<html>`}, "sesame: parseAvailability: availability: malformed answer", ""},
	}
	ns := namespace(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := await(t, ns.Call(tt.fn, tt.args...))
			if tt.errWant != "" {
				if !r.rejected {
					t.Fatalf("resolved with %v, want a rejection", r.value)
				}
				if !r.value.InstanceOf(js.Global().Get("Error")) {
					t.Fatalf("rejected with %v, want an Error", r.value)
				}
				if msg := r.value.Get("message").String(); !strings.Contains(msg, tt.errWant) {
					t.Fatalf("rejected with %q, want %q", msg, tt.errWant)
				}
				return
			}
			if r.rejected {
				t.Fatalf("rejected: %v", r.value.Get("message"))
			}
			if r.value.Type() != js.TypeString {
				t.Fatalf("resolved with %v, want a string", r.value.Type())
			}
			out := r.value.String()
			if !json.Valid([]byte(out)) || !strings.Contains(out, tt.outWant) {
				t.Errorf("resolved with %.300s, want JSON containing %s", out, tt.outWant)
			}
		})
	}
}

func TestPanicBecomesRejection(t *testing.T) {
	handlers["panics"] = handler{func([]byte) ([]byte, error) { panic("boom") }, MaxInput}
	defer delete(handlers, "panics")
	ns := namespace(t)
	r := await(t, ns.Call("panics", "{}"))
	if !r.rejected || r.value.Get("message").String() != "sesame: panics: internal error: boom" {
		t.Fatalf("got %v (rejected %v), want the recovered panic", r.value, r.rejected)
	}
	r = await(t, ns.Call("redactURL", `{"url":"https://e.com/"}`))
	if r.rejected {
		t.Fatalf("call after a panic rejected: %v", r.value.Get("message"))
	}
}
