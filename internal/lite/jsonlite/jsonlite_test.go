package jsonlite

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// item and doc exercise every reading method. Their json tags are what
// encoding/json reads; readDoc is the same reader written with jsonlite.
type item struct {
	Name  string   `json:"name"`
	N     int      `json:"n"`
	Flags []string `json:"flags"`
}

type doc struct {
	S      string  `json:"s"`
	P      *string `json:"p"`
	I      int     `json:"i"`
	IP     *int    `json:"ip"`
	B      bool    `json:"b"`
	L      []string
	Items  []item  `json:"items"`
	Kind   string  `json:"kind"`   // "K" (Kelvin sign) folds to k
	Sign   string  `json:"sign_s"` // "ſ" folds to s
	Nested *string `json:"nested"`
}

var docFields = []string{"s", "p", "i", "ip", "b", "L", "items", "kind", "sign_s", "nested"}

func readItem(d *Decoder, it *item) {
	d.Object([]string{"name", "n", "flags"}, func(d *Decoder, f string) {
		switch f {
		case "name":
			d.String(&it.Name)
		case "n":
			d.Int(&it.N)
		case "flags":
			Slice(d, &it.Flags, (*Decoder).String)
		}
	})
}

func readDoc(d *Decoder, v *doc) {
	d.Object(docFields, func(d *Decoder, f string) {
		switch f {
		case "s":
			d.String(&v.S)
		case "p":
			d.StringPtr(&v.P)
		case "i":
			d.Int(&v.I)
		case "ip":
			d.IntPtr(&v.IP)
		case "b":
			d.Bool(&v.B)
		case "L":
			Slice(d, &v.L, (*Decoder).String)
		case "items":
			Slice(d, &v.Items, readItem)
		case "kind":
			d.String(&v.Kind)
		case "sign_s":
			d.String(&v.Sign)
		case "nested":
			d.StringPtr(&v.Nested)
		}
	})
}

// decodeBoth decodes in with encoding/json's Decoder (as the bridge did)
// and with jsonlite, starting from the same value.
func decodeBoth(in []byte, strict bool, start func() doc) (want, got doc, werr, gerr error) {
	want, got = start(), start()
	dec := json.NewDecoder(strings.NewReader(string(in)))
	if strict {
		dec.DisallowUnknownFields()
	}
	werr = dec.Decode(&want)
	if werr == nil {
		if _, err := dec.Token(); err == nil || err.Error() != "EOF" {
			werr = errors.New("trailing")
		}
	}
	d := Decoder{DisallowUnknownFields: strict}
	gerr = d.Decode(in, func(d *Decoder) { readDoc(d, &got) })
	return
}

func checkSame(t *testing.T, in []byte) {
	t.Helper()
	starts := []func() doc{
		func() doc { return doc{} },
		func() doc {
			s := "old"
			n := 7
			return doc{S: "old", P: &s, I: 3, IP: &n, B: true, L: make([]string, 1, 4), Items: []item{{Name: "a", N: 1, Flags: []string{"x"}}, {Name: "b"}}[:1]}
		},
	}
	for _, strict := range []bool{false, true} {
		for k, start := range starts {
			want, got, werr, gerr := decodeBoth(in, strict, start)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%q (strict %v, start %d): encoding/json error %v, jsonlite error %v", in, strict, k, werr, gerr)
			}
			if werr == nil && !reflect.DeepEqual(want, got) {
				t.Fatalf("%q (strict %v, start %d):\nencoding/json %+v\njsonlite      %+v", in, strict, k, show(want), show(got))
			}
			if gerr != nil && !strings.HasPrefix(gerr.Error(), "jsonlite: ") {
				t.Fatalf("%q: error %q lacks the package prefix", in, gerr)
			}
		}
	}
}

func show(v doc) string {
	b, _ := json.Marshal(v)
	return string(b)
}

