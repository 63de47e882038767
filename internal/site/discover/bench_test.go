package discover

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/internal/lite/htmlscan"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// RealisticPage returns about size bytes of HTML shaped like a news or shop
// front page: inline script and style, navigation menus, many teasers with
// images and text, and a footer with login, register, reset and contact
// links.
func realisticPage(size int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Daily Courier — news</title>`)
	b.WriteString(`<style>` + strings.Repeat(".teaser{margin:0 0 1em;padding:.5em}.nav a{color:#333}\n", 400) + `</style>`)
	b.WriteString(`<script>window.dataLayer=window.dataLayer||[];` + strings.Repeat(`function f(a){return a.map(x=>x*2).filter(y=>y>"<a href=x>")}`, 600) + `</script>`)
	b.WriteString(`</head><body><header class="site-header"><a href="/" class="logo"><img src="/logo.svg" alt="Daily Courier"></a><nav class="nav" aria-label="Sections"><ul>`)
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&b, `<li class="nav-item"><a href="/section/topic-%d/" class="nav-link">Topic %d</a></li>`, i, i)
	}
	b.WriteString(`</ul></nav><div class="account"><a href="/account/login?return=%2F" class="btn">Sign in</a> <a href="/account/register">Subscribe</a></div></header><main>`)
	for i := 0; b.Len() < size-4000; i++ {
		fmt.Fprintf(&b, `<article class="teaser teaser--%d"><a href="/news/2024/05/%02d/story-about-local-affairs-%d.html" class="teaser__link" data-track="teaser">`+
			`<img src="/img/%d-640x360.jpg" srcset="/img/%d-320.jpg 320w, /img/%d-640.jpg 640w" alt="Photo for story %d" loading="lazy" width="640" height="360">`+
			`<h2 class="teaser__title">Council debates the new budget for district %d &amp; its schools</h2></a>`+
			`<p class="teaser__text">The council met on Tuesday to discuss the proposals; residents raised concerns about parking, bus routes and the library opening hours in district %d.</p>`+
			`<span class="byline">By <a href="/authors/author-%d/" rel="author">Author %d</a></span></article>`+"\n",
			i%7, i%28+1, i, i, i, i, i, i, i, i%50, i%50)
	}
	b.WriteString(`</main><footer><ul><li><a href="/account/password/forgot">Forgot your password?</a></li><li><a href="/contact">Contact us</a></li>`)
	b.WriteString(`<li><a href="/imprint">Imprint</a></li><li><a href="mailto:newsroom@courier.example">newsroom@courier.example</a></li></ul></footer></body></html>`)
	return b.String()
}

func BenchmarkHTML1MB(b *testing.B) {
	page := realisticPage(1 << 20)
	base, _ := url.Parse("https://www.courier.example/news/2024/05/01/premium-story.html")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	var p Page
	for b.Loop() {
		p = HTML(page, base)
	}
	if len(p.Login) == 0 || len(p.Contact) == 0 || len(p.Links) < 1000 {
		b.Fatalf("realistic page: login %d contact %d links %d", len(p.Login), len(p.Contact), len(p.Links))
	}
}

func BenchmarkHTML10MBHostile(b *testing.B) {
	page := hugePage(10<<20, 50000)
	base, _ := url.Parse("https://big.example/x")
	b.ReportAllocs()
	for b.Loop() {
		HTML(page, base)
	}
}

// BenchmarkTokenizer1MB is the floor: the bare htmlscan tokenizer over
// the same page, doing nothing with the tokens.
func BenchmarkTokenizer1MB(b *testing.B) {
	page := realisticPage(1 << 20)
	b.ReportAllocs()
	for b.Loop() {
		z := htmlscan.NewTokenizer(page)
		for z.Next() != htmlscan.ErrorToken {
		}
	}
}
