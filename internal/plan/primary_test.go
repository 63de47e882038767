package plan

import (
	"testing"

	"github.com/sesame-help/sesame/internal/diagnose"
)

// TestAdminOnlyKeys checks that every explanation rank treats as "only the
// administrator can fix it" is a key package diagnose emits, so that a
// renamed key cannot silently turn the rule off.
func TestAdminOnlyKeys(t *testing.T) {
	keys := diagnose.Keys()
	for k := range adminOnly {
		if _, ok := keys[k]; !ok {
			t.Errorf("adminOnly key %q is not a key of package diagnose", k)
		}
	}
}

func TestRank(t *testing.T) {
	acts := func(kinds ...string) []Action {
		out := make([]Action, len(kinds))
		for i, k := range kinds {
			out[i] = Action{Action: diagnose.Action{Kind: k, Params: []string{}}}
		}
		return out
	}
	iis := func(key string) *diagnose.Substatus { return &diagnose.Substatus{Code: "401.2", Key: key} }
	tests := []struct {
		name      string
		actions   []Action
		substatus *diagnose.Substatus
		want      string // kinds in order after rank
		more      int    // how many are marked More
	}{
		// No action: nothing to mark.
		{"empty", acts(), nil, "", 0},
		// The first action is the primary one.
		{"first", acts("login", "home", "report"), nil, "login home report", 0},
		{"four shown", acts("login", "register", "reset", "parent", "home", "archive"), nil, "login register reset parent home archive", 2},
		// Only the administrator can fix it: write to the site first.
		{"admin report", acts("login", "home", "reload", "contact", "report", "archive"), iis("iis_401_2"), "report login home reload contact archive", 2},
		{"admin contact", acts("login", "home", "contact", "archive"), iis("iis_403_permission"), "contact login home archive", 0},
		{"admin nothing to write", acts("login", "home"), iis("iis_401_3"), "login home", 0},
		// A sub-status the person can act on keeps Decide's order.
		{"iis logon failed", acts("login", "reset", "report"), iis("iis_401_1"), "login reset report", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Plan{Actions: tt.actions}
			rank(&p, &diagnose.Report{Substatus: tt.substatus})
			got, more := "", 0
			for i, a := range p.Actions {
				if i > 0 {
					got += " "
				}
				got += a.Kind
				if a.Primary != (i == 0) {
					t.Errorf("action %d (%s) primary %v", i, a.Kind, a.Primary)
				}
				if a.More {
					more++
				}
			}
			if got != tt.want || more != tt.more {
				t.Errorf("rank: %q with %d more, want %q with %d", got, more, tt.want, tt.more)
			}
		})
	}
}
