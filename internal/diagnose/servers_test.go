package diagnose

import (
	"path"
	"testing"
)

// TestRealServers diagnoses the answers of real servers from Debian
// (Apache, nginx, lighttpd, squid), recorded on loopback by the real-server
// suite (dev/e2e/servers, which checks the live servers against the same
// expectations). A recording of method CONNECT is a proxy's answer to the
// CONNECT request of an https URL.
func TestRealServers(t *testing.T) {
	samples := loadSamples(t, "testdata/servers/*.http")
	if len(samples) < 16 {
		t.Fatalf("only %d recordings", len(samples))
	}
	servers := map[string]bool{}
	for _, s := range samples {
		servers[s.expect["server"]] = true
		t.Run(path.Base(s.name), func(t *testing.T) { checkSample(t, s) })
	}
	for _, name := range []string{"apache", "nginx", "lighttpd", "squid"} {
		if !servers[name] {
			t.Errorf("no recording of %s", name)
		}
	}
}
