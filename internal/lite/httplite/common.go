package httplite

import (
	"context"
	"io"
	"time"
)

// Short names for the signatures shared by both builds.
type (
	// Context is a request's context.
	Context = context.Context
	// Reader is a request body.
	Reader = io.Reader
	// Time is a parsed HTTP date.
	Time = time.Time
)
