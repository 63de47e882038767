//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains how to build the bridge: it is only useful as WebAssembly.
// The handlers it publishes there are tested natively through call.
func main() {
	fmt.Fprintln(os.Stderr, "sesame wasm bridge: build with GOOS=js GOARCH=wasm (make dist/extension/.stamp)")
	os.Exit(2)
}
