package main

import (
	"github.com/sesame-help/sesame/internal/lite/jsonlite"
	"github.com/sesame-help/sesame/internal/plan"
	"github.com/sesame-help/sesame/internal/site/discover"
)

// writeProbes writes ps as an array, or null when ps is nil, byte for
// byte as encoding/json's Marshal writes it.
func writeProbes(w *jsonlite.Writer, ps []plan.Probe) {
	writeList(w, ps, func(w *jsonlite.Writer, p *plan.Probe) {
		w.Begin()
		w.String("id", p.ID)
		w.String("url", p.URL)
		w.String("method", p.Method)
		w.Int("maxBytes", p.MaxBytes)
		w.String("purpose", p.Purpose)
		w.End()
	})
}

// writePlan writes p, byte for byte as encoding/json's Marshal writes it.
// The Plan JSON is documented in package plan.
func writePlan(w *jsonlite.Writer, p *plan.Plan) {
	w.Begin()
	w.Name("actions")
	writeList(w, p.Actions, func(w *jsonlite.Writer, a *plan.Action) {
		w.Begin()
		writeActionMembers(w, &a.Action)
		w.Bool("checked", a.Checked)
		w.Bool("working", a.Working)
		w.Bool("primary", a.Primary)
		w.Bool("more", a.More)
		w.End()
	})
	w.Name("login")
	writeList(w, p.Login, writeLink)
	w.Name("register")
	writeList(w, p.Register, writeLink)
	w.Name("reset")
	writeList(w, p.Reset, writeLink)
	w.Name("contacts")
	writeList(w, p.Contacts, func(w *jsonlite.Writer, c *plan.Contact) {
		w.Begin()
		w.String("kind", c.Kind)
		w.String("url", c.URL)
		w.String("key", c.Key)
		w.Strings("params", c.Params)
		w.StringOmitEmpty("label", c.Label)
		w.Bool("expired", c.Expired)
		w.End()
	})
	w.Name("securityTxt")
	if s := p.SecurityTxt; s == nil {
		w.Null()
	} else {
		w.Begin()
		w.String("url", s.URL)
		w.Strings("contacts", s.Contacts)
		w.String("expires", s.Expires)
		w.Bool("expired", s.Expired)
		w.End()
	}
	w.Name("details")
	writeList(w, p.Details, writeMessage)
	w.Name("mail")
	w.Begin()
	w.String("to", p.Mail.To)
	w.Name("subject")
	writeMessage(w, &p.Mail.Subject)
	w.Name("body")
	writeList(w, p.Mail.Body, writeMessage)
	w.End()
	w.Name("watch")
	if s := p.Watch; s == nil {
		w.Null()
	} else {
		w.Begin()
		w.Ints("delays", s.Delays)
		w.Int("maxRetryAfter", s.MaxRetryAfter)
		w.Int("maxTotal", s.MaxTotal)
		w.End()
	}
	w.String("archiveURL", p.ArchiveURL)
	w.String("archiveURLNoQuery", p.ArchiveURLNoQuery)
	w.End()
}

// writeLink writes one link found on a page.
func writeLink(w *jsonlite.Writer, l *discover.Link) {
	w.Begin()
	w.String("url", l.URL)
	w.String("text", l.Text)
	w.Int("score", l.Score)
	w.Bool("crossSite", l.CrossSite)
	w.String("host", l.Host)
	w.String("sso", l.SSO)
	w.Bool("lookAlike", l.LookAlike)
	w.End()
}
