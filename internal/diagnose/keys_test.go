package diagnose

import (
	"regexp"
	"testing"

	"github.com/sesame-help/sesame/internal/messages"
)

// TestKeysHaveWords checks that every key Diagnose can emit has words in
// every core locale, with the right number of parameters, and that the
// locales hold no key the code has dropped.
func TestKeysHaveWords(t *testing.T) {
	keys := Keys()
	if len(keys) != len(keyTable) {
		t.Fatalf("a key name is in keyTable twice")
	}
	for k, info := range keyTable {
		if info.name == "" {
			t.Errorf("key %d has no entry in keyTable", k)
		}
	}
	name := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, lang := range []string{"en", "de", "fr"} {
		cat, err := messages.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for k, n := range keys {
			if !name.MatchString(k) {
				t.Errorf("bad key name %q", k)
			}
			e, ok := cat[k]
			if !ok {
				t.Errorf("%s: no words for %s", lang, k)
				continue
			}
			if got := messages.Params(e.Message); got != n {
				t.Errorf("%s: %s uses $%d, the code passes %d parameters", lang, k, got, n)
			}
		}
		// The reverse check (every word is used by some package) lives in
		// package plan, which sees the keys of both packages.
	}
}

// TestMsgArity checks msg pads and trims parameters to the key's count.
func TestMsgArity(t *testing.T) {
	if m := kAuthRealm.msg(); len(m.Params) != 1 {
		t.Errorf("padded: %v", m.Params)
	}
	if m := kKindBasic.msg("x"); len(m.Params) != 0 || m.Params == nil {
		t.Errorf("trimmed: %#v", m.Params)
	}
}
