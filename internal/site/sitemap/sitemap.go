// Package sitemap reads sitemaps (sitemaps.org protocol 0.9): XML
// <urlset> files, <sitemapindex> files that name other sitemaps, and text
// sitemaps with one URL per line.
//
// Parse never fetches anything: for a sitemap index it returns the nested
// sitemap URLs and the caller decides how many to fetch (Sesame follows at
// most one level). It reads at most MaxBytes, keeps at most MaxURLs page
// URLs and MaxSitemaps sitemap URLs, and never expands entities other than
// the five predefined ones and numeric character references, so entity
// bombs ("billion laughs") and external entities do nothing. The scanner
// keeps no element stack, so deep nesting costs no memory.
package sitemap

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/urls/redact"

	"github.com/sesame-help/sesame/internal/urls/origin"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Bounds of Parse.
const (
	// MaxBytes is how much of a sitemap Parse reads.
	MaxBytes = 5 << 20
	// MaxURLs caps Result.URLs.
	MaxURLs = 50000
	// MaxSitemaps caps Result.Sitemaps.
	MaxSitemaps = 1000
	// MaxURLBytes drops longer URLs.
	MaxURLBytes = 2048
)

// Errors returned by Parse.
var (
	ErrGzip     = errors.New("sitemap: gzip-compressed sitemaps are not supported")
	ErrNotXML   = errors.New("sitemap: not a sitemap (root element is neither urlset nor sitemapindex)")
	ErrNoURLs   = errors.New("sitemap: no http(s) URLs")
	ErrBadInput = errors.New("sitemap: binary data")
)

// Result is what a sitemap lists. Slices are never nil.
type Result struct {
	// URLs are the page URLs (<url><loc> or the lines of a text sitemap),
	// absolute http(s), without user-info or fragment, without
	// duplicates, in file order.
	URLs []string `json:"urls"`
	// Sitemaps are the sitemaps a <sitemapindex> names.
	Sitemaps []string `json:"sitemaps"`
	// Truncated reports that a bound (MaxBytes, MaxURLs, MaxSitemaps) cut
	// the list short.
	Truncated bool `json:"truncated"`
}

// Parse reads an XML or text sitemap.
func Parse(data []byte) (Result, error) {
	r := Result{URLs: []string{}, Sitemaps: []string{}}
	if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
		return r, ErrGzip
	}
	if len(data) > MaxBytes {
		data = data[:MaxBytes]
		r.Truncated = true
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return r, ErrBadInput
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	p := parser{r: &r, seen: map[string]bool{}}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '<' {
		if err := p.xml(string(trimmed)); err != nil {
			return r, err
		}
	} else {
		p.text(string(data))
	}
	if len(r.URLs) == 0 && len(r.Sitemaps) == 0 {
		return r, ErrNoURLs
	}
	return r, nil
}

type parser struct {
	r    *Result
	seen map[string]bool
}

// add records one URL (page or sitemap); it reports false when the lists
// are full.
func (p *parser) add(raw string, sitemap bool) bool {
	list, max := &p.r.URLs, MaxURLs
	if sitemap {
		list, max = &p.r.Sitemaps, MaxSitemaps
	}
	if len(*list) >= max {
		p.r.Truncated = true
		return false
	}
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > MaxURLBytes {
		return true
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return true
	}
	s := redact.Credentials(u).String()
	if !p.seen[s] {
		p.seen[s] = true
		*list = append(*list, s)
	}
	return true
}

// text reads a text sitemap: one URL per line, anything else ignored.
func (p *parser) text(s string) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	for s != "" {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		if !p.add(strings.TrimSuffix(line, "\r"), false) {
			return
		}
	}
}

