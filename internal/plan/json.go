package plan

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/site/discover"
	"github.com/sesame-help/sesame/internal/lite/jsonlite"
	"github.com/sesame-help/sesame/internal/lite/timeparse"
)

// MaxInputJSON is the largest input ProbesJSON and DecideJSON accept: room
// for the error page and every probe's body (at most MaxProbes bodies of
// at most PageBytes each, though the extension sends far less).
const MaxInputJSON = 16 << 20

// ProbesJSON decodes an Input from JSON and returns Probes' answer as a
// JSON array of Probe. DecideJSON decodes the same Input and returns the
// Plan as a JSON object. They are the entry points of the WebAssembly
// bridge.
//
// Both read and write JSON with package jsonlite, without reflection, and
// read what encoding/json's Unmarshal reads into Input and write what its
// Marshal writes for []Probe and Plan (the tests compare the two), with
// two exceptions on the way in: "now" is a JSON string holding an RFC 3339
// time (escapes in it are decoded first, which time.Time's UnmarshalJSON
// does not do), and "report.challenges" is skipped unread, whatever it
// holds, because Probes and Decide do not use it.
//
// They return an error, prefixed "plan: ", for input that is not one JSON
// object, is larger than MaxInputJSON, lacks "report", has a field of the
// wrong type, or has a "now" that is not RFC 3339.
func ProbesJSON(in []byte) ([]byte, error) {
	input, err := decodeJSON(in)
	if err != nil {
		return nil, err
	}
	return appendProbes(nil, Probes(input)), nil
}

// DecideJSON decodes an Input from JSON, decides and encodes the Plan as
// JSON. See ProbesJSON.
func DecideJSON(in []byte) ([]byte, error) {
	input, err := decodeJSON(in)
	if err != nil {
		return nil, err
	}
	p := Decide(input)
	return appendPlan(nil, &p), nil
}

// decodeJSON decodes and checks the input of ProbesJSON and DecideJSON.
func decodeJSON(in []byte) (Input, error) {
	if len(in) > MaxInputJSON {
		return Input{}, errors.New("plan: input too large (" + strconv.Itoa(len(in)) + " bytes, limit " + strconv.Itoa(MaxInputJSON) + ")")
	}
	w, err := decodeInput(in)
	switch {
	case err != nil:
		return Input{}, errors.New("plan: bad input JSON: " + describe(err))
	case w.badNow != nil:
		return Input{}, errors.New(`plan: field "now" is not an RFC 3339 time: ` + strconv.Quote(clip(*w.badNow, 40)))
	case !w.report:
		return Input{}, errors.New(`plan: missing field "report"`)
	}
	return w.Input, nil
}

// describe makes a decoding error read well after "bad input JSON: ".
func describe(err error) string {
	switch {
	case errors.Is(err, jsonlite.ErrEmpty):
		return "empty input"
	case errors.Is(err, jsonlite.ErrTrailing):
		return "data after the object"
	}
	return strings.TrimPrefix(err.Error(), "jsonlite: ")
}

// wireInput is an Input as decodeInput reads it, with what the checks
// after decoding need.
type wireInput struct {
	Input
	report bool    // "report" was an object (the last time it appeared)
	badNow *string // the first "now" that is not RFC 3339
}

// The JSON member names of the types decodeInput reads, in the order of
// their fields (the tests compare them with the json tags).
var (
	inputFields     = []string{"report", "page", "results", "now", "env", "headers"}
	reportFields    = []string{"url", "status", "kind", "challenges", "substatus", "block", "retryAfter", "advice", "actions", "ancestors", "notes", "redirects"}
	substatusFields = []string{"code", "key", "params"}
	blockFields     = []string{"vendor", "name", "kind", "reference", "code", "key"}
	messageFields   = []string{"key", "params"}
	actionFields    = []string{"kind", "url", "key", "params", "label", "host"}
	resultFields    = []string{"id", "url", "status", "finalURL", "contentType", "body", "error"}
	envFields       = []string{"browser", "os"}
	headerFields    = []string{"name", "value"}
)

