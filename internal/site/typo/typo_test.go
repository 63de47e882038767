package typo

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

func readLinks(t testing.TB) []string {
	f, err := os.Open("testdata/links.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var links []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, "#") {
			links = append(links, l)
		}
	}
	return links
}

func TestSuggest(t *testing.T) {
	links := readLinks(t)
	const m = "https://docs.example.org/manual/"
	tests := []struct {
		failed string
		want   []string // "url distance"
	}{
		// Character edits.
		{m + "instalation.html", []string{m + "installation.html 1"}},
		{m + "installaiton.html", []string{m + "installation.html 1", m + "instalation.html 2"}}, // swap
		{m + "installationn.html", []string{m + "installation.html 1", m + "instalation.html 2"}},
		{m + "getting-startde.html", []string{m + "getting-started.html 1"}},
		{m + "confgiuration/logging.html", []string{m + "configuration/logging.html 1"}},
		{m + "configuration/loging.htm", []string{m + "configuration/logging.html 2"}},
		// Case.
		{m + "api/reference.html", []string{m + "API/reference.html 1"}},
		{m + "FAQ.html", []string{m + "faq.html 1"}},
		{m + "release-notes", []string{m + "Release-Notes/ 2"}},
		// Trailing slash.
		{m + "configuration", []string{m + "configuration/ 1"}},
		{m + "pricing/", []string{m + "pricing 1"}},
		// Several close: nearest first, then page order.
		{m + "changelog-2023.html", []string{m + "changelog-2024.html 1", m + "changelog-2025.html 1"}},
		{m + "guidez/", []string{m + "guide/ 1", m + "guides/ 1"}},
		// Non-ASCII, escaped or not.
		{m + "uber-uns.html", []string{m + "%C3%BCber-uns.html 1"}},
		{m + "%C3%BCber-unz.html", []string{m + "%C3%BCber-uns.html 1"}},
		// Whole-path comparison when the segment counts differ.
		{m + "configurationlogging.html", []string{m + "configuration/logging.html 1"}},
		{m + "configuration/logging/html", []string{m + "configuration/logging.html 1"}},
		{m + "configuration/extra/logging.html", []string{}},
		// A folder left out (not one added).
		{m + "security.html", []string{m + "configuration/security.html 2"}},
		{"https://docs.example.org/2024/05/welcome.html", []string{"https://docs.example.org/blog/2024/05/welcome.html 2"}},
		{"https://docs.example.org/blog/2024/welcome.html/05", []string{}},
		{"https://docs.example.org/blog/05/welcome.html", []string{"https://docs.example.org/blog/2024/05/welcome.html 2"}},
		// Caps lock, a different or missing extension.
		{"https://DOCS.EXAMPLE.ORG/MANUAL/CONFIGURATION/LOGGING.HTML", []string{m + "configuration/logging.html 1"}},
		{m + "ÜBER-UNS.HTML", []string{m + "%C3%BCber-uns.html 1"}},
		{m + "faq", []string{m + "faq.html 1"}},
		{m + "faq.php", []string{m + "faq.html 1"}},
		{m + "pricing.html", []string{m + "pricing 1"}},
		{m + "Pricing.htm", []string{m + "pricing 2"}},
		{"https://docs.example.org/manualfaq.html", []string{m + "faq.html 1"}},
		// Query is compared too.
		{m + "search?q=instal", []string{m + "search?q=install 1"}},
		// Nothing close, or too short to guess.
		{m + "deployment.html", []string{}},
		{"https://docs.example.org/b", []string{}},
		// The URL itself (fragments ignored) is never suggested.
		{m + "faq.html#top", []string{}},
		// Other origins and credentials.
		{"https://DOCS.example.org:443/manual/faqs.html", []string{m + "faq.html 1"}},
		{"https://docs.example.org:8443/manual/faq.html", []string{"https://docs.example.org:8443/manual/faq.htm 1"}},
		{"https://other.example.org/manual/faq.html", []string{"https://other.example.org/manual/faq.htm 1"}},
		{m + "instalation.htm", []string{m + "instalation.html 1", m + "installation.html 2"}},
		// Not a URL.
		{"not a url", []string{}},
		{"ftp://docs.example.org/manual/faq.html", []string{}},
	}
	for _, tc := range tests {
		got := Suggest(tc.failed, links, 3)
		var s []string
		for _, g := range got {
			s = append(s, fmt.Sprint(g.URL, " ", g.Distance))
		}
		if fmt.Sprint(s) != fmt.Sprint(tc.want) {
			t.Errorf("Suggest(%s)\n got %q\nwant %q", tc.failed, s, tc.want)
		}
		if got == nil {
			t.Errorf("Suggest(%s) = nil", tc.failed)
		}
	}
}

