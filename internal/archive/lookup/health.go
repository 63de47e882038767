package lookup

import (
	"sync"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
)

// Health remembers which archives keep failing so that lookups skip them
// for a cool-down period instead of waiting for them again. It is safe for
// concurrent use and lives in memory: share one Health between lookups for
// as long as the process (or, in the relay, the Worker's Go instance)
// lives. A Health that is lost only means the next lookups ask every
// archive again.
//
// Only an archive's own failures count (see Event.Blame): a failure caused
// by the looked-up URL, by the answer's content or by the lookup's own
// deadline never brings an archive closer to a cool-down. A cool-down that
// only one caller's lookups brought about (see Event.Caller) skips the
// archive for that caller alone; once failures come from two callers or
// more, every caller skips it. No cool-down lasts longer than MaxCooldown,
// and a failure recorded during a cool-down never lengthens it.
type Health struct {
	// Threshold is how many blamed timeouts or errors in a row start a
	// cool-down (default 3). A rate limit or challenge starts one at once.
	Threshold int
	// Cooldown is how long a failing archive is skipped (default 5 minutes).
	// A rate limit's Retry-After, when given, replaces it.
	Cooldown time.Duration
	// MaxCooldown caps every cool-down, Retry-After included (default 5
	// minutes).
	MaxCooldown time.Duration
	// MinTimeout is the shortest wait that counts as an archive's timeout
	// (default 1 s): a lookup run with a very short deadline does not blame
	// the archives for it.
	MinTimeout time.Duration

	mu     sync.Mutex
	states map[string]*health
}

// health is what Health knows of one archive.
type health struct {
	failures int // blamed failures in a row
	// callers are the distinct callers of the current run of failures
	// (only whether there are one or several matters, so at most two are
	// kept).
	callers []string
	until   time.Time
	// scoped is true when the cool-down applies to callers[0] alone.
	scoped bool
	last   archive.Outcome
}

// Event is how asking one archive ended, as Health learns from it.
type Event struct {
	Outcome archive.Outcome
	// Blame is true when a failure is the archive's own: it was slow (its
	// headers or bytes came late while the lookup was waiting for them),
	// answered 5xx or 429, served a challenge page, or could not be
	// reached. A failure with Blame false (a 400 or 414 for an absurd URL,
	// an answer too large or unreadable, a deadline too short, a lookup
	// too busy parsing other answers) is not held against the archive.
	Blame bool
	// Waited is how long the lookup waited for the archive.
	Waited time.Duration
	// RetryAfter is the archive's Retry-After, if any.
	RetryAfter time.Duration
	// Caller is an opaque key of whoever asked for the lookup (for the
	// relay, a salted hash of the client's address); "" means unknown, and
	// all unknown callers count as one.
	Caller string
}

// NewHealth returns a Health with the default settings.
func NewHealth() *Health { return &Health{} }

func (h *Health) threshold() int {
	if h.Threshold > 0 {
		return h.Threshold
	}
	return 3
}

func (h *Health) maxCooldown() time.Duration {
	if h.MaxCooldown > 0 {
		return h.MaxCooldown
	}
	return 5 * time.Minute
}

func (h *Health) cooldown() time.Duration {
	d := 5 * time.Minute
	if h.Cooldown > 0 {
		d = h.Cooldown
	}
	return min(d, h.maxCooldown())
}

func (h *Health) minTimeout() time.Duration {
	if h.MinTimeout > 0 {
		return h.MinTimeout
	}
	return time.Second
}

// CoolingDown reports whether the archive id is being skipped for caller at
// now, and the outcome that started its cool-down.
func (h *Health) CoolingDown(id, caller string, now time.Time) (bool, archive.Outcome) {
	if h == nil {
		return false, ""
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.states[id]
	if s == nil || !now.Before(s.until) || (s.scoped && s.callers[0] != caller) {
		return false, ""
	}
	return true, s.last
}

// Record notes at now how asking the archive id ended.
func (h *Health) Record(id string, e Event, now time.Time) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.states == nil {
		h.states = map[string]*health{}
	}
	s := h.states[id]
	if s == nil {
		s = &health{}
		h.states[id] = s
	}
	switch e.Outcome {
	case archive.Found, archive.None, archive.Blocked:
		*s = health{}
		return
	case archive.Timeout:
		if e.Waited < h.minTimeout() {
			return
		}
	case archive.RateLimited, archive.Error:
	default:
		return
	}
	if !e.Blame {
		return
	}
	s.failures++
	s.last = e.Outcome
	if !contains(s.callers, e.Caller) && len(s.callers) < 2 {
		s.callers = append(s.callers, e.Caller)
	}
	scoped := len(s.callers) == 1
	if now.Before(s.until) && (s.scoped == scoped) {
		return // a failure during a cool-down never lengthens it
	}
	var d time.Duration
	switch {
	case e.Outcome == archive.RateLimited && e.RetryAfter > 0:
		d = min(e.RetryAfter, h.maxCooldown())
	case e.Outcome == archive.RateLimited, s.failures >= h.threshold():
		d = h.cooldown()
	default:
		return
	}
	if until := now.Add(d); until.After(s.until) || s.scoped != scoped {
		s.until = until
	}
	s.scoped = scoped
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
