package plan

import (
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
)

// An Analysis is everything the extension shows and does next for one
// refused page, at one phase of its probes.
type Analysis struct {
	// Report is the diagnosis of the response (diagnose.Diagnose).
	Report diagnose.Report
	// Plan is the way forward with the probe results so far (Decide).
	Plan Plan
	// Probes are the requests to make next (Probes); empty when done.
	Probes []Probe
}

// Analyze diagnoses the response, decides the way forward with the probe
// results so far and lists the probes still to make, reading the error
// page (the response's Body) at most once. It gives what Diagnose, then
// Probes and Decide with an Input built from the report, return: Page is
// the response's Body, Now its time (the current time when it has none),
// Headers its headers. Like them it never panics and its work is bounded.
func Analyze(response diagnose.Input, results []Result, env Env) Analysis {
	d := diagnose.Examine(response)
	in := Input{
		Report:    d.Report,
		Page:      response.Body,
		Results:   results,
		Env:       env,
		Headers:   response.Headers,
		errorPage: d.ErrorPage,
	}
	if t, ok := timeparse.Parse(time.RFC3339, response.Now); ok {
		in.Now = t
	} else {
		in.Now = time.Now()
	}
	s := newSchedule(&in)
	probes := s.next()
	return Analysis{Report: d.Report, Plan: ranked(&in, s), Probes: probes}
}
