package plan

import (
	"strings"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"github.com/sesame-help/sesame/internal/urls/redact"
)

// RequestIDHeaders lists the response headers (lower case) whose values
// identify the request to the site's operators; the details quote them.
var RequestIDHeaders = []string{
	"cf-ray", "x-request-id", "request-id", "x-correlation-id", "x-correlationid",
	"x-amz-request-id", "x-amz-id-2", "x-amz-cf-id", "x-amzn-requestid", "x-amz-apigw-id",
	"x-amzn-trace-id", "x-ms-request-id", "x-azure-ref", "x-msedge-ref", "x-iinfo",
	"x-sucuri-id", "x-github-request-id", "x-vercel-id", "fly-request-id",
	"x-cloud-trace-context", "x-trace-id", "traceparent", "x-akamai-request-id",
	"akamai-grn", "x-reference-error", "x-served-by",
}

// details lists the lines of the "report this problem" text: the URL
// (redacted), status, time, browser and system, diagnosis, IIS sub-status,
// block and its reference, and request IDs.
func (d *decider) details() []diagnose.Message {
	r := d.r
	out := []diagnose.Message{}
	u, _, err := redact.URL(r.URL, redact.Options{})
	if err != nil {
		u = d.s.page.URL // without query
	}
	out = append(out,
		kDetailURL.msg(clip(u, 2048)),
		kDetailStatus.msg(itoa(r.Status)),
		kDetailTime.msg(timeparse.FormatSecond(d.in.Now)),
	)
	if b := clip(d.in.Env.Browser, 100); b != "" {
		out = append(out, kDetailBrowser.msg(b))
	}
	if o := clip(d.in.Env.OS, 100); o != "" {
		out = append(out, kDetailOS.msg(o))
	}
	out = append(out, kDetailDiagnosis.msg(r.Kind))
	if r.Substatus != nil && r.Substatus.Code != "" {
		out = append(out, kDetailSubstatus.msg(clip(r.Substatus.Code, 40)))
	}
	ids := d.requestIDs()
	if b := r.Block; b != nil {
		who := b.Name
		if who == "" {
			who = b.Vendor
		}
		if who != "" {
			out = append(out, kDetailBlock.msg(clip(who+" ("+b.Kind+")", 100)))
		}
		if ref := clip(b.Reference, 200); ref != "" {
			dup := false
			for _, m := range ids {
				dup = dup || m.Params[1] == ref
			}
			if !dup {
				out = append(out, kDetailReference.msg(ref))
			}
		}
	}
	return append(out, ids...)
}

// requestIDs returns one detail line per request-ID header present, in
// the order of RequestIDHeaders, at most MaxRequestIDs.
func (d *decider) requestIDs() []diagnose.Message {
	out := []diagnose.Message{}
	for _, name := range RequestIDHeaders {
		if len(out) == MaxRequestIDs {
			break
		}
		for i, h := range d.in.Headers {
			if i == 500 {
				break
			}
			if strings.EqualFold(strings.TrimSpace(h.Name), name) {
				if v := clip(h.Value, 200); v != "" {
					out = append(out, kDetailRequestID.msg(name, v))
				}
				break
			}
		}
	}
	return out
}
