// Command wasm is the bridge between the extension's JavaScript and the Go
// core, built with GOOS=js GOARCH=wasm.
//
// It publishes one frozen object, globalThis.sesame:
//
//	sesame.version                 string, the version the helper was built as
//	sesame.ready                   true once every function below is in place
//	sesame.diagnose(json)          Promise<string>: diagnose.Input → diagnose.Report
//	sesame.redactURL(json)         Promise<string>: {"url", "dropQuery", "keepSecrets"}
//	                               → {"url", "removed"}
//	sesame.probes(json)            Promise<string>: plan.Input → [plan.Probe]
//	sesame.decide(json)            Promise<string>: plan.Input → plan.Plan
//	sesame.watchNext(json)         Promise<string>: {"attempt", "retryAfter" (seconds)}
//	                               → {"delay" (seconds), "giveUp"} (package watch)
//	sesame.parseAvailability(text) Promise<string>: the Wayback availability
//	                               API's answer → {"found", "uri", "datetime" (RFC 3339)}
//
// Every function takes exactly one string (JSON, or for parseAvailability
// the text of the answer) and returns a Promise of a JSON string. Bad
// arguments, bad JSON and errors of the core reject the promise with a
// real Error whose message begins with "sesame:". A panic in
// the core is recovered and reported the same way: Go never panics into
// JavaScript, and the program stays alive for the next call.
//
// No logic lives here: this package only checks arguments, crosses the
// boundary as JSON and calls the core packages.
package main

import (
	"errors"
	"sort"
	"strconv"

	"github.com/sesame-help/sesame/internal/plan"
)

// MaxInput is the largest argument, in bytes, a bridge function accepts
// unless its entry in handlers says otherwise. The popup bounds the page
// body to 512 KiB, so 8 MiB leaves room for headers and escaping while
// keeping memory bounded. probes and decide take up to plan.MaxInputJSON
// (16 MiB), for the probes' bodies.
const MaxInput = 8 << 20

// A handler turns one JSON document into another. Max is the largest
// argument it accepts, in bytes.
type handler struct {
	fn  func(in []byte) ([]byte, error)
	max int
}

// handlers lists the functions published on globalThis.sesame by name.
var handlers = map[string]handler{
	"diagnose":          {diagnoseJSON, MaxInput},
	"redactURL":         {redactURLJSON, MaxInput},
	"probes":            {plan.ProbesJSON, plan.MaxInputJSON},
	"decide":            {plan.DecideJSON, plan.MaxInputJSON},
	"watchNext":         {watchNextJSON, MaxInput},
	"parseAvailability": {parseAvailabilityJSON, MaxInput},
}

// names returns the published function names in sorted order.
func names() []string {
	n := make([]string, 0, len(handlers))
	for k := range handlers {
		n = append(n, k)
	}
	sort.Strings(n)
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
