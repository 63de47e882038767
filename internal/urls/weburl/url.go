package weburl

import (
	"errors"
	"strconv"
	"strings"
)

// URL is a parsed URL reference, field for field as in net/url:
//
//	[scheme:][//[userinfo@]host][/]path[?query][#fragment]
//	scheme:opaque[?query][#fragment]
//
// Path and Fragment are decoded; RawPath and RawFragment keep the
// original encoding only when it differs from the default one.
type URL struct {
	Scheme      string
	Opaque      string    // encoded opaque data
	User        *Userinfo // user name and password, or nil
	Host        string    // "host" or "host:port"
	Path        string    // decoded path
	Fragment    string    // decoded fragment, without '#'
	RawQuery    string    // encoded query, without '?'
	RawPath     string    // encoded path hint (see EscapedPath)
	RawFragment string    // encoded fragment hint (see EscapedFragment)
	ForceQuery  bool      // append '?' even when RawQuery is empty
	OmitHost    bool      // do not write an empty host ("file:/x")
}

// Userinfo is the immutable user name and optional password of a URL.
type Userinfo struct {
	username    string
	password    string
	passwordSet bool
}

// User returns a Userinfo with a user name and no password.
func User(username string) *Userinfo { return &Userinfo{username: username} }

// UserPassword returns a Userinfo with a user name and a password.
func UserPassword(username, password string) *Userinfo {
	return &Userinfo{username, password, true}
}

// Username returns the user name; it is safe on a nil Userinfo.
func (u *Userinfo) Username() string {
	if u == nil {
		return ""
	}
	return u.username
}

// Password returns the password and whether one is set; it is safe on a
// nil Userinfo.
func (u *Userinfo) Password() (string, bool) {
	if u == nil {
		return "", false
	}
	return u.password, u.passwordSet
}

// String returns the encoded "user[:password]".
func (u *Userinfo) String() string {
	if u == nil {
		return ""
	}
	s := escape(u.username, mUserinfo)
	if u.passwordSet {
		s += ":" + escape(u.password, mUserinfo)
	}
	return s
}

// Error is a parse error, with the operation and the URL it failed on.
type Error struct {
	Op  string
	URL string
	Err error
}

// Error returns the operation, the quoted URL and the cause.
func (e *Error) Error() string { return e.Op + " " + strconv.Quote(e.URL) + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Parse parses an absolute URL or a relative reference. Like net/url it
// accepts much that a browser would repair or refuse differently: see
// the package comment.
func Parse(rawURL string) (*URL, error) {
	rest, frag, hasFrag := strings.Cut(rawURL, "#")
	u, err := parse(rest, false)
	if err != nil {
		return nil, &Error{"parse", rest, err}
	}
	if hasFrag && frag != "" {
		if err := u.setFragment(frag); err != nil {
			return nil, &Error{"parse", rawURL, err}
		}
	}
	return u, nil
}

// ParseRequestURI parses a URL from an HTTP request line: absolute, or
// an absolute path, with no fragment.
func ParseRequestURI(rawURL string) (*URL, error) {
	u, err := parse(rawURL, true)
	if err != nil {
		return nil, &Error{"parse", rawURL, err}
	}
	return u, nil
}

// splitScheme returns the scheme of s and what follows its colon, or no
// scheme and s when s does not begin with one.
func splitScheme(s string) (scheme, rest string, err error) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9', c == '+', c == '-', c == '.':
			if i == 0 {
				return "", s, nil
			}
		case c == ':':
			if i == 0 {
				return "", "", errors.New("missing protocol scheme")
			}
			return s[:i], s[i+1:], nil
		default:
			return "", s, nil
		}
	}
	return "", s, nil
}

