package demosite

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// serveProxy answers a request sent to the demo as an HTTP proxy. ProxyHost
// is served only with the demo credentials; the demo's made-up sites (see
// VirtualHosts) are served as their origin would; anything else gets the
// refusal a real proxy would send. Nothing is ever forwarded.
func (s *Site) serveProxy(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Hostname()
	if r.Method == http.MethodConnect {
		host, _, _ = net.SplitHostPort(r.Host)
	}
	if serve := virtualHosts[strings.ToLower(host)]; serve != nil && r.Method != http.MethodConnect {
		s.serveVirtual(w, r, strings.ToLower(host))
		return
	}
	if !strings.EqualFold(host, ProxyHost) {
		w.Header().Set("Server", "squid/6.6")
		http.Error(w, "demosite: this demo proxy only serves "+ProxyHost, http.StatusBadGateway)
		return
	}
	c := Lookup("proxy")
	if user, ok := proxyUser(r); ok && r.Method != http.MethodConnect {
		d := s.pageData(r, "Through the proxy")
		d.User = user
		s.render(w, r, http.StatusOK, "proxied.html", d)
		return
	}
	s.sendCase(w, r, c)
}

// proxyUser checks the Proxy-Authorization header against the demo
// credentials.
func proxyUser(r *http.Request) (string, bool) {
	auth := r.Header.Get("Proxy-Authorization")
	if auth == "" {
		return "", false
	}
	// http.Request.BasicAuth reads Authorization; reuse it on a copy.
	probe := &http.Request{Header: http.Header{"Authorization": {auth}}}
	u, p, ok := probe.BasicAuth()
	if !ok || u != DemoUser || p != DemoPassword {
		return "", false
	}
	return u, true
}

// servePAC sends a proxy auto-config file that routes ProxyHost and the
// demo's other made-up hosts (*.sesame.test) through this server, and
// everything else directly.
func servePAC(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/x-ns-proxy-autoconfig")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, `// Sesame demo: only %[1]s and the other *.sesame.test hosts go through the demo proxy.
function FindProxyForURL(url, host) {
  if (host === %[1]q || dnsDomainIs(host, ".sesame.test")) {
    return "PROXY %[2]s";
  }
  return "DIRECT";
}
`, ProxyHost, r.Host)
}
