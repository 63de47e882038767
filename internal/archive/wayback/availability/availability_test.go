package availability

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/sample"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// parseStd is the parser package wayback had before this package, with
// encoding/json's streaming Decoder reading at most max bytes: the
// reference Parse is held to.
func parseStd(r io.Reader, max int64) (*archive.Memento, error) {
	var a answer
	dec := json.NewDecoder(&limited{r: r, n: max})
	if err := dec.Decode(&a); err != nil {
		if errors.Is(err, archive.ErrTooLarge) {
			return nil, err
		}
		return nil, errors.New("wayback: malformed availability answer: " + err.Error())
	}
	c := a.Archived.Closest
	if c == nil || !c.Available || c.URL == "" {
		return nil, nil
	}
	t, err := archive.ParseTimestamp(c.Timestamp)
	if err != nil {
		return nil, errors.New("wayback: bad timestamp in availability answer")
	}
	u, err := url.Parse(c.URL)
	if err != nil || !u.IsAbs() || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, errors.New("wayback: bad capture URL in availability answer")
	}
	return &archive.Memento{URI: u.String(), Datetime: t}, nil
}

// limited reads at most n bytes and then fails with archive.ErrTooLarge
// (package wayback's reader).
type limited struct {
	r io.Reader
	n int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, archive.ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// same checks that parse and parseStd agree on data read with a limit of
// max bytes: the same capture, or both an error, both archive.ErrTooLarge
// or both not.
func same(t *testing.T, data []byte, max int) {
	t.Helper()
	want, werr := parseStd(bytes.NewReader(data), int64(max))
	got, gerr := parse(data, max)
	if (werr == nil) != (gerr == nil) || errors.Is(werr, archive.ErrTooLarge) != errors.Is(gerr, archive.ErrTooLarge) {
		t.Fatalf("parse(%.200q, %d): error %v, encoding/json %v", data, max, gerr, werr)
	}
	if werr != nil {
		if !strings.HasPrefix(gerr.Error(), "availability: ") {
			t.Fatalf("error %q lacks the package prefix", gerr)
		}
		return
	}
	if (want == nil) != (got == nil) || want != nil && (want.URI != got.URI || !want.Datetime.Equal(got.Datetime)) {
		t.Fatalf("parse(%.200q, %d) = %+v, encoding/json %+v", data, max, got, want)
	}
}

var cases = []string{
	`{"url":"example.com","archived_snapshots":{"closest":{"available":true,"url":"http://web.archive.org/web/20240101000000/https://example.com/","timestamp":"20240101000000","status":"200"}}}`,
	`{"url":"example.com","archived_snapshots":{}}`, `{"archived_snapshots":{"closest":null}}`, `{}`, `null`, `[]`, `"x"`, `1`, `12`, ` -1.5e3 `, `1 23`, `0x`, `-`, `000000`, `0.5e+7`, `-0 `, `1.5x`, `"0"0`, `"0" 0`, `null1`, `null `, `true`, `"a\"b"x`, `{}x`, `[]x`, ``, `  `,
	`{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/web/2024/x","timestamp":"2024"}}} trailing garbage`,
	`{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"2024"},"closest":null}}`,
	`{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"2024"},"closest":{}}}`,
	`{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x"},"closest":{"timestamp":"2024"}}}`,
	`{"ARCHIVED_SNAPSHOTS":{"Closest":{"AVAILABLE":true,"URL":"https://w.org/x","timeſtamp":"20240229"}}}`,
	`{"archived_snapshots":{"closest":{"available":"true","url":"https://w.org/x","timestamp":"2024"}}}`,
	`{"archived_snapshots":{"closest":{"available":true,"url":"/web/2024/x","timestamp":"2024"}}}`,
	`{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/%zz","timestamp":"2024"}}}`,
	`{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"20230229"}}}`,
	`{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"202"}}}`,
	`{"archived_snapshots":{"closest":{"available":false,"url":"https://w.org/x"}}}`,
	`{"archived_snapshots":{"closest":{"available":true,"url":""}}}`, `{"archived_snapshots":[]}`, `{"archived_snapshots":{"closest":[]}}`,
	`{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"2024","status":200}}}`,
	`{"url":1}`, `{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"2024"}}`, `{"a":}`,
	"{\"archived_snapshots\":{\"closest\":{\"available\":true,\"url\":\"https://w.org/\xff\",\"timestamp\":\"2024\"}}}",
	`{"archived_snapshots":{"closest":{"available":true,"url":"HTTPS://W.org/a b","timestamp":"2024"}}}`,
}

func TestParseLikeEncodingJSON(t *testing.T) {
	var inputs [][]byte
	for _, name := range sample.Glob(t, "internal/archive/wayback/testdata/*") {
		inputs = append(inputs, []byte(sample.Read(t, name)))
	}
	for _, c := range cases {
		inputs = append(inputs, []byte(c))
	}
	for _, in := range inputs {
		same(t, in, MaxBytes)
		// Every limit up to the whole answer and a little more.
		for max := 0; max <= len(in)+2; max++ {
			same(t, in, max)
		}
	}
}

func TestParse(t *testing.T) {
	m, err := Parse([]byte(cases[0]))
	if err != nil || m == nil || m.URI != "http://web.archive.org/web/20240101000000/https://example.com/" ||
		!m.Datetime.Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Parse = %+v, %v", m, err)
	}
	if m, err := Parse([]byte(cases[1])); m != nil || err != nil {
		t.Errorf("empty answer: %+v, %v", m, err)
	}
	big := append([]byte(`{"url":"`), bytes.Repeat([]byte("x"), MaxBytes)...)
	big = append(big, `"}`...)
	if _, err := Parse(big); !errors.Is(err, archive.ErrTooLarge) || !strings.HasPrefix(err.Error(), "availability: ") {
		t.Errorf("big answer: %v", err)
	}
	// A value that ends within MaxBytes is read whatever follows.
	long := append([]byte(cases[0]), bytes.Repeat([]byte(" x"), MaxBytes)...)
	if m, err := Parse(long); m == nil || err != nil {
		t.Errorf("answer followed by 2 MiB: %+v, %v", m, err)
	}
}

// TestBadTimestampMessage checks that the error quoting a bad timestamp
// cuts it at a character boundary: it used to keep the first 20 bytes,
// splitting the "é" that straddles the cut into "\xc3".
func TestBadTimestampMessage(t *testing.T) {
	for _, c := range []struct{ timestamp, want string }{
		{"2024", ""}, // a good one, for contrast
		{"20240101000000x", `availability: bad timestamp "20240101000000x"`},
		{"2024010100000000000é", `availability: bad timestamp "2024010100000000000…"`},
		{"202401010000000000000", `availability: bad timestamp "20240101000000000000…"`},
		{"日本語日本語日本語", `availability: bad timestamp "日本語日本語…"`},
	} {
		in := `{"archived_snapshots":{"closest":{"available":true,"url":"https://w.org/x","timestamp":"` + c.timestamp + `"}}}`
		_, err := Parse([]byte(in))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("timestamp %q: error %q, want %q", c.timestamp, got, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, name := range sample.Glob(f, "internal/archive/wayback/testdata/availability-*") {
		b := []byte(sample.Read(f, name))
		f.Add(b, uint16(len(b)))
	}
	for _, c := range cases {
		f.Add([]byte(c), uint16(len(c)/2))
	}
	f.Fuzz(func(t *testing.T, data []byte, max uint16) {
		same(t, data, MaxBytes)
		same(t, data, int(max))
	})
}
