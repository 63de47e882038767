package redact

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"
)

// row is one line of a testdata table.
type row struct {
	line                     int
	family, source, in, want string
}

// readTable reads a tab-separated table of testdata, skipping blank lines
// and lines starting with '#'. Secret rows have four columns (family,
// source, input, want), ordinary rows three (source, input, want).
func readTable(t testing.TB, name string, cols int) []row {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []row
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != cols {
			t.Fatalf("%s:%d: %d columns, want %d", name, n, len(c), cols)
		}
		r := row{line: n}
		if cols == 4 {
			r.family, c = c[0], c[1:]
		}
		r.source, r.in, r.want = c[0], c[1], c[2]
		if r.want == "=" {
			r.want = r.in
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestSecretShapes runs every secret-bearing URL shape of
// testdata/secrets.tsv and fails listing every one that does not come out
// exactly as the table says.
func TestSecretShapes(t *testing.T) {
	rows := readTable(t, "secrets.tsv", 4)
	families := map[string]int{}
	misses := 0
	for _, r := range rows {
		families[r.family]++
		got, _, err := URL(r.in, Options{})
		if err != nil || got != r.want {
			misses++
			t.Errorf("secrets.tsv:%d (%s, %s):\n  in   %s\n  got  %s (err %v)\n  want %s", r.line, r.family, r.source, r.in, got, err, r.want)
			continue
		}
		if got == r.in {
			t.Errorf("secrets.tsv:%d (%s): the table expects no change; a secret shape must lose something", r.line, r.source)
		}
	}
	names := make([]string, 0, len(families))
	for f := range families {
		names = append(names, f)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, f := range names {
		b.WriteString("\n  " + f + ": " + itoa(families[f]))
	}
	t.Logf("secret-bearing URL shapes: %d in %d families, %d come out clean, %d misses%s", len(rows), len(families), len(rows)-misses, misses, b.String())
	if len(rows) < 150 {
		t.Errorf("secrets.tsv has %d shapes, want at least 150", len(rows))
	}
}

// TestOrdinaryURLs runs every ordinary URL of testdata/ordinary.tsv and
// fails listing every one that redaction changes beyond dropping its
// fragment (over-stripping).
func TestOrdinaryURLs(t *testing.T) {
	rows := readTable(t, "ordinary.tsv", 3)
	unchanged, fragments, misses := 0, 0, 0
	for _, r := range rows {
		noFragment, _, _ := strings.Cut(r.in, "#")
		if r.want != r.in && r.want != noFragment {
			t.Errorf("ordinary.tsv:%d (%s): want %q changes more than the fragment", r.line, r.source, r.want)
		}
		got, removed, err := URL(r.in, Options{})
		if err != nil || got != r.want || len(removed) != 0 {
			misses++
			t.Errorf("ordinary.tsv:%d (%s): over-stripped:\n  in   %s\n  got  %s (removed %q, err %v)\n  want %s", r.line, r.source, r.in, got, removed, err, r.want)
			continue
		}
		if r.want == r.in {
			unchanged++
		} else {
			fragments++
		}
	}
	t.Logf("ordinary URLs: %d, %d unchanged, %d lost only their fragment, %d over-stripped", len(rows), unchanged, fragments, misses)
	if len(rows) < 60 {
		t.Errorf("ordinary.tsv has %d URLs, want at least 60", len(rows))
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}
