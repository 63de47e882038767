// Command wasm is the whole boundary between the extension's JavaScript
// and the Go core, built with GOOS=js GOARCH=wasm. Every JSON type and
// codec the extension reads or writes lives in this package; the core
// packages take and return Go values.
//
// It publishes one frozen object, globalThis.sesame:
//
//	sesame.version                 string, the version the helper was built as
//	sesame.ready                   true once every function below is in place
//	sesame.analyze(json)           Promise<string>: what the extension knows of a
//	                               refused page → {"report", "plan", "probes"}
//	                               (see analyzeRequest and analyzeAnswer)
//	sesame.redactURL(json)         Promise<string>: {"url", "dropQuery", "keepSecrets"}
//	                               → {"url", "removed"}
//	sesame.watchNext(json)         Promise<string>: {"attempt", "retryAfter" (the
//	                               header), "now"} → {"delay" (seconds), "giveUp"}
//	sesame.parseAvailability(text) Promise<string>: the Wayback availability
//	                               API's answer → {"found", "uri", "datetime" (RFC 3339)}
//	sesame.siteOf(json)            Promise<string>: {"url"} → {"host", "site" (its
//	                               registrable domain), "address"} (see siteResult)
//
// The popup calls analyze once per phase: first with no probe results
// (the report and the first plan, shown at once), then again each time the
// probes it asked for have answered, until it asks for none.
//
// Every function takes exactly one string (JSON, or for parseAvailability
// the text of the answer) and returns a Promise of a JSON string. Bad
// arguments, bad JSON and errors of the core reject the promise with a
// real Error whose message begins with "sesame:". A panic in
// the core is recovered and reported the same way: Go never panics into
// JavaScript, and the program stays alive for the next call.
//
// Every JSON answer is the bytes encoding/json's Marshal would write for
// the same Go value, and every argument is read as encoding/json's
// Unmarshal would read it (the tests compare the two), without
// reflection: package jsonlite keeps encoding/json, fmt and reflect out of
// the helper. No decisions live here: this package only checks arguments,
// crosses the boundary as JSON and calls the core.
package main

import (
	"errors"
	"strconv"
	"strings"

	"github.com/sesame-help/sesame/internal/lite/stable"
)

// MaxInput is the largest argument, in bytes, a bridge function accepts
// unless its entry in handlers says otherwise. analyze takes up to
// maxAnalyzeInput (16 MiB), for the error page and the probes' bodies.
const MaxInput = 8 << 20

// A handler turns one JSON document into another. Max is the largest
// argument it accepts, in bytes.
type handler struct {
	fn  func(in []byte) ([]byte, error)
	max int
}

// handlers lists the functions published on globalThis.sesame by name.
var handlers = map[string]handler{
	"analyze":           {analyzeJSON, maxAnalyzeInput},
	"redactURL":         {redactURLJSON, MaxInput},
	"watchNext":         {watchNextJSON, MaxInput},
	"parseAvailability": {parseAvailabilityJSON, MaxInput},
	"siteOf":            {siteOfJSON, MaxInput},
}

// names returns the published function names in sorted order.
func names() []string {
	n := make([]string, 0, len(handlers))
	for k := range handlers {
		n = append(n, k)
	}
	stable.Sort(n, strings.Compare)
	return n
}

// errTooLarge reports an argument over max bytes.
func errTooLarge(max int) error {
	return errors.New("sesame: input larger than " + strconv.Itoa(max) + " bytes")
}

// call runs the named handler on in. It never panics: a panic in the core
// becomes an error naming the function.
func call(name string, in []byte) (out []byte, err error) {
	h, ok := handlers[name]
	if !ok {
		return nil, errors.New("sesame: no function " + strconv.Quote(name))
	}
	if len(in) > h.max {
		return nil, errTooLarge(h.max)
	}
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, internalError(name, r)
		}
	}()
	out, err = h.fn(in)
	if err != nil {
		return nil, prefix(name, err)
	}
	if out == nil {
		return nil, errors.New("sesame: " + name + ": no result")
	}
	return out, nil
}

// prefix makes err's message begin with "sesame: name: ".
func prefix(name string, err error) error {
	return &callError{name: name, err: err}
}

// callError is an error of the named function; it wraps the core's error.
type callError struct {
	name string
	err  error
}

func (e *callError) Error() string { return "sesame: " + e.name + ": " + e.err.Error() }
func (e *callError) Unwrap() error { return e.err }

// internalError describes a recovered panic value r in the named function.
func internalError(name string, r any) error {
	var what string
	switch v := r.(type) {
	case error:
		what = v.Error()
	case string:
		what = v
	default:
		what = "panic"
	}
	return errors.New("sesame: " + name + ": internal error: " + what)
}

// version is the helper's version, published as sesame.version. The build
// may set it with -ldflags='-X main.version=v1.2.3'. (runtime/debug's
// build info would cost 5.6 KB of gzip and holds no version for builds
// from a work tree.)
var version = "devel"

// errNotJSON reports an argument that is not a JSON object.
var errNotJSON = errors.New("input is not a JSON object")
