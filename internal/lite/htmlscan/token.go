// Package htmlscan splits an HTML page into tokens: text, start and end
// tags with their attributes, comments and doctypes. It follows the
// tokenization rules of the WHATWG HTML standard the way
// golang.org/x/net/html's Tokenizer does (its tests compare the two token
// by token), including raw text elements (script, style, textarea, title,
// iframe, noembed, noframes, noscript, plaintext, xmp) and the escaping
// rules of script.
//
// It differs on purpose in one way: it decodes numeric character
// references and a short list of named ones (every Latin-1 name and common
// punctuation, see entity.go), not all 2,231 names of the standard, whose
// table would be most of the package's size. Other names stay as written.
//
// It reads a string already in memory, never allocates per byte, and works
// in time linear in the length of the page.
package htmlscan

import (
	"strings"
	"unicode/utf8"
)

// A TokenType is the type of a token.
type TokenType int

// The token types.
const (
	// ErrorToken means the end of the page: there are no more tokens. A
	// tag cut off by the end of the page is dropped, as in browsers.
	ErrorToken TokenType = iota
	// TextToken is text; Text returns it with character references
	// decoded (except in raw text elements such as script).
	TextToken
	// StartTagToken is a start tag, like <a href="x">.
	StartTagToken
	// EndTagToken is an end tag, like </a>.
	EndTagToken
	// SelfClosingTagToken is a start tag ending in "/>", like <br/>.
	SelfClosingTagToken
	// CommentToken is a comment, <!--x-->, or what browsers treat as one
	// (<?x>, <!x>, </ x>).
	CommentToken
	// DoctypeToken is a <!DOCTYPE x> declaration.
	DoctypeToken
)

// MaxAttrs is how many attributes of one tag the Tokenizer keeps; further
// attributes are read but not returned by TagAttr.
const MaxAttrs = 128

// span is a part of the page, [start, end).
type span struct{ start, end int }

// A Tokenizer returns the tokens of one page in order.
type Tokenizer struct {
	s    string
	pos  int // where the next token starts
	tt   TokenType
	raw  span // the current token
	data span // its text, tag name, comment or doctype data
	// attrs are the attributes of the current start tag: the first of
	// each name, those with an empty name left out.
	attrs     []attrSpan
	nextAttr  int
	rawTag    string // the raw text element whose content comes next
	textRaw   bool   // the current text is raw: no character references
	nulToFFFD bool   // the current text's NUL characters become U+FFFD
	done      bool
}

type attrSpan struct{ key, val span }

// NewTokenizer returns a Tokenizer for page.
func NewTokenizer(page string) *Tokenizer {
	return &Tokenizer{s: page}
}

// Raw returns the current token as it is written in the page.
func (z *Tokenizer) Raw() string {
	return z.s[z.raw.start:z.raw.end]
}

// Text returns the text of the current text, comment or doctype token,
// with line breaks normalised to "\n" and character references decoded
// (except for raw text such as a script). It returns "" for other tokens.
func (z *Tokenizer) Text() string {
	switch z.tt {
	case TextToken, CommentToken, DoctypeToken:
	default:
		return ""
	}
	s := convertNewlines(z.s[z.data.start:z.data.end])
	if z.nulToFFFD || z.tt == CommentToken {
		s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	}
	if !z.textRaw {
		s = unescape(s, false)
	}
	return s
}

// TagName returns the lower-case name of the current start, end or
// self-closing tag (a NUL in it becomes U+FFFD), and "" for other tokens.
func (z *Tokenizer) TagName() string {
	switch z.tt {
	case StartTagToken, EndTagToken, SelfClosingTagToken:
		return strings.ReplaceAll(lower(z.s[z.data.start:z.data.end]), "\x00", "\uFFFD")
	}
	return ""
}

// RawTagName returns the name of the current start, end or self-closing
// tag as it is written in the page, and "" for other tokens. Unlike
// TagName it neither lower-cases the name nor replaces NUL, and it never
// allocates.
func (z *Tokenizer) RawTagName() string {
	switch z.tt {
	case StartTagToken, EndTagToken, SelfClosingTagToken:
		return z.s[z.data.start:z.data.end]
	}
	return ""
}

// TagAttr returns the next attribute of the current start tag: its name
// in lower case and its value with character references decoded. more
// reports whether another attribute follows. Of attributes with the same
// name only the first is returned. At the end, or for a token that is not
// a start tag, it returns "", "", false.
func (z *Tokenizer) TagAttr() (key, val string, more bool) {
	key, val, more = z.RawTagAttr()
	return strings.ReplaceAll(lower(key), "\x00", "\uFFFD"), UnescapeAttr(val), more
}

