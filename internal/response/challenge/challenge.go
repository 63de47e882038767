// Package challenge parses the authentication challenges of the
// WWW-Authenticate and Proxy-Authenticate response headers (RFC 9110,
// section 11.6.1):
//
//	challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//	auth-param  = token BWS "=" BWS ( token / quoted-string )
//	token68     = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
//
// One header value may hold several challenges separated by commas, and a
// response may carry the header several times; Parse accepts all of them at
// once. Scheme and parameter names are case-insensitive: Parse keeps the
// scheme as sent, Challenge.Is compares it without case, and parameter names
// are lower-cased.
//
// Real servers are not always correct. Parse never panics and never gives up:
// on malformed input it returns the challenges it could read and a non-nil
// error describing the first problem. It also accepts a few common faults
// leniently (parameters separated by spaces instead of commas, unquoted
// values holding characters a token may not, a missing closing quote). Work
// is linear in the input size; at most MaxChallenges challenges and
// MaxParams parameters per challenge are kept.
package challenge

import (
	"errors"
	"strings"
)

// MaxChallenges is the largest number of challenges Parse returns.
const MaxChallenges = 64

// MaxParams is the largest number of parameters kept for one challenge.
const MaxParams = 64

// Challenge is one authentication challenge.
type Challenge struct {
	// Scheme is the auth-scheme as sent, for example "Basic" or "bearer".
	Scheme string
	// Token68 is the token68 form of the challenge data, if used.
	Token68 string
	// Params are the auth-params in the order sent, names lower-cased.
	Params []Param
}

// Param is one auth-param of a challenge.
type Param struct {
	Name  string // lower case
	Value string // unquoted, escapes removed
}

// Is reports whether the challenge uses the scheme, compared without case.
func (c Challenge) Is(scheme string) bool {
	return strings.EqualFold(c.Scheme, scheme)
}

// Get returns the value of the first parameter with the name, compared
// without case, and whether it was present.
func (c Challenge) Get(name string) (string, bool) {
	for _, p := range c.Params {
		if strings.EqualFold(p.Name, name) {
			return p.Value, true
		}
	}
	return "", false
}

// Realm returns the realm parameter, or "".
func (c Challenge) Realm() string {
	v, _ := c.Get("realm")
	return v
}

// Canonical returns the usual spelling of well-known schemes ("Basic",
// "Digest", "Bearer", "Negotiate", "NTLM", "Kerberos", …) and the scheme
// as sent otherwise.
func Canonical(scheme string) string {
	for _, s := range known {
		if strings.EqualFold(s, scheme) {
			return s
		}
	}
	return scheme
}

var known = []string{
	"Basic", "Digest", "Bearer", "Negotiate", "NTLM", "Kerberos",
	"HOBA", "Mutual", "SCRAM-SHA-1", "SCRAM-SHA-256", "vapid",
	"AWS4-HMAC-SHA256", "DPoP", "PrivateToken", "Concorde",
}

// SyntaxError describes the first malformation Parse met.
type SyntaxError struct {
	// Offset is the byte offset in the joined header values.
	Offset int
	// Problem says what is wrong, in lower case.
	Problem string
}

func (e *SyntaxError) Error() string {
	return "challenge: " + e.Problem
}

// ErrTooMany is the error Parse returns when it dropped challenges or
// parameters beyond MaxChallenges or MaxParams and met no syntax error
// before.
var ErrTooMany = errors.New("challenge: too many challenges or parameters")

// Parse parses the values of every WWW-Authenticate (or
// Proxy-Authenticate) header line of one response. It returns the
// challenges it could read, in order, and an error describing the first
// problem met, if any. The challenges are useful even when the error is
// not nil.
func Parse(values ...string) ([]Challenge, error) {
	p := parser{}
	for i, v := range values {
		if i > 0 {
			p.base += len(values[i-1]) + 1
		}
		p.s = v
		p.i = 0
		p.parseValue()
	}
	if p.err != nil {
		return p.out, p.err
	}
	return p.out, nil
}

type parser struct {
	s    string
	i    int
	base int // offset of s in the joined input, for errors
	out  []Challenge
	err  error
	full bool // MaxChallenges reached
}

func (p *parser) fail(problem string) {
	if p.err == nil {
		p.err = &SyntaxError{Offset: p.base + p.i, Problem: problem}
	}
}

func (p *parser) eof() bool { return p.i >= len(p.s) }

func (p *parser) skipWS() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// skipSeparators skips whitespace and empty list elements (",  ,").
func (p *parser) skipSeparators() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == ',') {
		p.i++
	}
}

// token reads a token (RFC 9110 tchar) and returns it, "" if none.
func (p *parser) token() string {
	start := p.i
	for p.i < len(p.s) && isTchar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// skipJunk skips to the next comma (or the end) after a malformation,
// stepping over quoted strings so that commas inside them do not count.
func (p *parser) skipJunk() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ',':
			return
		case '"':
			p.quoted()
		default:
			p.i++
		}
	}
}

