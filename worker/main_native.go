//go:build !(js && wasm)

package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// main serves the relay natively, for quick local use without workerd:
//
//	go run ./worker [-addr 127.0.0.1:8787]
//
// ARCHIVES_JSON in the environment replaces the built-in registry, as the
// Worker variable of the same name does; SESAME_SALT and
// SESAME_CACHE_STATUS too. Answers are cached in memory.
func main() {
	addr := flag.String("addr", "127.0.0.1:8787", "address to listen on")
	flag.Parse()
	archivesJSON := os.Getenv("ARCHIVES_JSON")
	if strings.TrimSpace(archivesJSON) != "" {
		// Natively a broken registry stops the server at once; the Worker
		// cannot stop, so its relay answers 503 instead.
		if _, err := registry.Parse([]byte(archivesJSON)); err != nil {
			fmt.Fprintln(os.Stderr, "worker: ARCHIVES_JSON:", err)
			os.Exit(2)
		}
	}
	h := newHandler(config{
		client:       lookup.NewHTTPClient(),
		cache:        newNativeCache(),
		archivesJSON: archivesJSON,
		salt:         os.Getenv("SESAME_SALT"),
		cacheStatus:  os.Getenv("SESAME_CACHE_STATUS") == "1",
	})
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
