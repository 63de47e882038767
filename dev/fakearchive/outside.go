package fakearchive

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
)

// OutsideHost is a host outside any registry, for checking that the relay never
// goes there: it counts every request (a redirect the relay followed, a copy
// it fetched) and answers GET /.count with the count so far.
type OutsideHost struct {
	*httptest.Server
	// Requests counts the requests received, besides those for /.count.
	Requests atomic.Int64
}

// NewOutsideHost starts an OutsideHost on addr (such as 127.0.0.2:0: another loopback
// address, so that its host is not a fake archive's).
func NewOutsideHost(addr string) (*OutsideHost, error) {
	l, err := net.Listen("tcp4", addr)
	if err != nil {
		return nil, fmt.Errorf("fakearchive: outside host: %v", err)
	}
	o := &OutsideHost{}
	o.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/.count" {
			fmt.Fprintf(w, "%d\n", o.Requests.Load())
			return
		}
		o.Requests.Add(1)
		w.Header().Set("Content-Type", "application/link-format")
		fmt.Fprint(w, "<http://outside.invalid/>; rel=\"memento\"; datetime=\"Wed, 11 Sep 2002 07:39:33 GMT\"\n")
	}))
	o.Server.Listener.Close()
	o.Server.Listener = l
	o.Start()
	return o, nil
}