// parseValue reads one header value: a comma-separated list in which a new
// challenge starts with a token not followed by "=".
func (p *parser) parseValue() {
	for {
		p.skipSeparators()
		if p.eof() {
			return
		}
		start := p.i
		scheme := p.token()
		if scheme == "" {
			// Skip the offending byte (or quoted string) and try again.
			p.fail("expected an auth-scheme")
			if p.s[p.i] == '"' {
				p.quoted()
			} else {
				p.i++
			}
			continue
		}
		if p.i < len(p.s) && p.s[p.i] == '=' {
			// A parameter with no scheme before it.
			p.i = start
			p.fail("auth-param without an auth-scheme")
			p.skipJunk()
			continue
		}
		if len(p.out) >= MaxChallenges {
			if !p.full {
				p.full = true
				if p.err == nil {
					p.err = ErrTooMany
				}
			}
			p.skipJunk()
			continue
		}
		p.out = append(p.out, Challenge{Scheme: scheme})
		c := &p.out[len(p.out)-1]
		if p.eof() || p.s[p.i] == ',' {
			continue // scheme alone
		}
		if p.s[p.i] != ' ' && p.s[p.i] != '\t' {
			p.fail("unexpected character after auth-scheme")
			p.skipJunk()
			continue
		}
		p.skipWS()
		if p.eof() || p.s[p.i] == ',' {
			continue
		}
		if t, ok := p.token68(); ok {
			c.Token68 = t
			p.skipWS()
			if !p.eof() && p.s[p.i] != ',' {
				p.fail("unexpected data after token68")
				p.skipJunk()
			}
			continue
		}
		p.params(c)
	}
}

// token68 reads a token68 if one starts here and is followed by the end of
// the element (a comma, whitespace then a comma, or the end). Otherwise it
// leaves the position unchanged.
func (p *parser) token68() (string, bool) {
	j := p.i
	for j < len(p.s) && isToken68(p.s[j]) {
		j++
	}
	if j == p.i {
		return "", false
	}
	for j < len(p.s) && p.s[j] == '=' {
		j++
	}
	k := j
	for k < len(p.s) && (p.s[k] == ' ' || p.s[k] == '\t') {
		k++
	}
	if k < len(p.s) && p.s[k] != ',' {
		return "", false
	}
	t := p.s[p.i:j]
	p.i = j
	return t, true
}

// params reads the auth-params of c. It stops before a token that starts a
// new challenge (a token not followed by "=").
func (p *parser) params(c *Challenge) {
	first := true
	for {
		p.skipWS()
		if p.eof() {
			return
		}
		start := p.i
		name := p.token()
		if name == "" {
			p.fail("expected an auth-param")
			p.i++
			p.skipJunk()
			if !p.nextIsParam() {
				return
			}
			continue
		}
		p.skipWS()
		if p.eof() || p.s[p.i] != '=' {
			// The next challenge's scheme: let parseValue read it again.
			if first {
				p.fail("expected token68 or auth-param after auth-scheme")
			}
			p.i = start
			return
		}
		first = false
		p.i++ // '='
		p.skipWS()
		var value string
		if !p.eof() && p.s[p.i] == '"' {
			value = p.quoted()
		} else {
			value = p.token()
			// Lenient: servers send unquoted values with characters a token
			// may not hold (for example realm=my realm or uri=/a/b).
			if !p.eof() && p.s[p.i] != ',' && p.s[p.i] != ' ' && p.s[p.i] != '\t' {
				p.fail("auth-param value is neither token nor quoted-string")
				j := p.i
				for j < len(p.s) && p.s[j] != ',' && p.s[j] != ' ' && p.s[j] != '\t' {
					j++
				}
				value += p.s[p.i:j]
				p.i = j
			}
		}
		if len(c.Params) < MaxParams {
			c.Params = append(c.Params, Param{Name: strings.ToLower(name), Value: value})
		} else if p.err == nil {
			p.err = ErrTooMany
		}
		p.skipWS()
		if p.eof() {
			return
		}
		if p.s[p.i] == ',' {
			p.skipSeparators()
			if !p.nextIsParam() {
				return
			}
			continue
		}
		// Lenient: a parameter follows after whitespace only.
		if p.nextIsParam() {
			p.fail("auth-params not separated by a comma")
			continue
		}
		// Lenient: a new challenge follows without a comma. parseValue
		// reads it, or skips it if it is not even a token.
		p.fail("expected a comma after auth-param")
		return
	}
}

// nextIsParam reports whether the input at the position is "token BWS =".
func (p *parser) nextIsParam() bool {
	j := p.i
	for j < len(p.s) && isTchar(p.s[j]) {
		j++
	}
	if j == p.i {
		return false
	}
	for j < len(p.s) && (p.s[j] == ' ' || p.s[j] == '\t') {
		j++
	}
	return j < len(p.s) && p.s[j] == '='
}

// quoted reads a quoted-string starting at the opening quote and returns
// its content with quoted-pairs resolved. A missing closing quote takes the
// rest of the value and records an error.
func (p *parser) quoted() string {
	p.i++ // opening quote
	var b strings.Builder
	start := p.i
	plain := true // no escapes so far: return a substring
	for p.i < len(p.s) {
		ch := p.s[p.i]
		switch ch {
		case '"':
			p.i++
			if plain {
				return p.s[start : p.i-1]
			}
			return b.String()
		case '\\':
			if plain {
				b.WriteString(p.s[start:p.i])
				plain = false
			}
			p.i++
			if p.i < len(p.s) {
				b.WriteByte(p.s[p.i])
				p.i++
			}
			continue
		}
		if !plain {
			b.WriteByte(ch)
		}
		p.i++
	}
	p.fail("unterminated quoted-string")
	if plain {
		return p.s[start:]
	}
	return b.String()
}

func isTchar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func isToken68(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/'
}

// String returns the challenge in a normal form: the scheme, then the
// token68 or the parameters with every value quoted, separated by ", ".
func (c Challenge) String() string {
	var b strings.Builder
	b.WriteString(c.Scheme)
	if c.Token68 != "" {
		b.WriteByte(' ')
		b.WriteString(c.Token68)
	}
	for i, p := range c.Params {
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
		b.WriteString(`="`)
		for j := 0; j < len(p.Value); j++ {
			if p.Value[j] == '"' || p.Value[j] == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(p.Value[j])
		}
		b.WriteByte('"')
	}
	return b.String()
}
