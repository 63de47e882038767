package fakearchive

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive/registry"
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
		{in: "drip", want: Behavior{Mode: Drip}},
		{in: "5xx", want: Behavior{Mode: Error5xx}},
		{in: "garbage", want: Behavior{Mode: Garbage}},
		{in: "truncated", want: Behavior{Mode: Truncated}},
		{in: "jsloc", want: Behavior{Mode: JSLoc}},
		{in: "userinfo", want: Behavior{Mode: UserInfo}},
		{in: "chaos", want: Behavior{Mode: Chaos}},
		{in: "chaos:http://127.0.0.2:9/", want: Behavior{Mode: Chaos, Target: "http://127.0.0.2:9/"}},
		{in: "chaos:ftp://x/", err: true},
		{in: "drip:1", err: true},
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
	for _, s := range []string{"found", "found:10", "slow:300ms", "huge:5", "outside:http://x/", "429", "chaos:http://127.0.0.2:1/", "drip"} {
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

// noRedirect is a client that returns redirects as they are.
var noRedirect = &http.Client{
	Timeout:       500 * time.Millisecond,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// TestFaults checks what each fault of the chaos run sends.
func TestFaults(t *testing.T) {
	out, err := NewOutsideHost("127.0.0.2:0")
	if err != nil {
		t.Skipf("no second loopback address: %v", err)
	}
	defer out.Close()
	tests := []struct {
		mode  Mode
		check func(t *testing.T, res *http.Response, body []byte, err error)
	}{
		{Drip, func(t *testing.T, res *http.Response, body []byte, err error) {
			if res == nil || res.StatusCode != 200 || len(body) == 0 || err == nil {
				t.Errorf("drip: want a 200 whose body never ends, got %v, %d bytes, %v", res, len(body), err)
			}
		}},
		{Error5xx, func(t *testing.T, res *http.Response, body []byte, err error) {
			if res == nil || res.StatusCode < 500 || res.StatusCode > 503 {
				t.Errorf("5xx: got %v", res)
			}
		}},
		{Garbage, func(t *testing.T, res *http.Response, body []byte, err error) {
			if res == nil || res.StatusCode != 200 || len(body) < 256 {
				t.Errorf("garbage: got %v, %d bytes", res, len(body))
			}
		}},
		{Truncated, func(t *testing.T, res *http.Response, body []byte, err error) {
			if res == nil || !errors.Is(err, io.ErrUnexpectedEOF) || int64(len(body)) >= res.ContentLength {
				t.Errorf("truncated: got %v, %d bytes, %v", res, len(body), err)
			}
		}},
		{JSLoc, func(t *testing.T, res *http.Response, body []byte, err error) {
			if res == nil || !strings.Contains(strings.ToLower(res.Header.Get("Location")+string(body)), "javascript:") {
				t.Errorf("jsloc: no javascript: URI in %v %q", res, body)
			}
		}},
		{UserInfo, func(t *testing.T, res *http.Response, body []byte, err error) {
			if res == nil || !strings.Contains(res.Header.Get("Location")+string(body), "@") {
				t.Errorf("userinfo: no user-info in %v %q", res, body)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.mode), func(t *testing.T) {
			s := New(registry.TimeMap, Behavior{Mode: tt.mode, Target: out.URL})
			defer s.Close()
			for i := 0; i < 4; i++ { // some faults pick one of two forms
				res, err := noRedirect.Get(s.URL + "/web/timemap/link/https://example.com/")
				var body []byte
				if err == nil {
					body, err = io.ReadAll(res.Body)
					res.Body.Close()
				}
				tt.check(t, res, body, err)
			}
		})
	}
}

// TestChaosPicksEveryFault checks that a chaos fake misbehaves in many ways.
func TestChaosPicksEveryFault(t *testing.T) {
	s := New(registry.TimeMap, Behavior{Mode: Chaos})
	defer s.Close()
	statuses := map[int]bool{}
	client := &http.Client{Timeout: 300 * time.Millisecond, CheckRedirect: noRedirect.CheckRedirect}
	for i := 0; i < 60; i++ {
		res, err := client.Get(s.URL + "/web/timemap/link/https://example.com/")
		if err != nil {
			statuses[0] = true
			continue
		}
		io.Copy(io.Discard, io.LimitReader(res.Body, 1<<16))
		res.Body.Close()
		statuses[res.StatusCode] = true
	}
	for _, want := range []int{0, 200, 302, 429} {
		if !statuses[want] {
			t.Errorf("no answer with status %d in 60 requests (0: a timeout); got %v", want, statuses)
		}
	}
}
