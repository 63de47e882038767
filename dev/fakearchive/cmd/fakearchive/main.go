// Command fakearchive starts fake web archives on loopback, one per
// behaviour, prints a registry for them (the relay's ARCHIVES_JSON) as the
// first line of its standard output, and serves until it is killed.
//
// Usage:
//
//	fakearchive [-listen 127.0.0.1:0] [-outside 127.0.0.2:0] [[KIND/]BEHAVIOUR ...]
//
// With -outside it also starts a host outside the registry (on another
// loopback address, so that its host differs from every fake's) that counts
// every request it gets, answers GET /.count with the count, and is where
// chaos and userinfo fakes without a URL of their own send their redirects;
// its URL is printed as a second line, {"outside": URL}.
//
// KIND is availability, cdx, timemap (the default; cdx for "blocked") or
// timegate. BEHAVIOUR is found, found:N, none, slow:300ms, hang, 429,
// challenge, blocked, loop, malformed, huge:N, outside:URL, drip, 5xx,
// garbage, truncated, jsloc, userinfo[:URL] or chaos[:URL]. Without
// arguments it starts: found none slow:300ms hang 429 challenge blocked.
// With -listen HOST:PORT and PORT not 0, the fakes take PORT, PORT+1, …
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "host and first port to listen on (port 0: any free port)")
	outsideAddr := flag.String("outside", "", "also start a counting host outside the registry on this address (e.g. 127.0.0.2:0)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: fakearchive [-listen 127.0.0.1:0] [[KIND/]BEHAVIOUR ...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	specs := flag.Args()
	if len(specs) == 0 {
		specs = []string{"found", "none", "slow:300ms", "hang", "429", "challenge", "blocked"}
	}
	host, portStr, err := net.SplitHostPort(*listen)
	if err != nil {
		fatal("bad -listen: %v", err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		fatal("bad -listen port: %v", err)
	}
	var outside *fakearchive.OutsideHost
	if *outsideAddr != "" {
		outside, err = fakearchive.NewOutsideHost(*outsideAddr)
		if err != nil {
			fatal("%v", err)
		}
		defer outside.Close()
	}
	var servers []*fakearchive.Server
	var list []registry.Archive
	for i, spec := range specs {
		kind := registry.TimeMap
		beh := spec
		if k, b, ok := strings.Cut(spec, "/"); ok && registry.Kind(k).Valid() {
			kind, beh = registry.Kind(k), b
		} else if strings.HasPrefix(spec, "blocked") {
			kind = registry.CDX
		}
		b, err := fakearchive.ParseBehavior(beh)
		if err != nil {
			fatal("%v", err)
		}
		if (b.Mode == fakearchive.Chaos || b.Mode == fakearchive.UserInfo) && b.Target == "" && outside != nil {
			b.Target = outside.URL
		}
		s := fakearchive.NewUnstarted(kind, b)
		addr := net.JoinHostPort(host, "0")
		if port != 0 {
			addr = net.JoinHostPort(host, strconv.Itoa(port+i))
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			fatal("listen %s: %v", addr, err)
		}
		s.Listener.Close()
		s.Listener = l
		s.Start()
		servers = append(servers, s)
		a := s.Archive(fmt.Sprintf("fake%d-%s", i+1, idPart(string(b.Mode))))
		a.Name = fmt.Sprintf("Fake %s archive (%s)", kind, b)
		a.Priority = 10 * (i + 1)
		list = append(list, a)
	}
	out, err := json.Marshal(list)
	if err != nil {
		fatal("%v", err)
	}
	fmt.Println(string(out))
	if outside != nil {
		line, _ := json.Marshal(map[string]string{"outside": outside.URL})
		fmt.Println(string(line))
	}
	for i, s := range servers {
		fmt.Fprintf(os.Stderr, "fakearchive: %s %s on %s\n", list[i].ID, s.Kind, s.URL)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	for _, s := range servers {
		s.Close()
	}
}

func idPart(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(s))
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "fakearchive: "+format+"\n", args...)
	os.Exit(2)
}
