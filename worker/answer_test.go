//go:build !(js && wasm) || stockglue

package main

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestRecorderFinish checks that what the glue sends always carries a
// Content-Length equal to the body it sends.
func TestRecorderFinish(t *testing.T) {
	small := `{"status":"ok"}` + "\n"
	big := strings.Repeat("x", 100)
	tests := []struct {
		name       string
		method     string
		limit      int
		status     int    // what the handler writes (0: none)
		declare    string // the handler's Content-Length ("" none)
		body       string
		wantStatus int
		wantBody   string // "problem": a 500 problem document
	}{
		// An answer within the limit goes as written.
		{name: "ok", method: "GET", limit: 64, status: 200, declare: strconv.Itoa(len(small)), body: small, wantStatus: 200, wantBody: small},
		{name: "no status", method: "GET", limit: 64, body: small, wantStatus: 200, wantBody: small},
		// The handler declared a wrong length: the real one is sent.
		{name: "wrong declared", method: "GET", limit: 64, status: 200, declare: "999", body: small, wantStatus: 200, wantBody: small},
		// Over the limit: never the full Content-Length over a short body,
		// a 500 problem instead.
		{name: "over the cap", method: "GET", limit: 64, status: 200, declare: strconv.Itoa(len(big)), body: big, wantStatus: 500, wantBody: "problem"},
		// HEAD: no body, the GET body's length as the handler declared.
		{name: "head", method: "HEAD", limit: 64, status: 200, declare: strconv.Itoa(len(small)), body: small, wantStatus: 200, wantBody: ""},
		// 204: no body and no Content-Length.
		{name: "no content", method: "OPTIONS", limit: 64, status: 204, wantStatus: 204, wantBody: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := newRecorder(tt.limit)
			if tt.declare != "" {
				rec.Header().Set("Content-Length", tt.declare)
			}
			if tt.status != 0 {
				rec.WriteHeader(tt.status)
			}
			if tt.body != "" {
				rec.Write([]byte(tt.body))
			}
			status, header, body := rec.finish(tt.method)
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d", status, tt.wantStatus)
			}
			cl := header.Get("Content-Length")
			switch {
			case tt.method == http.MethodHead:
				if body != nil || cl != tt.declare {
					t.Errorf("HEAD: body %q, Content-Length %q; want none, %q", body, cl, tt.declare)
				}
				return
			case status == http.StatusNoContent:
				if body != nil || cl != "" {
					t.Errorf("204: body %q, Content-Length %q", body, cl)
				}
				return
			}
			if cl != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %q for a body of %d bytes", cl, len(body))
			}
			if tt.wantBody == "problem" {
				var p struct {
					Status int
					Code   string
				}
				if err := json.Unmarshal(body, &p); err != nil || p.Status != 500 || p.Code != "internal" {
					t.Errorf("body %q is not a 500 problem (%v)", body, err)
				}
				if ct := header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type %q", ct)
				}
				return
			}
			if string(body) != tt.wantBody {
				t.Errorf("body %q, want %q", body, tt.wantBody)
			}
		})
	}
}
