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

func ExampleDiagnoseJSON() {
	out, err := diagnose.DiagnoseJSON([]byte(`{
		"url": "https://api.example.com/v1/me",
		"status": 401,
		"headers": [{"name": "WWW-Authenticate", "value": "Bearer error=\"invalid_token\""}]
	}`))
	fmt.Println(string(out), err)
	_, err = diagnose.DiagnoseJSON([]byte(`{"status": 401}`))
	fmt.Println(err)
	// Output:
	// {"url":"https://api.example.com/v1/me","status":401,"kind":"bearer","challenges":[{"scheme":"Bearer","realm":"","params":{"error":"invalid_token"},"proxy":false}],"substatus":null,"block":null,"advice":[{"key":"kind_bearer","params":[]},{"key":"auth_bearer_invalid_token","params":[]}],"actions":[{"kind":"parent","url":"https://api.example.com/v1/","key":"action_parent_up","params":["/v1/"]},{"kind":"home","url":"https://api.example.com/","key":"action_home","params":["api.example.com"]},{"kind":"reload","key":"action_reload","params":[]}],"ancestors":["https://api.example.com/v1/","https://api.example.com/"],"notes":[],"redirects":[]} <nil>
	// diagnose: missing field "url"
}
