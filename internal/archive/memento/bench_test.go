package memento

import (
	"bufio"
	"bytes"
	"net/url"
	"testing"

	"github.com/sesame-help/sesame/dev/fakearchive"
)

func timeMap(n int) []byte {
	var buf bytes.Buffer
	bw := bufio.NewWriter(&buf)
	fakearchive.WriteTimeMap(bw, "https://web.archive.org", "http://www.example.com/some/page.html", n)
	bw.Flush()
	return buf.Bytes()
}

func benchmarkTimeMap(b *testing.B, n int) {
	data := timeMap(n)
	at := fakearchive.CopyTime(n / 2)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := ParseTimeMap(bytes.NewReader(data), at, Limits{})
		if err != nil || res.Count != n {
			b.Fatalf("count %d err %v", res.Count, err)
		}
	}
}

// BenchmarkParseTimeMap20k and BenchmarkParseTimeMap200k show the parse
// speed (MB/s) and that bytes allocated per parse do not grow with the
// TimeMap's size.
func BenchmarkParseTimeMap20k(b *testing.B)  { benchmarkTimeMap(b, 20000) }
func BenchmarkParseTimeMap200k(b *testing.B) { benchmarkTimeMap(b, 200000) }

func BenchmarkParseHTTPDate(b *testing.B) {
	d := []byte("Wed, 11 Sep 2002 07:39:33 GMT")
	for b.Loop() {
		if _, ok := ParseHTTPDate(d); !ok {
			b.Fatal("bad")
		}
	}
}

// BenchmarkParseTimeMapChecked20k is BenchmarkParseTimeMap20k with a base
// and the registry's check of every memento, as a lookup reads TimeMaps.
func BenchmarkParseTimeMapChecked20k(b *testing.B) {
	const n = 20000
	data := timeMap(n)
	at := fakearchive.CopyTime(n / 2)
	a := defaultArchive(b, "wayback")
	base, _ := url.Parse("https://web.archive.org/web/timemap/link/http://www.example.com/some/page.html")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := ParseTimeMapWith(bytes.NewReader(data), at, Options{Base: base, Check: a.CheckMemento, MaxMementos: MaxTimeMapMementos})
		if err != nil || res.Count != n {
			b.Fatalf("count %d err %v", res.Count, err)
		}
	}
}
