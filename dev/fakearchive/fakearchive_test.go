package fakearchive

import (
	"testing"
	"time"
)

func TestParseBehavior(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Behavior
		err  bool
	}{
		{in: "found", want: Behavior{Mode: Found, Mementos: 3}},
		{in: "found:10", want: Behavior{Mode: Found, Mementos: 10}},
		{in: "huge", want: Behavior{Mode: Huge, Mementos: 200000}},
		{in: "slow:300ms", want: Behavior{Mode: Slow, Delay: 300 * time.Millisecond, Mementos: 3}},
		{in: "outside:http://127.0.0.1:9/", want: Behavior{Mode: Outside, Target: "http://127.0.0.1:9/"}},
		{in: "429", want: Behavior{Mode: RateLimit}},
		{in: "hang", want: Behavior{Mode: Hang}},
		{in: "slow", err: true},
		{in: "slow:-1s", err: true},
		{in: "found:x", err: true},
		{in: "hang:1", err: true},
		{in: "outside", err: true},
		{in: "teapot", err: true},
	} {
		got, err := ParseBehavior(tt.in)
		if tt.err {
			if err == nil {
				t.Errorf("ParseBehavior(%q) = %+v, want error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseBehavior(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
		if back, err := ParseBehavior(got.String()); err != nil || back != got {
			t.Errorf("String round trip of %q: %q", tt.in, got.String())
		}
	}
}

func FuzzParseBehavior(f *testing.F) {
	for _, s := range []string{"found", "found:10", "slow:300ms", "huge:5", "outside:http://x/", "429"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := ParseBehavior(s)
		if err != nil {
			return
		}
		if back, err := ParseBehavior(b.String()); err != nil || back != b {
			t.Fatalf("%q: round trip %q gives %+v, %v", s, b.String(), back, err)
		}
	})
}