// RawTagAttr is TagAttr without decoding: it returns the next attribute
// of the current start tag with its name and its value (without quotes)
// as they are written in the page, and never allocates. It walks the same
// attributes as TagAttr, the two sharing one position. UnescapeAttr turns
// the value into the one TagAttr returns.
func (z *Tokenizer) RawTagAttr() (key, val string, more bool) {
	if (z.tt != StartTagToken && z.tt != SelfClosingTagToken) || z.nextAttr >= len(z.attrs) {
		return "", "", false
	}
	a := z.attrs[z.nextAttr]
	z.nextAttr++
	return z.s[a.key.start:a.key.end], z.s[a.val.start:a.val.end], z.nextAttr < len(z.attrs)
}

// UnescapeAttr decodes an attribute value as written in a page (as
// RawTagAttr returns it): NUL becomes U+FFFD, line breaks become "\n" and
// character references are decoded by the rules for attribute values. It
// returns val itself when val holds no '&', CR or NUL.
func UnescapeAttr(val string) string {
	return unescape(convertNewlines(strings.ReplaceAll(val, "\x00", "\uFFFD")), true)
}

// Next scans the next token and returns its type.
func (z *Tokenizer) Next() TokenType {
	start := z.pos
	z.raw = span{start, start}
	z.data = z.raw
	z.attrs = z.attrs[:0]
	z.nextAttr = 0
	z.textRaw, z.nulToFFFD = false, false
	if z.done {
		z.tt = ErrorToken
		return z.tt
	}
	if tag := z.rawTag; tag != "" {
		z.rawTag = ""
		var end int
		switch tag {
		case "plaintext":
			end = len(z.s)
		case "script":
			end = scriptEnd(z.s, start)
		default:
			end = rawTextEnd(z.s, start, tag)
		}
		if end > start {
			z.textRaw = tag != "textarea" && tag != "title"
			z.nulToFFFD = true
			return z.token(TextToken, end, span{start, end})
		}
	}

	// Text runs up to a '<' that begins markup.
	i := start
	for {
		j := strings.IndexByte(z.s[i:], '<')
		if j < 0 || i+j+1 >= len(z.s) {
			i = len(z.s)
			break
		}
		i += j
		if c := z.s[i+1]; isLetter(c) || c == '/' || c == '!' || c == '?' {
			break
		}
		i++
	}
	if i > start {
		return z.token(TextToken, i, span{start, i})
	}
	if i >= len(z.s) {
		z.done = true
		z.tt = ErrorToken
		return z.tt
	}

	// Markup at i.
	switch c := z.s[i+1]; {
	case isLetter(c):
		return z.startTag(i)
	case c == '/':
		if i+2 >= len(z.s) {
			// "</" at the end of the page is text.
			return z.token(TextToken, len(z.s), span{i, len(z.s)})
		}
		c = z.s[i+2]
		switch {
		case c == '>':
			// "</>" is nothing; it is returned as an empty comment.
			return z.token(CommentToken, i+3, span{i + 3, i + 3})
		case isLetter(c):
			end, ok := z.readTag(i+2, false)
			if !ok {
				return z.fail()
			}
			return z.token(EndTagToken, end, z.data)
		}
		end, data := untilCloseAngle(z.s, i+2)
		return z.token(CommentToken, end, data)
	case c == '?':
		end, data := untilCloseAngle(z.s, i+1)
		return z.token(CommentToken, end, data)
	}
	return z.markupDeclaration(i)
}

// token makes the current token of type tt end at end, with data.
func (z *Tokenizer) token(tt TokenType, end int, data span) TokenType {
	z.raw.end = end
	z.data = data
	z.pos = end
	z.tt = tt
	return tt
}

// fail ends the page: a tag ran into its end.
func (z *Tokenizer) fail() TokenType {
	z.done = true
	z.pos = len(z.s)
	z.raw = span{len(z.s), len(z.s)}
	z.data = z.raw
	z.attrs = z.attrs[:0]
	z.tt = ErrorToken
	return z.tt
}

// markupDeclaration reads "<!" at i: a comment, a doctype or a bogus
// comment.
func (z *Tokenizer) markupDeclaration(i int) TokenType {
	s := z.s
	d := i + 2
	switch {
	case len(s)-d < 2:
		// "<!" or "<!x" at the end of the page: a bogus comment.
		end := len(s)
		if len(s)-d == 1 && s[d] == '>' {
			end--
		}
		return z.token(CommentToken, len(s), span{d, end})
	case s[d] == '-' && s[d+1] == '-':
		end, data := comment(s, d+2)
		return z.token(CommentToken, end, data)
	}
	const doctype = "DOCTYPE"
	if len(s)-d >= len(doctype) && strings.EqualFold(s[d:d+len(doctype)], doctype) && asciiFold(s[d:d+len(doctype)]) {
		j := skipSpace(s, d+len(doctype))
		if j >= len(s) {
			return z.token(DoctypeToken, len(s), span{len(s), len(s)})
		}
		end, data := untilCloseAngle(s, j)
		return z.token(DoctypeToken, end, data)
	}
	end, data := untilCloseAngle(s, d)
	return z.token(CommentToken, end, data)
}

