package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
)

// Exit codes.
const (
	exitOK       = 0
	exitFindings = 1 // validation findings, or differences with --exit-code
	exitError    = 2 // usage or input errors
)

// usageError is a mistake in the command line; it exits 2 like every input error,
// and its message ends with a hint to the command's help.
type usageError struct {
	command string
	err     error
}

func (e *usageError) Error() string {
	help := "plandiff --help"
	if e.command != "" {
		help = "plandiff " + e.command + " --help"
	}
	return fmt.Sprintf("%v (see '%s')", e.err, help)
}

func (e *usageError) Unwrap() error { return e.err }

func usagef(command, format string, args ...any) error {
	return &usageError{command: command, err: fmt.Errorf(format, args...)}
}

// findingsError reports that a command completed but found problems or differences: exit 1,
// with nothing more printed than what the command already wrote.
type findingsError struct{ summary string }

func (e *findingsError) Error() string { return e.summary }

// run is the whole program: it parses args, runs one command and returns the exit code.
// Only run prints errors; commands return them.
func run(args []string, stdout, stderr io.Writer) int {
	env := environment{
		stdout:      stdout,
		stderr:      stderr,
		stdin:       os.Stdin,
		getenv:      os.Getenv,
		workDir:     os.Getwd,
		prepareHeap: prepareHeap,
		now:         time.Now,
		start:       time.Now(),
	}
	var notFound error
	app := newApp(&env)
	app.CommandNotFound = func(_ *cli.Context, name string) {
		notFound = usagef("", "unknown command %q", name)
	}
	err := app.Run(reorderArgs(app, args))
	if err == nil {
		err = notFound
	}
	return report(err, stderr)
}

// report prints err as one line on stderr and returns the exit code it calls for.
func report(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var findings *findingsError
	if errors.As(err, &findings) {
		if findings.summary != "" {
			fmt.Fprintln(stderr, "plandiff: "+oneLine(findings.summary))
		}
		return exitFindings
	}
	fmt.Fprintln(stderr, "plandiff: "+oneLine(err.Error()))
	return exitError
}

// oneLine makes an error message safe to print: one line, no control characters.
func oneLine(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// dropped: control characters from hostile input must not reach the terminal
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// environment is what commands may touch of the process: injected so tests can replace it.
type environment struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
	workDir        func() (string, error)
	// prepareHeap, when set, readies the heap for a compare whose versions' size hint
	// (store.Repo.SizeHint) is given. It tunes the whole process's memory, and only under
	// the GC settings main makes (see heapReservation).
	prepareHeap func(hint int64)
	// now tells the time, for compare --timings; start is when the command started.
	now   func() time.Time
	start time.Time
}

func newApp(env *environment) *cli.App {
	return &cli.App{
		Name:  "plandiff",
		Usage: "align and diff versions of negotiated documents stored as cited point files in git",
		Description: "plandiff keeps each version of a document as point files under plans/<version-id>/ in a git\n" +
			"repository, aligns points across versions and reports what changed, with citations.\n\n" +
			"Plans are read from --repo DIR, else from the enclosing git repository that has plans/,\n" +
			"else from the dataset bundled in the binary. A version can be named as ID or ID@REV.\n\n" +
			"Example:\n   plandiff compare us-28 geneva-19",
		Version:         version(),
		Writer:          env.stdout,
		ErrWriter:       env.stderr,
		HideHelpCommand: true,
		// A party may have a comma in its name ("Office of the President, Ukraine"): --party is
		// repeated, never split.
		DisableSliceFlagSeparator: true,
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:    "repo",
				Aliases: []string{"C"},
				Usage:   "read and write the plan repository in `DIR`",
			},
		},
		ExitErrHandler: func(*cli.Context, error) {}, // run decides exit codes
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usagef("", "%v", err)
		},
		Commands: []*cli.Command{
			initCommand(env),
			importCommand(env),
			listCommand(env),
			showCommand(env),
			validateCommand(env),
			logCommand(env),
			compareCommand(env),
			matrixCommand(env),
		},
	}
}

// onUsageError turns a command's flag-parsing error into a usageError.
func onUsageError(command string) cli.OnUsageErrorFunc {
	return func(_ *cli.Context, err error, _ bool) error {
		return usagef(command, "%v", err)
	}
}

// reorderArgs moves a command's flags in front of its positional arguments, so that
// "compare A B --format json" works as well as "compare --format json A B"
// (urfave/cli v2 stops parsing flags at the first positional argument).
func reorderArgs(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	// Skip the program name and the global flags to find the command.
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "-" && args[i] != "--" {
		if takesValue(app.Flags, args[i]) {
			i++
		}
		i++
	}
	if i >= len(args) {
		return args
	}
	cmd := app.Command(args[i])
	if cmd == nil {
		return args
	}
	out := append([]string{}, args[:i+1]...)
	var flags, positional []string
	rest := args[i+1:]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if a == "--" {
			positional = append(positional, rest[j:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			flags = append(flags, a)
			if takesValue(cmd.Flags, a) && j+1 < len(rest) {
				j++
				flags = append(flags, rest[j])
			}
			continue
		}
		positional = append(positional, a)
	}
	out = append(out, flags...)
	if len(positional) > 0 && positional[0] != "--" {
		out = append(out, "--")
	}
	return append(out, positional...)
}

// takesValue reports whether the flag token arg names a flag that takes a separate value.
func takesValue(flags []cli.Flag, arg string) bool {
	if strings.Contains(arg, "=") {
		return false
	}
	name := strings.TrimLeft(arg, "-")
	for _, f := range flags {
		for _, n := range f.Names() {
			if n != name {
				continue
			}
			switch f.(type) {
			case *cli.BoolFlag:
				return false
			default:
				return true
			}
		}
	}
	return false
}
