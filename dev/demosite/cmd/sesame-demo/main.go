// Command sesame-demo serves the Sesame demo site: pages that answer 401,
// 403 and 407 the way real servers do, for trying the extension and for
// the browser tests.
//
// Usage:
//
//	sesame-demo [-addr 127.0.0.1:8080] [-v]
//
// The first line on standard output is the site's base URL, e.g.
// "http://127.0.0.1:8080"; with -addr 127.0.0.1:0 the system picks a free
// port and that line says which. The same server is an HTTP proxy for the
// made-up hosts *.sesame.test only (see /proxy.pac): proxy.sesame.test
// shows a real 407, the others are small sites of their own (a shop, a
// portal, a German site, a hostile site). Nothing is ever forwarded.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/sesame-help/sesame/dev/demosite"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "`address` to listen on (port 0 picks a free port)")
	verbose := flag.Bool("v", false, "log each request's method, path and status to standard error")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: sesame-demo [-addr host:port] [-v]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*addr, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "sesame-demo:", err)
		os.Exit(1)
	}
}

func run(addr string, verbose bool) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	var h http.Handler = demosite.New()
	if verbose {
		h = logRequests(h)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    128 << 10,
	}
	fmt.Printf("http://%s\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func logRequests(h http.Handler) http.Handler {
	l := log.New(os.Stderr, "", log.Ltime|log.Lmicroseconds)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		l.Printf("%s %s%s %d", r.Method, r.Host, r.URL.Path, sw.status)
	})
}
