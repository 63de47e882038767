package main

import (
	"strings"

	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// headerFromJoined reads headers as entry.mjs joins them, "name\nvalue\n…",
// into a header: each value kept whole (a Link header's commas stay inside
// it), an empty string no header, a name without its value dropped.
func headerFromJoined(joined string) httplite.Header {
	h := httplite.Header{}
	for joined != "" {
		name, rest, ok := strings.Cut(joined, "\n")
		if !ok {
			break
		}
		value, after, _ := strings.Cut(rest, "\n")
		if name != "" {
			h.Add(name, value)
		}
		joined = after
	}
	return h
}