// parse parses s, which has no fragment. request is true for a request
// line (ParseRequestURI): no relative paths, "///x" is a path.
func parse(s string, request bool) (*URL, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return nil, errors.New("net/url: invalid control character in URL")
		}
	}
	if s == "" && request {
		return nil, errors.New("empty url")
	}
	u := new(URL)
	if s == "*" {
		u.Path = "*"
		return u, nil
	}
	scheme, rest, err := splitScheme(s)
	if err != nil {
		return nil, err
	}
	u.Scheme = strings.ToLower(scheme)

	if q := strings.IndexByte(rest, '?'); q == len(rest)-1 && q >= 0 {
		u.ForceQuery = true
		rest = rest[:q]
	} else if q >= 0 {
		rest, u.RawQuery = rest[:q], rest[q+1:]
	}

	if !strings.HasPrefix(rest, "/") {
		if u.Scheme != "" {
			u.Opaque = rest
			return u, nil
		}
		if request {
			return nil, errors.New("invalid URI for request")
		}
		// "a:b/c" without a scheme would read back as one.
		first := rest
		if i := strings.IndexByte(first, '/'); i >= 0 {
			first = first[:i]
		}
		if strings.IndexByte(first, ':') >= 0 {
			return nil, errors.New("first path segment in URL cannot contain colon")
		}
	}

	if strings.HasPrefix(rest, "//") && (u.Scheme != "" || !request && !strings.HasPrefix(rest, "///")) {
		authority := rest[2:]
		rest = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, rest = authority[:i], authority[i:]
		}
		if u.User, u.Host, err = parseAuthority(u.Scheme, authority); err != nil {
			return nil, err
		}
	} else if u.Scheme != "" && strings.HasPrefix(rest, "/") {
		u.OmitHost = true
	}
	if err := u.setPath(rest); err != nil {
		return nil, err
	}
	return u, nil
}

// parseAuthority splits "[userinfo@]host[:port]" and checks both parts.
func parseAuthority(scheme, authority string) (*Userinfo, string, error) {
	at := strings.LastIndexByte(authority, '@')
	host, err := parseHost(scheme, authority[at+1:])
	if err != nil {
		return nil, "", err
	}
	if at < 0 {
		return nil, host, nil
	}
	info := authority[:at]
	for _, r := range info {
		if r >= 0x80 || r < 0x80 && class[r]&mUserinfo == 0 && !strings.ContainsRune(":!$&'()*+,;=%@", r) {
			return nil, "", errors.New("net/url: invalid userinfo")
		}
	}
	name, pass, hasPass := strings.Cut(info, ":")
	if name, err = unescape(name, mUserinfo); err != nil {
		return nil, "", err
	}
	if !hasPass {
		return User(name), host, nil
	}
	if pass, err = unescape(pass, mUserinfo); err != nil {
		return nil, "", err
	}
	return UserPassword(name, pass), host, nil
}

// portError reports a port part that is not a colon and digits.
func portError(p string) error {
	return errors.New("invalid port " + strconv.Quote(p) + " after host")
}

// parseHost checks and decodes "host[:port]": a name, or an IPv6
// literal in brackets with an optional "%25zone".
func parseHost(scheme, host string) (string, error) {
	open := strings.LastIndexByte(host, '[')
	if open > 0 {
		return "", errors.New("invalid IP-literal")
	}
	if open < 0 {
		if i := strings.IndexByte(host, ':'); i >= 0 {
			// Only http and https refuse a host with several colons
			// (net/url's urlstrictcolons=1, Go 1.26's default).
			if scheme != "http" && scheme != "https" {
				i = strings.LastIndexByte(host, ':')
			}
			if !portOK(host[i:]) {
				return "", portError(host[i:])
			}
		}
		return unescape(host, mHost)
	}
	end := strings.LastIndexByte(host, ']')
	if end < 0 {
		return "", errors.New("missing ']' in host")
	}
	colonPort := host[end+1:]
	if !portOK(colonPort) {
		return "", portError(colonPort)
	}
	inner := host[1:end]
	var addr string
	if z := strings.Index(inner, "%25"); z >= 0 {
		a, err := unescape(inner[:z], mHost)
		if err != nil {
			return "", err
		}
		zone, err := unescape(inner[z:], mZone)
		if err != nil {
			return "", err
		}
		addr = a + zone
	} else {
		a, err := unescape(inner, mHost)
		if err != nil {
			return "", err
		}
		addr = a
	}
	if i := strings.IndexAny(addr, ".:%"); i >= 0 && addr[i] == '.' && isIPv4(addr) {
		return "", errors.New("invalid IP-literal")
	}
	if !isIPv6(addr) {
		return "", errors.New("invalid host: bad IPv6 literal " + strconv.Quote(addr))
	}
	return "[" + addr + "]" + colonPort, nil
}

// portOK reports whether p is empty or a colon and digits.
func portOK(p string) bool {
	if p == "" {
		return true
	}
	if p[0] != ':' {
		return false
	}
	for i := 1; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
	}
	return true
}

// setPath sets Path from the encoded p, and RawPath when p is not the
// default encoding of Path.
func (u *URL) setPath(p string) error {
	dec, err := unescape(p, mPath)
	if err != nil {
		return err
	}
	u.Path, u.RawPath = dec, ""
	if escape(dec, mPath) != p {
		u.RawPath = p
	}
	return nil
}

