// Package messages holds the words for every message key the diagnosis core
// emits, in English, German, Spanish, French, Japanese and Brazilian
// Portuguese, and fills them in for the command line.
//
// A language is registered by its file locales/<name>.json, where name is
// the extension's _locales folder name (en, pt_BR, …; the build merges the
// two by that name). The package names each language by its BCP 47 tag
// (en, pt-BR, …) and accepts either spelling in any case; a tag with a
// region it does not have falls back to the language alone (es-MX → es).
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
		name, ok := strings.CutSuffix(n.Name(), ".json")
		if !ok {
			continue
		}
		lang := Canonical(name)
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

// Canonical spells a language name as a BCP 47 tag: "_" becomes "-", the
// language lower case, a two-letter region upper case ("pt_br" → "pt-BR").
// A name with anything but ASCII letters, digits, "-" and "_" (after
// trimming spaces) comes back trimmed and otherwise unchanged: no language
// has such a name. It does not check that the language exists.
func Canonical(lang string) string {
	lang = strings.TrimSpace(lang)
	for i := 0; i < len(lang); i++ {
		c := lang[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return lang
		}
	}
	parts := strings.Split(strings.ReplaceAll(lang, "_", "-"), "-")
	for i, p := range parts {
		if i > 0 && len(p) == 2 {
			parts[i] = strings.ToUpper(p)
		} else {
			parts[i] = strings.ToLower(p)
		}
	}
	return strings.Join(parts, "-")
}

// find returns the catalog of lang (any spelling), falling back from a
// tag with a region to the language alone.
func find(lang string) (map[string]Entry, bool) {
	tag := Canonical(lang)
	if m, ok := catalog[tag]; ok {
		return m, true
	}
	if base, _, ok := strings.Cut(tag, "-"); ok {
		m, ok := catalog[base]
		return m, ok
	}
	return nil, false
}

// Catalog returns the messages of one language, keyed by message key.
// lang is a tag such as "de" or "pt-BR" (see Canonical).
func Catalog(lang string) (map[string]Entry, error) {
	once.Do(load)
	if loadErr != nil {
		return nil, loadErr
	}
	m, ok := find(lang)
	if !ok {
		return nil, fmt.Errorf("messages: no language %q", lang)
	}
	return m, nil
}

// Languages returns the languages available as BCP 47 tags, sorted.
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
	m, _ := find(lang)
	e, ok := m[key]
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
