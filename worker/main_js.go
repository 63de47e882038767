//go:build js && wasm && !stockglue

package main

import "syscall/js"

// main starts the relay under entry.mjs, the reuse glue (glue_js.go), which
// passes a host object as context.sesame and reuses the instance. The stock
// per-request glue is not in this build: it is compiled only with
// -tags stockglue (stock_js.go), for the relay bench's baseline.
func main() {
	host := js.Undefined()
	if rc := js.Global().Get("context"); rc.Type() == js.TypeObject {
		host = rc.Get("sesame")
	}
	if host.Type() != js.TypeObject {
		panic("worker: no context.sesame: load this build through entry.mjs (build/worker.mjs needs -tags stockglue)")
	}
	runReuse(host)
}
