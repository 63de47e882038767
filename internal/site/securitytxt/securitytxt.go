// Package securitytxt reads security.txt files (RFC 9116), where a site
// names whom to contact about security problems, and tells where to look
// for them.
//
// Parse accepts the file as served, with or without an OpenPGP cleartext
// signature (the armour is removed and File.Signed set; the signature is
// not verified), with LF or CRLF line ends, comments and unknown fields. It
// reads at most MaxBytes and MaxLines and keeps at most MaxValues values per
// field. Problems that do not stop parsing are reported as message keys in
// File.Notes (see the Note constants); input that is no security.txt at
// all (an HTML page, binary data, a file without any field) is an error.
package securitytxt

import (
	"bytes"
	"errors"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"strings"
	"time"
	"unicode/utf8"

	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Bounds of Parse.
const (
	// MaxBytes is the largest file Parse accepts.
	MaxBytes = 32 << 10
	// MaxLines is how many lines Parse reads.
	MaxLines = 1000
	// MaxValues is how many values of one field Parse keeps.
	MaxValues = 20
	// MaxValueBytes drops longer values.
	MaxValueBytes = 2048
)

// Errors returned by Parse.
var (
	ErrTooLarge = errors.New("securitytxt: file larger than 32 KiB")
	ErrBinary   = errors.New("securitytxt: binary data, not a text file")
	ErrHTML     = errors.New("securitytxt: an HTML page, not a security.txt file")
	ErrNoFields = errors.New("securitytxt: no security.txt fields")
)

// Notes are message keys for problems Parse found but could read past.
const (
	NoteMissingContact  = "missing-contact"  // no usable Contact field
	NoteMissingExpires  = "missing-expires"  // no Expires field (required)
	NoteInvalidExpires  = "invalid-expires"  // Expires is not an RFC 3339 date-time
	NoteDuplicateField  = "duplicate-field"  // Expires, Preferred-Languages or a value given twice
	NoteExpiresTooFar   = "expires-too-far"  // Expires more than a year ahead
	NoteContactNotURI   = "contact-not-uri"  // a bare address, read as mailto:
	NoteBadScheme       = "bad-scheme"       // a value with a scheme other than https, mailto, tel, openpgp4fpr, dns; dropped
	NoteInsecureURI     = "insecure-uri"     // an http: URI where https: is required
	NoteInvalidLine     = "invalid-line"     // a line that is neither field, comment nor blank
	NoteInvalidUTF8     = "invalid-utf8"     // bytes that are not UTF-8 were replaced
	NoteTooManyLines    = "too-many-lines"   // lines after MaxLines were ignored
	NoteTooManyValues   = "too-many-values"  // values after MaxValues were ignored
	NoteBadSignature    = "bad-signature"    // a signed file without its signature block
	NoteUnsignedContent = "unsigned-content" // fields outside the signed part were ignored
)

// File is a parsed security.txt file. Slices are never nil.
type File struct {
	// Contact lists the Contact values in file order: mailto:, https: or
	// tel: URIs.
	Contact []string `json:"contact"`
	// Expires is the Expires value; zero (and omitted from JSON) when it
	// is missing or invalid.
	Expires time.Time `json:"expires,omitzero"`
	// Expired reports that Expires is not after the time given to Parse.
	Expired            bool     `json:"expired"`
	Encryption         []string `json:"encryption"`
	Acknowledgments    []string `json:"acknowledgments"`
	PreferredLanguages []string `json:"preferredLanguages"`
	Canonical          []string `json:"canonical"`
	Policy             []string `json:"policy"`
	Hiring             []string `json:"hiring"`
	CSAF               []string `json:"csaf"`
	// Signed reports an OpenPGP cleartext-signed file (not verified).
	Signed bool `json:"signed"`
	// Notes lists problems as message keys, each once, in the order found.
	Notes []string `json:"notes"`
}

// URLs returns where to look for the security.txt of origin (an http(s)
// URL whose path is ignored): /.well-known/security.txt first, then the
// legacy /security.txt.
func URLs(origin string) ([]string, error) {
	u, err := url.Parse(strings.TrimSpace(origin))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("securitytxt: origin is not an http(s) URL")
	}
	o := u.Scheme + "://" + u.Host
	return []string{o + "/.well-known/security.txt", o + "/security.txt"}, nil
}

const (
	beginSigned = "-----BEGIN PGP SIGNED MESSAGE-----"
	beginSig    = "-----BEGIN PGP SIGNATURE-----"
	endSig      = "-----END PGP SIGNATURE-----"
)

