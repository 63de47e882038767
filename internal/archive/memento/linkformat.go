// Package memento reads the Memento protocol's answers (RFC 7089): TimeMaps
// in link-format (RFC 6690, with the Link header syntax of RFC 8288) and
// TimeGate redirects, and recognises challenge pages some archives serve
// instead of an answer (archive.today behind Cloudflare answers 200 with an
// HTML page).
//
// TimeMaps are parsed from an io.Reader one link at a time: the memory used
// does not depend on the number of mementos, only on the longest link
// (bounded by Limits.MaxLink) and on the reader's buffer. Archives' answers
// are read as they really come: a link-value that cannot be read is skipped
// and the rest read, relative and protocol-relative links are resolved
// against the answer's URL, and every memento can be vetted by the caller
// (ParseTimeMapWith, ParseTimeGateWith) before it is kept.
package memento

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/sesame-help/sesame/internal/archive"
)

// Limits bound what the parsers accept.
type Limits struct {
	// MaxBytes is the most bytes read from the answer (default 64 MiB).
	MaxBytes int64
	// MaxLink is the longest single link-value accepted (default 64 KiB).
	MaxLink int
}

// DefaultLimits are the limits used when a field of Limits is zero.
var DefaultLimits = Limits{MaxBytes: 64 << 20, MaxLink: 64 << 10}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxLink <= 0 {
		l.MaxLink = DefaultLimits.MaxLink
	}
	return l
}

// Link is one link-value: a target URI and the parameters the Memento
// protocol uses. Its byte slices are only valid until the next call to
// Reader.Next.
type Link struct {
	URI      []byte // the target, without the angle brackets
	Rel      []byte // the rel parameter's value, unquoted (tokens separated by spaces)
	Datetime []byte // the datetime parameter's value, unquoted
	Type     []byte // the type parameter's value, unquoted
}

// HasRel reports whether the link's rel holds the relation type token
// (compared case-insensitively, as RFC 8288 asks).
func (l *Link) HasRel(token string) bool {
	rel := l.Rel
	for len(rel) > 0 {
		for len(rel) > 0 && isSpace(rel[0]) {
			rel = rel[1:]
		}
		i := 0
		for i < len(rel) && !isSpace(rel[i]) {
			i++
		}
		if i > 0 && asciiEqualFold(rel[:i], token) {
			return true
		}
		rel = rel[i:]
	}
	return false
}

// Reader reads link-values one at a time from link-format text such as a
// TimeMap or the value of Link headers.
type Reader struct {
	sc      *bufio.Scanner
	lim     *archive.LimitedReader
	link    Link
	scratch [3][]byte // for values that need rewriting (escapes, line breaks)
	err     error
}

// NewReader returns a Reader of r within the limits l (zero fields take the
// defaults).
func NewReader(r io.Reader, l Limits) *Reader {
	l = l.withDefaults()
	lim := &archive.LimitedReader{R: r, N: l.MaxBytes}
	sc := bufio.NewScanner(lim)
	initial := 64 << 10
	if initial > l.MaxLink {
		initial = l.MaxLink
	}
	sc.Buffer(make([]byte, initial), l.MaxLink)
	sc.Split(splitLink)
	return &Reader{sc: sc, lim: lim}
}

// ErrMalformed is wrapped by the error Reader.Next returns for a link-value
// it cannot read. Reading may go on with the next link-value.
var ErrMalformed = errors.New("memento: malformed link-value")

// malformed is a link-value that cannot be read; its text names the
// problem.
type malformed string

func (e malformed) Error() string { return "memento: malformed link-value: " + string(e) }
func (malformed) Unwrap() error   { return ErrMalformed }

// Errors of the link-format reader.
var (
	errUnterminated = malformed("unterminated '<' or quoted string")
	errTooLong      = errors.New("memento: link-value too long")
)

// Next returns the next link-value. It returns io.EOF after the last one.
// For a link-value it cannot read it returns an error wrapping
// ErrMalformed that names the problem, and the next call goes on with the
// following link-value; any other error (a link-value longer than
// Limits.MaxLink, an answer larger than Limits.MaxBytes, a read error) ends
// the reading. The Link is only valid until the next call.
func (r *Reader) Next() (*Link, error) {
	if r.err != nil {
		return nil, r.err
	}
	if !r.sc.Scan() {
		err := r.sc.Err()
		switch {
		case err == nil:
			err = io.EOF
		case errors.Is(err, bufio.ErrTooLong):
			err = errTooLong
		case errors.Is(err, archive.ErrTooLarge):
			err = fmt.Errorf("memento: %w", archive.ErrTooLarge)
		}
		r.err = err
		return nil, err
	}
	if err := r.parse(r.sc.Bytes()); err != nil {
		return nil, err
	}
	return &r.link, nil
}

