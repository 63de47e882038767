package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Kind names what a label gives: one of the links a person looks for.
type Kind int

// The kinds a page is labelled with, in the column order of labels.tsv.
const (
	SignIn Kind = iota
	Register
	Reset
	Contact
	numKinds
)

var kindNames = [numKinds]string{"sign-in", "register", "reset", "contact"}

func (k Kind) String() string { return kindNames[k] }

// maxPageBytes bounds one decompressed page of the corpus.
const maxPageBytes = 8 << 20

// A Page is one saved real page and its hand-made label.
type Page struct {
	ID     string
	File   string // name of the gzip-compressed page in the corpus folder
	URL    string // the page's original URL, the base of its links
	Status int    // the HTTP status it was served with
	Lang   string
	Kind   string // home, article, signin, error403, …
	// Want holds, for each kind, the URLs a person would click (any one
	// is right); nil means the page has none.
	Want [numKinds][]string
}

// Labelled reports whether the page has a link of kind k.
func (p *Page) Labelled(k Kind) bool { return len(p.Want[k]) > 0 }

// Load reads labels.tsv in dir: one page a line, tab-separated columns id,
// file, url, status, lang, kind, sign-in, register, reset, contact. Lines
// starting with "#" and empty lines are comments.
func Load(dir string) ([]Page, error) {
	f, err := os.Open(filepath.Join(dir, "labels.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseLabels(f)
}

func parseLabels(r io.Reader) ([]Page, error) {
	var pages []Page
	ids := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 10 {
			return nil, fmt.Errorf("accuracy: labels.tsv:%d: %d columns, want 10", n, len(cols))
		}
		p := Page{ID: cols[0], File: cols[1], URL: cols[2], Lang: cols[4], Kind: cols[5]}
		if p.ID == "" || ids[p.ID] {
			return nil, fmt.Errorf("accuracy: labels.tsv:%d: empty or repeated id %q", n, p.ID)
		}
		ids[p.ID] = true
		if p.File == "" || strings.ContainsAny(p.File, `/\`) || !strings.HasSuffix(p.File, ".html.gz") {
			return nil, fmt.Errorf("accuracy: labels.tsv:%d: bad file name %q", n, p.File)
		}
		if u, err := url.Parse(p.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("accuracy: labels.tsv:%d: bad page URL %q", n, p.URL)
		}
		st, err := strconv.Atoi(cols[3])
		if err != nil || st < 100 || st > 599 {
			return nil, fmt.Errorf("accuracy: labels.tsv:%d: bad status %q", n, cols[3])
		}
		p.Status = st
		if p.Lang == "" || p.Kind == "" {
			return nil, fmt.Errorf("accuracy: labels.tsv:%d: empty language or kind", n)
		}
		for k := Kind(0); k < numKinds; k++ {
			v := strings.TrimSpace(cols[6+int(k)])
			if v == "none" {
				continue
			}
			for _, w := range strings.Fields(v) {
				if !strings.HasPrefix(w, "mailto:") {
					if u, err := url.Parse(strings.TrimSuffix(w, "*")); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
						return nil, fmt.Errorf("accuracy: labels.tsv:%d: bad %s URL %q", n, k, w)
					}
				}
				p.Want[k] = append(p.Want[k], w)
			}
			if len(p.Want[k]) == 0 {
				return nil, fmt.Errorf("accuracy: labels.tsv:%d: empty %s label (write none)", n, k)
			}
		}
		pages = append(pages, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("accuracy: labels.tsv: %v", err)
	}
	return pages, nil
}

// Body returns the page's HTML, read from the corpus folder dir.
func (p *Page) Body(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, p.File))
	if err != nil {
		return "", err
	}
	z, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return "", fmt.Errorf("accuracy: %s: %v", p.File, err)
	}
	out, err := io.ReadAll(io.LimitReader(z, maxPageBytes+1))
	if err != nil {
		return "", fmt.Errorf("accuracy: %s: %v", p.File, err)
	}
	if len(out) > maxPageBytes {
		return "", fmt.Errorf("accuracy: %s: more than %d bytes", p.File, maxPageBytes)
	}
	return string(out), nil
}

// Site returns the registrable-looking part of the page's host (the last
// two labels, three under a second-level label such as co.uk), to count
// different sites.
func (p *Page) Site() string {
	u, _ := url.Parse(p.URL)
	labels := strings.Split(strings.ToLower(u.Hostname()), ".")
	n := 2
	if len(labels) >= 3 {
		switch labels[len(labels)-2] {
		case "co", "com", "org", "ac", "gov", "net", "edu":
			n = 3
		}
	}
	if len(labels) < n {
		n = len(labels)
	}
	return strings.Join(labels[len(labels)-n:], ".")
}
