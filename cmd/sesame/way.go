package main

// way.go gives "sesame check" the whole way forward of the popup: the
// plan of package plan, whose same-origin checks package probe makes
// natively, phase by phase, feeding the answers back into the plan.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/messages"
	"github.com/sesame-help/sesame/internal/plan"
	"github.com/sesame-help/sesame/internal/probe"
)

// wayOptions are the flags of "sesame check" that shape the way forward.
type wayOptions struct {
	lang    string
	json    bool
	probe   bool          // make the plan's same-origin checks
	timeout time.Duration // --timeout, which also bounds each check
}

// maxProbing bounds all the checks of one "sesame check" together.
const maxProbing = 30 * time.Second

// checkOutput is what "sesame check --json" prints: the report's fields
// at the top level (the report JSON of the extension), the plan, and the
// checks that were made for it.
type checkOutput struct {
	diagnose.Report
	Plan   plan.Plan   `json:"plan"`
	Checks []checkLine `json:"checks"`
}

// checkLine is one check made for the plan (a plan.Result without its
// body, with the probe's purpose).
type checkLine struct {
	ID          string `json:"id"`
	URL         string `json:"url"`
	Purpose     string `json:"purpose"`
	Status      int    `json:"status"`
	FinalURL    string `json:"finalURL"`
	ContentType string `json:"contentType"`
	Error       string `json:"error,omitempty"`
}

// way is the way forward for one answer.
type way struct {
	analysis plan.Analysis
	checks   []checkLine
}

// findWay runs the plan for the answer in f: it analyses the answer, makes
// the checks the plan asks for (unless o.probe is false), and analyses
// again with their results, until the plan asks for nothing more.
func findWay(f *fetched, o wayOptions) way {
	env := plan.Env{Browser: "sesame check", OS: runtime.GOOS + " " + runtime.GOARCH}
	a := plan.Analyze(f.input, nil, env)
	w := way{analysis: a, checks: []checkLine{}}
	if !o.probe {
		return w
	}
	transport := probeTransport(o.timeout)
	defer transport.CloseIdleConnections()
	runner := &probe.Runner{Transport: transport, Timeout: min(probe.Timeout, o.timeout), UserAgent: userAgent}
	ctx, cancel := context.WithTimeout(context.Background(), maxProbing)
	defer cancel()
	var results []plan.Result
	// The plan has at most plan.MaxPhases phases; one more round only
	// guards against a plan that keeps asking.
	for round := 0; round <= plan.MaxPhases && len(a.Probes) > 0; round++ {
		got := runner.Run(ctx, f.input.URL, a.Probes)
		for i, r := range got {
			w.checks = append(w.checks, checkLine{
				ID: r.ID, URL: r.URL, Purpose: a.Probes[i].Purpose, Status: r.Status,
				FinalURL: r.FinalURL, ContentType: r.ContentType, Error: r.Error,
			})
		}
		results = append(results, got...)
		a = plan.Analyze(f.input, results, env)
	}
	w.analysis = a
	return w
}

// probeTransport is the transport of the checks: like check's own (the
// environment's proxy, the test resolver), with room for the checks that
// run at once.
func probeTransport(timeout time.Duration) *http.Transport {
	dialer := &net.Dialer{Timeout: timeout, Resolver: checkResolver}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   probe.Concurrency,
		ForceAttemptHTTP2:     true,
	}
}

// showWay prints the diagnosis and the way forward for the answer in f,
// as text or JSON, and returns the exit status.
func showWay(stdout, stderr io.Writer, f *fetched, o wayOptions) int {
	w := findWay(f, o)
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		out := checkOutput{Report: w.analysis.Report, Plan: w.analysis.Plan, Checks: w.checks}
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(stderr, "sesame check: "+err.Error())
			return 1
		}
		return 0
	}
	// The report's own actions are the plan's first draft: the plan's
	// are printed instead.
	r := w.analysis.Report
	r.Actions = nil
	printReport(stdout, o.lang, f, r)
	printWay(stdout, o.lang, w, o.probe)
	return 0
}

// printWay writes the plan's actions, contacts and checks for a terminal.
func printWay(w io.Writer, lang string, wy way, probed bool) {
	t := func(key string, params []string) string {
		shown := make([]string, len(params))
		for i, p := range params {
			shown[i] = visible(p)
		}
		return messages.Text(lang, key, shown...)
	}
	p := wy.analysis.Plan
	page := wy.analysis.Report.URL
	if len(p.Actions) > 0 {
		fmt.Fprintln(w, "\nWhat you can do:")
	}
	for i, a := range p.Actions {
		text := t(a.Key, a.Params)
		line := fmt.Sprintf("%2d. %s", i+1, text)
		if a.Label != "" && a.Label != text {
			line += fmt.Sprintf(" (%q)", visible(a.Label))
		}
		if a.Checked {
			// ✓ answered 2xx when checked, ✗ did not.
			line += map[bool]string{true: " ✓", false: " ✗"}[a.Working]
		}
		switch {
		case a.URL != "":
			line += "\n      " + visible(a.URL)
		case a.Kind == diagnose.ActionLogin || a.Kind == diagnose.ActionReload || a.Kind == diagnose.ActionClearReload:
			line += "\n      (in a browser: reload " + visible(page) + ")"
		case a.Kind == diagnose.ActionWatch:
			line += "\n      (in a browser with the Sesame extension)"
		case a.Kind == diagnose.ActionReport && p.Mail.To != "":
			line += "\n      mailto:" + visible(p.Mail.To)
		case a.Kind == diagnose.ActionArchive && p.ArchiveURL != "":
			line += "\n      sesame archive " + visible(p.ArchiveURL)
		}
		fmt.Fprintln(w, line)
	}
	if len(p.Contacts) > 0 {
		fmt.Fprintln(w, "\nContacts:")
		for _, c := range p.Contacts {
			line := "  - " + t(c.Key, c.Params)
			if !strings.Contains(line, strings.TrimPrefix(c.URL, "mailto:")) {
				line += ": " + visible(c.URL)
			}
			fmt.Fprintln(w, line)
		}
	}
	switch {
	case !probed:
		fmt.Fprintln(w, "\nNo checks made (--no-probe).")
	case len(wy.checks) > 0:
		fmt.Fprintf(w, "\nChecked on the same site (%d GET requests, no credentials or cookies):\n", len(wy.checks))
		for _, c := range wy.checks {
			status := "---"
			if c.Status != 0 {
				status = fmt.Sprint(c.Status)
			}
			line := fmt.Sprintf("  %s %s", status, visible(c.URL))
			if c.FinalURL != "" {
				line += " → " + visible(c.FinalURL)
			}
			if c.Error != "" {
				line += " (" + visible(c.Error) + ")"
			}
			fmt.Fprintln(w, line)
		}
	}
}
