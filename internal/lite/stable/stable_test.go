package stable

import (
	"math/rand/v2"
	"slices"
	"testing"
)

type item struct{ key, seq int }

func byKey(a, b item) int { return a.key - b.key }

// TestSort compares Sort with slices.SortStableFunc on slices of every
// length up to 300 and a few long ones, with many equal keys, so that
// stability shows.
func TestSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	lengths := []int{1000, 4097, 20000}
	for n := 0; n <= 300; n++ {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		for _, keys := range []int{1, 3, n + 1} {
			s := make([]item, n)
			for i := range s {
				s[i] = item{r.IntN(keys), i}
			}
			want := slices.Clone(s)
			slices.SortStableFunc(want, byKey)
			Sort(s, byKey)
			if !slices.Equal(s, want) {
				t.Fatalf("n=%d keys=%d: got %v, want %v", n, keys, s, want)
			}
		}
	}
}

// FuzzSort checks order and stability on arbitrary keys.
func FuzzSort(f *testing.F) {
	f.Add([]byte{3, 1, 2, 1, 3, 0, 0, 9, 1, 1, 1, 2, 2, 2, 5, 4})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, keys []byte) {
		s := make([]item, len(keys))
		for i, k := range keys {
			s[i] = item{int(k % 7), i}
		}
		want := slices.Clone(s)
		slices.SortStableFunc(want, byKey)
		Sort(s, byKey)
		if !slices.Equal(s, want) {
			t.Fatalf("got %v, want %v", s, want)
		}
	})
}
