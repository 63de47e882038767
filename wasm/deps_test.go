//go:build !(js && wasm)

package main

import (
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// heavy lists packages that must not be linked into the WebAssembly
// helper, each with what it costs (gzip) and what to use instead.
var heavy = map[string]string{
	"encoding/json":         "~110 KB with reflection; read and write JSON with package jsonlite",
	"fmt":                   "~40 KB of gzip with reflect; build strings with strconv and strings",
	"reflect":               "~25 KB of gzip; nothing in the helper needs reflection",
	"os":                    "~15 KB of gzip; the helper has no files, environment or exit code",
	"net/url":               "brings fmt, reflect, os and net/netip (~140 KB of gzip); use package weburl (dev/scripts/no-net-url.sh --fix)",
	"net/netip":             "brings unique, weak and a concurrent hash map; weburl.IsIP tells an IP address",
	"golang.org/x/net/html": "~30 KB and its 2,231-entry entity table; tokenize with package htmlscan",
	"regexp":                "~40 KB; match by hand",
	"sort":                  "sort.SliceStable links reflection, sort.Strings 17 KB of pdqsort; use package stable",
}

// TestNoHeavyPackages keeps the packages above out of the helper's build:
// the Go WebAssembly has a budget of 1.0 MB gzip.
func TestNoHeavyPackages(t *testing.T) {
	gobin := runtime.GOROOT() + "/bin/go"
	cmd := exec.Command(gobin, "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "syscall/js") {
		t.Fatalf("go list did not list the WebAssembly build: %q", deps)
	}
	for _, p := range deps {
		if why, ok := heavy[p]; ok {
			t.Errorf("the WebAssembly helper links %s: %s", p, why)
		}
	}
}
