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

// Pacing of the parsers. Parsing 4 MiB of TimeMap takes about 8 ms natively
// and 140 ms in WebAssembly (measured under Node 20 on the development
// machine), so:
const (
	// chunk is the most bytes a meter hands its parser at a time (about
	// 0.15 ms of parsing in WebAssembly); it yields the thread before each.
	chunk = 4 << 10
	// bigAnswer is how much of an answer a parser reads before it needs
	// one of the parseSlots: small answers never wait.
	bigAnswer = 64 << 10
	// pauseEvery is how many bytes a parser reads between two short
	// sleeps. A sleep lets a Go instance inside the Worker go back to the
	// JavaScript event loop (when its other goroutines wait too), so that
	// other requests on the same isolate, which Go's scheduler does not
	// see, get their turn.
	pauseEvery = 256 << 10
	pause      = 50 * time.Microsecond
	// slowRead is how long a read must take for its archive to count as
	// sending slowly (see meter.Read).
	slowRead = time.Millisecond
)

// parseSlots bounds how many large answers (past bigAnswer) are being
// parsed at any moment in this process: however many arrive at once, at
// most two parsers compete for the thread with everything else (the others
// wait for a slot without using it), and an archive that sends its bytes
// slowly holds no slot while the lookup waits for them.
var parseSlots = make(chan struct{}, 2)

// errOverBudget reports an answer whose parsing used up its time budget.
var errOverBudget = errors.New("lookup: parsing the answer took too long")

// meter wraps the body of an archive's answer on its way to a parser. It
// bounds the bytes read, stops as soon as the lookup's context ends or the
// parsing has used its time budget, yields the thread before every read
// (inside the Worker all lookups share one thread without preemption: a
// parser that never yields would hold every other lookup's timers), makes
// large answers take turns (parseSlots), and tells apart the time spent
// waiting for the archive's bytes from the time spent parsing them.
//
// Inside Cloudflare Workers the clock stands still while code runs and
// moves only across I/O, so there the budget and the two durations see
// little; the caps on bytes are what bound the work.
type meter struct {
	r      io.Reader
	ctx    context.Context
	left   int64         // bytes still allowed
	budget time.Duration // parsing time allowed; 0: no limit
	last   time.Time     // when the previous read returned
	read   int64         // bytes read so far
	paced  int64         // bytes read since the last pause
	slot   bool          // holds one of parseSlots

	waited   time.Duration // inside r.Read: the archive's part
	lastRead time.Duration // how long the last r.Read took
	worked   time.Duration // between reads: the parser's part

	tooLarge   bool // the answer went on past the cap
	overBudget bool // the parser used up its budget
}

func newMeter(ctx context.Context, r io.Reader, limit int64, budget time.Duration) *meter {
	return &meter{r: r, ctx: ctx, left: limit, budget: budget}
}

// release gives back the meter's parse slot, if it holds one.
func (m *meter) release() {
	if m.slot {
		m.slot = false
		<-parseSlots
	}
}

// Read reads from the answer.
func (m *meter) Read(p []byte) (int, error) {
	if !m.last.IsZero() {
		m.worked += time.Since(m.last)
	}
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	if m.budget > 0 && m.worked > m.budget && m.read >= bigAnswer {
		// Only large answers are cut short: the clock also counts time
		// when the machine ran something else, which must not turn a
		// small answer into an error.
		m.overBudget = true
		return 0, errOverBudget
	}
	// Waiting for the archive's bytes needs no parse slot: a parser whose
	// archive sends slowly gives its slot back before each read. One whose
	// bytes are there already keeps it, so that large answers finish in
	// turn rather than all late together.
	if m.lastRead >= slowRead {
		m.release()
	}
	// Let the other goroutines (other archives, other lookups, their
	// timers) run before reading on; the time this takes is neither the
	// archive's nor the parser's.
	if m.paced >= pauseEvery {
		m.paced = 0
		time.Sleep(pause)
	} else {
		runtime.Gosched()
	}
	if err := m.ctx.Err(); err != nil {
		return 0, err
	}
	probe := m.left <= 0
	if probe {
		// Only a byte past the cap makes the answer too large.
		var one [1]byte
		p = one[:]
	} else {
		p = p[:min(int64(len(p)), m.left, chunk)]
	}
	t := time.Now()
	n, err := m.r.Read(p)
	m.last = time.Now()
	m.lastRead = m.last.Sub(t)
	m.waited += m.lastRead
	if probe {
		if n > 0 {
			m.tooLarge = true
			return 0, archive.ErrTooLarge
		}
		return 0, err
	}
	m.left -= int64(n)
	m.read += int64(n)
	m.paced += int64(n)
	if m.read > bigAnswer && n > 0 && !m.slot {
		// Parsing these bytes is a large answer's work: it waits for a
		// slot, without using the thread meanwhile; the time it waits is
		// neither the archive's nor the parser's.
		select {
		case parseSlots <- struct{}{}:
			m.slot = true
		case <-m.ctx.Done():
			return 0, m.ctx.Err()
		}
		m.last = time.Now()
	}
	return n, err
}
