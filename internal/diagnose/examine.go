package diagnose

import "github.com/sesame-help/sesame/internal/site/discover"

// A Diagnosis is a Report together with the error page as Diagnose read
// it, so that a caller planning the way forward (package plan) reads the
// page no more than once.
type Diagnosis struct {
	// Report is what Diagnose returns for the same Input.
	Report Report
	s      *state
}

// Examine diagnoses in exactly as Diagnose does and keeps what it read of
// the error page.
func Examine(in Input) Diagnosis {
	s := diagnose(in)
	return Diagnosis{Report: s.r, s: s}
}

// ErrorPage returns the links found on the error page (discover.HTML of
// the page's first MaxBody bytes, resolved against Report.URL). The page
// is parsed on the first call unless Examine already parsed it. It
// returns nil when the URL is not an http(s) URL.
func (d *Diagnosis) ErrorPage() *discover.Page {
	if d.s == nil || d.s.base == nil {
		return nil
	}
	p := d.s.discover()
	return &p
}
