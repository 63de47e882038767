package relay

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// TestHitIsTheMissAnswer checks that a cached answer, written from the
// stored JSON tail, is the answer the lookup gave, with the url and at of
// the request at hand, byte for byte where they agree.
func TestHitIsTheMissAnswer(t *testing.T) {
	_, a := fake(t, registry.TimeMap, "found:4", "a")
	_, b := fake(t, registry.TimeMap, "none", "b")
	h := New(Options{Archives: []registry.Archive{a, b}, Cache: NewMemoryCache(100), CacheStatus: true})
	for _, tc := range []struct{ first, second, at string }{
		{"http://example.com/p", "https://www.example.com/p/", ""},
		{"http://example.com/q?x=<script>&y=\"1\"", "http://example.com/q?x=<script>&y=\"1\"", "at=20100101120000"},
		{"http://例え.jp/ü", "https://www.例え.jp/ü", ""},
	} {
		var params []string
		if tc.at != "" {
			params = append(params, tc.at)
		}
		miss := get(t, h, "GET", lookupURL(tc.first, params...))
		hit := get(t, h, "GET", lookupURL(tc.second, params...))
		if miss.Header().Get("X-Sesame-Cache") != "miss" || hit.Header().Get("X-Sesame-Cache") != "hit" {
			t.Fatalf("%s: cache status %q then %q", tc.first, miss.Header().Get("X-Sesame-Cache"), hit.Header().Get("X-Sesame-Cache"))
		}
		if miss.Header().Get("Cache-Control") != hit.Header().Get("Cache-Control") {
			t.Errorf("%s: Cache-Control %q on the miss, %q on the hit", tc.first, miss.Header().Get("Cache-Control"), hit.Header().Get("Cache-Control"))
		}
		var m, hh map[string]json.RawMessage
		if err := json.Unmarshal(miss.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(hit.Body.Bytes(), &hh); err != nil {
			t.Fatalf("%s: the hit is not JSON: %v\n%s", tc.first, err, hit.Body.Bytes())
		}
		var res lookup.Result
		json.Unmarshal(hit.Body.Bytes(), &res)
		want, _ := lookup.CleanURL(tc.second)
		if res.URL != want.String() {
			t.Errorf("hit url %q, want %q", res.URL, want.String())
		}
		if !bytes.Equal(m["at"], hh["at"]) {
			t.Errorf("%s: at %s on the miss, %s on the hit", tc.first, m["at"], hh["at"])
		}
		for _, k := range []string{"closest", "archives"} {
			if !bytes.Equal(m[k], hh[k]) {
				t.Errorf("%s: %s differs:\nmiss %s\nhit  %s", tc.first, k, m[k], hh[k])
			}
		}
		if len(hh) != 4 || !bytes.HasSuffix(hit.Body.Bytes(), []byte("}\n")) {
			t.Errorf("hit members %d, body %q", len(hh), hit.Body.Bytes())
		}
	}
}

// TestEntries checks what readEntry takes: what newEntry wrote, and nothing
// else (testdata/entries.txt: one entry per line, \n for a newline inside).
func TestEntries(t *testing.T) {
	res := &lookup.Result{URL: "http://example.com/", Archives: []lookup.ArchiveResult{{ID: "a", Outcome: archive.None}}}
	good, err := newEntry(res, 10*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	ttl, tail, ok := readEntry(good)
	if !ok || ttl != 10*time.Minute || !bytes.HasPrefix(tail, []byte(`"closest":null,"archives":[`)) || bytes.Contains(tail, []byte("example.com")) {
		t.Errorf("readEntry(newEntry) = %v, %s, %v", ttl, tail, ok)
	}
	raw, err := os.ReadFile("testdata/entries.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		want, entry, _ := strings.Cut(line, "\t")
		entry = strings.ReplaceAll(entry, `\n`, "\n")
		if _, _, ok := readEntry([]byte(entry)); ok != (want == "ok") {
			t.Errorf("readEntry(%q) = %v, want %s", entry, ok, want)
		}
	}
}

// FuzzReadEntry feeds readEntry arbitrary cached values: it never panics, and
// whatever it accepts makes a JSON answer once the url and at are added.
func FuzzReadEntry(f *testing.F) {
	raw, _ := os.ReadFile("testdata/entries.txt")
	for _, line := range strings.Split(string(raw), "\n") {
		if _, entry, ok := strings.Cut(line, "\t"); ok {
			f.Add([]byte(strings.ReplaceAll(entry, `\n`, "\n")))
		}
	}
	f.Fuzz(func(t *testing.T, entry []byte) {
		ttl, tail, ok := readEntry(entry)
		if !ok {
			return
		}
		if ttl <= 0 {
			t.Errorf("ttl %v", ttl)
		}
		body := append([]byte(`{"url":"u","at":null,`), tail...)
		if !json.Valid(body) {
			t.Errorf("accepted %q, which makes %q", entry, body)
		}
	})
}
