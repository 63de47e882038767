package plan

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
)

// newsPage returns about size bytes of HTML shaped like a news front
// page: inline script and style, menus, many teasers with images, and a
// footer with login, register, reset and contact links.
func newsPage(size int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Daily Courier</title>`)
	b.WriteString(`<style>` + strings.Repeat(".teaser{margin:0 0 1em;padding:.5em}.nav a{color:#333}\n", 400) + `</style>`)
	b.WriteString(`<script>` + strings.Repeat(`function f(a){return a.map(x=>x*2).filter(y=>y>"<a href=x>")}`, 600) + `</script>`)
	b.WriteString(`</head><body><nav>`)
	for i := 0; i < 150; i++ {
		n := strconv.Itoa(i)
		b.WriteString(`<a href="/section/topic-` + n + `/">Topic ` + n + `</a>`)
	}
	b.WriteString(`</nav><a href="/account/login?return=%2F">Sign in</a> <a href="/account/register">Subscribe</a><main>`)
	for i := 0; b.Len() < size-4000; i++ {
		n := strconv.Itoa(i)
		b.WriteString(`<article class="teaser"><a href="/premium/story-about-local-affairs-` + n + `.html">` +
			`<img src="/img/` + n + `.jpg" alt="Photo for story ` + n + `" loading="lazy" width="640" height="360">` +
			`<h2>Council debates the new budget for district ` + n + ` &amp; its schools</h2></a>` +
			`<p>The council met on Tuesday to discuss the proposals; residents raised concerns about parking, bus routes and the library.</p>` +
			`<span>By <a href="/authors/author-` + strconv.Itoa(i%50) + `/" rel="author">Author</a></span></article>` + "\n")
	}
	b.WriteString(`<footer><a href="/account/password/forgot">Forgot your password?</a> <a href="/contact">Contact us</a>`)
	b.WriteString(`<a href="/imprint">Imprint</a> <a href="mailto:newsroom@courier.example">newsroom</a></footer></body></html>`)
	return b.String()
}

// benchInput is a 401 under /premium/ whose parent folder answers with a
// 1 MB page (errorPage and home decide the other two pages' sizes), with
// every probe answered.
func benchInput(b *testing.B, errorPage, home string) Input {
	page := newsPage(1 << 20)
	u := "https://www.courier.example/premium/story-about-local-afairs-1234.html"
	in := Input{
		Report:  diagnose.Diagnose(diagnose.Input{URL: u, Status: 401, Body: errorPage}),
		Page:    errorPage,
		Now:     time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC),
		Headers: []diagnose.Header{{Name: "cf-ray", Value: "8f1e2d3c4b5a6978-FRA"}},
	}
	for round := 0; round < MaxPhases; round++ {
		for _, p := range Probes(in) {
			r := Result{ID: p.ID, URL: p.URL, Status: 404, ContentType: "text/html"}
			switch p.URL {
			case "https://www.courier.example/premium/":
				r.Status, r.Body = 200, page
			case "https://www.courier.example/":
				r.Status, r.Body = 200, home
			}
			if len(r.Body) > p.MaxBytes {
				r.Body = r.Body[:p.MaxBytes]
			}
			in.Results = append(in.Results, r)
		}
	}
	if ps := Probes(in); len(ps) != 0 {
		b.Fatalf("probes left: %v", ps)
	}
	return in
}

// BenchmarkDecide1MB is Decide with the discovery (login, contact, links)
// and the typo check on a 1 MB page: the nearest working parent's.
func BenchmarkDecide1MB(b *testing.B) {
	in := benchInput(b, `<html><body>Subscribers only</body></html>`, `<html><body><a href="/premium/">Premium</a></body></html>`)
	b.ReportAllocs()
	var p Plan
	for b.Loop() {
		p = Decide(in)
	}
	typos := 0
	for _, a := range p.Actions {
		if a.Kind == diagnose.ActionTypo {
			typos++
		}
	}
	if len(p.Login) == 0 || len(p.Contacts) == 0 || typos == 0 {
		b.Fatalf("login %d contacts %d typos %d", len(p.Login), len(p.Contacts), typos)
	}
}

// BenchmarkDecide3x1MB is the worst ordinary case: the error page, the
// home page and the nearest parent are each a 1 MB page.
func BenchmarkDecide3x1MB(b *testing.B) {
	page := newsPage(1 << 20)
	in := benchInput(b, page, page)
	b.ReportAllocs()
	for b.Loop() {
		Decide(in)
	}
}

// phaseInput is a 401 whose error page is a 1 MB page, with every probe
// answered: the popup's last phase on a large error page.
func phaseInput(b *testing.B) (diagnose.Input, []Result) {
	page := newsPage(1 << 20)
	response := diagnose.Input{URL: "https://www.courier.example/premium/story-1234.html", Status: 401, Body: page, Now: "2026-11-28T12:00:00Z"}
	in := benchInput(b, page, `<html><body><a href="/premium/">Premium</a></body></html>`)
	return response, in.Results
}

// BenchmarkPhaseSeparate1MB is one phase of the popup as it was before
// Analyze: Diagnose, then Probes and Decide on an Input built from the
// report, each reading the 1 MB error page again.
func BenchmarkPhaseSeparate1MB(b *testing.B) {
	response, results := phaseInput(b)
	b.ReportAllocs()
	for b.Loop() {
		separately(response, results, Env{})
	}
}

// BenchmarkPhaseAnalyze1MB is the same phase with Analyze, which reads
// the error page once.
func BenchmarkPhaseAnalyze1MB(b *testing.B) {
	response, results := phaseInput(b)
	b.ReportAllocs()
	for b.Loop() {
		Analyze(response, results, Env{})
	}
}
