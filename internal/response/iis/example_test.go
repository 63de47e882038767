package iis_test

import (
	"fmt"

	"github.com/sesame-help/sesame/internal/response/iis"
)

func ExampleFind() {
	page := `<h3>HTTP Error 401.2 - Unauthorized</h3>
<h4>You are not authorized to view this page due to invalid authentication headers.</h4>`
	if s, ok := iis.Find(page); ok {
		fmt.Println(s.Code, s.Status, s.Sub, s.Name())
	}
	// Output: 401.2 401 2 Logon failed due to server configuration
}
