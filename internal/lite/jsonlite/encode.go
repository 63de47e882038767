// Package jsonlite reads and writes JSON without reflection. It exists for
// the WebAssembly helper, where encoding/json (and the reflection it pulls
// in) would be a tenth of the download.
//
// The encoding functions write exactly the bytes encoding/json's Marshal
// writes for the same Go values: strings are escaped the same way
// (including <, > and &, U+2028 and U+2029, and invalid UTF-8 as
// \ufffd), nil slices and maps are null, map keys are sorted.
//
// The Decoder reads a document the way encoding/json's Unmarshal reads it
// into a struct: member names match their field case-insensitively (with
// Unicode's simple folding, so "ſ" matches "s"), unknown members are
// ignored unless DisallowUnknownFields is set, the last duplicate wins,
// null leaves a string, number, boolean or struct unchanged and sets a
// pointer, slice or map to nil, a slice decoded twice reuses its elements,
// invalid UTF-8 and lone surrogates become U+FFFD, and a value of the wrong
// type is an error reported after the whole document was read.
//
// The packages that use jsonlite for a Go type prove the equivalence for
// that type with tests and fuzz targets that compare against
// encoding/json.
package jsonlite

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/lite/stable"
)

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string, escaped as encoding/json's
// Marshal escapes it.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= ' ' && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// A Writer writes one JSON document, value by value: objects with Begin
// and End, arrays with BeginArray and EndArray, members with the methods
// taking a name, array elements with the ones that do not. It puts the
// commas in. Member names must be plain ASCII needing no escapes.
//
// Its methods are kept out of line (go:noinline): inlined at each of the
// hundreds of places the WebAssembly helper writes a member, they made the
// helper about 10 KB of gzip larger (measured), for no speed that shows.
type Writer struct {
	buf []byte
}

// Bytes returns the document written so far.
func (w *Writer) Bytes() []byte { return w.buf }

// sep writes the comma that goes before a value or member, unless it is
// the first in its object or array (or follows a member name).
func (w *Writer) sep() {
	if n := len(w.buf); n > 0 {
		if c := w.buf[n-1]; c != '{' && c != '[' && c != ':' {
			w.buf = append(w.buf, ',')
		}
	}
}

// Name writes a member name; the member's value comes next.
//
//go:noinline
func (w *Writer) Name(name string) {
	w.sep()
	w.buf = append(w.buf, '"')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, '"', ':')
}

// Begin starts an object.
//
//go:noinline
func (w *Writer) Begin() {
	w.sep()
	w.buf = append(w.buf, '{')
}

// End ends an object.
func (w *Writer) End() { w.buf = append(w.buf, '}') }

// BeginArray starts an array.
//
//go:noinline
func (w *Writer) BeginArray() {
	w.sep()
	w.buf = append(w.buf, '[')
}

// EndArray ends an array.
func (w *Writer) EndArray() { w.buf = append(w.buf, ']') }

// Null writes null.
//
//go:noinline
func (w *Writer) Null() {
	w.sep()
	w.buf = append(w.buf, "null"...)
}

// StringValue writes a string.
//
//go:noinline
func (w *Writer) StringValue(s string) {
	w.sep()
	w.buf = AppendString(w.buf, s)
}

// String writes a string member.
//
//go:noinline
func (w *Writer) String(name, s string) {
	w.Name(name)
	w.buf = AppendString(w.buf, s)
}

// StringOmitEmpty writes a string member unless s is empty (a field
// tagged omitempty).
//
//go:noinline
func (w *Writer) StringOmitEmpty(name, s string) {
	if s != "" {
		w.String(name, s)
	}
}

// Int writes a number member.
//
//go:noinline
func (w *Writer) Int(name string, n int) {
	w.Name(name)
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
}

// Bool writes a true or false member.
//
//go:noinline
func (w *Writer) Bool(name string, v bool) {
	w.Name(name)
	w.buf = strconv.AppendBool(w.buf, v)
}

// Strings writes a member holding an array of strings, null when s is
// nil.
//
//go:noinline
func (w *Writer) Strings(name string, s []string) {
	w.Name(name)
	w.buf = AppendStrings(w.buf, s)
}

// Ints writes a member holding an array of numbers, null when s is nil.
//
//go:noinline
func (w *Writer) Ints(name string, s []int) {
	w.Name(name)
	if s == nil {
		w.buf = append(w.buf, "null"...)
		return
	}
	w.buf = append(w.buf, '[')
	for i, n := range s {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = strconv.AppendInt(w.buf, int64(n), 10)
	}
	w.buf = append(w.buf, ']')
}

// StringMap writes a member holding an object of strings with its keys
// sorted, null when m is nil.
//
//go:noinline
func (w *Writer) StringMap(name string, m map[string]string) {
	w.Name(name)
	w.buf = AppendStringMap(w.buf, m)
}

// AppendStrings appends s as a JSON array of strings, or null when s is
// nil.
func AppendStrings(dst []byte, s []string) []byte {
	if s == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, v := range s {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, v)
	}
	return append(dst, ']')
}

// AppendStringMap appends m as a JSON object with its keys sorted, or
// null when m is nil.
func AppendStringMap(dst []byte, m map[string]string) []byte {
	if m == nil {
		return append(dst, "null"...)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	stable.Sort(keys, strings.Compare)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, k)
		dst = append(dst, ':')
		dst = AppendString(dst, m[k])
	}
	return append(dst, '}')
}
