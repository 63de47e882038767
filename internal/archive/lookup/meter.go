package lookup

import (
	"context"
	"errors"
	"io"
	"runtime"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// Caps on the bytes read from one archive answer, by kind: enough for every
// useful answer, small enough that parsing one cannot hold the thread that
// all lookups share inside the Worker. A TimeMap over its cap is replaced
// by the archive's TimeGate (see askURL).
const (
	TimeMapCap      = 4 << 20
	CDXCap          = 2 << 20
	AvailabilityCap = 64 << 10
)

// answerCap returns the most bytes read from an answer of kind k, lowered
// to max when max is positive. A TimeGate's answer is its headers: its body
// is never read.
func answerCap(k registry.Kind, max int64) int64 {
	var c int64
	switch k {
	case registry.TimeMap:
		c = TimeMapCap
	case registry.CDX:
		c = CDXCap
	case registry.Availability:
		c = AvailabilityCap
	}
	if max > 0 && max < c {
		c = max
	}
	return c
}

// errOverBudget reports an answer whose parsing used up its time budget.
var errOverBudget = errors.New("lookup: parsing the answer took too long")

// meter wraps the body of an archive's answer on its way to a parser. It
// bounds the bytes read, stops as soon as the lookup's context ends or the
// parsing has used its time budget, yields the thread before every read
// (inside the Worker all lookups share one thread without preemption: a
// parser that never yields would hold every other lookup's timers), and
// tells apart the time spent waiting for the archive's bytes from the time
// spent parsing them.
type meter struct {
	r      io.Reader
	ctx    context.Context
	left   int64         // bytes still allowed
	budget time.Duration // parsing time allowed; 0: no limit
	last   time.Time     // when the previous read returned

	waited time.Duration // inside r.Read: the archive's part
	worked time.Duration // between reads: the parser's part

	tooLarge   bool // the answer went on past the cap
	overBudget bool // the parser used up its budget
}

func newMeter(ctx context.Context, r io.Reader, limit int64, budget time.Duration) *meter {
	return &meter{r: r, ctx: ctx, left: limit, budget: budget}
}

// Read reads from the answer.
func (m *meter) Read(p []byte) (int, error) {
	if !m.last.IsZero() {
		m.worked += time.Since(m.last)
	}
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	if m.budget > 0 && m.worked > m.budget {
		m.overBudget = true
		return 0, errOverBudget
	}
	// Let the other goroutines (other archives, other lookups, their
	// timers) run before reading on; the time this takes is neither the
	// archive's nor the parser's.
	runtime.Gosched()
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	probe := m.left <= 0
	if probe {
		// Only a byte past the cap makes the answer too large.
		var one [1]byte
		p = one[:]
	} else if int64(len(p)) > m.left {
		p = p[:m.left]
	}
	t := time.Now()
	n, err := m.r.Read(p)
	m.last = time.Now()
	m.waited += m.last.Sub(t)
	if probe {
		if n > 0 {
			m.tooLarge = true
			return 0, archive.ErrTooLarge
		}
		return 0, err
	}
	m.left -= int64(n)
	return n, err
}
