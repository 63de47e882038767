package main

import (
	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/jsonlite"
)

// writeReport writes r, byte for byte as encoding/json's Marshal writes
// it. The Report JSON is documented in package diagnose.
func writeReport(w *jsonlite.Writer, r *diagnose.Report) {
	w.Begin()
	w.String("url", r.URL)
	w.Int("status", r.Status)
	w.String("kind", r.Kind)
	w.Name("challenges")
	writeList(w, r.Challenges, func(w *jsonlite.Writer, c *diagnose.Challenge) {
		w.Begin()
		w.String("scheme", c.Scheme)
		w.String("realm", c.Realm)
		w.StringOmitEmpty("token", c.Token)
		w.StringMap("params", c.Params)
		w.Bool("proxy", c.Proxy)
		w.End()
	})
	w.Name("substatus")
	if s := r.Substatus; s == nil {
		w.Null()
	} else {
		w.Begin()
		w.String("code", s.Code)
		w.String("key", s.Key)
		w.Strings("params", s.Params)
		w.End()
	}
	w.Name("block")
	if k := r.Block; k == nil {
		w.Null()
	} else {
		w.Begin()
		w.String("vendor", k.Vendor)
		w.String("name", k.Name)
		w.String("kind", k.Kind)
		w.StringOmitEmpty("reference", k.Reference)
		w.StringOmitEmpty("code", k.Code)
		w.String("key", k.Key)
		w.End()
	}
	w.StringOmitEmpty("retryAfter", r.RetryAfter)
	w.Name("advice")
	writeList(w, r.Advice, writeMessage)
	w.Name("actions")
	writeList(w, r.Actions, func(w *jsonlite.Writer, a *diagnose.Action) {
		w.Begin()
		writeActionMembers(w, a)
		w.End()
	})
	w.Strings("ancestors", r.Ancestors)
	w.Name("notes")
	writeList(w, r.Notes, writeMessage)
	w.Strings("redirects", r.Redirects)
	w.End()
}

// writeActionMembers writes the members of a diagnose.Action (without
// the braces: plan.Action adds its own after them).
func writeActionMembers(w *jsonlite.Writer, a *diagnose.Action) {
	w.String("kind", a.Kind)
	w.StringOmitEmpty("url", a.URL)
	w.String("key", a.Key)
	w.Strings("params", a.Params)
	w.StringOmitEmpty("label", a.Label)
	w.StringOmitEmpty("host", a.Host)
}

// writeList writes s as an array, each element with elem, or null when s
// is nil.
func writeList[T any](w *jsonlite.Writer, s []T, elem func(*jsonlite.Writer, *T)) {
	if s == nil {
		w.Null()
		return
	}
	w.BeginArray()
	for i := range s {
		elem(w, &s[i])
	}
	w.EndArray()
}

// writeMessage writes a message as {key, params}.
func writeMessage(w *jsonlite.Writer, m *diagnose.Message) {
	w.Begin()
	w.String("key", m.Key)
	w.Strings("params", m.Params)
	w.End()
}
