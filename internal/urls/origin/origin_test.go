package origin

import (
	"testing"

	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

func TestOf(t *testing.T) {
	tests := []struct{ in, want string }{
		// Default ports go, others stay.
		{"https://Example.COM:443/a?b#c", "https://example.com"},
		{"http://example.com:80/", "http://example.com"},
		{"http://example.com:443/", "http://example.com:443"},
		{"https://example.com:8443/x", "https://example.com:8443"},
		// Scheme case, user-info and IPv6.
		{"HTTPS://user:pw@example.com/", "https://example.com"},
		{"http://[::1]:8080/a", "http://[::1]:8080"},
		{"https://[2001:DB8::1]:443/", "https://[2001:db8::1]"},
		{"http://xn--mnchen-3ya.de/", "http://xn--mnchen-3ya.de"},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if got := Of(u); got != tt.want {
			t.Errorf("Of(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
