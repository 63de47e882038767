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
type Health struct {
	// Threshold is how many timeouts or errors in a row start a cool-down
	// (default 3). A rate limit or challenge starts one at once.
	Threshold int
	// Cooldown is how long a failing archive is skipped (default 5 minutes;
	// a longer Retry-After, up to an hour, is honoured).
	Cooldown time.Duration
	// MinTimeout is the shortest wait that counts as an archive's timeout
	// (default 1 s): a lookup run with a very short deadline does not blame
	// the archives for it.
	MinTimeout time.Duration

	mu     sync.Mutex
	states map[string]*health
}

type health struct {
	failures int
	until    time.Time
	last     archive.Outcome
}

// NewHealth returns a Health with the default settings.
func NewHealth() *Health { return &Health{} }

func (h *Health) threshold() int {
	if h.Threshold > 0 {
		return h.Threshold
	}
	return 3
}

func (h *Health) cooldown() time.Duration {
	if h.Cooldown > 0 {
		return h.Cooldown
	}
	return 5 * time.Minute
}

func (h *Health) minTimeout() time.Duration {
	if h.MinTimeout > 0 {
		return h.MinTimeout
	}
	return time.Second
}

// CoolingDown reports whether the archive id is being skipped at now, and
// the outcome that started its cool-down.
func (h *Health) CoolingDown(id string, now time.Time) (bool, archive.Outcome) {
	if h == nil {
		return false, ""
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	s := h.states[id]
	if s == nil || !now.Before(s.until) {
		return false, ""
	}
	return true, s.last
}

// Record notes how asking the archive id ended at now. waited is how long
// the lookup waited for it; retryAfter is the archive's Retry-After, if any.
func (h *Health) Record(id string, o archive.Outcome, waited, retryAfter time.Duration, now time.Time) {
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
	switch o {
	case archive.Found, archive.None, archive.Blocked:
		s.failures = 0
		s.until = time.Time{}
	case archive.RateLimited:
		d := h.cooldown()
		if retryAfter > d {
			d = min(retryAfter, time.Hour)
		}
		s.failures++
		s.last = o
		s.until = now.Add(d)
	case archive.Timeout:
		if waited < h.minTimeout() {
			return
		}
		fallthrough
	case archive.Error:
		s.failures++
		s.last = o
		if s.failures >= h.threshold() {
			s.until = now.Add(h.cooldown())
		}
	}
}