var decodeCases = []string{
	// Plain documents.
	`{}`, ` {"s":"x"} `, `{"s":"a","p":"b","i":-12,"ip":0,"b":true,"L":["x","y"],"items":[{"name":"n","n":2,"flags":[]}],"kind":"k","sign_s":"s","nested":null}`,
	`null`, `{"s":null,"p":null,"i":null,"ip":null,"b":null,"L":null,"items":null}`,
	// Case folding, Kelvin sign and long s.
	`{"S":"x","IP":3,"l":["a"],"ITEMS":[{"NAME":"z"}]}`, `{"\u212aind":"kelvin","ſign_ſ":"long s","KIND":"up"}`, `{"\u017fign_s":"x"}`,
	`{"kınd":"dotless"}`, `{"İtems":[]}`, `{"s\u0000":"nul"}`,
	// Duplicates: last wins, slices reuse their elements.
	`{"s":"a","s":"b"}`, `{"items":[{"name":"a","n":1},{"name":"b"}],"items":[{"n":5}]}`,
	`{"items":[{"name":"a"},{"name":"b"},{"name":"c"}],"items":[{"n":1}],"items":[{"n":2},{"n":3}]}`,
	`{"L":["a","b"],"L":[null,null,null]}`, `{"L":["a"],"L":[]}`, `{"p":"x","p":null}`, `{"ip":1,"ip":null}`,
	// Strings: escapes, surrogates, invalid UTF-8, control characters.
	`{"s":"a\"b\\c\/d\be\ff\ng\rh\ti"}`, `{"s":"\u00e9\u20AC\ud83d\ude00"}`, `{"s":"\ud800"}`, `{"s":"\udc00\ud800x"}`,
	`{"s":"\ud800\u0041"}`, `{"s":"\ud800\ud800\udc00"}`, "{\"s\":\"\xff\xfe\xe2\x82\"}", "{\"s\":\"a\tb\"}", `{"s":"\x"}`, `{"s":"\u12"}`,
	`{"s":"\'"}`, "{\"s\":\"\xed\xa0\x80\"}",
	// Numbers.
	`{"i":401.5}`, `{"i":1e2}`, `{"i":-0}`, `{"i":01}`, `{"i":-}`, `{"i":1.}`, `{"i":1e}`, `{"i":9223372036854775807}`,
	`{"i":9223372036854775808}`, `{"i":-9223372036854775808}`, `{"i":1E+2}`, `{"s":1}`, `{"x":1.5e-3}`,
	// Wrong types.
	`{"s":true}`, `{"i":"1"}`, `{"b":1}`, `{"L":{}}`, `{"items":[1]}`, `{"items":[null]}`, `{"items":{}}`, `[]`, `"x"`, `1`, `true`,
	`{"items":[{"name":1}],"s":"still read"}`, `{"p":[],"ip":{}}`,
	// Syntax errors, trailing data, unknown members.
	``, ` `, `{`, `{"s"}`, `{"s":}`, `{"s":"x",}`, `{,}`, `{"s":"x"} {}`, `{"s":"x"} x`, `{"s":"x"}}`, `nul`, `{"x":[1,2,{"y":null}]}`,
	`{"x":tru}`, `{"x":[1,]}`, `{"x":[1 2]}`, "\xef\xbb\xbf{}", `{"s":"x"`, `{"items":[{"name":"a"`, `[1,2`, `{"x":{"y":[]}}`,
	`{"items":[{"zzz":1}]}`, "{\"s\":\"x\"}\n\t\r ",
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001), `{"x":` + strings.Repeat("[", 9999) + strings.Repeat("]", 9999) + `}`,
	`{"x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`,
}

func TestDecodeLikeEncodingJSON(t *testing.T) {
	for _, c := range decodeCases {
		checkSame(t, []byte(c))
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{``, "jsonlite: empty input"},
		{`{"s":"x"} x`, "jsonlite: data after the top-level value"},
		{`[]`, "jsonlite: expected an object, not array"},
		{`{"items":[{"name":1}]}`, `jsonlite: field "items.name" must be a string, not number`},
		{`{"i":401.5}`, `jsonlite: field "i" must be a number, not number 401.5`},
		{`{"b":"no"}`, `jsonlite: field "b" must be true or false, not string`},
		{`{"s":"x`, "jsonlite: unexpected end of JSON input at offset 7"},
		{"{\"s\":\"\x01\"}", `jsonlite: invalid character '\x01' in string literal at offset 6`},
		{`{"s":tru}`, `jsonlite: invalid character '}' in literal true (expecting 'e') at offset 8`},
		{"\xff", `jsonlite: invalid character '\xff' looking for beginning of value at offset 0`},
	} {
		var v doc
		err := new(Decoder).Decode([]byte(c.in), func(d *Decoder) { readDoc(d, &v) })
		if err == nil || err.Error() != c.want {
			t.Errorf("Decode(%q) = %v, want %s", c.in, err, c.want)
		}
	}
	d := Decoder{DisallowUnknownFields: true}
	var v doc
	if err := d.Decode([]byte(`{"items":[{"name":"a","zz":1}]}`), func(d *Decoder) { readDoc(d, &v) }); err == nil || err.Error() != `jsonlite: unknown field "items.zz"` {
		t.Errorf("unknown field: %v", err)
	}
}

