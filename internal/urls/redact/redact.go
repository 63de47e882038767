// Package redact removes from a URL what must never leave the browser or be
// written down: user-info (credentials), the fragment, and query parameters
// whose names look like secrets.
//
// Secret-looking parameter names are matched case-insensitively, ignoring
// '-' and '_', against SecretParams, and also when a name ends in one of
// SecretSuffixes (for example "api_key", "X-Amz-Signature", "id_token").
package redact

import (
	"errors"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SecretParams lists query parameter names, normalised to lower case without
// '-' or '_', that are removed before a URL leaves the machine.
var SecretParams = []string{
	"token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "csrftoken", "xsrftoken",
	"key", "apikey", "accesskey", "secret", "clientsecret",
	"sig", "signature", "hmac", "hash",
	"session", "sessionid", "sid", "phpsessid", "jsessionid", "aspsessionid",
	"auth", "authorization", "password", "passwd", "pwd", "pass",
	"code", "state", "nonce", "otp", "ticket", "credential", "credentials",
	"xamzsignature", "xamzcredential", "xamzsecuritytoken", "xgoogsignature", "xgoogcredential",
	"awsaccesskeyid", "googleaccessid", "expires", "samlresponse", "samlrequest",
}

// SecretSuffixes lists normalised endings that make any parameter secret.
var SecretSuffixes = []string{"token", "secret", "password", "signature", "apikey", "sessionid"}

var secretSet = func() map[string]bool {
	m := make(map[string]bool, len(SecretParams))
	for _, p := range SecretParams {
		m[p] = true
	}
	return m
}()

// ErrNotURL is returned for input that is not an absolute URL with a host.
var ErrNotURL = errors.New("redact: not an absolute URL")

// IsSecretParam reports whether a query parameter name looks like a secret.
func IsSecretParam(name string) bool {
	n := strings.ToLower(name)
	if strings.ContainsAny(n, "-_.") {
		b := make([]byte, 0, len(n))
		for i := 0; i < len(n); i++ {
			if c := n[i]; c != '-' && c != '_' && c != '.' {
				b = append(b, c)
			}
		}
		n = string(b)
	}
	if secretSet[n] {
		return true
	}
	for _, s := range SecretSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// Credentials returns u without user-info and fragment. It does not modify u.
func Credentials(u *url.URL) *url.URL {
	c := *u
	c.User = nil
	c.Fragment = ""
	c.RawFragment = ""
	return &c
}

// Options selects what URL removes besides credentials and the fragment.
type Options struct {
	// DropQuery removes the whole query string.
	DropQuery bool
	// KeepSecrets keeps secret-looking query parameters.
	KeepSecrets bool
}

// URL parses raw, removes user-info, the fragment and, unless told
// otherwise, secret-looking query parameters, and returns the result with
// the names of the parameters it removed (sorted, without duplicates).
func URL(raw string, opt Options) (clean string, removed []string, err error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", nil, errors.New("redact: " + strings.TrimPrefix(err.Error(), "parse "))
	}
	if !u.IsAbs() || u.Host == "" {
		return "", nil, ErrNotURL
	}
	u = Credentials(u)
	switch {
	case opt.DropQuery:
		if u.RawQuery != "" {
			removed = append(removed, "?")
		}
		u.RawQuery = ""
		u.ForceQuery = false
	case !opt.KeepSecrets && u.RawQuery != "":
		u.RawQuery, removed = filterQuery(u.RawQuery)
	}
	u.RawQuery = escapeSpaces(u.RawQuery)
	return u.String(), removed, nil
}

// escapeSpaces percent-encodes the white space url.Parse leaves raw in a
// query (" ", U+00A0, …), as browsers send it. Otherwise a query that ends
// in a space before the removed fragment ("?q= #f") would end the result,
// and reading that result again would trim it: the answer must read back
// as itself.
func escapeSpaces(q string) string {
	if !strings.ContainsFunc(q, unicode.IsSpace) {
		return q
	}
	var b strings.Builder
	for _, r := range q {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
			continue
		}
		var buf [utf8.UTFMax]byte
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	return b.String()
}

// filterQuery drops secret parameters from a raw query while keeping the
// order and the encoding of the others.
func filterQuery(raw string) (string, []string) {
	var kept []string
	seen := map[string]bool{}
	var removed []string
	for _, part := range strings.Split(raw, "&") {
		name := part
		if i := strings.IndexByte(part, '='); i >= 0 {
			name = part[:i]
		}
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if name != "" && IsSecretParam(name) {
			if !seen[name] {
				seen[name] = true
				removed = append(removed, name)
			}
			continue
		}
		kept = append(kept, part)
	}
	sort.Strings(removed)
	return strings.Join(kept, "&"), removed
}
