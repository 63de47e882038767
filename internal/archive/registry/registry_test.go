package registry

import (
	"os"
	"strings"
	"testing"
)

func TestDefault(t *testing.T) {
	list := Default()
	if len(list) < 5 {
		t.Fatalf("default registry has %d archives", len(list))
	}
	ids := map[string]bool{}
	for i, a := range list {
		ids[a.ID] = true
		if i > 0 && list[i-1].Priority > a.Priority {
			t.Errorf("not sorted by priority at %s", a.ID)
		}
		// The Library of Congress asked aggregators to stop asking it
		// (see README.md); every other default archive is enabled.
		if a.Enabled == (a.ID == "loc") {
			t.Errorf("%s: enabled %v in the default list", a.ID, a.Enabled)
		}
		if len(a.Mementos) == 0 {
			t.Errorf("%s: no memento hosts", a.ID)
		}
	}
	for _, want := range []string{"wayback", "archive.today", "arquivo.pt", "ukwa", "loc", "archive-it", "perma.cc", "vefsafn.is", "awa"} {
		if !ids[want] {
			t.Errorf("default registry lacks %s", want)
		}
	}
	if list[0].ID != "wayback" || list[0].Kind != Availability || list[0].Fallback == nil || list[0].Fallback.Kind != CDX {
		t.Errorf("wayback should come first, availability with a CDX fallback: %+v", list[0])
	}
	hosts := Hosts(list)
	if !hosts["archive.org"] || !hosts["web.archive.org"] || hosts["example.com"] {
		t.Errorf("hosts %v", hosts)
	}
}

func TestParseOverride(t *testing.T) {
	data, err := os.ReadFile("testdata/override.json")
	if err != nil {
		t.Fatal(err)
	}
	list, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != "local-avail" || list[0].Enabled || !list[1].Enabled {
		t.Fatalf("parsed %+v", list)
	}
	if got := Enabled(list); len(got) != 1 || got[0].ID != "local-tm" {
		t.Errorf("Enabled = %+v", got)
	}
	if h := Hosts(list); !h["127.0.0.1:8081"] || h["127.0.0.1:8082"] {
		t.Errorf("Hosts = %v (disabled archives must not count)", h)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ json, want string }{
		{`{}`, "cannot unmarshal"},
		{`[]`, "no archives"},
		{`[{"id":"a","name":"A","kind":"ftp","endpoint":"https://a.example/"}]`, "kind"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"/relative/"}]`, "absolute"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"file:///etc/"}]`, "absolute"},
		{`[{"id":"A B","name":"A","kind":"timemap","endpoint":"https://a.example/"}]`, "id"},
		{`[{"id":"a","name":"","kind":"timemap","endpoint":"https://a.example/"}]`, "name"},
		{`[{"id":"a","name":"A","kind":"cdx","endpoint":"https://a.example/cdx"}]`, "replay"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/{url}/{url}"}]`, "more than one"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/","extra":1}]`, "unknown field"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/"},{"id":"a","name":"B","kind":"timemap","endpoint":"https://b.example/"}]`, "duplicate"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/"}] []`, "after"},
		{`[{"id":"a","name":"A","kind":"cdx","endpoint":"https://a.example/cdx","replay":"https://a.example:80"}]`, "must end with"},
		{`[{"id":"a","name":"A","kind":"cdx","endpoint":"https://a.example/cdx","replay":"https://a.example/web?x="}]`, "must end with"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/","mementos":["A.example"]}]`, "lower case"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/","mementos":["https://a.example/"]}]`, "not a host"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/","mementos":["u@a.example"]}]`, "not a host"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/","mementos":["a.example/x"]}]`, "not a host"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/","mementos":["a.example:443"]}]`, "default port"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/","mementos":[""]}]`, "empty"},
		{`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/","mementos":["xn--rchive-cua.example."]}]`, "not a host"},
	} {
		_, err := Parse([]byte(tt.json))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "registry: ") {
			t.Errorf("Parse(%s) error %v, want %q", tt.json, err, tt.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(DefaultJSON())
	if b, err := os.ReadFile("testdata/override.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`[{"id":"a","name":"A","kind":"timemap","endpoint":"https://a.example/{url}"}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		list, err := Parse(data)
		if err != nil {
			return
		}
		for _, a := range list {
			if a.ID == "" || !a.Kind.Valid() {
				t.Fatalf("accepted %+v", a)
			}
		}
		_ = Hosts(list)
	})
}