// TestFoldToASCII checks the claim foldEqual rests on: of all non-ASCII
// characters only U+017F and U+212A fold (as encoding/json folds member
// names) to ASCII.
func TestFoldToASCII(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		f := r
		for {
			g := unicode.SimpleFold(f)
			if g <= f {
				f = g
				break
			}
			f = g
		}
		if f < utf8.RuneSelf && r != '\u017F' && r != '\u212A' {
			t.Errorf("%U folds to %q", r, f)
		}
	}
}

var encodeCases = []string{
	"", "plain", `quote " backslash \ slash /`, "<a href='x'>&amp;</a>", "\b\f\n\r\t\x00\x01\x1f\x7f",
	"é€😀", "\u2028\u2029", "\xff\xfe", "a\xe2\x82b", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\U0010FFFF",
}

func TestAppendLikeEncodingJSON(t *testing.T) {
	for _, s := range encodeCases {
		checkAppend(t, s)
	}
	for _, m := range []map[string]string{nil, {}, {"b": "1", "a": "<", "A": "\xff", "\xff": "x", "": ""}} {
		want, _ := json.Marshal(m)
		if got := AppendStringMap(nil, m); string(got) != string(want) {
			t.Errorf("AppendStringMap(%q) = %s, want %s", m, got, want)
		}
	}
	var w Writer
	w.Begin()
	w.Int("a", 0)
	w.Int("b", -9223372036854775808)
	w.Bool("c", true)
	w.Bool("d", false)
	w.Name("e")
	w.BeginArray()
	w.Begin()
	w.End()
	w.StringValue("<")
	w.Null()
	w.BeginArray()
	w.EndArray()
	w.EndArray()
	w.StringOmitEmpty("f", "")
	w.StringOmitEmpty("g", "x")
	w.Strings("h", nil)
	w.StringMap("i", map[string]string{"z": "1", "y": "2"})
	w.Ints("j", []int{3, -1, 0})
	w.Ints("k", nil)
	w.Ints("l", []int{})
	w.End()
	want, _ := json.Marshal(struct {
		A int               `json:"a"`
		B int               `json:"b"`
		C bool              `json:"c"`
		D bool              `json:"d"`
		E []any             `json:"e"`
		F string            `json:"f,omitempty"`
		G string            `json:"g,omitempty"`
		H []string          `json:"h"`
		I map[string]string `json:"i"`
		J []int             `json:"j"`
		K []int             `json:"k"`
		L []int             `json:"l"`
	}{0, -9223372036854775808, true, false, []any{struct{}{}, "<", nil, []any{}}, "", "x", nil, map[string]string{"z": "1", "y": "2"}, []int{3, -1, 0}, nil, []int{}})
	if got := w.Bytes(); string(got) != string(want) {
		t.Errorf("Writer wrote\n%s\nwant\n%s", got, want)
	}
}

func checkAppend(t *testing.T, s string) {
	t.Helper()
	want, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendString([]byte("x"), s); string(got) != "x"+string(want) {
		t.Fatalf("AppendString(%q) = %s, want %s", s, got[1:], want)
	}
	for _, l := range [][]string{nil, {}, {s}, {s, s}} {
		want, _ := json.Marshal(l)
		if got := AppendStrings(nil, l); string(got) != string(want) {
			t.Fatalf("AppendStrings(%q) = %s, want %s", l, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range encodeCases {
		f.Add(s)
	}
	f.Fuzz(checkAppend)
}

func FuzzDecode(f *testing.F) {
	for _, s := range decodeCases {
		if len(s) < 1000 {
			f.Add([]byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkSame(t, in)
	})
}
