package lookup

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// oneThread reruns the calling test in a child process with one thread
// and no preemption (GOMAXPROCS=1, GODEBUG=asyncpreemptoff=1), as Go runs
// inside the Worker, and reports whether the caller is that child (and
// should run the test's body). Under js/wasm the test already runs so.
func oneThread(t *testing.T) bool {
	t.Helper()
	if runtime.GOOS == "js" || os.Getenv("LOOKUP_ONE_THREAD") == "1" {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v")
	cmd.Env = append(os.Environ(), "LOOKUP_ONE_THREAD=1", "GOMAXPROCS=1", "GODEBUG=asyncpreemptoff=1")
	out, err := cmd.CombinedOutput()
	t.Logf("one thread, no preemption:\n%s", out)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	return false
}

// TestDeadlineUnderLoad: 16 lookups at once on one thread without
// preemption, each asking two archives whose TimeMaps are 40 MiB and come
// at once (the parsing is the load), and one archive that answers in 1 ms.
// The deadline is the longest the relay allows (10 s), so that the
// outcomes do not depend on how much of the machine the test gets (with
// the race detector, or beside other work); how long the lookups took is
// logged.
// The fast archive must be found by every lookup and never blamed; the
// huge ones are read up to TimeMapCap at most, replaced by their TimeGates
// (or, when their turn to be parsed came too late, timeouts) and not
// blamed either.
// Durations are logged, never asserted. LOOKUP_LOAD_N changes the number of
// lookups.
func TestDeadlineUnderLoad(t *testing.T) {
	if !oneThread(t) {
		return
	}
	d := newMemDoer()
	const hugeLinks = 400000 // ≈ 40 MiB
	hugeAnswer := func(r *http.Request) *http.Response {
		if strings.HasPrefix(r.URL.Path, "/web/timemap/") {
			return timeMap(hugeLinks, "https://"+r.URL.Host+"/web/")(r)
		}
		return timeGate(hugeLinks-1, hugeLinks)(r)
	}
	list := []registry.Archive{
		d.add("huge1", registry.TimeMap, 0, hugeAnswer),
		d.add("fast", registry.TimeMap, time.Millisecond, timeMap(3, "")),
		d.add("huge2", registry.TimeMap, 0, hugeAnswer),
	}
	const deadline = 10 * time.Second
	// One lookup first, unmeasured: under js/wasm the first run of the
	// code pays for its compilation.
	Lookup(context.Background(), page, Options{Client: d, Archives: list, Deadline: time.Minute})
	h := NewHealth()
	n := 16
	if s := os.Getenv("LOOKUP_LOAD_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	results := make([]*Result, n)
	took := make([]time.Duration, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			res, err := Lookup(context.Background(), page, Options{
				Client: d, Archives: list, Health: h, Deadline: deadline,
				Caller: "caller" + strconv.Itoa(i),
			})
			took[i] = time.Since(t0)
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	var slowest time.Duration
	count := map[string]int{}
	for i, res := range results {
		for _, r := range res.Archives {
			count[r.ID+" "+string(r.Outcome)]++
		}
		slowest = max(slowest, took[i])
		got := outcomes(res)
		if r := got["fast"]; r.Outcome != archive.Found {
			t.Errorf("lookup %d: the fast archive: %s (%s) after %d ms", i, r.Outcome, r.Detail, r.MS)
		}
		for _, id := range []string{"huge1", "huge2"} {
			if r := got[id]; r.Outcome != archive.Found && r.Outcome != archive.Timeout {
				t.Errorf("lookup %d: %s: %s (%s)", i, id, r.Outcome, r.Detail)
			}
		}
	}
	for _, id := range []string{"fast", "huge1", "huge2"} {
		if cool, _ := h.CoolingDown(id, "caller0", time.Now()); cool {
			t.Errorf("%s is cooling down", id)
		}
		h.mu.Lock()
		if s := h.states[id]; s != nil && s.failures > 0 {
			t.Errorf("%s blamed for %d failures (%s)", id, s.failures, s.last)
		}
		h.mu.Unlock()
	}
	// The work is bounded in bytes: no answer is read past its cap (the
	// warm-up lookup included).
	for _, id := range []string{"huge1", "huge2"} {
		if got, most := d.bytesServed(id), int64(n+1)*(TimeMapCap+chunk); got > most {
			t.Errorf("%s: %d bytes read in %d lookups, at most %d expected", id, got, n+1, most)
		}
	}
	t.Logf("%d lookups, deadline %v: slowest answered after %d ms; outcomes %v", n, deadline, slowest.Milliseconds(), count)
}

// trickle is a body that sends r's bytes 4 KiB at a time, every 20 ms.
type trickle struct{ r io.Reader }

func (t trickle) Read(p []byte) (int, error) {
	time.Sleep(20 * time.Millisecond)
	return t.r.Read(p[:min(len(p), 4<<10)])
}

// TestSlowArchivesHoldNoSlot: two archives trickling large TimeMaps (4 KiB
// every 20 ms, 20 s for 4 MiB) do not keep a large answer that is all
// there from being parsed: the lookup waits for their bytes without a
// parse slot.
func TestSlowArchivesHoldNoSlot(t *testing.T) {
	d := newMemDoer()
	slow := func(r *http.Request) *http.Response {
		resp := timeMap(400000, "")(r)
		resp.Body = io.NopCloser(trickle{resp.Body})
		return resp
	}
	hugeAnswer := func(r *http.Request) *http.Response {
		if strings.HasPrefix(r.URL.Path, "/web/timemap/") {
			return timeMap(400000, "https://"+r.URL.Host+"/web/")(r)
		}
		return timeGate(3, 4)(r)
	}
	slow1 := d.add("slow1", registry.TimeMap, 0, slow)
	slow2 := d.add("slow2", registry.TimeMap, 0, slow)
	ready := d.add("ready", registry.TimeMap, 0, hugeAnswer)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, a := range []registry.Archive{slow1, slow2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Lookup(ctx, page, Options{Client: d, Archives: []registry.Archive{a}, Deadline: time.Minute})
		}()
	}
	defer func() { cancel(); wg.Wait() }()
	// Both trickling answers are past 64 KiB: large answers, being parsed.
	for d.bytesServed("slow1") < 128<<10 || d.bytesServed("slow2") < 128<<10 {
		time.Sleep(10 * time.Millisecond)
	}
	res, err := Lookup(context.Background(), page, Options{Client: d, Archives: []registry.Archive{ready}, Deadline: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Archives[0]; r.Outcome != archive.Found || r.Detail != timegateDetail {
		t.Errorf("the answer that was all there: %s (%s) after %d ms", r.Outcome, r.Detail, r.MS)
	}
}
