package retryafter_test

import (
	"fmt"
	"time"

	"github.com/sesame-help/sesame/internal/response/retryafter"
)

func ExampleParse() {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for _, v := range []string{"120", "Sat, 28 Nov 2026 18:00:00 GMT", "Saturday, 28-Nov-26 18:00:00 GMT", "Sat Nov 28 18:00:00 2026", "later"} {
		t, err := retryafter.Parse(v, now)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(t.Format(time.RFC3339))
	}
	// Output:
	// 2026-11-28T12:02:00Z
	// 2026-11-28T18:00:00Z
	// 2026-11-28T18:00:00Z
	// 2026-11-28T18:00:00Z
	// retryafter: neither seconds nor an HTTP-date
}