func TestSuggestMax(t *testing.T) {
	var links []string
	for i := 0; i < 20; i++ {
		links = append(links, fmt.Sprintf("https://h.example/item-%02d", i))
	}
	if got := Suggest("https://h.example/item-5", links, 3); len(got) != 3 {
		t.Errorf("max 3: %v", got)
	}
	if got := Suggest("https://h.example/item-5", links, 0); got == nil || len(got) != 0 {
		t.Errorf("max 0: %v", got)
	}
	if got := Suggest("https://h.example/item-5", links, 100); len(got) != MaxSuggestions {
		t.Errorf("max 100: %d", len(got))
	}
}

// naiveOSA is the textbook full-table optimal string alignment distance.
func naiveOSA(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func TestOSAAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 9
	word := func() string {
		b := make([]rune, r.IntN(n))
		for i := range b {
			b[i] = []rune("abcé")[r.IntN(4)]
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		n = 9
		if i%10 == 0 {
			n = 90 // beyond the stack buffers
		}
		a, b := word(), word()
		if i%20 == 0 {
			b = a[:len(a)/2] + "x" + a[len(a)/2:]
		}
		for _, limit := range []int{0, 1, 2, 3} {
			want := min(naiveOSA(a, b), limit+1)
			if got := Distance(a, b, limit); got != want {
				t.Fatalf("Distance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
			}
		}
	}
}

// Suggest stays bounded with 60,000 candidates and long paths.
func TestSuggestBounded(t *testing.T) {
	links := make([]string, 60000)
	long := strings.Repeat("segment", 250)
	for i := range links {
		links[i] = fmt.Sprintf("https://h.example/%s/%d", long, i)
	}
	links[59999] = "https://h.example/target"
	if got := Suggest("https://h.example/targte", links, 3); len(got) != 0 {
		t.Errorf("candidate beyond MaxCandidates used: %v", got)
	}
	got := Suggest("https://h.example/"+long+"/12345x", links, 3)
	if len(got) == 0 || got[0].URL != "https://h.example/"+long+"/12345" {
		t.Errorf("long paths: %v", got)
	}
}

func ExampleSuggest() {
	links := []string{
		"https://example.com/docs/installation.html",
		"https://example.com/docs/configuration/",
		"https://example.com/about",
	}
	fmt.Println(Suggest("https://example.com/docs/instalation.html", links, 3))
	fmt.Println(Suggest("https://example.com/docs/Configuration", links, 3))
	fmt.Println(Suggest("https://example.com/contact", links, 3))
	// Output:
	// [{https://example.com/docs/installation.html 1}]
	// [{https://example.com/docs/configuration/ 2}]
	// []
}

func FuzzSuggest(f *testing.F) {
	f.Add("https://docs.example.org/manual/instalation.html", "https://docs.example.org/manual/installation.html")
	f.Add("https://h.example/a/b/", "https://h.example/A/b")
	f.Add("https://h.example/%zz", "https://h.example/%C3%BC?x#y")
	f.Add("https://h.example/BLOG/WELCOME.HTM", "https://h.example/blog/2024/welcome.html")
	f.Add("https://h.example/a//b.php", "https://h.example/a/x/b")
	for _, l := range readLinks(f) {
		f.Add("https://docs.example.org/manual/faq.html", l)
	}
	f.Fuzz(func(t *testing.T, failed, cand string) {
		got := Suggest(failed, []string{cand, failed, cand + "x"}, 3)
		if got == nil || len(got) > 3 {
			t.Fatalf("got %v", got)
		}
		for _, s := range got {
			if s.Distance < 1 || s.Distance > MaxDistance {
				t.Fatalf("distance %d", s.Distance)
			}
		}
		if a, b := Distance(failed, cand, 2), Distance(cand, failed, 2); a != b {
			t.Fatalf("osa not symmetric: %d %d", a, b)
		}
	})
}

func TestSure(t *testing.T) {
	s := func(d ...int) []Suggestion {
		out := []Suggestion{}
		for i, x := range d {
			out = append(out, Suggestion{URL: fmt.Sprint("https://h.example/", i), Distance: x})
		}
		return out
	}
	for _, tc := range []struct {
		in   []Suggestion
		want bool
	}{
		{s(), false},
		{s(1), true},
		{s(1, 2), true},
		{s(1, 2, 2), true},
		{s(1, 1), false}, // two as close: which one?
		{s(2), false},    // two edits, or a folder left out
		{s(2, 2), false},
	} {
		if got := Sure(tc.in); got != tc.want {
			t.Errorf("Sure(%v) = %v", tc.in, got)
		}
	}
}
