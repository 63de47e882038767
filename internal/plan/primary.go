package plan

import "github.com/sesame-help/sesame/internal/diagnose"

// MaxNext is how many next-best actions follow the primary one; the
// actions after them are marked More (the popup keeps them behind a
// "More ways" disclosure).
const MaxNext = 3

// adminOnly lists the explanations (message keys of package diagnose)
// that say only the site's administrator can fix what went wrong: for
// them the primary action is to write to the site, not to sign in or
// look around.
var adminOnly = map[string]bool{
	"iis_401_2":          true, // the server does not accept the browser's sign-in method
	"iis_401_3":          true, // the file permissions do not include the person
	"iis_401_4":          true, // a filter on the server refused the sign-in
	"iis_401_5":          true, // the application refused the sign-in
	"iis_403_permission": true, // the server does not allow this kind of access here
}

// ranked decides the plan for in with the schedule of its probes, s,
// and ranks its actions (rank).
func ranked(in *Input, s *schedule) Plan {
	p := decide(in, s)
	rank(&p, &in.Report)
	return p
}

// rank marks the one primary action of p, the one that matches the
// explanation in r, moves it first, and marks as More every action after
// the next MaxNext. The primary action is the first of Decide's order,
// except when the explanation says only the site's administrator can fix
// it (adminOnly): then it is the report action (write to the site), else
// the contact action, when the plan has one. The other actions keep their
// order.
func rank(p *Plan, r *diagnose.Report) {
	if len(p.Actions) == 0 {
		return
	}
	if i := primaryIndex(p.Actions, r); i > 0 {
		a := p.Actions[i]
		copy(p.Actions[1:i+1], p.Actions[:i])
		p.Actions[0] = a
	}
	for i := range p.Actions {
		p.Actions[i].Primary = i == 0
		p.Actions[i].More = i > MaxNext
	}
}

// primaryIndex returns the index of the action that matches the
// explanation in r.
func primaryIndex(actions []Action, r *diagnose.Report) int {
	if !needsAdmin(r) {
		return 0
	}
	for _, kind := range []string{diagnose.ActionReport, diagnose.ActionContact} {
		for i, a := range actions {
			if a.Kind == kind {
				return i
			}
		}
	}
	return 0
}

// needsAdmin reports whether the explanation in r says only the site's
// administrator can fix what went wrong.
func needsAdmin(r *diagnose.Report) bool {
	return r.Substatus != nil && adminOnly[r.Substatus.Key]
}