// xml scans an XML sitemap. It looks only at <loc> elements directly
// inside <url> (or <sitemap>) elements whose prefix is the root's, so
// extension elements such as <image:loc> are ignored.
func (p *parser) xml(s string) error {
	root, prefix := "", ""
	inEntry := false
	entry := ""
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<!--"):
			s = skipPast(s, "-->")
			continue
		case strings.HasPrefix(s, "<![CDATA["):
			s = skipPast(s, "]]>")
			continue
		case strings.HasPrefix(s, "<?"):
			s = skipPast(s, "?>")
			continue
		case strings.HasPrefix(s, "<!"):
			// DOCTYPE, possibly with an internal subset: entity
			// declarations are skipped, never expanded.
			if j := strings.IndexAny(s, "[>"); j >= 0 && s[j] == '[' {
				s = skipPast(s, "]")
			}
			s = skipPast(s, ">")
			continue
		}
		end := strings.IndexByte(s, '>')
		if end < 0 {
			break
		}
		tag := s[1:end]
		s = s[end+1:]
		closing := strings.HasPrefix(tag, "/")
		tag = strings.TrimPrefix(tag, "/")
		name := tag
		if j := strings.IndexAny(name, " \t\r\n/"); j >= 0 {
			name = name[:j]
		}
		pre, local := "", name
		if j := strings.IndexByte(name, ':'); j >= 0 {
			pre, local = name[:j], name[j+1:]
		}
		if root == "" {
			if closing || (local != "urlset" && local != "sitemapindex") {
				return ErrNotXML
			}
			root, prefix = local, pre
			entry = "url"
			if root == "sitemapindex" {
				entry = "sitemap"
			}
			continue
		}
		if pre != prefix {
			continue
		}
		switch local {
		case entry:
			inEntry = !closing && !strings.HasSuffix(tag, "/")
		case "loc":
			if closing || !inEntry || strings.HasSuffix(tag, "/") {
				continue
			}
			closeTag := "</" + name + ">"
			j := strings.Index(s, closeTag)
			if j < 0 {
				return nil
			}
			text := s[:j]
			s = s[j+len(closeTag):]
			if !p.add(xmlText(text), root == "sitemapindex") {
				return nil
			}
		}
	}
	return nil
}

func skipPast(s, end string) string {
	if j := strings.Index(s, end); j >= 0 {
		return s[j+len(end):]
	}
	return ""
}

// xmlText returns the character data of an element's content: CDATA
// sections as they are, the predefined entities and numeric character
// references decoded, anything else (other entities, tags) dropped or kept
// literally. It never expands declared entities.
func xmlText(s string) string {
	if !strings.ContainsAny(s, "&<") {
		return s
	}
	var b strings.Builder
	for s != "" {
		switch {
		case strings.HasPrefix(s, "<![CDATA["):
			body, rest, _ := strings.Cut(s[len("<![CDATA["):], "]]>")
			b.WriteString(body)
			s = rest
		case s[0] == '<':
			s = skipPast(s, ">")
		case s[0] == '&':
			name, rest, ok := strings.Cut(s[1:], ";")
			if !ok || len(name) > 10 {
				b.WriteByte('&')
				s = s[1:]
				continue
			}
			s = rest
			switch name {
			case "amp":
				b.WriteByte('&')
			case "lt":
				b.WriteByte('<')
			case "gt":
				b.WriteByte('>')
			case "quot":
				b.WriteByte('"')
			case "apos":
				b.WriteByte('\'')
			default:
				if strings.HasPrefix(name, "#") {
					var n uint64
					var err error
					if strings.HasPrefix(name, "#x") || strings.HasPrefix(name, "#X") {
						n, err = strconv.ParseUint(name[2:], 16, 32)
					} else {
						n, err = strconv.ParseUint(name[1:], 10, 32)
					}
					if err == nil && n > 0 && n <= utf8.MaxRune {
						b.WriteRune(rune(n))
					}
				}
				// Other entities are not expanded.
			}
		default:
			j := strings.IndexAny(s, "&<")
			if j < 0 {
				j = len(s)
			}
			b.WriteString(s[:j])
			s = s[j:]
		}
	}
	return b.String()
}

// SameOrigin returns the URLs that have home's scheme, host and port
// (host case and default ports ignored), in order.
func SameOrigin(home string, urls []string) []string {
	out := []string{}
	o, err := url.Parse(home)
	if err != nil || o.Host == "" {
		return out
	}
	want := origin.Of(o)
	for _, s := range urls {
		if u, err := url.Parse(s); err == nil && u.Host != "" && origin.Of(u) == want {
			out = append(out, s)
		}
	}
	return out
}
