package main

import (
	"errors"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/jsonlite"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"github.com/sesame-help/sesame/internal/plan"
)

// maxAnalyzeInput is the largest argument sesame.analyze accepts: room
// for the error page and every probe's body (at most plan.MaxProbes
// bodies of at most plan.PageBytes each, though the popup sends far less).
const maxAnalyzeInput = 16 << 20

// analyzeRequest is the argument of sesame.analyze: what the extension
// knows about one refused page at one phase of its probes. As JSON it is
//
//	{
//	  "response": {                                      // required
//	    "url": "https://example.com/private/report.pdf", // required
//	    "status": 401,                                   // required
//	    "method": "GET",                                 // default GET
//	    "headers": [{"name": "WWW-Authenticate", "value": "Basic realm=\"Staff\""}],
//	    "body": "<html>…",             // the error page (bounded by the caller)
//	    "now": "2026-11-28T12:00:00Z", // time of the response; default: now
//	    "redirects": ["http://example.com/private/report.pdf"]
//	  },
//	  "results": [{"id", "url", "status", "finalURL", "contentType", "body", "error"}],
//	  "env": {"browser": "Chrome 156", "os": "Linux x86-64"}
//	}
//
// "response" is a diagnose.Input, "results" the plan.Result of every
// probe made so far (any order), "env" a plan.Env. Member names match
// case-insensitively and unknown members are ignored, as encoding/json
// reads the struct stdRequest of the tests; header names may repeat.
type analyzeRequest struct {
	Response diagnose.Input `json:"response"`
	Results  []plan.Result  `json:"results"`
	Env      plan.Env       `json:"env"`
}

// analyzeAnswer is the answer of sesame.analyze: the report, the plan
// with the results so far, and the probes to make next ([] when there is
// nothing more to ask). The JSON of each is documented in packages
// diagnose (Report) and plan (Plan, Probe).
type analyzeAnswer struct {
	Report diagnose.Report `json:"report"`
	Plan   plan.Plan       `json:"plan"`
	Probes []plan.Probe    `json:"probes"`
}

// analyzeJSON decodes an analyzeRequest, runs plan.Analyze and encodes
// its answer.
func analyzeJSON(in []byte) ([]byte, error) {
	req, err := decodeAnalyzeRequest(in)
	if err != nil {
		return nil, err
	}
	a := plan.Analyze(req.Response, req.Results, req.Env)
	return writeAnalyzeAnswer(&analyzeAnswer{Report: a.Report, Plan: a.Plan, Probes: a.Probes}), nil
}

// wireRequest is an analyzeRequest as decodeAnalyzeRequest reads it, with
// what the checks after decoding need: whether "response" was an object,
// and its "url" and "status" as pointers, so that a missing member can be
// told from a zero value.
type wireRequest struct {
	analyzeRequest
	response bool
	url      *string
	status   *int
}

// The JSON member names of the types decodeAnalyzeRequest reads, in the
// order of their fields (the tests compare them with the json tags).
var (
	requestFields  = []string{"response", "results", "env"}
	responseFields = []string{"url", "method", "status", "headers", "body", "now", "redirects"}
	headerFields   = []string{"name", "value"}
	resultFields   = []string{"id", "url", "status", "finalURL", "contentType", "body", "error"}
	envFields      = []string{"browser", "os"}
)

// decodeAnalyzeRequest decodes and checks the argument of sesame.analyze.
func decodeAnalyzeRequest(in []byte) (analyzeRequest, error) {
	w, err := readRequest(in)
	switch {
	case err != nil:
		return analyzeRequest{}, errors.New("bad JSON: " + describe(err))
	case !w.response:
		return analyzeRequest{}, errors.New(`missing field "response"`)
	case w.url == nil:
		return analyzeRequest{}, errors.New(`missing field "response.url"`)
	case w.status == nil:
		return analyzeRequest{}, errors.New(`missing field "response.status"`)
	}
	req := w.analyzeRequest
	req.Response.URL, req.Response.Status = *w.url, *w.status
	if now := req.Response.Now; now != "" {
		if _, ok := timeparse.Parse(time.RFC3339, now); !ok {
			return analyzeRequest{}, errors.New(`field "response.now" is not an RFC 3339 time: ` + quoteClipped(now))
		}
	}
	return req, nil
}

// readRequest reads one JSON object into a wireRequest, as encoding/json
// reads it into stdRequest.
func readRequest(in []byte) (wireRequest, error) {
	var w wireRequest
	var d jsonlite.Decoder
	err := d.Decode(in, func(d *jsonlite.Decoder) {
		d.Object(requestFields, func(d *jsonlite.Decoder, field string) {
			switch field {
			case "response":
				w.response = !isNull(d)
				readResponse(d, &w)
			case "results":
				jsonlite.Slice(d, &w.Results, readResult)
			case "env":
				d.Object(envFields, func(d *jsonlite.Decoder, field string) {
					switch field {
					case "browser":
						d.String(&w.Env.Browser)
					case "os":
						d.String(&w.Env.OS)
					}
				})
			}
		})
	})
	return w, err
}

// isNull reports whether the next value is null, without reading it. It
// reads the value with a copy of d, whose errors d does not see: the
// copy's StringPtr sets the pointer to nil only for null. (jsonlite's
// methods leave a struct unchanged on null, but encoding/json sets a
// pointer to a struct to nil.)
func isNull(d *jsonlite.Decoder) bool {
	peek := *d
	s := ""
	p := &s
	peek.StringPtr(&p)
	return p == nil
}

func readResponse(d *jsonlite.Decoder, w *wireRequest) {
	r := &w.Response
	d.Object(responseFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "url":
			d.StringPtr(&w.url)
		case "method":
			d.String(&r.Method)
		case "status":
			d.IntPtr(&w.status)
		case "headers":
			jsonlite.Slice(d, &r.Headers, readHeader)
		case "body":
			d.String(&r.Body)
		case "now":
			d.String(&r.Now)
		case "redirects":
			jsonlite.Slice(d, &r.Redirects, (*jsonlite.Decoder).String)
		}
	})
}

func readHeader(d *jsonlite.Decoder, h *diagnose.Header) {
	d.Object(headerFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "name":
			d.String(&h.Name)
		case "value":
			d.String(&h.Value)
		}
	})
}

func readResult(d *jsonlite.Decoder, r *plan.Result) {
	d.Object(resultFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "id":
			d.String(&r.ID)
		case "url":
			d.String(&r.URL)
		case "status":
			d.Int(&r.Status)
		case "finalURL":
			d.String(&r.FinalURL)
		case "contentType":
			d.String(&r.ContentType)
		case "body":
			d.String(&r.Body)
		case "error":
			d.String(&r.Error)
		}
	})
}

// writeAnalyzeAnswer returns a as JSON, byte for byte as encoding/json's
// Marshal writes it.
func writeAnalyzeAnswer(a *analyzeAnswer) []byte {
	var w jsonlite.Writer
	w.Begin()
	w.Name("report")
	writeReport(&w, &a.Report)
	w.Name("plan")
	writePlan(&w, &a.Plan)
	w.Name("probes")
	writeProbes(&w, a.Probes)
	w.End()
	return w.Bytes()
}
