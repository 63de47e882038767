package plan

import (
	"reflect"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/text"
)

// separately returns what the extension got before Analyze, with one call
// for each of Diagnose, Probes and Decide.
func separately(response diagnose.Input, results []Result, env Env) Analysis {
	now, _ := time.Parse(time.RFC3339, response.Now)
	in := Input{Report: diagnose.Diagnose(response), Page: response.Body, Results: results, Now: now, Env: env, Headers: response.Headers}
	return Analysis{Report: in.Report, Probes: Probes(in), Plan: Decide(in)}
}

// sameAnalysis fails when Analyze gives anything else than the separate
// calls.
func sameAnalysis(t *testing.T, name string, response diagnose.Input, results []Result, env Env) Analysis {
	t.Helper()
	got := Analyze(response, results, env)
	want := separately(response, results, env)
	if !reflect.DeepEqual(got.Report, want.Report) {
		t.Fatalf("%s: Analyze's report\n%+v\nDiagnose's\n%+v", name, got.Report, want.Report)
	}
	if !reflect.DeepEqual(got.Probes, want.Probes) {
		t.Fatalf("%s: Analyze's probes\n%+v\nProbes'\n%+v", name, got.Probes, want.Probes)
	}
	if !reflect.DeepEqual(got.Plan, want.Plan) {
		t.Fatalf("%s: Analyze's plan\n%+v\nDecide's\n%+v", name, got.Plan, want.Plan)
	}
	return got
}

// TestAnalyzeCases runs every test case phase by phase through Analyze, as
// the extension does, and compares each answer with Diagnose, Probes and
// Decide called one by one.
func TestAnalyzeCases(t *testing.T) {
	for _, c := range loadCases(t) {
		response, env := c.response(t), c.env()
		var results []Result
		for phase := 0; ; phase++ {
			a := sameAnalysis(t, c.name, response, results, env)
			if len(a.Probes) == 0 {
				break
			}
			if phase == MaxPhases {
				t.Fatalf("%s: Analyze still asks for %d probes after %d phases", c.name, len(a.Probes), phase)
			}
			for _, p := range a.Probes {
				results = append(results, c.serve(p))
			}
		}
	}
}

// FuzzAnalyze compares Analyze with the separate calls on an arbitrary
// error page and home page.
func FuzzAnalyze(f *testing.F) {
	for _, c := range loadCases(f) {
		response := c.response(f)
		f.Add(response.URL, response.Status, clipBody(response.Body), clipBody(c.files["/"]))
	}
	f.Fuzz(func(t *testing.T, url string, status int, page, home string) {
		response := diagnose.Input{URL: url, Status: status, Body: page, Now: "2026-11-28T12:00:00Z"}
		var results []Result
		for _, p := range sameAnalysis(t, "fuzz", response, nil, Env{}).Probes {
			r := Result{ID: p.ID, URL: p.URL, Status: 404}
			if p.Purpose == PurposeHome {
				r.Status, r.Body = 200, home
			}
			results = append(results, r)
		}
		sameAnalysis(t, "fuzz", response, results, Env{})
	})
}

// clipBody keeps fuzz seeds small.
func clipBody(s string) string {
	return text.Prefix(s, 2000)
}

// BenchmarkAnalyze runs every test case's last phase, every probe
// answered.
func BenchmarkAnalyze(b *testing.B) {
	type arg struct {
		response diagnose.Input
		results  []Result
		env      Env
	}
	var args []arg
	for _, c := range loadCases(b) {
		in, _ := c.input(b)
		args = append(args, arg{c.response(b), in.Results, in.Env})
	}
	b.ResetTimer()
	for range b.N {
		for _, a := range args {
			Analyze(a.response, a.results, a.env)
		}
	}
}
