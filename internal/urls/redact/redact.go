// Package redact removes from a URL what must never leave the browser or be
// written down.
//
// What "clean" means, in the order URL applies it:
//
//   - User-info (user name and password) and the fragment are always
//     removed. The fragment never reaches a server, so no archive keys on
//     it, and it is where OAuth's implicit flow puts access_token and
//     id_token.
//   - A query parameter whose name is secret is removed, with its value:
//     names in SecretParams, names ending in SecretSuffixes or starting
//     with SecretPrefixes, compared case-insensitively after
//     percent-decoding and ignoring '-', '_', '.' and spaces. A bracketed
//     name ("user[password]", "auth[token]", "token[]") is secret when its
//     innermost or outermost part is. Both '&' and ';' separate
//     parameters; the others keep their order, separators and encoding.
//   - Some names are secret only beside another: the members of an Azure
//     shared access signature (sv, se, sp, …) beside sig, CloudFront's
//     Policy beside Signature or Key-Pair-Id, OAuth's state beside code,
//     client_id, redirect_uri and the like (state=closed alone is kept);
//     vBulletin's "s" only with a 32-digit hexadecimal session hash.
//   - A parameter whose value holds a JSON Web Token or a well-known API
//     key (Google "AIza…", AWS "AKIA…", Stripe, GitHub, GitLab, Slack, …)
//     is removed whatever its name.
//   - A parameter whose value is an address (an absolute http(s) URL, or a
//     path with a query under a redirect name such as next, redirect_uri,
//     return_to, returnUrl, continue, url or dest) keeps its name; its
//     value is cleaned by these same rules, up to MaxDepth addresses deep
//     (deeper, the address loses its query), and written back
//     percent-encoded. Doubly encoded addresses are decoded once more.
//   - Path parameters (";jsessionid=…", ";sid=…") are removed by the same
//     name and value rules as query parameters.
//   - A path segment that is itself a secret is replaced by Placeholder,
//     keeping the shape of the path: a JWT, a known API key, a
//     random-looking token (20 or more letters and digits mixing upper
//     case, lower case and digits, as generated tokens do), a
//     "name=value" segment with a secret name, and, after a segment
//     that names a one-time flow (reset, verify, confirm, invite, magic,
//     login, unsubscribe, …), any UUID, 20 or more hexadecimal digits or
//     16 or more token characters mixing letters and digits.
//
// URL returns the names it removed; "/" stands for a replaced path
// segment and "?" for a whole query dropped on request.
package redact

import (
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/lite/stable"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Placeholder replaces a path segment that is a secret.
const Placeholder = "redacted"

// MaxDepth is how many addresses deep URL cleans addresses nested in
// parameter values.
const MaxDepth = 4

// ErrNotURL is returned for input that is not an absolute URL with a host.
var ErrNotURL = errors.New("redact: not an absolute URL")

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
	// KeepSecrets keeps secret-looking parameters and path segments.
	KeepSecrets bool
}

// URL parses raw, removes user-info, the fragment and, unless told
// otherwise, the secrets the package doc lists, and returns the result
// with the names of the parameters it removed (sorted, without
// duplicates).
func URL(raw string, opt Options) (clean string, removed []string, err error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", nil, errors.New("redact: " + strings.TrimPrefix(err.Error(), "parse "))
	}
	if !u.IsAbs() || u.Host == "" {
		return "", nil, ErrNotURL
	}
	r := redactor{keep: opt.KeepSecrets}
	r.clean(u, 0, opt.DropQuery)
	u.RawQuery = escapeTrailingSpace(u.RawQuery)
	return u.String(), r.names(), nil
}

// redactor cleans one URL and the addresses nested in it, collecting the
// names it removed.
type redactor struct {
	keep    bool
	removed map[string]bool
}

// remove records that name was removed.
func (r *redactor) remove(name string) {
	if r.removed == nil {
		r.removed = map[string]bool{}
	}
	r.removed[name] = true
}

// names returns the removed names, sorted, or nil.
func (r *redactor) names() []string {
	if len(r.removed) == 0 {
		return nil
	}
	out := make([]string, 0, len(r.removed))
	for n := range r.removed {
		out = append(out, n)
	}
	stable.Sort(out, strings.Compare)
	return out
}

// clean removes secrets from u in place and reports whether it changed
// anything.
func (r *redactor) clean(u *url.URL, depth int, dropQuery bool) bool {
	changed := u.User != nil || u.Fragment != "" || u.RawFragment != ""
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if !r.keep {
		if p := u.EscapedPath(); p != "" {
			if np := r.path(p); np != p {
				if dec, err := url.PathUnescape(np); err == nil {
					u.Path, u.RawPath = dec, np
					changed = true
				}
			}
		}
	}
	switch {
	case dropQuery:
		if u.RawQuery != "" || u.ForceQuery {
			if depth == 0 {
				r.remove("?")
			}
			changed = true
		}
		u.RawQuery, u.ForceQuery = "", false
	case !r.keep && u.RawQuery != "":
		if q := r.query(u.RawQuery, depth); q != u.RawQuery {
			u.RawQuery = q
			changed = true
		}
	}
	return changed
}

