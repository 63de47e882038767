// Package stable sorts a slice keeping equal elements in their order, as
// slices.SortStableFunc does, in a few hundred bytes of WebAssembly per
// element type rather than slices' ten kilobytes (its in-place
// symmetric merge) or sort.SliceStable's reflection. It trades that for
// a buffer as long as the slice.
package stable

// Sort sorts s by cmp (negative when a comes first, zero when a and b are
// equal, positive otherwise) with a bottom-up merge sort: O(n log n)
// comparisons, stable.
func Sort[T any](s []T, cmp func(a, b T) int) {
	n := len(s)
	if n < 2 {
		return
	}
	// Runs of 8 sorted by insertion first.
	const run = 8
	for lo := 0; lo < n; lo += run {
		hi := min(lo+run, n)
		for i := lo + 1; i < hi; i++ {
			for j := i; j > lo && cmp(s[j], s[j-1]) < 0; j-- {
				s[j], s[j-1] = s[j-1], s[j]
			}
		}
	}
	if n <= run {
		return
	}
	buf := make([]T, n)
	src, dst := s, buf
	for width := run; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				// Take from the right only when strictly smaller: stable.
				if cmp(src[j], src[i]) < 0 {
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
		}
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}
