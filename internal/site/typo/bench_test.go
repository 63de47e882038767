package typo_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/internal/site/discover"
	"github.com/sesame-help/sesame/internal/site/typo"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// pageOf returns about size bytes of a news-like page (menus, teasers with
// images and text), like discover's benchmark page.
func pageOf(size int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>Courier</title><script>` + strings.Repeat("var x=1;", 4000) + `</script></head><body><nav>`)
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&b, `<a href="/section/topic-%d/">Topic %d</a>`, i, i)
	}
	b.WriteString(`</nav><a href="/account/login">Sign in</a><main>`)
	for i := 0; b.Len() < size-500; i++ {
		fmt.Fprintf(&b, `<article><a href="/news/2024/05/%02d/story-about-local-affairs-%d.html"><img src="/img/%d.jpg" alt="Photo %d">`+
			`<h2>Council debates the new budget for district %d &amp; its schools</h2></a><p>The council met on Tuesday to discuss `+
			`the proposals; residents raised concerns about parking and bus routes.</p><a href="/authors/author-%d/">Author</a></article>`+"\n",
			i%28+1, i, i, i, i, i%50)
	}
	b.WriteString(`</main><footer><a href="/contact">Contact us</a><a href="/imprint">Imprint</a></footer></body></html>`)
	return b.String()
}

func links(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("https://www.courier.example/news/2024/05/%02d/story-about-local-affairs-%d.html", i%28+1, i)
	}
	return out
}

func BenchmarkSuggest5000(b *testing.B) {
	l := links(5000)
	b.ReportAllocs()
	for b.Loop() {
		typo.Suggest("https://www.courier.example/news/2024/05/11/story-about-local-afairs-1234.html", l, 3)
	}
}

func BenchmarkSuggest50000(b *testing.B) {
	l := links(50000)
	b.ReportAllocs()
	for b.Loop() {
		typo.Suggest("https://www.courier.example/news/2024/05/11/story-about-local-afairs-1234.html", l, 3)
	}
}

// BenchmarkDiscoverAndSuggest1MB is the whole typo check on a 1 MB parent
// page: find its links, then suggest.
func BenchmarkDiscoverAndSuggest1MB(b *testing.B) {
	page := pageOf(1 << 20)
	base, _ := url.Parse("https://www.courier.example/news/")
	failed := "https://www.courier.example/news/2024/05/11/story-about-local-afairs-1234.html"
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	var got []typo.Suggestion
	for b.Loop() {
		p := discover.HTML(page, base)
		got = typo.Suggest(failed, p.Links, 3)
	}
	if len(got) == 0 {
		b.Fatal("no suggestion")
	}
}
