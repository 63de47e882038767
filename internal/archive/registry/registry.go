// Package registry is the list of web archives Sesame asks for copies of a
// page, kept as data: an embedded JSON file (archives.json, documented in
// README.md) that a deployment may replace with its own list (the relay's
// ARCHIVES_JSON variable, the command line's --archives flag).
package registry

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// Kind says which protocol an archive endpoint speaks.
type Kind string

// The kinds of archive endpoints.
const (
	Availability Kind = "availability" // Wayback availability API (JSON, one closest capture)
	CDX          Kind = "cdx"          // CDX server, JSON output (needs Replay)
	TimeMap      Kind = "timemap"      // Memento TimeMap in link-format (RFC 7089)
	TimeGate     Kind = "timegate"     // Memento TimeGate (Accept-Datetime, redirect)
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	switch k {
	case Availability, CDX, TimeMap, TimeGate:
		return true
	}
	return false
}

// Endpoint is one way of asking an archive.
//
// URL is where to ask. It may hold the placeholders {url} (the page looked
// up; percent-encoded when the placeholder is in the query, inserted as is
// in the path) and {timestamp} (the requested moment as YYYYMMDDhhmmss, or
// the present moment when none was requested). Without {url}, the kind's
// usual form is used: availability and cdx add their query (?url=…),
// timemap and timegate append the page's URL to the endpoint.
type Endpoint struct {
	Kind Kind   `json:"kind"`
	URL  string `json:"endpoint"`
	// Replay is the prefix of memento URIs for a cdx endpoint:
	// Replay + timestamp + "/" + original.
	Replay string `json:"replay,omitempty"`
}

// Archive is one web archive in the registry.
type Archive struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Endpoint
	// Fallback, when set, is asked when the endpoint answers that it has no
	// copy or fails with an error (the Wayback availability API sometimes
	// answers empty for heavily captured pages; its CDX server does not).
	Fallback *Endpoint `json:"fallback,omitempty"`
	// Priority orders the archives: lower first. Archives are asked in this
	// order when not all can be asked at once, and a lower priority wins a
	// tie between equally close copies.
	Priority int `json:"priority"`
	// Enabled archives are asked; a missing "enabled" means true.
	Enabled bool `json:"enabled"`
	// Home is the archive's web site, for people.
	Home string `json:"home,omitempty"`
	// Mementos lists the hosts (host or host:port, lower case) that serve
	// this archive's copies besides its endpoint, fallback and replay hosts
	// (JSON "mementos"). CheckMemento accepts copies on these hosts only.
	Mementos []string `json:"mementos,omitempty"`
}

// MaxArchives is the most archives a registry may list: with a fallback
// each, the relay stays under the Workers free plan's 50 subrequests.
const MaxArchives = 24

//go:embed archives.json
var defaultJSON []byte

// DefaultJSON returns the embedded default registry as JSON.
func DefaultJSON() []byte { return bytes.Clone(defaultJSON) }

// Default returns the embedded default registry, sorted by priority.
func Default() []Archive {
	a, err := Parse(defaultJSON)
	if err != nil {
		panic("registry: embedded archives.json: " + err.Error())
	}
	return a
}

// Parse reads a registry: a JSON array of archives. It checks every field
// and returns the archives sorted by priority (then id).
func Parse(data []byte) ([]Archive, error) {
	type raw struct {
		Archive
		Enabled *bool `json:"enabled"`
	}
	var list []raw
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&list); err != nil {
		return nil, errors.New("registry: " + err.Error())
	}
	if dec.More() {
		return nil, errors.New("registry: data after the JSON array")
	}
	if len(list) == 0 {
		return nil, errors.New("registry: no archives")
	}
	if len(list) > MaxArchives {
		return nil, fmt.Errorf("registry: %d archives, at most %d", len(list), MaxArchives)
	}
	seen := map[string]bool{}
	out := make([]Archive, 0, len(list))
	for i, r := range list {
		a := r.Archive
		a.Enabled = r.Enabled == nil || *r.Enabled
		if err := a.check(); err != nil {
			return nil, fmt.Errorf("registry: archive %d (%q): %w", i, a.ID, err)
		}
		if seen[a.ID] {
			return nil, fmt.Errorf("registry: duplicate id %q", a.ID)
		}
		seen[a.ID] = true
		out = append(out, a)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Priority != out[j].Priority {
			return out[i].Priority < out[j].Priority
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

func (a *Archive) check() error {
	if a.ID == "" || len(a.ID) > 40 || strings.Trim(a.ID, "abcdefghijklmnopqrstuvwxyz0123456789.-_") != "" {
		return errors.New("id must be 1 to 40 characters a-z 0-9 . - _")
	}
	if a.Name == "" || len(a.Name) > 100 {
		return errors.New("name must be 1 to 100 characters")
	}
	if err := a.Endpoint.check(); err != nil {
		return err
	}
	if a.Fallback != nil {
		if err := a.Fallback.check(); err != nil {
			return fmt.Errorf("fallback: %w", err)
		}
	}
	if a.Home != "" {
		if _, err := absHTTP(a.Home); err != nil {
			return fmt.Errorf("home: %w", err)
		}
	}
	if len(a.Mementos) > MaxMementoHosts {
		return fmt.Errorf("mementos: %d hosts, at most %d", len(a.Mementos), MaxMementoHosts)
	}
	for _, h := range a.Mementos {
		if err := checkMementoHost(h); err != nil {
			return err
		}
	}
	return nil
}

func (e *Endpoint) check() error {
	if !e.Kind.Valid() {
		return fmt.Errorf("kind %q is not availability, cdx, timemap or timegate", e.Kind)
	}
	if strings.Count(e.URL, "{url}") > 1 {
		return errors.New("endpoint has more than one {url}")
	}
	probe := strings.NewReplacer("{url}", "x", "{timestamp}", "20000101000000").Replace(e.URL)
	if _, err := absHTTP(probe); err != nil {
		return fmt.Errorf("endpoint: %w", err)
	}
	if e.Kind == CDX {
		r, err := absHTTP(e.Replay)
		if err != nil {
			return fmt.Errorf("replay (required for cdx): %w", err)
		}
		// Memento URIs are replay + timestamp + "/" + original: a replay
		// prefix that does not end its path with "/" would let the
		// timestamp run into the host or the port.
		if !strings.HasSuffix(r.Path, "/") || r.RawQuery != "" || r.Fragment != "" || strings.ContainsAny(e.Replay, "?#") {
			return fmt.Errorf("replay %q must end with \"/\" and have no query", e.Replay)
		}
	} else if e.Replay != "" {
		return errors.New("replay is only for cdx endpoints")
	}
	return nil
}

func absHTTP(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	return u, nil
}

// Hosts returns the host names (with port, lower case) of every endpoint of
// the enabled archives: the only hosts a lookup may contact.
func Hosts(archives []Archive) map[string]bool {
	hosts := map[string]bool{}
	add := func(e *Endpoint) {
		probe := strings.NewReplacer("{url}", "x", "{timestamp}", "20000101000000").Replace(e.URL)
		if u, err := url.Parse(probe); err == nil {
			hosts[strings.ToLower(u.Host)] = true
		}
	}
	for i := range archives {
		if !archives[i].Enabled {
			continue
		}
		add(&archives[i].Endpoint)
		if archives[i].Fallback != nil {
			add(archives[i].Fallback)
		}
	}
	return hosts
}

// Enabled returns the enabled archives of list, in order.
func Enabled(list []Archive) []Archive {
	out := make([]Archive, 0, len(list))
	for _, a := range list {
		if a.Enabled {
			out = append(out, a)
		}
	}
	return out
}