// asciiFold reports whether s is plain ASCII (strings.EqualFold also
// matches the Kelvin sign and long s, which the standard does not).
func asciiFold(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// startTag reads the start tag at i ("<" and a letter).
func (z *Tokenizer) startTag(i int) TokenType {
	end, ok := z.readTag(i+1, true)
	if !ok {
		return z.fail()
	}
	name := z.s[z.data.start:z.data.end]
	switch n := lower(name); n {
	case "iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp":
		z.rawTag = n
	}
	// "/>" closes the tag unless the '/' ends an unquoted attribute value
	// (<a href=/>).
	tt := StartTagToken
	if z.s[end-2] == '/' && (len(z.attrs) == 0 || end-2 != z.attrs[len(z.attrs)-1].val.end-1) {
		tt = SelfClosingTagToken
	}
	return z.token(tt, end, z.data)
}

// readTag reads a tag's name, starting at its first letter at i, and its
// attributes up to the closing '>'. It sets z.data to the name and, when
// keep is set, z.attrs to the attributes. It returns the position after
// the '>', or false when the page ends first.
func (z *Tokenizer) readTag(i int, keep bool) (int, bool) {
	s := z.s
	// The name runs to white space, '/' or '>'.
	j := i + 1
	for j < len(s) && !isSpace(s[j]) && s[j] != '/' && s[j] != '>' {
		j++
	}
	z.data = span{i, j}
	if j >= len(s) {
		return 0, false
	}
	if isSpace(s[j]) {
		j++
	}
	j = skipSpace(s, j)
	for {
		if j >= len(s) {
			return 0, false
		}
		if s[j] == '>' {
			return j + 1, true
		}
		var a attrSpan
		j, a = attribute(s, j)
		if keep && a.key.end > a.key.start && len(z.attrs) < MaxAttrs && !z.seen(a.key) {
			z.attrs = append(z.attrs, a)
		}
		j = skipSpace(s, j)
	}
}

// seen reports whether an attribute named like k was kept already.
func (z *Tokenizer) seen(k span) bool {
	name := z.s[k.start:k.end]
	for _, a := range z.attrs {
		if equalLower(z.s[a.key.start:a.key.end], name) {
			return true
		}
	}
	return false
}

// attribute reads one attribute starting at i, which is not white space
// or '>', and returns where it ends. A '/' alone is read as an attribute
// with an empty name.
func attribute(s string, i int) (int, attrSpan) {
	var a attrSpan
	// The name: an '=' is part of it only as its first character.
	j := i
	for j < len(s) {
		c := s[j]
		if c == '=' && j == i {
			j++
			continue
		}
		if c == '=' || isSpace(c) || c == '/' || c == '>' {
			break
		}
		j++
	}
	// An attribute without a value has an empty one where its name ends.
	a.key = span{i, j}
	a.val = span{j, j}
	// The value, after optional white space, '=' and white space.
	j = skipSpace(s, j)
	if j >= len(s) {
		return j, a
	}
	switch s[j] {
	case '/':
		return j + 1, a
	case '=':
	default:
		return j, a
	}
	j = skipSpace(s, j+1)
	if j >= len(s) {
		return j, a
	}
	switch q := s[j]; q {
	case '>':
		return j, a
	case '"', '\'':
		k := strings.IndexByte(s[j+1:], q)
		if k < 0 {
			a.val = span{j + 1, len(s)}
			return len(s), a
		}
		a.val = span{j + 1, j + 1 + k}
		return j + 2 + k, a
	}
	k := j
	for k < len(s) && !isSpace(s[k]) && s[k] != '>' {
		k++
	}
	a.val = span{j, k}
	if k < len(s) && isSpace(s[k]) {
		k++
	}
	return k, a
}

// comment reads a comment whose "<!--" ends before i, returning the
// position after it and its data.
func comment(s string, i int) (int, span) {
	dashes := 0
	beginning := true
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return j + 1, span{i, max(i, j-2)}
			}
		case '!':
			if dashes >= 2 {
				j++
				if j >= len(s) {
					break
				}
				if s[j] == '>' {
					return j + 1, span{i, max(i, j-3)}
				}
				if s[j] == '-' {
					dashes = 1
					beginning = false
					continue
				}
			}
		}
		dashes = 0
		beginning = false
	}
	// The page ends inside the comment: leave out a "-", "--" or "--!"
	// that began its end.
	end := len(s)
	body := s[i:]
	switch {
	case strings.HasSuffix(body, "--!"):
		end -= 3
	case strings.HasSuffix(body, "--"):
		end -= 2
	case strings.HasSuffix(body, "-"):
		end--
	}
	return len(s), span{i, max(i, end)}
}

