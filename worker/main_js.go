//go:build js && wasm

package main

import (
	"net/http"
	"syscall/js"
)

// main starts the relay under whichever entry module loaded this instance:
// entry.mjs passes a host object as context.sesame and reuses the instance;
// the generated build/worker.mjs does not, and runs one request per instance.
func main() {
	rc := js.Global().Get("context")
	if rc.Type() == js.TypeObject {
		if host := rc.Get("sesame"); host.Type() == js.TypeObject {
			runReuse(host)
			return
		}
	}
	runStock()
}

// getenv returns the Worker variable name, or "" when it is unset or not a
// string.
func getenv(name string) string {
	rc := js.Global().Get("context")
	if rc.Type() != js.TypeObject {
		return ""
	}
	env := rc.Get("env")
	if env.Type() != js.TypeObject {
		return ""
	}
	v := env.Get(name)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// bytesToJS copies b into a new JavaScript Uint8Array.
func bytesToJS(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	if len(b) > 0 {
		js.CopyBytesToJS(a, b)
	}
	return a
}

// bytesFromJS copies a JavaScript Uint8Array into Go. It returns false when v
// is not a Uint8Array or is longer than limit.
func bytesFromJS(v js.Value, limit int) ([]byte, bool) {
	if v.Type() != js.TypeObject || !v.InstanceOf(js.Global().Get("Uint8Array")) {
		return nil, false
	}
	n := v.Get("byteLength").Int()
	if n > limit {
		return nil, false
	}
	b := make([]byte, n)
	js.CopyBytesToGo(b, v)
	return b, true
}

// headerToJS flattens h into a JavaScript array [name, value, name, value, …].
func headerToJS(h http.Header) js.Value {
	flat := make([]any, 0, 2*len(h))
	for k, vs := range h {
		for _, v := range vs {
			flat = append(flat, k, v)
		}
	}
	return js.ValueOf(flat)
}

// headerFromJS reads a flat JavaScript array [name, value, …] into a header.
// Values are kept whole: a Link header's commas stay inside one value.
func headerFromJS(v js.Value) http.Header {
	h := http.Header{}
	if v.Type() != js.TypeObject {
		return h
	}
	n := v.Length()
	for i := 0; i+1 < n; i += 2 {
		k, val := v.Index(i), v.Index(i+1)
		if k.Type() == js.TypeString && val.Type() == js.TypeString {
			h.Add(k.String(), val.String())
		}
	}
	return h
}