// path cleans an escaped path and returns it escaped.
func (r *redactor) path(p string) string {
	segs := strings.Split(p, "/")
	afterFlow := false
	for i, seg := range segs {
		if seg == "" {
			continue
		}
		base, params, hasParams := strings.Cut(seg, ";")
		if hasParams {
			params = r.pathParams(params)
		}
		dec, err := url.PathUnescape(base)
		if err != nil {
			dec = base
		}
		if dec != Placeholder && r.secretSegment(dec, afterFlow) {
			base = Placeholder
			r.remove("/")
		}
		if slices.Contains(flowWords, normalName(dec)) {
			afterFlow = true
		}
		switch {
		case !hasParams:
			segs[i] = base
		case params == "":
			segs[i] = base
		default:
			segs[i] = base + ";" + params
		}
	}
	return strings.Join(segs, "/")
}

// secretSegment reports whether one decoded path segment is a secret.
func (r *redactor) secretSegment(s string, afterFlow bool) bool {
	if isSecretSegment(s) || afterFlow && isTokenAfterFlow(s) || isCookielessSession(s) {
		return true
	}
	if name, value, ok := strings.Cut(s, "="); ok && name != "" {
		return IsSecretParam(name) || isSecretValue(value)
	}
	return false
}

// pathParams removes secret parameters from the ';'-separated
// parameters of one path segment.
func (r *redactor) pathParams(params string) string {
	kept := []string{}
	for _, p := range strings.Split(params, ";") {
		name, value, _ := strings.Cut(p, "=")
		dn, dv := unescape(name), unescape(value)
		if IsSecretParam(dn) || isSecretValue(dv) || isSecretValue(dn) {
			r.remove(dn)
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, ";")
}

// part is one parameter of a query with the separator before it.
type part struct {
	sep        byte
	raw        string
	name, val  string // percent-decoded
	hasEq      bool
	key        string // normalised innermost name
	rawValFrom int    // index of the value in raw
}

// query cleans a raw query and returns it raw.
func (r *redactor) query(raw string, depth int) string {
	var parts []part
	present := map[string]bool{}
	for start := 0; start <= len(raw); {
		end := strings.IndexAny(raw[start:], "&;")
		if end < 0 {
			end = len(raw)
		} else {
			end += start
		}
		p := part{raw: raw[start:end]}
		if start > 0 {
			p.sep = raw[start-1]
		}
		name, value, eq := strings.Cut(p.raw, "=")
		p.name, p.val, p.hasEq, p.rawValFrom = unescape(name), unescape(value), eq, len(name)+1
		p.key = keyName(p.name)
		present[p.key] = true
		parts = append(parts, p)
		start = end + 1
	}
	var b strings.Builder
	first := true
	for _, p := range parts {
		if r.secretParam(p, present) {
			r.remove(p.name)
			continue
		}
		text := p.raw
		if p.hasEq {
			if v, changed, drop := r.nested(p.val, p.key, depth); drop {
				r.remove(p.name)
				continue
			} else if changed {
				text = p.raw[:p.rawValFrom] + url.QueryEscape(v)
			}
		}
		if !first {
			b.WriteByte(p.sep)
		}
		first = false
		b.WriteString(text)
	}
	return b.String()
}

// secretParam reports whether one query parameter is removed.
func (r *redactor) secretParam(p part, present map[string]bool) bool {
	if p.name == "" && p.val == "" {
		return false
	}
	if IsSecretParam(p.name) || isSecretValue(p.val) || isSecretValue(p.name) {
		return true
	}
	if !p.hasEq && isSecretSegment(p.name) {
		return true
	}
	// vBulletin's session hash: s= and 32 hexadecimal digits.
	if p.key == "s" && len(p.val) == 32 && isHex(p.val) {
		return true
	}
	for _, t := range companions(p.key) {
		if present[t] {
			return true
		}
	}
	return false
}

// nested cleans a parameter value that is an address. It returns the
// cleaned value and whether it changed; drop is true when the value looks
// like an address with secrets that cannot be parsed.
func (r *redactor) nested(v, key string, depth int) (clean string, changed, drop bool) {
	lower := strings.ToLower(v)
	if strings.HasPrefix(lower, "http%3a") || strings.HasPrefix(lower, "https%3a") {
		inner, err := url.QueryUnescape(v)
		if err != nil {
			return v, false, true
		}
		c, ch, d := r.nested(inner, key, depth+1)
		if d || !ch {
			return v, false, d
		}
		return url.QueryEscape(c), true, false
	}
	abs := strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://")
	rel := slices.Contains(nestedParams, key) && strings.HasPrefix(v, "/")
	if !abs && !rel {
		return v, false, false
	}
	u, err := url.Parse(v)
	if err != nil {
		return v, false, strings.ContainsAny(v, "?;#@")
	}
	if !r.clean(u, depth+1, depth+1 >= MaxDepth) {
		return v, false, false
	}
	return u.String(), true, false
}

// escapeTrailingSpace percent-encodes the white space at the end of a raw
// query, which would otherwise be lost when the result is read again
// (URL trims its input) once the fragment or a parameter after it is
// gone.
func escapeTrailingSpace(q string) string {
	end := len(q)
	for end > 0 {
		r, n := utf8.DecodeLastRuneInString(q[:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	if end == len(q) {
		return q
	}
	var b strings.Builder
	b.WriteString(q[:end])
	for i := end; i < len(q); i++ {
		b.WriteString(url.PathEscape(q[i : i+1]))
	}
	return b.String()
}

// unescape percent-decodes a query name or value ('+' is a space); text
// that is not valid percent-encoding is returned as it is.
func unescape(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}