// untilCloseAngle reads to the next '>' from i, returning the position
// after it and the data before it.
func untilCloseAngle(s string, i int) (int, span) {
	k := strings.IndexByte(s[i:], '>')
	if k < 0 {
		return len(s), span{i, len(s)}
	}
	return i + k + 1, span{i, i + k}
}

// rawTextEnd returns where the raw text of element tag, starting at i,
// ends: at its end tag, or at the end of the page.
func rawTextEnd(s string, i int, tag string) int {
	for {
		k := strings.Index(s[i:], "</")
		if k < 0 {
			return len(s)
		}
		i += k
		if isEndTag(s, i, tag) {
			return i
		}
		i += 2
	}
}

// isEndTag reports whether "</" at i begins the end tag of tag: the name
// in any case, then white space, '/' or '>'.
func isEndTag(s string, i int, tag string) bool {
	j := i + 2
	if len(s)-j <= len(tag) {
		return false
	}
	for k := 0; k < len(tag); k++ {
		if c := s[j+k]; c != tag[k] && c != tag[k]-('a'-'A') {
			return false
		}
	}
	c := s[j+len(tag)]
	return isSpace(c) || c == '/' || c == '>'
}

// The states of script data (WHATWG 13.2.5.4 and following).
const (
	scriptData = iota
	scriptEscaped
	scriptEscapedDash
	scriptEscapedDashDash
	scriptDoubleEscaped
	scriptDoubleEscapedDash
	scriptDoubleEscapedDashDash
)

// scriptEnd returns where the content of a script starting at i ends,
// following the rules that hide "</script>" inside "<!--" escapes.
func scriptEnd(s string, i int) int {
	state := scriptData
	for i < len(s) {
		c := s[i]
		i++
		switch state {
		case scriptData:
			if c != '<' {
				continue
			}
			switch {
			case strings.HasPrefix(s[i:], "/"):
				if isEndTag(s, i-1, "script") {
					return i - 1
				}
				i++
			case strings.HasPrefix(s[i:], "!--"):
				i += 3
				state = scriptEscapedDashDash
			case strings.HasPrefix(s[i:], "!-"):
				// "<!-" then something else: back to script data at it.
				i += 2
			case strings.HasPrefix(s[i:], "!"):
				i++
			}
		case scriptEscaped, scriptEscapedDash, scriptEscapedDashDash:
			switch {
			case c == '-':
				if state == scriptEscaped {
					state = scriptEscapedDash
				} else {
					state = scriptEscapedDashDash
				}
			case c == '<':
				if i < len(s) && s[i] == '/' {
					if isEndTag(s, i-1, "script") {
						return i - 1
					}
					i++
					state = scriptEscaped
				} else if i < len(s) && isLetter(s[i]) {
					// "<script" followed by white space, '/' or '>'
					// begins the double escape.
					if len(s)-i > len("script") && strings.EqualFold(s[i:i+6], "script") && asciiFold(s[i:i+6]) {
						if d := s[i+6]; isSpace(d) || d == '/' || d == '>' {
							i += 7
							state = scriptDoubleEscaped
							continue
						}
					}
					state = scriptEscaped
				} else {
					state = scriptData
				}
			case c == '>' && state == scriptEscapedDashDash:
				state = scriptData
			default:
				state = scriptEscaped
			}
		default: // double escaped
			switch {
			case c == '-':
				if state == scriptDoubleEscaped {
					state = scriptDoubleEscapedDash
				} else {
					state = scriptDoubleEscapedDashDash
				}
			case c == '<':
				if i < len(s) && s[i] == '/' {
					if isEndTag(s, i-1, "script") {
						i += 1 + len("script") + 1
						state = scriptEscaped
						continue
					}
					i++
				}
				state = scriptDoubleEscaped
			case c == '>' && state == scriptDoubleEscapedDashDash:
				state = scriptData
			default:
				state = scriptDoubleEscaped
			}
		}
	}
	return len(s)
}

func isLetter(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// lower lower-cases the ASCII letters of s.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// equalLower reports whether a and b are equal ignoring the case of
// ASCII letters.
func equalLower(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// convertNewlines turns "\r\n" and "\r" into "\n".
func convertNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
