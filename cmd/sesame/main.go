// Command sesame explains, in a terminal, why a web page answers 401, 403
// or another error, with the same diagnosis as the Sesame browser
// extension.
//
// Usage:
//
//	sesame check URL [--json] [--no-probe] [--timeout 10s] [--lang en]
//	sesame help [command]
//
// Every subcommand registers itself in the commands table from its own
// file (check.go, archive.go, …) with an init function.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand of sesame.
type command struct {
	// summary is one line for "sesame help".
	summary string
	// run runs the command with the arguments after its name and returns
	// the exit status: 0 success, 1 failure, 2 bad usage.
	run func(args []string, stdout, stderr io.Writer) int
}

// commands holds every subcommand, by name. Files add to it in init.
var commands = map[string]command{}

func init() {
	commands["help"] = command{
		summary: "list the commands, or show how to use one (sesame help check)",
		run:     runHelp,
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	}
	c, ok := commands[name]
	if !ok || c.run == nil {
		fmt.Fprintf(stderr, "sesame: unknown command %q (run \"sesame help\" for the list)\n", name)
		return 2
	}
	// Whatever a command prints, server-chosen text included, reaches the
	// terminal without escape sequences (see terminalWriter).
	out, errOut := &terminalWriter{w: stdout}, &terminalWriter{w: stderr}
	code := c.run(args[1:], out, errOut)
	out.Flush()
	errOut.Flush()
	return code
}

// names returns the command names, sorted.
func names() []string {
	var out []string
	for n := range commands {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func usage(w io.Writer) {
	fmt.Fprint(w, "Sesame explains why a web page refuses you (401, 403, …) and what to try next.\n\nusage: sesame COMMAND [arguments]\n\ncommands:\n")
	for _, n := range names() {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprint(w, "\nRun \"sesame help COMMAND\" (or \"sesame COMMAND -h\") for a command's flags.\n")
}

func runHelp(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		usage(stdout)
		return 0
	case 1:
		c, ok := commands[args[0]]
		if !ok || args[0] == "help" {
			if ok {
				usage(stdout)
				return 0
			}
			fmt.Fprintf(stderr, "sesame help: unknown command %q\n", args[0])
			return 2
		}
		// Every command prints its usage on -h and exits 0.
		return c.run([]string{"-h"}, stdout, stdout)
	}
	fmt.Fprintln(stderr, "usage: sesame help [command]")
	return 2
}
