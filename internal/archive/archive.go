// Package archive holds what every web archive format shares: a memento
// (one archived copy and the moment it was taken), the summary a lookup
// keeps of an archive's answer (count, first, last and the copy closest to a
// requested moment), the outcomes of asking an archive, and the 14-digit
// timestamps web archives use.
//
// The format packages (archive/wayback, archive/memento) parse answers into
// a Summary while streaming, so an archive that lists hundreds of thousands
// of copies is never held in memory whole.
package archive

import (
	"errors"
	"time"
)

// Memento is one archived copy of a page: where to read it and when it was
// captured.
type Memento struct {
	URI      string
	Datetime time.Time
}

// Outcome says how asking one archive ended.
type Outcome string

// The outcomes of asking an archive.
const (
	Found       Outcome = "found"        // the archive holds at least one copy
	None        Outcome = "none"         // the archive answered that it holds no copy
	Timeout     Outcome = "timeout"      // no answer before the time allowed
	Error       Outcome = "error"        // an error or an answer that could not be read
	RateLimited Outcome = "rate-limited" // 429, or an anti-bot challenge instead of an answer
	Blocked     Outcome = "blocked"      // the archive refuses to show this site (for example an exclusion)
)

// Errors the format packages return for answers that are not lists of
// copies. The lookup turns them into outcomes.
var (
	// ErrRateLimited reports an HTTP 429 answer.
	ErrRateLimited = errors.New("archive: rate limited")
	// ErrChallenge reports an anti-bot challenge page (for example
	// Cloudflare's) served instead of an answer, often with status 200.
	ErrChallenge = errors.New("archive: challenge page instead of an answer")
	// ErrBlocked reports that the archive refuses to show the site.
	ErrBlocked = errors.New("archive: site blocked by the archive")
	// ErrTooLarge reports an answer larger than the parser accepts.
	ErrTooLarge = errors.New("archive: answer too large")
)

// Summary is what a lookup keeps of one archive's answer. It is built one
// memento at a time with Add, so its size does not depend on how many
// mementos the archive lists.
//
// The zero Summary with At zero selects the newest memento as Closest.
type Summary struct {
	// At is the requested moment; zero means "the newest".
	At time.Time
	// Count is the number of mementos seen; CountKnown is false when the
	// archive does not tell (an availability or TimeGate answer).
	Count      int
	CountKnown bool
	// First, Last and Closest are nil until a memento has been added.
	First, Last, Closest *Memento

	// Reused buffers, so that Add allocates only when a URI is kept, and
	// not even then once the buffers are large enough.
	firstBuf, lastBuf, closestBuf []byte
	firstSet, lastSet, closestSet bool
	firstT, lastT, closestT       time.Time
}

// NewSummary returns an empty Summary for the requested moment at (zero: the
// newest) that counts the mementos it is given.
func NewSummary(at time.Time) *Summary {
	return &Summary{At: at, CountKnown: true}
}

// AddBytes records one memento whose URI is given as bytes. The bytes are
// copied only when the memento becomes the first, the last or the closest,
// into buffers the Summary reuses; uri may be changed by the caller after
// AddBytes returns.
func (s *Summary) AddBytes(uri []byte, t time.Time) {
	s.Count++
	if !s.firstSet || t.Before(s.firstT) {
		s.firstSet, s.firstT = true, t
		s.firstBuf = append(s.firstBuf[:0], uri...)
	}
	if !s.lastSet || !t.Before(s.lastT) {
		s.lastSet, s.lastT = true, t
		s.lastBuf = append(s.lastBuf[:0], uri...)
	}
	if s.At.IsZero() {
		return // Closest is Last.
	}
	if !s.closestSet || closer(t, s.closestT, s.At) {
		s.closestSet, s.closestT = true, t
		s.closestBuf = append(s.closestBuf[:0], uri...)
	}
}

// Add records one memento.
func (s *Summary) Add(m Memento) {
	s.AddBytes([]byte(m.URI), m.Datetime)
}

// closer reports whether a is strictly closer to at than b; on a tie the
// later copy wins (it shows the page nearer to now).
func closer(a, b, at time.Time) bool {
	da, db := absDur(a.Sub(at)), absDur(b.Sub(at))
	if da != db {
		return da < db
	}
	return a.After(b)
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// Finish fills First, Last and Closest from what was added and returns s.
// Call it once after the last Add.
func (s *Summary) Finish() *Summary {
	if s.firstSet {
		s.First = &Memento{URI: string(s.firstBuf), Datetime: s.firstT}
	}
	if s.lastSet {
		s.Last = &Memento{URI: string(s.lastBuf), Datetime: s.lastT}
	}
	switch {
	case s.At.IsZero() && s.lastSet:
		s.Closest = s.Last
	case s.closestSet:
		s.Closest = &Memento{URI: string(s.closestBuf), Datetime: s.closestT}
	}
	s.firstBuf, s.lastBuf, s.closestBuf = nil, nil, nil
	return s
}

// Empty reports whether no memento was added.
func (s *Summary) Empty() bool { return !s.firstSet }

// Closer reports whether memento a is closer than b to the moment at (zero:
// the newest wins). A nil memento is never closer.
func Closer(a, b *Memento, at time.Time) bool {
	switch {
	case a == nil:
		return false
	case b == nil:
		return true
	case at.IsZero():
		return a.Datetime.After(b.Datetime)
	}
	return closer(a.Datetime, b.Datetime, at)
}
