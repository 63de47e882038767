//go:build !(js && wasm)

package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/sesame-help/sesame/internal/archive/lookup"
)

// main serves the relay natively, for quick local use without workerd:
//
//	go run ./worker [-addr 127.0.0.1:8787]
//
// ARCHIVES_JSON in the environment replaces the built-in registry, as the
// Worker variable of the same name does. Answers are cached in memory.
func main() {
	addr := flag.String("addr", "127.0.0.1:8787", "address to listen on")
	flag.Parse()
	h, err := newHandler(config{
		client:       lookup.NewHTTPClient(),
		cache:        newNativeCache(),
		archivesJSON: os.Getenv("ARCHIVES_JSON"),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           recoverer(withOrigin(h)),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	log.Printf("worker: relay listening on http://%s (native, in-memory cache)", *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "worker:", err)
		os.Exit(1)
	}
}
