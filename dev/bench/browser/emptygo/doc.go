// Command emptygo is the baseline of the start-up bench
// (dev/bench/browser/startup-bench.mjs): built with GOOS=js GOARCH=wasm it
// does nothing but the Go runtime's own start-up, then sets
// globalThis.emptyGoReady. Built natively it does nothing.
package main