// Parse reads a security.txt file. now decides File.Expired.
func Parse(data []byte, now time.Time) (File, error) {
	f := File{
		Contact: []string{}, Encryption: []string{}, Acknowledgments: []string{},
		PreferredLanguages: []string{}, Canonical: []string{}, Policy: []string{},
		Hiring: []string{}, CSAF: []string{}, Notes: []string{},
	}
	if len(data) > MaxBytes {
		return f, ErrTooLarge
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return f, ErrBinary
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	text := string(data)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		f.note(NoteInvalidUTF8)
	}
	if t := strings.TrimLeft(text, " \t\r\n"); strings.HasPrefix(t, "<") {
		return f, ErrHTML
	}

	lines := strings.Split(text, "\n")
	if len(lines) > MaxLines {
		lines = lines[:MaxLines]
		f.note(NoteTooManyLines)
	}
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}
	lines = f.unarmour(lines)

	fields := 0
	seen := map[string]bool{}
	expiresSeen, langSeen := false, false
	for _, line := range lines {
		l := strings.TrimSpace(line)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		name, value, ok := strings.Cut(l, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			f.note(NoteInvalidLine)
			continue
		}
		value = strings.TrimSpace(value)
		if len(value) > MaxValueBytes || hasControl(value) {
			f.note(NoteInvalidLine)
			continue
		}
		key := strings.ToLower(name)
		switch key {
		case "contact", "encryption", "acknowledgments", "acknowledgements", "canonical", "policy", "hiring", "csaf":
		case "expires":
			fields++
			if expiresSeen {
				f.note(NoteDuplicateField)
				continue
			}
			expiresSeen = true
			t, ok := timeparse.Parse(time.RFC3339, value)
			if !ok {
				f.note(NoteInvalidExpires)
				continue
			}
			f.Expires = t
			f.Expired = !now.Before(t)
			if t.After(now.AddDate(1, 0, 0)) {
				f.note(NoteExpiresTooFar)
			}
			continue
		case "preferred-languages":
			fields++
			if langSeen {
				f.note(NoteDuplicateField)
				continue
			}
			langSeen = true
			for _, tag := range strings.Split(value, ",") {
				if tag = strings.TrimSpace(tag); tag != "" && len(f.PreferredLanguages) < MaxValues && validTag(tag) {
					f.PreferredLanguages = append(f.PreferredLanguages, tag)
				}
			}
			continue
		default:
			continue // unknown fields are allowed and ignored
		}
		fields++
		var list *[]string
		switch key {
		case "contact":
			value = f.contact(value)
			list = &f.Contact
		case "encryption":
			value = f.uri(value, "https", "dns", "openpgp4fpr")
			list = &f.Encryption
		case "acknowledgments", "acknowledgements":
			value = f.uri(value, "https")
			list = &f.Acknowledgments
		case "canonical":
			value = f.uri(value, "https")
			list = &f.Canonical
		case "policy":
			value = f.uri(value, "https")
			list = &f.Policy
		case "hiring":
			value = f.uri(value, "https")
			list = &f.Hiring
		case "csaf":
			value = f.uri(value, "https")
			list = &f.CSAF
		}
		if value == "" {
			continue
		}
		if seen[key+"\x00"+value] {
			f.note(NoteDuplicateField)
			continue
		}
		seen[key+"\x00"+value] = true
		if len(*list) >= MaxValues {
			f.note(NoteTooManyValues)
			continue
		}
		*list = append(*list, value)
	}
	if fields == 0 {
		return f, ErrNoFields
	}
	if len(f.Contact) == 0 {
		f.note(NoteMissingContact)
	}
	if !expiresSeen {
		f.note(NoteMissingExpires)
	}
	return f, nil
}

// unarmour returns the signed text of an OpenPGP cleartext-signed file
// (RFC 4880 section 7), or lines unchanged for an unsigned one.
func (f *File) unarmour(lines []string) []string {
	start := -1
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if t == beginSigned {
			start = i
		}
		break
	}
	if start < 0 {
		return lines
	}
	f.Signed = true
	// Armour headers ("Hash: SHA512") end at the first blank line.
	i := start + 1
	for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
		i++
	}
	var out []string
	for i++; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == beginSig {
			break
		}
		// Dash-escaped lines.
		out = append(out, strings.TrimPrefix(l, "- "))
	}
	if i >= len(lines) {
		f.note(NoteBadSignature)
		return out
	}
	for ; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == endSig {
			break
		}
	}
	if i >= len(lines) {
		f.note(NoteBadSignature)
	}
	for _, l := range lines[min(i+1, len(lines)):] {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			f.note(NoteUnsignedContent)
			break
		}
	}
	return out
}

// contact checks a Contact value; a bare e-mail address becomes a mailto:
// URI.
func (f *File) contact(v string) string {
	if !strings.Contains(v, ":") && strings.Count(v, "@") == 1 && !strings.ContainsAny(v, " <>\"") {
		f.note(NoteContactNotURI)
		return "mailto:" + v
	}
	return f.uri(v, "https", "mailto", "tel")
}

// uri returns v when it is a URI with one of the schemes (http is
// accepted where https is allowed, with a note), or "".
func (f *File) uri(v string, schemes ...string) string {
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" {
		f.note(NoteBadScheme)
		return ""
	}
	s := strings.ToLower(u.Scheme)
	v = s + v[len(u.Scheme):] // the scheme in lower case
	for _, want := range schemes {
		if s == want {
			if (s == "https") && u.Host == "" {
				break
			}
			return v
		}
		if s == "http" && want == "https" && u.Host != "" {
			f.note(NoteInsecureURI)
			return v
		}
	}
	f.note(NoteBadScheme)
	return ""
}

func (f *File) note(key string) {
	for _, n := range f.Notes {
		if n == key {
			return
		}
	}
	f.Notes = append(f.Notes, key)
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < ' ' && r != '\t' || r == 0x7f {
			return true
		}
	}
	return false
}

// validTag reports whether s looks like a language tag (RFC 5646):
// letters, digits and hyphens, at most 35 characters.
func validTag(s string) bool {
	if len(s) > 35 {
		return false
	}
	for _, c := range s {
		if !(c == '-' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')) {
			return false
		}
	}
	return true
}
