package weburl

import (
	"errors"
	"strings"

	"github.com/sesame-help/sesame/internal/lite/stable"
)

// Values maps a query key to its values, in order.
type Values map[string][]string

// Get returns the first value of key, or "".
func (v Values) Get(key string) string {
	if vs := v[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Set replaces the values of key with value.
func (v Values) Set(key, value string) { v[key] = []string{value} }

// Add appends value to key's values.
func (v Values) Add(key, value string) { v[key] = append(v[key], value) }

// Del removes key.
func (v Values) Del(key string) { delete(v, key) }

// Has reports whether key is present.
func (v Values) Has(key string) bool {
	_, ok := v[key]
	return ok
}

// maxParams is net/url's default limit on the pairs of one query.
const maxParams = 10000

// ParseQuery decodes a URL-encoded query. It keeps every pair it can
// decode and returns the first error met (a pair holding ";" or a bad
// escape); a query of more than 10,000 pairs is refused whole.
func ParseQuery(query string) (Values, error) {
	m := make(Values)
	if strings.Count(query, "&") >= maxParams {
		return m, errors.New("number of URL query parameters exceeded limit")
	}
	var first error
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		if strings.IndexByte(pair, ';') >= 0 {
			first = errors.New("invalid semicolon separator in query")
			continue
		}
		if pair == "" {
			continue
		}
		k, val, _ := strings.Cut(pair, "=")
		k, err := QueryUnescape(k)
		if err == nil {
			val, err = QueryUnescape(val)
		}
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		m[k] = append(m[k], val)
	}
	return m, first
}

// Encode writes v as "k=v&k=v…", keys sorted, both sides escaped.
func (v Values) Encode() string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	stable.Sort(keys, strings.Compare)
	var b strings.Builder
	for _, k := range keys {
		ek := QueryEscape(k)
		for _, val := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ek)
			b.WriteByte('=')
			b.WriteString(QueryEscape(val))
		}
	}
	return b.String()
}
