package main

import (
	"bytes"
	"errors"
	"strconv"

	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// maxResponseBody bounds an answer of the relay handler held by the glue.
const maxResponseBody = 4 << 20

// errAnswerTooLarge is returned by recorder.Write past maxResponseBody.
var errAnswerTooLarge = errors.New("worker: answer too large")

// recorder collects the relay's answer in memory for the Worker glue; answers
// are small JSON. Past limit bytes it refuses further writes and remembers
// that the answer is cut.
type recorder struct {
	header httplite.Header
	status int
	body   bytes.Buffer
	limit  int
	cut    bool
}

// newRecorder returns a recorder that holds at most limit bytes of body.
func newRecorder(limit int) *recorder {
	return &recorder{header: httplite.Header{}, limit: limit}
}

func (r *recorder) Header() httplite.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = httplite.StatusOK
	}
	if r.cut || r.body.Len()+len(p) > r.limit {
		r.cut = true
		return 0, errAnswerTooLarge
	}
	return r.body.Write(p)
}

// Flush does nothing: the answer is sent whole when the handler returns.
func (r *recorder) Flush() {}

// finish returns what the glue sends for the recorded answer to a request
// with the given method. The Content-Length it sends is always the length of
// the body it sends: an answer cut at the limit becomes a 500 problem (never
// a short body under the handler's full Content-Length), and a HEAD answer
// keeps the length the handler declared for its GET body but sends none.
func (r *recorder) finish(method string) (int, httplite.Header, []byte) {
	if r.cut {
		p := newRecorder(maxResponseBody)
		problem(p, httplite.StatusInternalServerError, "Internal error", "internal", "the relay's answer was too large to send")
		r = p
	}
	status := r.status
	if status == 0 {
		status = httplite.StatusOK
	}
	body := r.body.Bytes()
	if method == httplite.MethodHead {
		if r.header.Get("Content-Length") == "" {
			r.header.Set("Content-Length", strconv.Itoa(len(body)))
		}
		return status, r.header, nil
	}
	if bodyless(status) {
		r.header.Del("Content-Length")
		return status, r.header, nil
	}
	r.header.Set("Content-Length", strconv.Itoa(len(body)))
	return status, r.header, body
}

// bodyless reports whether an answer with status has no body.
func bodyless(status int) bool {
	return status == httplite.StatusSwitchingProtocols || status == httplite.StatusNoContent ||
		status == httplite.StatusResetContent || status == httplite.StatusNotModified
}
