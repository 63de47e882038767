package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/lookup"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

const archiveUsage = `usage: sesame archive URL [--at YYYYMMDDhhmmss] [--json] [--archives FILE] [--timeout 3s]

Asks the web archives of the registry at once, directly (no relay), for
copies of URL and prints the copy closest to --at (default: the newest) and
each archive's outcome. User-info and the fragment are removed from URL
before it is sent to the archives.

Exit status: 0 a copy was found, 1 no archive has a copy, 2 bad usage.
`

func init() {
	commands["archive"] = command{
		summary: "find archived copies of a page in web archives (sesame archive URL [--at …] [--json])",
		run:     runArchive,
	}
}

// archiveClient is the HTTP client of the archive command (a variable for
// tests).
var archiveClient lookup.Doer = lookup.NewHTTPClient()

// runArchive runs "sesame archive" with the arguments after the command
// name and returns the exit status.
func runArchive(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("archive", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, archiveUsage, "\nflags:\n")
		fs.PrintDefaults()
	}
	atFlag := fs.String("at", "", "moment to look for, UTC `YYYYMMDDhhmmss` (4 to 14 digits; default: the newest copy)")
	jsonOut := fs.Bool("json", false, "print the answer as JSON (the relay's /v1/lookup format)")
	archivesFile := fs.String("archives", "", "registry `FILE` (JSON list of archives) instead of the built-in one")
	timeout := fs.Duration("timeout", lookup.DefaultDeadline, "overall deadline of the lookup")

	// Flags may come before or after the URL.
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return 0
			}
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "sesame archive: give exactly one URL")
		fs.Usage()
		return 2
	}
	var at time.Time
	if *atFlag != "" {
		t, err := archive.ParseTimestamp(*atFlag)
		if err != nil {
			fmt.Fprintf(stderr, "sesame archive: --at %q: must be YYYYMMDDhhmmss (4 to 14 digits, UTC)\n", *atFlag)
			return 2
		}
		at = t
	}
	if *timeout <= 0 {
		fmt.Fprintln(stderr, "sesame archive: --timeout must be positive")
		return 2
	}
	archives := registry.Default()
	if *archivesFile != "" {
		data, err := os.ReadFile(*archivesFile)
		if err != nil {
			fmt.Fprintf(stderr, "sesame archive: %v\n", err)
			return 2
		}
		archives, err = registry.Parse(data)
		if err != nil {
			fmt.Fprintf(stderr, "sesame archive: %s: %v\n", *archivesFile, err)
			return 2
		}
	}
	res, err := lookup.Lookup(context.Background(), rest[0], lookup.Options{
		Client:   archiveClient,
		Archives: archives,
		At:       at,
		Deadline: *timeout,
	})
	if err != nil {
		fmt.Fprintf(stderr, "sesame archive: %s\n", strings.TrimPrefix(err.Error(), "lookup: "))
		return 2
	}
	if *jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(res)
	} else {
		printArchiveResult(stdout, res)
	}
	if res.Found() {
		return 0
	}
	return 1
}

func printArchiveResult(w io.Writer, res *lookup.Result) {
	names := map[string]string{}
	for _, a := range res.Archives {
		names[a.ID] = a.Name
	}
	if res.Closest != nil {
		fmt.Fprintf(w, "Closest copy: %s\n  captured %s, in %s\n\n", visible(res.Closest.URI), visible(humanTime(res.Closest.Datetime)), visible(names[res.Closest.Archive]))
	} else {
		fmt.Fprintf(w, "No archived copy found.\n\n")
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARCHIVE\tOUTCOME\tMS\tCOPIES\tFIRST\tLAST\tCLOSEST")
	for _, a := range res.Archives {
		outcome := string(a.Outcome)
		if a.Cooldown {
			outcome += " (cooling down)"
		} else if a.Detail != "" {
			outcome += " (" + visible(a.Detail) + ")"
		}
		count := "-"
		if a.Count != nil {
			count = fmt.Sprint(*a.Count)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", visible(a.ID), visible(outcome), a.MS, count, visible(day(a.First)), visible(day(a.Last)), visible(day(a.Closest)))
	}
	tw.Flush()
}

func day(c *lookup.Copy) string {
	if c == nil {
		return "-"
	}
	return strings.SplitN(c.Datetime, "T", 2)[0]
}

func humanTime(rfc3339 string) string {
	t, err := time.Parse(time.RFC3339, rfc3339)
	if err != nil {
		return rfc3339
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}
