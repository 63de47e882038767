package jsonlite

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth is how deeply arrays and objects may nest, as in encoding/json.
const MaxDepth = 10000

// ErrEmpty is returned by Decode for input that holds only whitespace.
var ErrEmpty = errors.New("jsonlite: empty input")

// ErrTrailing is returned by Decode when something other than whitespace
// follows the top-level value.
var ErrTrailing = errors.New("jsonlite: data after the top-level value")

// A SyntaxError is malformed JSON.
type SyntaxError struct {
	Msg    string // what is wrong, e.g. "invalid character 'x' in string"
	Offset int    // the byte offset where it was noticed
}

func (e *SyntaxError) Error() string {
	return "jsonlite: " + e.Msg + " at offset " + strconv.Itoa(e.Offset)
}

// A TypeError is a JSON value of the wrong type for its destination.
type TypeError struct {
	// Field is the path of member names from the top-level object to the
	// value, joined by dots ("headers.name"); "" for the top-level value.
	Field string
	// Want says what was expected: "a string", "a number", "true or
	// false", "an array" or "an object".
	Want string
	// Value says what was found: "string", "number", "number 1.5" (a
	// number that is not an integer in range), "bool", "array", "object".
	Value string
}

func (e *TypeError) Error() string {
	if e.Field == "" {
		return "jsonlite: expected " + e.Want + ", not " + e.Value
	}
	return "jsonlite: field " + strconv.Quote(e.Field) + " must be " + e.Want + ", not " + e.Value
}

// An UnknownFieldError is a member no field matches, when the Decoder
// disallows unknown fields.
type UnknownFieldError struct {
	Field string // the member's path, its own name last
}

func (e *UnknownFieldError) Error() string {
	return "jsonlite: unknown field " + strconv.Quote(e.Field)
}

// A Decoder reads one JSON document. Its methods each read one value into
// a destination; a value of the wrong type is skipped and remembered as
// the Decoder's error, and reading goes on, as encoding/json does.
// Syntax errors stop reading at once.
type Decoder struct {
	// DisallowUnknownFields makes a member that matches no field an
	// error.
	DisallowUnknownFields bool

	data   []byte
	off    int
	depth  int
	path   []string
	err    error // first type or unknown-field error
	syntax error // syntax error: stops everything
}

// Decode reads the single JSON value in data with read, which calls one of
// the Decoder's reading methods, and checks that only whitespace follows.
// It returns ErrEmpty, a *SyntaxError, ErrTrailing, or the first
// *TypeError or *UnknownFieldError, in that order of precedence (a syntax
// error anywhere in the value wins over a type error).
func (d *Decoder) Decode(data []byte, read func(*Decoder)) error {
	d.data, d.off, d.depth, d.path, d.err, d.syntax = data, 0, 0, nil, nil, nil
	d.space()
	if d.off == len(d.data) {
		return ErrEmpty
	}
	read(d)
	if d.syntax != nil {
		return d.syntax
	}
	if d.err != nil {
		return d.err
	}
	d.space()
	if d.off != len(d.data) {
		return ErrTrailing
	}
	return nil
}

func (d *Decoder) space() {
	for d.off < len(d.data) {
		switch d.data[d.off] {
		case ' ', '\t', '\n', '\r':
			d.off++
		default:
			return
		}
	}
}

// failSyntax records a syntax error at the current offset.
func (d *Decoder) failSyntax(msg string) {
	if d.syntax == nil {
		d.syntax = &SyntaxError{Msg: msg, Offset: d.off}
	}
	d.off = len(d.data) // stop reading
}

func (d *Decoder) unexpected(context string) {
	if d.off >= len(d.data) {
		d.failSyntax("unexpected end of JSON input")
		return
	}
	d.failSyntax("invalid character " + quoteChar(d.data[d.off]) + " " + context)
}

func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	if c >= utf8.RuneSelf {
		s = `"\x` + string(hex[c>>4]) + string(hex[c&0xF]) + `"`
	}
	return "'" + s[1:len(s)-1] + "'"
}

// peek skips whitespace and returns the next byte, or 0 at the end (after
// recording a syntax error).
func (d *Decoder) peek() byte {
	d.space()
	if d.off >= len(d.data) {
		d.unexpected("")
		return 0
	}
	return d.data[d.off]
}