// splitLink is a bufio.SplitFunc that yields one link-value at a time: the
// bytes up to the next comma that is neither inside <...> nor inside a
// quoted string. Separating commas and white space are skipped.
//
// A '<' or a quote left open does not swallow the rest of the answer: a
// comma that ends a line whose next line starts with '<' (how TimeMaps are
// written, one link per line) ends the link-value anyway, and at the end of
// the input what is left is one link-value. Either is then reported as
// malformed by the parser, and the link-values after it are read.
func splitLink(data []byte, atEOF bool) (int, []byte, error) {
	start := 0
	for start < len(data) && (data[start] == ',' || isSpace(data[start])) {
		start++
	}
	if start == len(data) {
		if atEOF {
			return len(data), nil, nil
		}
		return start, nil, nil
	}
	for j := start; j < len(data); j++ {
		switch data[j] {
		case '<':
			k := bytes.IndexByte(data[j+1:], '>')
			end := j + 1 + k
			if k < 0 {
				end = len(data)
			}
			if r := resync(data[j+1 : end]); r >= 0 {
				return j + 1 + r + 1, data[start : j+1+r], nil
			}
			if k < 0 {
				return needMore(data, start, atEOF)
			}
			j = end
		case '"':
			k := j + 1
			closed := false
			for {
				q := bytes.IndexByte(data[k:], '"')
				if q < 0 {
					break
				}
				k += q
				if !escaped(data[j+1 : k]) {
					closed = true
					break
				}
				k++
			}
			end := k
			if !closed {
				end = len(data)
			}
			if r := resync(data[j+1 : end]); r >= 0 {
				return j + 1 + r + 1, data[start : j+1+r], nil
			}
			if !closed {
				return needMore(data, start, atEOF)
			}
			j = k
		case ',':
			return j + 1, data[start:j], nil
		}
	}
	if atEOF {
		return len(data), data[start:], nil
	}
	return start, nil, nil
}

// needMore asks for more input, or at the end of the input yields what is
// left as one (malformed) link-value.
func needMore(data []byte, start int, atEOF bool) (int, []byte, error) {
	if atEOF {
		return len(data), data[start:], nil
	}
	return start, nil, nil
}

// resync returns the index in b of a comma that ends a line whose next line
// starts, after white space, with '<', or -1: inside <...> or a quoted
// string such a comma means that the bracket or the quote was left open.
func resync(b []byte) int {
	for off := 0; off < len(b); {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return -1
		}
		i += off
		off = i + 1
		k := i + 1
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k == len(b) || b[k] != '<' {
			continue
		}
		p := i - 1
		for p >= 0 && isSpace(b[p]) {
			p--
		}
		if p >= 0 && b[p] == ',' {
			return p
		}
	}
	return -1
}

// escaped reports whether a quote following s is escaped: s ends in an odd
// number of backslashes.
func escaped(s []byte) bool {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// parse reads one link-value: <URI> followed by ;name[=value] parameters.
func (r *Reader) parse(tok []byte) error {
	r.link = Link{}
	tok = trimSpace(tok)
	if len(tok) == 0 || tok[0] != '<' {
		return malformed("does not start with '<'")
	}
	end := bytes.IndexByte(tok, '>')
	if end < 0 {
		return errUnterminated
	}
	r.link.URI = r.clean(0, tok[1:end])
	rest := tok[end+1:]
	for {
		rest = trimLeft(rest)
		if len(rest) == 0 {
			return nil
		}
		if rest[0] != ';' {
			return malformed(fmt.Sprintf("expected ';' after link target, found %q", rest[0]))
		}
		rest = trimLeft(rest[1:])
		n := 0
		for n < len(rest) && isTokenChar(rest[n]) {
			n++
		}
		if n == 0 {
			if len(rest) == 0 {
				return nil // a trailing ';' is tolerated
			}
			return malformed(fmt.Sprintf("bad parameter name at %q", rest[0]))
		}
		name := rest[:n]
		rest = trimLeft(rest[n:])
		var val []byte
		if len(rest) > 0 && rest[0] == '=' {
			rest = trimLeft(rest[1:])
			if len(rest) > 0 && rest[0] == '"' {
				k := 1
				for {
					q := bytes.IndexByte(rest[k:], '"')
					if q < 0 {
						return errUnterminated
					}
					k += q
					if !escaped(rest[1:k]) {
						break
					}
					k++
				}
				val = rest[1:k]
				rest = rest[k+1:]
			} else {
				k := 0
				for k < len(rest) && rest[k] != ';' && !isSpace(rest[k]) {
					k++
				}
				val = rest[:k]
				rest = rest[k:]
			}
		}
		switch {
		case asciiEqualFold(name, "rel"):
			if r.link.Rel == nil { // RFC 8288: the first rel wins
				r.link.Rel = r.unquote(1, val)
			}
		case asciiEqualFold(name, "datetime"):
			r.link.Datetime = r.unquote(2, val)
		case asciiEqualFold(name, "type"):
			r.link.Type = val
		}
	}
}

// clean removes white space (line breaks inside a long target) from a URI.
func (r *Reader) clean(slot int, b []byte) []byte {
	if !hasSpace(b) {
		return b
	}
	out := r.scratch[slot][:0]
	for _, c := range b {
		if !isSpace(c) {
			out = append(out, c)
		}
	}
	r.scratch[slot] = out
	return out
}

// unquote resolves backslash escapes of a quoted string and joins line
// breaks into single spaces.
func (r *Reader) unquote(slot int, b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 && !hasLineBreak(b) {
		return b
	}
	out := r.scratch[slot][:0]
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '\\' && i+1 < len(b):
			i++
			c = b[i]
		case c == '\r' || c == '\n' || c == '\t':
			c = ' '
		}
		out = append(out, c)
	}
	r.scratch[slot] = out
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func hasSpace(b []byte) bool {
	for _, c := range b {
		if isSpace(c) {
			return true
		}
	}
	return false
}

func hasLineBreak(b []byte) bool {
	for _, c := range b {
		if c == '\r' || c == '\n' || c == '\t' {
			return true
		}
	}
	return false
}

func trimLeft(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

func trimSpace(b []byte) []byte {
	b = trimLeft(b)
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// isTokenChar reports whether c may appear in an RFC 7230 token (parameter
// names, plus '*' for RFC 8187 extended names).
func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}
