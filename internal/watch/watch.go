// Package watch decides when to check again a page that refused access,
// for the "watch and notify me" action.
//
// The schedule, by attempt number (the first retry is attempt 1), is
//
//	attempt   1   2   3    4    5    6    7    8 … 30
//	delay     1m  2m  5m   10m  15m  30m  60m  60m each
//	total     1m  3m  8m   18m  33m  63m  2h3m 3h3m … 25h3m
//
// When the server sent Retry-After (read it with package retryafter) and it
// asks for longer than the schedule, Next waits that long instead, but never more than
// MaxRetryAfter (24 hours). Watching gives up after MaxAttempts (30)
// retries, 25 hours and 3 minutes on the plain schedule; a caller that
// also wants a wall-clock limit compares the time since it started with
// MaxTotal. Browsers may delay alarms (Chrome fires them at most once
// every 30 seconds), so the delays are minimums.
package watch

import "time"

// Limits of the schedule.
const (
	// MaxAttempts is the last attempt Next allows.
	MaxAttempts = 30
	// MaxRetryAfter caps a server's Retry-After.
	MaxRetryAfter = 24 * time.Hour
	// MaxTotal is the time after which a caller should stop watching even
	// when fewer than MaxAttempts retries have run (long Retry-After
	// values).
	MaxTotal = 48 * time.Hour
)

// schedule holds the delays before attempts 1, 2, …; later attempts wait
// as long as the last entry.
var schedule = []time.Duration{
	1 * time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute,
	15 * time.Minute, 30 * time.Minute, 60 * time.Minute,
}

// Next returns how long to wait before retry number attempt (1 for the
// first retry) and whether to give up instead. retryAfter is the
// server's Retry-After (0 or negative when absent); when it is longer
// than the schedule it wins, capped at MaxRetryAfter. Attempts below 1
// count as 1; attempts above MaxAttempts give up.
func Next(attempt int, retryAfter time.Duration) (delay time.Duration, giveUp bool) {
	if attempt > MaxAttempts {
		return 0, true
	}
	attempt = max(attempt, 1)
	delay = schedule[min(attempt, len(schedule))-1]
	if retryAfter > delay {
		delay = min(retryAfter, MaxRetryAfter)
	}
	return delay, false
}
