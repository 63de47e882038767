package htmlscan

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/sesame-help/sesame/internal/sample"
)

// token is one token as both tokenizers report it.
type token struct {
	tt    string
	raw   string
	text  string // Text for text, comment and doctype tokens
	name  string // TagName for tags
	attrs []string
}

var typeNames = map[html.TokenType]string{
	html.ErrorToken: "error", html.TextToken: "text", html.StartTagToken: "start", html.EndTagToken: "end",
	html.SelfClosingTagToken: "self", html.CommentToken: "comment", html.DoctypeToken: "doctype",
}

var ourTypeNames = map[TokenType]string{
	ErrorToken: "error", TextToken: "text", StartTagToken: "start", EndTagToken: "end",
	SelfClosingTagToken: "self", CommentToken: "comment", DoctypeToken: "doctype",
}

// theirs tokenizes page with golang.org/x/net/html.
func theirs(page string) []token {
	z := html.NewTokenizer(strings.NewReader(page))
	var out []token
	for len(out) < 100000 {
		tt := z.Next()
		t := token{tt: typeNames[tt], raw: string(z.Raw())}
		switch tt {
		case html.ErrorToken:
			return append(out, token{tt: "error"})
		case html.TextToken, html.CommentToken, html.DoctypeToken:
			t.text = string(z.Text())
		default:
			name, more := z.TagName()
			t.name = string(name)
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				t.attrs = append(t.attrs, string(k)+"="+string(v))
			}
		}
		out = append(out, t)
	}
	return out
}

