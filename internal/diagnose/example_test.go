package diagnose_test

import (
	"fmt"

	"github.com/sesame-help/sesame/internal/diagnose"
)

func ExampleDiagnose() {
	r := diagnose.Diagnose(diagnose.Input{
		URL:    "https://www.example.com/private/docs/report.html",
		Status: 401,
		Headers: []diagnose.Header{
			{Name: "WWW-Authenticate", Value: `Basic realm="Staff only", charset="UTF-8"`},
		},
	})
	fmt.Println(r.Kind)
	for _, m := range r.Advice {
		fmt.Println(m.Key, m.Params)
	}
	for _, a := range r.Actions {
		fmt.Println(a.Kind, a.URL, a.Key, a.Params)
	}
	// Output:
	// basic
	// kind_basic []
	// auth_realm [Staff only]
	// auth_charset_utf8 []
	// login  action_login_box []
	// parent https://www.example.com/private/docs/ action_parent_up [/private/docs/]
	// parent https://www.example.com/private/ action_parent [/private/]
	// home https://www.example.com/ action_home [www.example.com]
}
