package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

func registryFile(t *testing.T, specs ...string) string {
	t.Helper()
	var list []registry.Archive
	for i, spec := range specs {
		kind, beh, _ := strings.Cut(spec, "/")
		b, err := fakearchive.ParseBehavior(beh)
		if err != nil {
			t.Fatal(err)
		}
		s := fakearchive.New(registry.Kind(kind), b)
		t.Cleanup(s.Close)
		a := s.Archive(strings.ReplaceAll(strings.ReplaceAll(spec, "/", "-"), ":", "-"))
		a.Priority = i
		list = append(list, a)
	}
	data, _ := json.Marshal(list)
	name := filepath.Join(t.TempDir(), "archives.json")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestRunArchive(t *testing.T) {
	file := registryFile(t, "timemap/found:3", "timemap/none", "cdx/blocked", "timemap/429")
	var out, errOut bytes.Buffer
	code := runArchive([]string{"https://example.com/page", "--archives", file, "--timeout", "30s"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errOut.String())
	}
	text := out.String()
	for _, want := range []string{"Closest copy: http://127.0.0.1:", "2002-09-11 09:39:33 UTC", "timemap-found-3", "found", "none", "blocked", "rate-limited (http 429)"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}

	out.Reset()
	code = runArchive([]string{"--json", "--at", "20020911", "--archives", file, "http://u:p@example.com/page#x"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("json: exit %d", code)
	}
	var res lookup.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	if res.URL != "http://example.com/page" || res.At == nil || res.Closest == nil || len(res.Archives) != 4 {
		t.Errorf("json answer %+v", res)
	}
	if res.Closest.Datetime != "2002-09-11T07:39:33Z" {
		t.Errorf("closest to 2002-09-11: %s", res.Closest.Datetime)
	}
}

func TestRunArchiveNothingFound(t *testing.T) {
	file := registryFile(t, "timemap/none", "availability/none")
	var out, errOut bytes.Buffer
	if code := runArchive([]string{"--archives", file, "http://example.com/"}, &out, &errOut); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(out.String(), "No archived copy found.") {
		t.Errorf("output %s", out.String())
	}
}

func TestRunArchiveUsage(t *testing.T) {
	file := registryFile(t, "timemap/none")
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`[{"id":"x"}]`), 0o644)
	for _, args := range [][]string{
		{},
		{"a", "b"},
		{"--at", "2024-01-01", "http://example.com/"},
		{"--timeout", "-1s", "http://example.com/"},
		{"--archives", bad, "http://example.com/"},
		{"--archives", "/nonexistent/file.json", "http://example.com/"},
		{"--archives", file, "ftp://example.com/"},
		{"--archives", file, "/relative"},
		{"--bogus", "http://example.com/"},
	} {
		var out, errOut bytes.Buffer
		if code := runArchive(args, &out, &errOut); code != 2 || errOut.Len() == 0 {
			t.Errorf("runArchive(%q) = %d, stderr %q; want 2 and a message", args, code, errOut.String())
		}
	}
}

func TestArchiveRegistered(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"help", "archive"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "usage: sesame archive URL") {
		t.Errorf("sesame help archive: %d %q %q", code, out.String(), errOut.String())
	}
	file := registryFile(t, "timemap/found")
	out.Reset()
	if code := run([]string{"archive", "--archives", file, "http://example.com/"}, &out, &errOut); code != 0 {
		t.Errorf("sesame archive: exit %d: %s", code, errOut.String())
	}
}