// ours tokenizes page with this package.
func ours(page string) []token {
	z := NewTokenizer(page)
	var out []token
	for len(out) < 100000 {
		tt := z.Next()
		t := token{tt: ourTypeNames[tt], raw: z.Raw()}
		switch tt {
		case ErrorToken:
			return append(out, token{tt: "error"})
		case TextToken, CommentToken, DoctypeToken:
			t.text = z.Text()
		default:
			t.name = z.TagName()
			for {
				k, v, more := z.TagAttr()
				if k == "" {
					break
				}
				t.attrs = append(t.attrs, k+"="+v)
				if !more {
					break
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// compare checks that both tokenizers split page alike. Decoded text is
// compared only when the page's character references are all ones this
// package knows (golang.org/x/net/html knows 2,231 names).
func compare(t *testing.T, page string) {
	t.Helper()
	want, got := theirs(page), ours(page)
	sameText := html.UnescapeString(page) == UnescapeString(page)
	for i := 0; i < len(want) || i < len(got); i++ {
		var w, g token
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if !sameText {
			w.text, g.text, w.attrs, g.attrs = "", "", nil, nil
		}
		if len(w.attrs) > MaxAttrs {
			w.attrs = w.attrs[:MaxAttrs]
		}
		if w.tt != g.tt || w.raw != g.raw || w.text != g.text || w.name != g.name || strings.Join(w.attrs, "\x00") != strings.Join(g.attrs, "\x00") {
			t.Fatalf("page %q\ntoken %d: x/net/html %+q\n          htmlscan  %+q", page, i, w, g)
		}
	}
}

var cases = []string{
	"", "plain text", "a < b > c", "<", "<a", "</", "</a", "<!", "<!-", "<!>", "<?", "<?x", "a&b", "&", "&&",
	`<a href="/login" title='Sign in' data-x=1 checked>Log in</a>`,
	`<A HREF=/x HREF=/y Title=T>x</A >`, `<a href=/>x`, `<a b=/ >`, `<br/>`, `<br />`, `<a/b/c>`, `<a =b c= d = e>`,
	`<a b='unterminated>x`, `<a b="x"c=d>`, "<a\tb\n=\r\"v\"\f>", `<a b = >`, `<img alt="a&amp;b&lt;&gt;&quot;&#39;&#x41;&eacute;">`,
	`<p>caf&eacute; &copy; &euro; &hellip; &mdash; &nbsp;x &notit; &notin; &amp &ampx &AMP; &Amp;</p>`,
	`<a title="&notit; &ampx &amp=x &amp;=x &copy=1 &eacute">`, `&#0; &#x110000; &#xD800; &#128; &#x9f; &#65 &#x41 &#; &#x; &#xZ; &#1`,
	`&#99999999999; &#x7FFFFFFFF; &#4294967361;`,
	"<script>if (a < b && c > d) { x = '</p>'; }</script><p>after</p>",
	"<script><!-- document.write('<script>x</script>'); --></script>done",
	"<script><!--<script>--></script>still<p>--></script>end", "<script><!-- -- > </script>x", "<script><!-- <a></script>",
	"<script>x</scriptx></script>", "<SCRIPT>x</ScRiPt >y", "<script>", "<script></script>", "<script><!-</script>", "<script><!</script>",
	"<script><!--<scrip </script>", "<script><!-- --><script></script>after", "<script><!--<script>--></script>x</script>y", "<script><!--<script/></script>--></script>z", "<script><!--<script>--!></script>-->",
	"<style>a > b { }</style>", "<title>A &amp; B</title>", "<textarea><b>&lt;</b></textarea>", "<title>x</tit", "<title>x</title",
	"<plaintext><a>x</a>", "<xmp><a>&amp;</xmp>", "<iframe src=x><a href=y></iframe>", "<noscript><a href=y></noscript>",
	"<!-- a comment -->", "<!---->", "<!-->", "<!--->", "<!-- a -- b --!>", "<!-- x --!", "<!-- x --", "<!-- x -", "<!--",
	"<!-- x --!y -->", "<!-- x --!-->", "<!DOCTYPE html>", "<!doctype html>", "<!DOCTYPE", "<!DOCTYPE ", "<!DOCTYPEhtml>", "<!DOC",
	"<!DOCTYPEx", "<![CDATA[x]]>", "<?xml version=1?>", "</>", "</ x>", "</3>", "</a b=c>", "</a b='>'>", "<a b='>'>",
	"x\r\ny\rz", "<p title=\"a\r\nb\">\r\n</p>", "a\x00b<p x=\"\x00\">", "<script>\x00</script>", "<!--\x00-->",
	"<a href=\"x\"", "<a ", "<a b", "<a b=", "<a b='", "<a b=c", "\xff<a\xfe=\xfd>", "<é>", "<a é=1>",
	strings.Repeat("<a b=1 ", 200) + ">", "<a " + strings.Repeat("x ", 300) + ">",
}

func TestLikeXNetHTML(t *testing.T) {
	for _, c := range cases {
		compare(t, c)
	}
	pages := sample.Glob(t, "internal/site/discover/testdata/*")
	pages = append(pages, sample.Glob(t, "internal/response/iis/testdata/*")...)
	for _, p := range pages {
		compare(t, sample.Read(t, p))
	}
}

// checkRaw checks the raw accessors against the decoding ones on every
// token of page: RawTagName lower-cased is TagName, RawTagAttr and
// UnescapeAttr give TagAttr's attributes, and the raw ones are parts of
// the token as written.
func checkRaw(t *testing.T, page string) {
	t.Helper()
	z, raw := NewTokenizer(page), NewTokenizer(page)
	for {
		tt := z.Next()
		if raw.Next() != tt {
			t.Fatalf("page %q: the two tokenizers disagree", page)
		}
		if tt == ErrorToken {
			return
		}
		name := raw.RawTagName()
		if want := z.TagName(); strings.ReplaceAll(lower(name), "\x00", "\uFFFD") != want || !strings.Contains(raw.Raw(), name) {
			t.Fatalf("page %q: RawTagName %q, TagName %q", page, name, want)
		}
		for {
			k, v, more := z.TagAttr()
			rk, rv, rmore := raw.RawTagAttr()
			if rk != "" && (!strings.Contains(raw.Raw(), rk) || !strings.Contains(raw.Raw(), rv)) {
				t.Fatalf("page %q: raw attribute %q=%q not in %q", page, rk, rv, raw.Raw())
			}
			rk = strings.ReplaceAll(lower(rk), "\x00", "\uFFFD")
			if rk != k || UnescapeAttr(rv) != v || rmore != more {
				t.Fatalf("page %q: RawTagAttr %q %q %v, TagAttr %q %q %v", page, rk, rv, rmore, k, v, more)
			}
			if k == "" || !more {
				break
			}
		}
	}
}

func TestRawAccessors(t *testing.T) {
	for _, c := range cases {
		checkRaw(t, c)
	}
	for _, p := range sample.Glob(t, "internal/site/discover/testdata/*") {
		checkRaw(t, sample.Read(t, p))
	}
	// TagAttr and RawTagAttr share one position.
	z := NewTokenizer(`<A HREF="/x?a=1&amp;b=2" Title='T' id=i>`)
	z.Next()
	if k, v, _ := z.RawTagAttr(); k != "HREF" || v != "/x?a=1&amp;b=2" {
		t.Errorf("RawTagAttr = %q %q", k, v)
	}
	if k, v, _ := z.TagAttr(); k != "title" || v != "T" {
		t.Errorf("then TagAttr = %q %q", k, v)
	}
	if k, v, more := z.RawTagAttr(); k != "id" || v != "i" || more {
		t.Errorf("then RawTagAttr = %q %q %v", k, v, more)
	}
	if k, v, more := z.RawTagAttr(); k != "" || v != "" || more {
		t.Errorf("at the end RawTagAttr = %q %q %v", k, v, more)
	}
	if got := UnescapeAttr("a&amp;b\r\nc\x00&copy=1"); got != "a&b\nc\uFFFD&copy=1" {
		t.Errorf("UnescapeAttr = %q", got)
	}
	// The raw accessors never allocate, whatever the case of the names
	// and whatever the values hold.
	z = NewTokenizer(`<DIV Class="a &amp; b" data-x=1 HREF='y'>`)
	z.Next()
	allocs := testing.AllocsPerRun(100, func() {
		z.nextAttr = 0
		z.RawTagName()
		for {
			if _, _, more := z.RawTagAttr(); !more {
				break
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations", allocs)
	}
}

// TestEntities checks every name of the short list against
// golang.org/x/net/html, in text and in attributes, with and without ';'.
func TestEntities(t *testing.T) {
	for i, e := range entities {
		if i > 0 && entities[i-1].name >= e.name {
			t.Fatalf("entities not sorted at %s", e.name)
		}
		for _, s := range []string{"&" + e.name + ";", "&" + e.name, "&" + e.name + "x", "&" + e.name + "=", "x&" + e.name + "1;"} {
			compare(t, s)
			compare(t, `<a b="`+s+`">`)
		}
	}
}

func FuzzTokenizer(f *testing.F) {
	for _, c := range cases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, page string) {
		compare(t, page)
		checkRaw(t, page)
	})
}
