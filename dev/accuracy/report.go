package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// A Count is one figure: Hits out of Of.
type Count struct{ Hits, Of int }

func (c Count) String() string {
	if c.Of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d %5.1f%%", c.Hits, c.Of, c.Percent())
}

// Percent returns Hits as a share of Of, in percent (0 when Of is 0).
func (c Count) Percent() float64 {
	if c.Of == 0 {
		return 0
	}
	return 100 * float64(c.Hits) / float64(c.Of)
}

// Figures are the accuracy figures of one kind over a set of pages.
type Figures struct {
	// Top1 counts labelled pages whose offered link is a right one;
	// TopN those with a right one among the first Topn candidates.
	Top1, TopN Count
	// FalsePos counts pages labelled none on which a link is offered.
	FalsePos Count
}

// A Miss is one page where the offered link is not a right one.
type Miss struct {
	Page *Page
	Kind Kind
	Got  string // "" when nothing was offered
}

// Result holds the figures over the whole corpus and per language, and
// the misses.
type Result struct {
	Pages  int
	Sites  int
	Langs  []string // sorted by number of pages, then name
	All    [numKinds]Figures
	ByLang map[string]*[numKinds]Figures
	NLang  map[string]int
	Misses []Miss
}

// Measure asks Sesame about every page of the corpus in dir and scores
// the answers against the labels.
func Measure(dir string, pages []Page) (*Result, error) {
	r := &Result{ByLang: map[string]*[numKinds]Figures{}, NLang: map[string]int{}}
	sites := map[string]bool{}
	for i := range pages {
		p := &pages[i]
		body, err := p.Body(dir)
		if err != nil {
			return nil, err
		}
		ans := Ask(p, body)
		r.Pages++
		sites[p.Site()] = true
		r.NLang[p.Lang]++
		lf := r.ByLang[p.Lang]
		if lf == nil {
			lf = new([numKinds]Figures)
			r.ByLang[p.Lang] = lf
		}
		for k := Kind(0); k < numKinds; k++ {
			got := ans.Top[k]
			for _, f := range []*Figures{&r.All[k], &lf[k]} {
				if !p.Labelled(k) {
					f.FalsePos.Of++
					if got != "" {
						f.FalsePos.Hits++
					}
					continue
				}
				f.Top1.Of++
				f.TopN.Of++
				if Match(p.Want[k], got) {
					f.Top1.Hits++
				}
				for _, g := range ans.TopN[k] {
					if Match(p.Want[k], g) {
						f.TopN.Hits++
						break
					}
				}
			}
			if (p.Labelled(k) && !Match(p.Want[k], got)) || (!p.Labelled(k) && got != "") {
				r.Misses = append(r.Misses, Miss{Page: p, Kind: k, Got: got})
			}
		}
	}
	r.Sites = len(sites)
	for l := range r.NLang {
		r.Langs = append(r.Langs, l)
	}
	sort.Slice(r.Langs, func(i, j int) bool {
		a, b := r.Langs[i], r.Langs[j]
		if r.NLang[a] != r.NLang[b] {
			return r.NLang[a] > r.NLang[b]
		}
		return a < b
	})
	return r, nil
}

// WriteTable prints the figures: one line per kind over the whole corpus,
// then one line per language.
func (r *Result) WriteTable(w io.Writer) {
	fmt.Fprintf(w, "Real-page corpus: %d pages, %d sites, %d languages.\n\n", r.Pages, r.Sites, len(r.Langs))
	fmt.Fprintf(w, "%-9s %-17s %-17s %s\n", "kind", "top-1", fmt.Sprintf("top-%d", Topn), "offered on pages without one")
	for k := Kind(0); k < numKinds; k++ {
		f := r.All[k]
		fmt.Fprintf(w, "%-9s %-17s %-17s %s\n", k, f.Top1, f.TopN, f.FalsePos)
	}
	fmt.Fprintf(w, "\nPer language (top-1 / offered on pages without one):\n")
	fmt.Fprintf(w, "%-5s %5s", "lang", "pages")
	for k := Kind(0); k < numKinds; k++ {
		fmt.Fprintf(w, "  %-21s", k)
	}
	fmt.Fprintln(w)
	for _, l := range r.Langs {
		fmt.Fprintf(w, "%-5s %5d", l, r.NLang[l])
		for k := Kind(0); k < numKinds; k++ {
			f := r.ByLang[l][k]
			fmt.Fprintf(w, "  %-21s", short(f.Top1)+" / "+short(f.FalsePos))
		}
		fmt.Fprintln(w)
	}
}

// short writes a count without its percentage.
func short(c Count) string {
	if c.Of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", c.Hits, c.Of)
}

// WriteMisses prints one line per miss: page, kind, expected, got.
func (r *Result) WriteMisses(w io.Writer) {
	fmt.Fprintf(w, "Misses (%d): page, kind, expected, got\n", len(r.Misses))
	for _, m := range r.Misses {
		want := "none"
		if m.Page.Labelled(m.Kind) {
			want = strings.Join(m.Page.Want[m.Kind], " ")
		}
		got := m.Got
		if got == "" {
			got = "none"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", m.Page.File, m.Page.Lang, m.Kind, want, got)
	}
}
