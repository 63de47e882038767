package main

import (
	"encoding/json"
	"reflect"
	"testing"
)

// writeSiteResult writes what encoding/json writes, and decodeSiteRequest
// reads the fields its json tags name.
func TestSiteJSON(t *testing.T) {
	for _, r := range []siteResult{
		{}, {Host: "www.example.com", Site: "example.com"}, {Host: "127.0.0.1", Site: "127.0.0.1", Address: true},
		{Host: "a\"<b>&\u2028", Site: "\x00\xff"},
	} {
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		if got := writeSiteResult(r); string(got) != string(want) {
			t.Errorf("writeSiteResult(%+v) = %s, want %s", r, got, want)
		}
	}
	var want siteRequest
	in := `{"url":"https://e.com/\u00e9"}`
	if err := json.Unmarshal([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	got, err := decodeSiteRequest([]byte(in))
	if err != nil || got != want {
		t.Errorf("decodeSiteRequest = %+v, %v; want %+v", got, err, want)
	}
	ty := reflect.TypeFor[siteRequest]()
	if ty.NumField() != len(siteRequestFields) || ty.Field(0).Tag.Get("json") != siteRequestFields[0] {
		t.Errorf("siteRequestFields %v do not match siteRequest", siteRequestFields)
	}
}
