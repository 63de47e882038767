package plan_test

import (
	"fmt"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/plan"
)

// The extension's loop: diagnose, run the probes Probes asks for (here
// answered from a map standing for the site), ask again until nothing is
// left, then Decide.
func Example() {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	page := `<html><body>Please sign in.</body></html>`
	report := diagnose.Diagnose(diagnose.Input{URL: "https://shop.example/account/orders", Status: 401, Body: page})
	site := map[string]string{
		"https://shop.example/": `<a href="/login">Log in</a> <a href="/contact">Contact us</a>
			<a href="/account/order">Your order</a> <a href="mailto:help@shop.example">Help</a>`,
	}
	in := plan.Input{Report: report, Page: page, Now: now, Env: plan.Env{Browser: "Firefox 153", OS: "Linux"}}
	for {
		probes := plan.Probes(in)
		if len(probes) == 0 {
			break
		}
		for _, p := range probes {
			r := plan.Result{ID: p.ID, URL: p.URL, Status: 404, ContentType: "text/html"}
			if body, ok := site[p.URL]; ok {
				r.Status, r.Body = 200, body
			}
			in.Results = append(in.Results, r)
		}
	}
	p := plan.Decide(in)
	for _, a := range p.Actions {
		fmt.Println(a.Kind, a.URL, a.Key, a.Params)
	}
	fmt.Println("mail to:", p.Mail.To)
	// Output:
	// login https://shop.example/login action_login_link []
	// home https://shop.example/ action_home [shop.example]
	// typo https://shop.example/account/order action_typo [/account/order]
	// reload  action_reload []
	// clear-reload  action_clear_reload [shop.example]
	// watch  action_watch []
	// contact https://shop.example/contact action_contact []
	// report  action_report_to [help@shop.example]
	// archive  action_archive []
	// mail to: help@shop.example
}

// The same loop with Analyze, as the extension runs it: one call per
// phase gives the report, the plan so far and the probes still to make.
func ExampleAnalyze() {
	page := `<html><body>Please sign in.</body></html>`
	response := diagnose.Input{URL: "https://shop.example/account/orders", Status: 401, Body: page, Now: "2026-11-28T12:00:00Z"}
	site := map[string]string{
		"https://shop.example/": `<a href="/login">Log in</a> <a href="mailto:help@shop.example">Help</a>`,
	}
	var results []plan.Result
	for phase := 1; ; phase++ {
		a := plan.Analyze(response, results, plan.Env{Browser: "Firefox 153", OS: "Linux"})
		fmt.Printf("phase %d: %s, first action %s, %d probes to make\n", phase, a.Report.Kind, a.Plan.Actions[0].Kind, len(a.Probes))
		if len(a.Probes) == 0 {
			fmt.Println("sign in at", a.Plan.Actions[0].URL)
			break
		}
		for _, p := range a.Probes {
			r := plan.Result{ID: p.ID, URL: p.URL, Status: 404, ContentType: "text/html"}
			if body, ok := site[p.URL]; ok {
				r.Status, r.Body = 200, body
			}
			results = append(results, r)
		}
	}
	// Output:
	// phase 1: login-required, first action parent, 7 probes to make
	// phase 2: login-required, first action login, 1 probes to make
	// phase 3: login-required, first action login, 0 probes to make
	// sign in at https://shop.example/login
}
