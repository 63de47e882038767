package registry

import (
	"errors"
	"net"
	"net/url"
	"strings"
)

// MaxMementoHosts is the most hosts an archive's "mementos" may list.
const MaxMementoHosts = 16

// ErrMementoDropped is wrapped by every error of CheckMemento, so that a
// caller can tell a refused copy from other failures.
var ErrMementoDropped = errors.New("registry: memento dropped")

// mementoError is a refused memento; its text says why in plain words and
// never holds the URL (answers and logs must not carry it).
type mementoError struct{ why string }

func (e *mementoError) Error() string { return "registry: memento dropped: " + e.why }
func (e *mementoError) Unwrap() error { return ErrMementoDropped }

func dropped(why string) error { return &mementoError{why} }

// CheckMemento resolves ref against base (the URL of the answer it came
// from; nil when ref must be absolute) and returns the absolute URL if it is
// http(s), has no user-info, and its host (with port) is one this archive
// names: the host of its endpoint, fallback or replay prefix, or one of its
// Mementos hosts. A host named without a port matches the scheme's default
// port only. Otherwise it returns an error wrapping ErrMementoDropped whose
// text says why in plain words, without the URL, for example
// "registry: memento dropped: javascript: scheme".
//
// The returned URL has its host in lower case, without a trailing dot and
// without a default port, so that what the person opens is what was
// checked. Control characters (tabs and line breaks included, which a
// browser would silently remove), backslashes (which a browser reads as
// "/") and hosts that are not plain ASCII are refused rather than
// interpreted.
func (a *Archive) CheckMemento(ref string, base *url.URL) (*url.URL, error) {
	if len(ref) == 0 {
		return nil, dropped("empty URL")
	}
	for i := 0; i < len(ref); i++ {
		switch c := ref[i]; {
		case c < 0x20 || c == 0x7f:
			return nil, dropped("control character in URL")
		case c == '\\':
			return nil, dropped("backslash in URL")
		case c == ' ':
			return nil, dropped("space in URL")
		}
	}
	var u *url.URL
	var err error
	if base != nil {
		u, err = base.Parse(ref)
	} else {
		u, err = url.Parse(ref)
	}
	if err != nil {
		return nil, dropped("malformed URL")
	}
	if !u.IsAbs() {
		return nil, dropped("not an absolute URL")
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return nil, dropped(schemeName(s) + " scheme")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.User != nil || strings.Contains(u.Host, "@") {
		return nil, dropped("user-info in URL")
	}
	if u.Opaque != "" || u.Host == "" {
		return nil, dropped("no host")
	}
	host, port, err := splitHostPort(u.Host)
	if err != nil {
		return nil, dropped("malformed host")
	}
	for i := 0; i < len(host); i++ {
		if host[i] >= 0x80 {
			return nil, dropped("host not in ASCII")
		}
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return nil, dropped("no host")
	}
	if port == defaultPort(u.Scheme) {
		port = ""
	}
	hostOK := false
	for _, h := range a.mementoHosts() {
		hh, hp, err := splitHostPort(h)
		if err != nil || hh != host {
			continue
		}
		hostOK = true
		if hp == port || hp == "" && port == "" {
			u.Host = joinHostPort(host, port)
			return u, nil
		}
	}
	if hostOK {
		return nil, dropped("port not named by the registry")
	}
	return nil, dropped("host not named by the registry")
}

// MementoHosts returns the hosts (host or host:port, lower case, default
// ports left out) that serve this archive's copies: the hosts of its
// endpoint, fallback and replay prefixes, and its Mementos.
func (a *Archive) MementoHosts() []string {
	return append([]string(nil), a.mementoHosts()...)
}

func (a *Archive) mementoHosts() []string {
	var hosts []string
	add := func(raw string) {
		if raw == "" {
			return
		}
		probe := placeholders.Replace(raw)
		u, err := url.Parse(probe)
		if err != nil || u.Host == "" {
			return
		}
		h, p, err := splitHostPort(u.Host)
		if err != nil {
			return
		}
		if p == defaultPort(strings.ToLower(u.Scheme)) {
			p = ""
		}
		hosts = append(hosts, joinHostPort(strings.TrimSuffix(strings.ToLower(h), "."), p))
	}
	for _, e := range []*Endpoint{&a.Endpoint, a.Fallback} {
		if e != nil {
			add(e.URL)
			add(e.Replay)
		}
	}
	for _, m := range a.Mementos {
		hosts = append(hosts, m)
	}
	return hosts
}

var placeholders = strings.NewReplacer("{url}", "x", "{timestamp}", "20000101000000")

// checkMementoHost checks one entry of "mementos": a lower-case host name
// or IP address, optionally with a port, and nothing else.
func checkMementoHost(s string) error {
	if s == "" || len(s) > 260 {
		return errors.New("mementos: empty or overlong host")
	}
	if s != strings.ToLower(s) {
		return errors.New("mementos: host " + quoteShort(s) + " must be lower case")
	}
	u, err := url.Parse("http://" + s + "/")
	if err != nil || u.Host != s || u.User != nil || u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("mementos: " + quoteShort(s) + " is not a host or host:port")
	}
	h, p, err := splitHostPort(s)
	if err != nil || h == "" || strings.HasSuffix(h, ".") || strings.Trim(h, "abcdefghijklmnopqrstuvwxyz0123456789.-:[]") != "" {
		return errors.New("mementos: " + quoteShort(s) + " is not a host or host:port")
	}
	if p == "80" || p == "443" {
		return errors.New("mementos: leave the default port out of " + quoteShort(s))
	}
	return nil
}

// splitHostPort splits "host", "host:port", "[v6]" or "[v6]:port"; the
// brackets of an IPv6 address are kept so that joinHostPort restores it.
func splitHostPort(hp string) (host, port string, err error) {
	if strings.HasPrefix(hp, "[") {
		end := strings.IndexByte(hp, ']')
		if end < 0 {
			return "", "", errors.New("bad host")
		}
		host, rest := hp[:end+1], hp[end+1:]
		if rest == "" {
			return host, "", nil
		}
		if rest[0] != ':' || !digits(rest[1:]) {
			return "", "", errors.New("bad port")
		}
		return host, normPort(rest[1:]), nil
	}
	i := strings.LastIndexByte(hp, ':')
	if i < 0 {
		return hp, "", nil
	}
	if !digits(hp[i+1:]) || strings.IndexByte(hp[:i], ':') >= 0 {
		return "", "", errors.New("bad port")
	}
	return hp[:i], normPort(hp[i+1:]), nil
}

// normPort drops leading zeros, as a URL parser does ("0080" is port 80).
func normPort(p string) string {
	t := strings.TrimLeft(p, "0")
	if t == "" && p != "" {
		return "0"
	}
	return t
}

func joinHostPort(host, port string) string {
	if port == "" {
		return host
	}
	if strings.HasPrefix(host, "[") {
		return host + ":" + port
	}
	return net.JoinHostPort(host, port)
}

func digits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// schemeName returns a scheme fit to be shown in an error: letters, digits
// and "+-." only, at most 20 of them.
func schemeName(s string) string {
	if len(s) > 20 {
		s = s[:20]
	}
	b := []byte(s)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
			b[i] = '?'
		}
	}
	return string(b) + ":"
}

func quoteShort(s string) string {
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return `"` + s + `"`
}
