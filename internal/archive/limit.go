package archive

import "io"

// LimitedReader reads at most N bytes from R and then fails with
// ErrTooLarge if the answer goes on, unlike io.LimitReader, which would end
// silently with a truncated answer.
type LimitedReader struct {
	R io.Reader
	N int64 // bytes left
}

// Read reads from R, at most N bytes in all.
func (l *LimitedReader) Read(p []byte) (int, error) {
	if l.N <= 0 {
		// Probe whether the answer really goes on.
		var one [1]byte
		n, err := l.R.Read(one[:])
		if n > 0 {
			return 0, ErrTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.N {
		p = p[:l.N]
	}
	n, err := l.R.Read(p)
	l.N -= int64(n)
	return n, err
}
