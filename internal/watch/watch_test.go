package watch

import (
	"fmt"
	"testing"
	"time"
)

func TestNext(t *testing.T) {
	m := time.Minute
	tests := []struct {
		attempt    int
		retryAfter time.Duration
		delay      time.Duration
		giveUp     bool
	}{
		// The plain schedule.
		{1, 0, 1 * m, false},
		{2, 0, 2 * m, false},
		{3, 0, 5 * m, false},
		{4, 0, 10 * m, false},
		{5, 0, 15 * m, false},
		{6, 0, 30 * m, false},
		{7, 0, 60 * m, false},
		{8, 0, 60 * m, false},
		{MaxAttempts, 0, 60 * m, false},
		{MaxAttempts + 1, 0, 0, true},
		{1000, 0, 0, true},
		// Out-of-range attempts count as the first.
		{0, 0, 1 * m, false},
		{-5, 0, 1 * m, false},
		// Retry-After wins only when longer, and is capped.
		{1, 30 * time.Second, 1 * m, false},
		{1, 90 * time.Second, 90 * time.Second, false},
		{7, 2 * time.Hour, 2 * time.Hour, false},
		{3, 72 * time.Hour, 24 * time.Hour, false},
		{3, -time.Hour, 5 * m, false},
		{MaxAttempts + 1, time.Hour, 0, true},
	}
	for _, tc := range tests {
		d, g := Next(tc.attempt, tc.retryAfter)
		if d != tc.delay || g != tc.giveUp {
			t.Errorf("Next(%d, %v) = %v, %v; want %v, %v", tc.attempt, tc.retryAfter, d, g, tc.delay, tc.giveUp)
		}
	}
}

// The documented total of the plain schedule.
func TestTotal(t *testing.T) {
	var total time.Duration
	n := 0
	for a := 1; ; a++ {
		d, giveUp := Next(a, 0)
		if giveUp {
			break
		}
		total += d
		n++
	}
	if n != MaxAttempts || total != 25*time.Hour+3*time.Minute {
		t.Errorf("%d attempts over %v", n, total)
	}
}

func ExampleNext() {
	var delays []time.Duration
	for attempt := 1; attempt <= 8; attempt++ {
		d, _ := Next(attempt, 0)
		delays = append(delays, d)
	}
	fmt.Println(delays)
	d, _ := Next(1, 10*time.Minute) // Retry-After: 600
	fmt.Println(d)
	_, giveUp := Next(MaxAttempts+1, 0)
	fmt.Println(giveUp)
	// Output:
	// [1m0s 2m0s 5m0s 10m0s 15m0s 30m0s 1h0m0s 1h0m0s]
	// 10m0s
	// true
}

func FuzzNext(f *testing.F) {
	f.Add(1, int64(0))
	f.Add(7, int64(2*time.Hour))
	f.Add(MaxAttempts+1, int64(-1))
	f.Fuzz(func(t *testing.T, attempt int, retryAfter int64) {
		d, giveUp := Next(attempt, time.Duration(retryAfter))
		if giveUp != (attempt > MaxAttempts) {
			t.Fatalf("Next(%d) giveUp = %v", attempt, giveUp)
		}
		if !giveUp && (d < time.Minute || d > MaxRetryAfter || (time.Duration(retryAfter) > d && d != MaxRetryAfter)) {
			t.Fatalf("Next(%d, %d) = %v", attempt, retryAfter, d)
		}
	})
}
