// Package messages holds the words for every message key the diagnosis core
// emits, in English, German and French, and fills them in for the command
// line.
//
// The files locales/<lang>.json are in the format of a browser extension's
// _locales/<lang>/messages.json: each key maps to {"message", "description"},
// keys match ^[a-z][a-z0-9_]*$, and parameters are written as $1 … $9
// directly in the message ("$$" is a literal dollar sign). The extension's
// build merges these files into its own _locales; they are the single
// source of the core's words.
package messages

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed locales/*.json
var files embed.FS

// Fallback is the language used for a key missing in another language.
const Fallback = "en"

// Entry is one message in the messages.json format.
type Entry struct {
	Message     string `json:"message"`
	Description string `json:"description"`
}

var (
	once    sync.Once
	catalog map[string]map[string]Entry
	loadErr error
)

func load() {
	catalog = map[string]map[string]Entry{}
	names, err := files.ReadDir("locales")
	if err != nil {
		loadErr = err
		return
	}
	for _, n := range names {
		lang, ok := strings.CutSuffix(n.Name(), ".json")
		if !ok {
			continue
		}
		b, err := files.ReadFile("locales/" + n.Name())
		if err != nil {
			loadErr = err
			return
		}
		m := map[string]Entry{}
		if err := json.Unmarshal(b, &m); err != nil {
			loadErr = fmt.Errorf("messages: %s: %v", n.Name(), err)
			return
		}
		catalog[lang] = m
	}
}

// Catalog returns the messages of one language, keyed by message key.
func Catalog(lang string) (map[string]Entry, error) {
	once.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	m, ok := catalog[lang]
	if !ok {
		return nil, fmt.Errorf("messages: no language %q", lang)
	}
	return m, nil
}

// Languages returns the languages available, sorted.
func Languages() []string {
	once.Do(load)
	var out []string
	for l := range catalog {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Text returns the message for key in lang (falling back to English, then
// to the key itself) with $1 … $9 replaced by params.
func Text(lang, key string, params ...string) string {
	once.Do(load)
	e, ok := catalog[lang][key]
	if !ok {
		e, ok = catalog[Fallback][key]
	}
	if !ok {
		return key
	}
	return Substitute(e.Message, params...)
}

// Substitute replaces $1 … $9 in message by params, as browsers do for
// messages.json: a missing parameter becomes "", "$$" becomes "$".
func Substitute(message string, params ...string) string {
	if !strings.Contains(message, "$") {
		return message
	}
	var b strings.Builder
	for i := 0; i < len(message); i++ {
		c := message[i]
		if c != '$' || i+1 == len(message) {
			b.WriteByte(c)
			continue
		}
		next := message[i+1]
		switch {
		case next == '$':
			b.WriteByte('$')
			i++
		case next >= '1' && next <= '9':
			if n := int(next - '1'); n < len(params) {
				b.WriteString(params[n])
			}
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Params returns how many positional parameters a message uses: the
// highest $n in it.
func Params(message string) int {
	max := 0
	for i := 0; i+1 < len(message); i++ {
		if message[i] != '$' {
			continue
		}
		next := message[i+1]
		if next == '$' {
			i++
			continue
		}
		if next >= '1' && next <= '9' && int(next-'0') > max {
			max = int(next - '0')
		}
	}
	return max
}