// EscapedPath returns the encoded path: RawPath when it is a valid
// encoding of Path, else Path encoded the default way.
func (u *URL) EscapedPath() string {
	if u.RawPath != "" && validEncoded(u.RawPath, mPath) {
		if p, err := unescape(u.RawPath, mPath); err == nil && p == u.Path {
			return u.RawPath
		}
	}
	if u.Path == "*" {
		return "*"
	}
	return escape(u.Path, mPath)
}

// setFragment sets Fragment from the encoded f, and RawFragment when f
// is not the default encoding of Fragment.
func (u *URL) setFragment(f string) error {
	dec, err := unescape(f, mFragment)
	if err != nil {
		return err
	}
	u.Fragment, u.RawFragment = dec, ""
	if escape(dec, mFragment) != f {
		u.RawFragment = f
	}
	return nil
}

// EscapedFragment returns the encoded fragment: RawFragment when it is a
// valid encoding of Fragment, else Fragment encoded the default way.
func (u *URL) EscapedFragment() string {
	if u.RawFragment != "" && validEncoded(u.RawFragment, mFragment) {
		if f, err := unescape(u.RawFragment, mFragment); err == nil && f == u.Fragment {
			return u.RawFragment
		}
	}
	return escape(u.Fragment, mFragment)
}

// String reassembles the URL in its encoded form.
func (u *URL) String() string {
	var b strings.Builder
	b.Grow(len(u.Scheme) + len(u.Opaque) + len(u.Host) + len(u.Path) + len(u.RawQuery) + len(u.Fragment) + 16)
	if u.Scheme != "" {
		b.WriteString(u.Scheme)
		b.WriteByte(':')
	}
	if u.Opaque != "" {
		b.WriteString(u.Opaque)
	} else {
		if (u.Scheme != "" || u.Host != "" || u.User != nil) && !(u.OmitHost && u.Host == "" && u.User == nil) {
			if u.Host != "" || u.Path != "" || u.User != nil {
				b.WriteString("//")
			}
			if u.User != nil {
				b.WriteString(u.User.String())
				b.WriteByte('@')
			}
			b.WriteString(escape(u.Host, mHost))
		}
		p := u.EscapedPath()
		if p != "" && p[0] != '/' && u.Host != "" {
			b.WriteByte('/')
		}
		if b.Len() == 0 {
			// A colon in the first segment would read back as a scheme.
			first := p
			if i := strings.IndexByte(first, '/'); i >= 0 {
				first = first[:i]
			}
			if strings.IndexByte(first, ':') >= 0 {
				b.WriteString("./")
			}
		}
		b.WriteString(p)
	}
	if u.ForceQuery || u.RawQuery != "" {
		b.WriteByte('?')
		b.WriteString(u.RawQuery)
	}
	if u.Fragment != "" {
		b.WriteByte('#')
		b.WriteString(u.EscapedFragment())
	}
	return b.String()
}

// Redacted is String with any password replaced by "xxxxx".
func (u *URL) Redacted() string {
	if u == nil {
		return ""
	}
	c := *u
	if _, ok := c.User.Password(); ok {
		c.User = UserPassword(c.User.Username(), "xxxxx")
	}
	return c.String()
}

// IsAbs reports whether the URL has a scheme.
func (u *URL) IsAbs() bool { return u.Scheme != "" }

// Hostname returns Host without its port and without the brackets of an
// IPv6 literal.
func (u *URL) Hostname() string {
	h, _ := splitHostPort(u.Host)
	return h
}

// Port returns the port of Host without its colon, or "".
func (u *URL) Port() string {
	_, p := splitHostPort(u.Host)
	return p
}

// splitHostPort splits Host at its last colon when digits follow it, and
// drops the brackets of an IPv6 literal.
func splitHostPort(hp string) (host, port string) {
	host = hp
	if i := strings.LastIndexByte(host, ':'); i >= 0 && portOK(host[i:]) {
		host, port = host[:i], host[i+1:]
	}
	if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	return host, port
}

// RequestURI returns the encoded path?query (or opaque?query) that an
// HTTP request line would carry.
func (u *URL) RequestURI() string {
	r := u.Opaque
	if r == "" {
		if r = u.EscapedPath(); r == "" {
			r = "/"
		}
	} else if strings.HasPrefix(r, "//") {
		r = u.Scheme + ":" + r
	}
	if u.ForceQuery || u.RawQuery != "" {
		r += "?" + u.RawQuery
	}
	return r
}

// Query parses RawQuery, dropping malformed pairs.
func (u *URL) Query() Values {
	v, _ := ParseQuery(u.RawQuery)
	return v
}
