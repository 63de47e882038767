//go:build !(js && wasm)

package main

import (
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// notInWorker lists packages that must not be linked into the deployed
// relay (the reuse glue), each with why.
var notInWorker = map[string]string{
	"net/http":                  "its client, server and TLS code cost about 600 KB of gzip and start-up work; use package httplite",
	"crypto/tls":                "workerd does TLS; it comes in only through net/http",
	"crypto/x509":               "workerd checks certificates; it comes in only through net/http",
	"github.com/syumai/workers": "it imports net/http; the reuse glue declares workers.ready itself",
}

// TestWorkerDeps keeps the packages above out of the Worker's build (the
// stock-glue baseline, tag stockglue, may have them).
func TestWorkerDeps(t *testing.T) {
	cmd := exec.Command(runtime.GOROOT()+"/bin/go", "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "syscall/js") {
		t.Fatalf("go list did not list the WebAssembly build: %q", deps)
	}
	for _, p := range deps {
		if why, ok := notInWorker[p]; ok {
			t.Errorf("the Worker links %s: %s", p, why)
		}
	}
}