// kind names the JSON type that starts with c, as a TypeError's Value.
func kind(c byte) string {
	switch c {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "number"
}

// mismatch records a type error for the value at the current offset and
// skips it.
func (d *Decoder) mismatch(want string) {
	c := d.data[d.off]
	d.mismatchValue(want, kind(c))
	d.Skip()
}

func (d *Decoder) mismatchValue(want, value string) {
	if d.err == nil {
		d.err = &TypeError{Field: strings.Join(d.path, "."), Want: want, Value: value}
	}
}

// null consumes a null literal if one comes next and reports whether it
// did. It returns true also after a syntax error, so that callers stop.
func (d *Decoder) null() bool {
	c := d.peek()
	if d.syntax != nil {
		return true
	}
	if c != 'n' {
		return false
	}
	d.literal("null")
	return true
}

func (d *Decoder) literal(word string) {
	for i := 0; i < len(word); i++ {
		if d.off >= len(d.data) || d.data[d.off] != word[i] {
			d.unexpected("in literal " + word + " (expecting " + quoteChar(word[i]) + ")")
			return
		}
		d.off++
	}
}

// Skip reads and discards the next value, checking its syntax.
func (d *Decoder) Skip() {
	switch c := d.peek(); {
	case d.syntax != nil:
	case c == '{':
		d.object(func(string) int { return -1 }, nil)
	case c == '[':
		d.array(func() { d.Skip() })
	case c == '"':
		d.stringLiteral()
	case c == 't':
		d.literal("true")
	case c == 'f':
		d.literal("false")
	case c == 'n':
		d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		d.number()
	default:
		d.unexpected("looking for beginning of value")
	}
}

// String reads a string into dst; null leaves dst unchanged.
func (d *Decoder) String(dst *string) {
	if d.null() {
		return
	}
	if d.data[d.off] != '"' {
		d.mismatch("a string")
		return
	}
	if s, ok := d.stringLiteral(); ok {
		*dst = s
	}
}

// StringPtr reads a string into a new *dst; null sets *dst to nil.
func (d *Decoder) StringPtr(dst **string) {
	if d.null() {
		if d.syntax == nil {
			*dst = nil
		}
		return
	}
	if d.data[d.off] != '"' {
		d.mismatch("a string")
		return
	}
	if s, ok := d.stringLiteral(); ok {
		*dst = &s
	}
}

// Int reads an integer into dst; null leaves dst unchanged. A number with
// a fraction or an exponent, or out of range, is a type error.
func (d *Decoder) Int(dst *int) {
	var p *int
	d.int(&p, false)
	if p != nil {
		*dst = *p
	}
}

// IntPtr reads an integer into a new *dst; null sets *dst to nil.
func (d *Decoder) IntPtr(dst **int) {
	d.int(dst, true)
}

func (d *Decoder) int(dst **int, nullable bool) {
	if d.null() {
		if nullable && d.syntax == nil {
			*dst = nil
		}
		return
	}
	c := d.data[d.off]
	if c != '-' && (c < '0' || c > '9') {
		d.mismatch("a number")
		return
	}
	lit, ok := d.number()
	if !ok {
		return
	}
	n, err := strconv.ParseInt(lit, 10, strconv.IntSize)
	if err != nil {
		d.mismatchValue("a number", "number "+lit)
		return
	}
	v := int(n)
	*dst = &v
}

// Bool reads true or false into dst; null leaves dst unchanged.
func (d *Decoder) Bool(dst *bool) {
	if d.null() {
		return
	}
	switch d.data[d.off] {
	case 't':
		d.literal("true")
		if d.syntax == nil {
			*dst = true
		}
	case 'f':
		d.literal("false")
		if d.syntax == nil {
			*dst = false
		}
	default:
		d.mismatch("true or false")
	}
}

// Object reads an object into a struct whose JSON member names are
// fields. For each member that matches a field (exactly or by case
// folding) it calls member with the field's name, which must read the
// value with one of the Decoder's methods; a value member leaves unread is
// skipped. Unknown members are skipped (or are an error, see
// DisallowUnknownFields). Null leaves the struct unchanged; anything but
// an object or null is a type error.
//
// The names in fields must be distinct under case folding.
func (d *Decoder) Object(fields []string, member func(d *Decoder, field string)) {
	if d.null() {
		return
	}
	if d.data[d.off] != '{' {
		d.mismatch("an object")
		return
	}
	match := func(key string) int {
		for i, f := range fields {
			if foldEqual(key, f) {
				return i
			}
		}
		return -1
	}
	d.object(match, func(i int) {
		d.path = append(d.path, fields[i])
		start := d.off
		member(d, fields[i])
		if d.off == start && d.syntax == nil {
			d.Skip()
		}
		d.path = d.path[:len(d.path)-1]
	})
}

// object reads an object whose '{' is next. For each member, match gives
// the index of its field or -1; value reads a matched member's value.
func (d *Decoder) object(match func(key string) int, value func(i int)) {
	if !d.push() {
		return
	}
	d.off++ // '{'
	for n := 0; ; n++ {
		c := d.peek()
		if d.syntax != nil {
			return
		}
		if c == '}' && n == 0 {
			d.off++
			break
		}
		if c != '"' {
			d.unexpected("looking for beginning of object key string")
			return
		}
		key, ok := d.stringLiteral()
		if !ok {
			return
		}
		if d.peek() != ':' {
			if d.syntax == nil {
				d.unexpected("after object key")
			}
			return
		}
		d.off++
		i := match(key)
		switch {
		case i >= 0 && value != nil:
			value(i)
		case value != nil && d.DisallowUnknownFields:
			if d.err == nil {
				d.err = &UnknownFieldError{Field: strings.Join(append(d.path[:len(d.path):len(d.path)], key), ".")}
			}
			d.Skip()
		default:
			d.Skip()
		}
		if d.syntax != nil {
			return
		}
		c = d.peek()
		if c == ',' {
			d.off++
			continue
		}
		if c == '}' {
			d.off++
			break
		}
		if d.syntax == nil {
			d.unexpected("after object key:value pair")
		}
		return
	}
	d.depth--
}

func (d *Decoder) push() bool {
	d.depth++
	if d.depth > MaxDepth {
		d.failSyntax("exceeded max depth")
		return false
	}
	return true
}

// array reads an array whose '[' is next, calling elem for each element.
func (d *Decoder) array(elem func()) {
	if !d.push() {
		return
	}
	d.off++ // '['
	for n := 0; ; n++ {
		c := d.peek()
		if d.syntax != nil {
			return
		}
		if c == ']' && n == 0 {
			d.off++
			break
		}
		elem()
		if d.syntax != nil {
			return
		}
		c = d.peek()
		if c == ',' {
			d.off++
			continue
		}
		if c == ']' {
			d.off++
			break
		}
		if d.syntax == nil {
			d.unexpected("after array element")
		}
		return
	}
	d.depth--
}

// Slice reads an array into *s, reading each element with elem. As in
// encoding/json, elements already in *s (up to its capacity) are decoded
// into rather than replaced, the slice is cut to the array's length, an
// empty array gives an empty non-nil slice, and null sets *s to nil.
// Anything else is a type error.
func Slice[T any](d *Decoder, s *[]T, elem func(d *Decoder, e *T)) {
	if d.null() {
		if d.syntax == nil {
			*s = nil
		}
		return
	}
	if d.data[d.off] != '[' {
		d.mismatch("an array")
		return
	}
	v := *s
	i := 0
	d.array(func() {
		if i >= cap(v) {
			var zero T
			v = append(v[:cap(v)], zero)
		}
		if i >= len(v) {
			v = v[:i+1]
		}
		elem(d, &v[i])
		i++
	})
	if d.syntax != nil {
		return
	}
	if i < len(v) {
		v = v[:i]
	}
	if i == 0 {
		v = make([]T, 0)
	}
	*s = v
}

// number reads a number and returns its text.
func (d *Decoder) number() (string, bool) {
	start := d.off
	p := d.data
	i := d.off
	if i < len(p) && p[i] == '-' {
		i++
	}
	switch {
	case i < len(p) && p[i] == '0':
		i++
	case i < len(p) && '1' <= p[i] && p[i] <= '9':
		for i < len(p) && '0' <= p[i] && p[i] <= '9' {
			i++
		}
	default:
		d.off = i
		d.unexpected("in numeric literal")
		return "", false
	}
	if i < len(p) && p[i] == '.' {
		i++
		if i >= len(p) || p[i] < '0' || p[i] > '9' {
			d.off = i
			d.unexpected("after decimal point in numeric literal")
			return "", false
		}
		for i < len(p) && '0' <= p[i] && p[i] <= '9' {
			i++
		}
	}
	if i < len(p) && (p[i] == 'e' || p[i] == 'E') {
		i++
		if i < len(p) && (p[i] == '+' || p[i] == '-') {
			i++
		}
		if i >= len(p) || p[i] < '0' || p[i] > '9' {
			d.off = i
			d.unexpected("in exponent of numeric literal")
			return "", false
		}
		for i < len(p) && '0' <= p[i] && p[i] <= '9' {
			i++
		}
	}
	d.off = i
	return string(p[start:i]), true
}

// stringLiteral reads a string whose '"' is next and returns its value:
// escapes decoded, invalid UTF-8 and lone surrogates replaced by U+FFFD.
func (d *Decoder) stringLiteral() (string, bool) {
	p := d.data
	i := d.off + 1
	start := i
	plain := true // no escapes, valid UTF-8
	for {
		if i >= len(p) {
			d.off = i
			d.unexpected("")
			return "", false
		}
		c := p[i]
		switch {
		case c == '"':
			d.off = i + 1
			if plain {
				return string(p[start:i]), true
			}
			return unquote(p[start:i]), true
		case c == '\\':
			plain = false
			i++
			if i >= len(p) {
				d.off = i
				d.unexpected("")
				return "", false
			}
			switch p[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				i++
				for k := 0; k < 4; k++ {
					if i >= len(p) || !isHex(p[i]) {
						d.off = i
						d.unexpected("in \\u hexadecimal character escape")
						return "", false
					}
					i++
				}
			default:
				d.off = i
				d.unexpected("in string escape code")
				return "", false
			}
		case c < ' ':
			d.off = i
			d.unexpected("in string literal")
			return "", false
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(p[i:])
			if r == utf8.RuneError && size == 1 {
				plain = false
			}
			i += size
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hexValue(c byte) rune {
	switch {
	case c <= '9':
		return rune(c - '0')
	case c >= 'a':
		return rune(c - 'a' + 10)
	}
	return rune(c - 'A' + 10)
}

// u4 decodes the \uXXXX escape at the start of s, or returns -1.
func u4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		if !isHex(c) {
			return -1
		}
		r = r<<4 | hexValue(c)
	}
	return r
}

// unquote decodes the body of a string literal already checked for
// syntax.
func unquote(s []byte) string {
	b := make([]byte, 0, len(s)+utf8.UTFMax)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			switch s[i+1] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := u4(s[i:])
				i += 6
				if utf16.IsSurrogate(r) {
					if dec := utf16.DecodeRune(r, u4(s[i:])); dec != utf8.RuneError {
						b = utf8.AppendRune(b, dec)
						i += 6
						continue
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				continue
			default: // '"', '\\', '/'
				b = append(b, s[i+1])
			}
			i += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			b = utf8.AppendRune(b, r)
			i += size
		}
	}
	return string(b)
}

// foldEqual reports whether the member name key matches the field name
// name as encoding/json matches them: exactly, or equal after folding
// each character to the smallest of its Unicode simple-fold orbit. Field
// names are ASCII, and the only non-ASCII characters that fold to ASCII
// are U+017F (ſ, to S) and U+212A (Kelvin sign, to K).
func foldEqual(key, name string) bool {
	if key == name {
		return true
	}
	j := 0
	for i := 0; i < len(key); {
		if j >= len(name) {
			return false
		}
		want := upper(name[j])
		c := key[i]
		if c < utf8.RuneSelf {
			if upper(c) != want {
				return false
			}
			i++
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(key[i:])
		if !(r == '\u017F' && want == 'S' || r == '\u212A' && want == 'K') {
			return false
		}
		i += size
		j++
	}
	return j == len(name)
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
