package plan

import (
	"regexp"
	"testing"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/messages"
)

// TestKeysHaveWords checks that every key the package adds has words in
// every core locale with the right number of parameters, that the keys it
// borrows from diagnose exist there with the same count, and that the
// locales hold no key that neither package emits.
func TestKeysHaveWords(t *testing.T) {
	keys := Keys()
	if len(keys) != len(keyTable)-int(numReused) {
		t.Fatalf("a key name is in keyTable twice")
	}
	for k, info := range keyTable {
		if info.name == "" {
			t.Errorf("key %d has no entry in keyTable", k)
		}
	}
	dk := diagnose.Keys()
	for k := range keys {
		if _, clash := dk[k]; clash {
			t.Errorf("%s is registered by diagnose too", k)
		}
	}
	for _, k := range keyTable[:numReused] {
		if n, ok := dk[k.name]; !ok || n != k.params {
			t.Errorf("reused key %s (%d params): diagnose has %d, %v", k.name, k.params, n, ok)
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
		for k := range cat {
			_, mine := keys[k]
			_, theirs := dk[k]
			if !mine && !theirs {
				t.Errorf("%s: %s is emitted by neither plan nor diagnose", lang, k)
			}
		}
	}
}

// TestMsgArity checks msg pads and trims parameters to the key's count.
func TestMsgArity(t *testing.T) {
	if m := kMailSubject.msg("401"); len(m.Params) != 2 || m.Params[1] != "" {
		t.Errorf("padded: %v", m.Params)
	}
	if m := kActionWatch.msg("x"); len(m.Params) != 0 || m.Params == nil {
		t.Errorf("trimmed: %#v", m.Params)
	}
}
