// Command accuracy measures how often Sesame's way forward offers the
// sign-in, register, reset and contact link a person would click, on the
// saved real pages of internal/site/discover/testdata/realweb and their
// hand-made labels (labels.tsv, sources in SOURCES.md).
//
// For each kind it prints top-1 (the link the popup offers is a right
// one), top-3 (a right one is among the first three candidates) and the
// false positives (a link offered on a page labelled none), over the whole
// corpus and per language. With -misses it also lists every page where
// the offered link is not a right one.
//
// Usage:
//
//	go run ./dev/accuracy [-misses] [-dir folder]
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// corpusDir is the corpus folder relative to the module root.
const corpusDir = "internal/site/discover/testdata/realweb"

func main() {
	misses := flag.Bool("misses", false, "list every page where the offered link is not a right one")
	dir := flag.String("dir", "", "corpus folder (default: "+corpusDir+" of this module)")
	flag.Parse()
	if err := run(*dir, *misses); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dir string, misses bool) error {
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			return err
		}
		dir = filepath.Join(root, corpusDir)
	}
	pages, err := Load(dir)
	if err != nil {
		return err
	}
	r, err := Measure(dir, pages)
	if err != nil {
		return err
	}
	r.WriteTable(os.Stdout)
	if misses {
		fmt.Println()
		r.WriteMisses(os.Stdout)
	}
	return nil
}

// moduleRoot returns the nearest folder at or above the working directory
// that holds go.mod.
func moduleRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", errors.New("accuracy: no go.mod above the working directory")
		}
		d = up
	}
}