// decodeInput reads one JSON object into a wireInput, as encoding/json
// reads it (with the exceptions ProbesJSON lists).
func decodeInput(in []byte) (wireInput, error) {
	var w wireInput
	var d jsonlite.Decoder
	err := d.Decode(in, func(d *jsonlite.Decoder) {
		d.Object(inputFields, func(d *jsonlite.Decoder, field string) {
			switch field {
			case "report":
				w.report = !isNull(d)
				readReport(d, &w.Report)
			case "page":
				d.String(&w.Page)
			case "results":
				jsonlite.Slice(d, &w.Results, readResult)
			case "now":
				var s *string
				d.StringPtr(&s)
				if s == nil {
					break
				}
				if t, ok := timeparse.Parse(time.RFC3339, *s); ok {
					w.Now = t
				} else if w.badNow == nil {
					w.badNow = s
				}
			case "env":
				d.Object(envFields, func(d *jsonlite.Decoder, field string) {
					switch field {
					case "browser":
						d.String(&w.Env.Browser)
					case "os":
						d.String(&w.Env.OS)
					}
				})
			case "headers":
				jsonlite.Slice(d, &w.Headers, readHeader)
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

func readReport(d *jsonlite.Decoder, r *diagnose.Report) {
	d.Object(reportFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "url":
			d.String(&r.URL)
		case "status":
			d.Int(&r.Status)
		case "kind":
			d.String(&r.Kind)
		case "challenges":
			// Not read: Probes and Decide do not use it (a test checks).
		case "substatus":
			if isNull(d) {
				r.Substatus = nil
				d.Skip()
				return
			}
			if r.Substatus == nil {
				r.Substatus = new(diagnose.Substatus)
			}
			s := r.Substatus
			d.Object(substatusFields, func(d *jsonlite.Decoder, field string) {
				switch field {
				case "code":
					d.String(&s.Code)
				case "key":
					d.String(&s.Key)
				case "params":
					jsonlite.Slice(d, &s.Params, (*jsonlite.Decoder).String)
				}
			})
		case "block":
			if isNull(d) {
				r.Block = nil
				d.Skip()
				return
			}
			if r.Block == nil {
				r.Block = new(diagnose.Block)
			}
			b := r.Block
			d.Object(blockFields, func(d *jsonlite.Decoder, field string) {
				switch field {
				case "vendor":
					d.String(&b.Vendor)
				case "name":
					d.String(&b.Name)
				case "kind":
					d.String(&b.Kind)
				case "reference":
					d.String(&b.Reference)
				case "code":
					d.String(&b.Code)
				case "key":
					d.String(&b.Key)
				}
			})
		case "retryAfter":
			d.String(&r.RetryAfter)
		case "advice":
			jsonlite.Slice(d, &r.Advice, readMessage)
		case "actions":
			jsonlite.Slice(d, &r.Actions, readAction)
		case "ancestors":
			jsonlite.Slice(d, &r.Ancestors, (*jsonlite.Decoder).String)
		case "notes":
			jsonlite.Slice(d, &r.Notes, readMessage)
		case "redirects":
			jsonlite.Slice(d, &r.Redirects, (*jsonlite.Decoder).String)
		}
	})
}

func readMessage(d *jsonlite.Decoder, m *diagnose.Message) {
	d.Object(messageFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "key":
			d.String(&m.Key)
		case "params":
			jsonlite.Slice(d, &m.Params, (*jsonlite.Decoder).String)
		}
	})
}

func readAction(d *jsonlite.Decoder, a *diagnose.Action) {
	d.Object(actionFields, func(d *jsonlite.Decoder, field string) {
		switch field {
		case "kind":
			d.String(&a.Kind)
		case "url":
			d.String(&a.URL)
		case "key":
			d.String(&a.Key)
		case "params":
			jsonlite.Slice(d, &a.Params, (*jsonlite.Decoder).String)
		case "label":
			d.String(&a.Label)
		case "host":
			d.String(&a.Host)
		}
	})
}

func readResult(d *jsonlite.Decoder, r *Result) {
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

// out appends JSON, byte for byte as encoding/json's Marshal writes it.
// Each method writes a prefix (punctuation and a member name, such as
// `,"url":`) and then a value. They are kept out of line: inlined, the
// appends would double the size of this code in the WebAssembly helper.
type out struct{ b []byte }

//go:noinline
func (o *out) raw(s string) { o.b = append(o.b, s...) }

//go:noinline
func (o *out) str(prefix, s string) { o.b = jsonlite.AppendString(append(o.b, prefix...), s) }

//go:noinline
func (o *out) int(prefix string, n int) {
	o.b = strconv.AppendInt(append(o.b, prefix...), int64(n), 10)
}

//go:noinline
func (o *out) bool(prefix string, v bool) { o.b = strconv.AppendBool(append(o.b, prefix...), v) }

//go:noinline
func (o *out) strs(prefix string, s []string) {
	o.b = jsonlite.AppendStrings(append(o.b, prefix...), s)
}

// list writes s as an array, or null when s is nil.
func list[T any](o *out, s []T, elem func(*out, *T)) {
	if s == nil {
		o.raw("null")
		return
	}
	o.raw("[")
	for i := range s {
		if i > 0 {
			o.raw(",")
		}
		elem(o, &s[i])
	}
	o.raw("]")
}

func appendProbes(b []byte, ps []Probe) []byte {
	o := out{b}
	list(&o, ps, func(o *out, p *Probe) {
		o.str(`{"id":`, p.ID)
		o.str(`,"url":`, p.URL)
		o.str(`,"method":`, p.Method)
		o.int(`,"maxBytes":`, p.MaxBytes)
		o.str(`,"purpose":`, p.Purpose)
		o.raw("}")
	})
	return o.b
}

func appendPlan(b []byte, p *Plan) []byte {
	o := out{b}
	o.raw(`{"actions":`)
	list(&o, p.Actions, writeAction)
	o.raw(`,"login":`)
	list(&o, p.Login, writeLink)
	o.raw(`,"register":`)
	list(&o, p.Register, writeLink)
	o.raw(`,"reset":`)
	list(&o, p.Reset, writeLink)
	o.raw(`,"contacts":`)
	list(&o, p.Contacts, writeContact)
	if s := p.SecurityTxt; s == nil {
		o.raw(`,"securityTxt":null`)
	} else {
		o.str(`,"securityTxt":{"url":`, s.URL)
		o.strs(`,"contacts":`, s.Contacts)
		o.str(`,"expires":`, s.Expires)
		o.bool(`,"expired":`, s.Expired)
		o.raw("}")
	}
	o.raw(`,"details":`)
	list(&o, p.Details, writeMessage)
	o.str(`,"mail":{"to":`, p.Mail.To)
	o.raw(`,"subject":`)
	writeMessage(&o, &p.Mail.Subject)
	o.raw(`,"body":`)
	list(&o, p.Mail.Body, writeMessage)
	o.raw("}")
	if w := p.Watch; w == nil {
		o.raw(`,"watch":null`)
	} else {
		o.raw(`,"watch":{"delays":`)
		list(&o, w.Delays, func(o *out, n *int) { o.int("", *n) })
		o.int(`,"maxRetryAfter":`, w.MaxRetryAfter)
		o.int(`,"maxTotal":`, w.MaxTotal)
		o.raw("}")
	}
	o.str(`,"archiveURL":`, p.ArchiveURL)
	o.str(`,"archiveURLNoQuery":`, p.ArchiveURLNoQuery)
	o.raw("}")
	return o.b
}

// writeAction writes an Action: diagnose.Action's members, then its own.
func writeAction(o *out, a *Action) {
	o.str(`{"kind":`, a.Kind)
	if a.URL != "" {
		o.str(`,"url":`, a.URL)
	}
	o.str(`,"key":`, a.Key)
	o.strs(`,"params":`, a.Params)
	if a.Label != "" {
		o.str(`,"label":`, a.Label)
	}
	if a.Host != "" {
		o.str(`,"host":`, a.Host)
	}
	o.bool(`,"checked":`, a.Checked)
	o.bool(`,"working":`, a.Working)
	o.raw("}")
}

func writeLink(o *out, l *discover.Link) {
	o.str(`{"url":`, l.URL)
	o.str(`,"text":`, l.Text)
	o.int(`,"score":`, l.Score)
	o.bool(`,"crossSite":`, l.CrossSite)
	o.str(`,"host":`, l.Host)
	o.str(`,"sso":`, l.SSO)
	o.bool(`,"lookAlike":`, l.LookAlike)
	o.raw("}")
}

func writeContact(o *out, c *Contact) {
	o.str(`{"kind":`, c.Kind)
	o.str(`,"url":`, c.URL)
	o.str(`,"key":`, c.Key)
	o.strs(`,"params":`, c.Params)
	if c.Label != "" {
		o.str(`,"label":`, c.Label)
	}
	o.bool(`,"expired":`, c.Expired)
	o.raw("}")
}

func writeMessage(o *out, m *diagnose.Message) {
	o.str(`{"key":`, m.Key)
	o.strs(`,"params":`, m.Params)
	o.raw("}")
}
