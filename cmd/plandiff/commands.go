package main

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
	"github.com/plandiff/plandiff/internal/store"
)

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "devel"
}

// openReader finds where versions are read from: --repo, else the enclosing plan
// repository, else the bundled dataset.
func openReader(c *cli.Context, env *environment) (store.Reader, error) {
	if dir := c.String("repo"); dir != "" {
		return store.Open(dir)
	}
	wd, err := env.workDir()
	if err != nil {
		return nil, fmt.Errorf("finding the working directory: %w", err)
	}
	repo, err := store.Discover(wd)
	if errors.Is(err, store.ErrNoRepository) {
		return store.Bundled(), nil
	}
	if err != nil {
		return nil, err
	}
	return repo, nil
}

// openRepo is openReader for commands that need git history or write: the bundled
// dataset will not do.
func openRepo(c *cli.Context, env *environment, command string) (*store.Repo, error) {
	r, err := openReader(c, env)
	if err != nil {
		return nil, err
	}
	repo, ok := r.(*store.Repo)
	if !ok {
		return nil, fmt.Errorf("%s needs a plan repository: run inside one, pass --repo DIR, or create one with 'plandiff init DIR'", command)
	}
	return repo, nil
}

// wantArgs checks the number of positional arguments.
func wantArgs(c *cli.Context, command string, min, max int, names string) error {
	n := c.NArg()
	if n < min || (max >= 0 && n > max) {
		return usagef(command, "%s expects %s", command, names)
	}
	return nil
}

func initCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "make a plan repository (git init where needed, plans/, a short README)",
		ArgsUsage: "[DIR]",
		Description: "Example:\n   plandiff init treaty-drafts\n\n" +
			"DIR defaults to --repo, else the current directory. Running it on an existing plan repository\n" +
			"changes nothing.",
		OnUsageError: onUsageError("init"),
		Action: func(c *cli.Context) error {
			if err := wantArgs(c, "init", 0, 1, "at most one DIR"); err != nil {
				return err
			}
			dir := c.Args().First()
			if dir == "" {
				dir = c.String("repo")
			}
			if dir == "" {
				wd, err := env.workDir()
				if err != nil {
					return fmt.Errorf("finding the working directory: %w", err)
				}
				dir = wd
			}
			repo, err := store.Init(dir)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.stdout, "plan repository ready in %s\n", repo.Root())
			return nil
		},
	}
}

func importCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "split a document into point files and commit them as a version",
		ArgsUsage: "FILE|-",
		Description: "Example:\n   plandiff import --id us-28 --title 'US 28-point draft' --date 2025-11-20 \\\n" +
			"      --party 'United States' --source https://example.org/plan plan.txt\n\n" +
			"--split numbered (default) starts a point at lines like '1.', '2)', '12a.', 'Point 7:'.\n" +
			"--split headings starts a point at each Markdown heading that begins with a label\n" +
			"(a number, '§ N', 'Art N', 'Article N'); other headings become the points' section path.\n" +
			"Importing an existing id again updates that version in a new commit. On any error nothing\n" +
			"is written. The author comes from GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL or the git config,\n" +
			"unless --author is given.",
		OnUsageError: onUsageError("import"),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "id", Usage: "version `ID` (a lowercase slug such as us-28)", Required: true},
			&cli.StringFlag{Name: "title", Usage: "the document's `TITLE`"},
			&cli.StringFlag{Name: "date", Usage: "the version's `DATE` as YYYY-MM-DD (default: today)"},
			&cli.StringSliceFlag{Name: "party", Usage: "an author or party of the version (repeatable)"},
			&cli.StringFlag{Name: "source", Usage: "`URL` where the document was published; cited by every point"},
			&cli.StringFlag{Name: "split", Value: string(plan.SplitNumbered), Usage: "how to find points: numbered or headings"},
			&cli.StringFlag{Name: "author", Usage: "commit author as 'Name <email>'"},
		},
		Action: func(c *cli.Context) error {
			if err := wantArgs(c, "import", 1, 1, "one FILE, or - for standard input"); err != nil {
				return err
			}
			repo, err := openRepo(c, env, "import")
			if err != nil {
				return err
			}
			opts := importOptions{
				ID:      c.String("id"),
				Title:   c.String("title"),
				Date:    c.String("date"),
				Parties: c.StringSlice("party"),
				Source:  c.String("source"),
				Split:   c.String("split"),
				Author:  c.String("author"),
				Input:   c.Args().First(),
			}
			return runImport(repo, env, opts)
		},
	}
}

func listCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:         "list",
		Usage:        "list the versions with date, parties, points, completeness and sources",
		ArgsUsage:    "[@REV]",
		Description:  "Example:\n   plandiff list\n   plandiff list @HEAD~3",
		OnUsageError: onUsageError("list"),
		Action: func(c *cli.Context) error {
			if err := wantArgs(c, "list", 0, 1, "at most one @REV"); err != nil {
				return err
			}
			rev := ""
			if a := c.Args().First(); a != "" {
				if !strings.HasPrefix(a, "@") || len(a) == 1 {
					return usagef("list", "list takes an optional @REV, not %q", a)
				}
				rev = a[1:]
			}
			r, err := openReader(c, env)
			if err != nil {
				return err
			}
			return runList(r, rev, env.stdout)
		},
	}
}

func showCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:         "show",
		Usage:        "show a version, or one of its points, with citations",
		ArgsUsage:    "ID[@REV] [LABEL]",
		Description:  "Example:\n   plandiff show us-28\n   plandiff show us-28 6\n   plandiff show us-28@HEAD~1 6",
		OnUsageError: onUsageError("show"),
		Action: func(c *cli.Context) error {
			if err := wantArgs(c, "show", 1, 2, "ID[@REV] and optionally a LABEL"); err != nil {
				return err
			}
			r, err := openReader(c, env)
			if err != nil {
				return err
			}
			return runShow(r, c.Args().Get(0), c.Args().Get(1), env.stdout)
		},
	}
}

func validateCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "validate",
		Usage: "check every version: front matter, sources, labels, lineage, ids, encoding",
		Description: "Example:\n   plandiff validate\n\n" +
			"Each finding is printed as FILE:LINE: message. Exit status 1 when there are findings.",
		OnUsageError: onUsageError("validate"),
		Action: func(c *cli.Context) error {
			if err := wantArgs(c, "validate", 0, 0, "no arguments"); err != nil {
				return err
			}
			r, err := openReader(c, env)
			if err != nil {
				return err
			}
			return runValidate(r, env.stdout)
		},
	}
}

func logCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "log",
		Usage:     "show the history of the repository, a version, or one point",
		ArgsUsage: "[ID [LABEL]]",
		Description: "Example:\n   plandiff log\n   plandiff log us-28\n   plandiff log us-28 6\n\n" +
			"A point is followed by its label, across renamed files.",
		OnUsageError: onUsageError("log"),
		Action: func(c *cli.Context) error {
			if err := wantArgs(c, "log", 0, 2, "at most an ID and a LABEL"); err != nil {
				return err
			}
			repo, err := openRepo(c, env, "log")
			if err != nil {
				return err
			}
			return runLog(repo, c.Args().Get(0), c.Args().Get(1), env.stdout)
		},
	}
}

func compareCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "compare",
		Usage:     "say what became of every point between two versions",
		ArgsUsage: "A B",
		Description: "Example:\n   plandiff compare us-28 geneva-19\n   plandiff compare us-28 ua-20 --format md -o report.md\n" +
			"   plandiff compare us-28@HEAD~1 us-28 --exit-code\n\n" +
			"A and B are ID or ID@REV. The default format is term when standard output is a terminal,\n" +
			"md otherwise. --exit-code exits 1 when the versions differ.",
		OnUsageError: onUsageError("compare"),
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Usage: "md, term, json or html"},
			&cli.BoolFlag{Name: "only-changed", Usage: "leave unchanged points out of the report"},
			&cli.BoolFlag{Name: "exit-code", Usage: "exit 1 when there are differences"},
			thresholdFlag("compare"),
			&cli.BoolFlag{Name: "ignore-trivial", Usage: "treat whitespace, case and punctuation edits as unchanged"},
			&cli.BoolFlag{Name: "timings", Usage: "print how long each step took to standard error"},
		}, outputFlags()...),
		Action: func(c *cli.Context) error {
			if err := wantArgs(c, "compare", 2, 2, "two versions, A and B"); err != nil {
				return err
			}
			r, err := openReader(c, env)
			if err != nil {
				return err
			}
			opts := compareOptions{
				From:          c.Args().Get(0),
				To:            c.Args().Get(1),
				Format:        c.String("format"),
				OnlyChanged:   c.Bool("only-changed"),
				ExitCode:      c.Bool("exit-code"),
				Threshold:     c.Float64("threshold"),
				IgnoreTrivial: c.Bool("ignore-trivial"),
				Timings:       c.Bool("timings"),
				output:        outputFromFlags(c),
			}
			return runCompare(r, env, opts)
		},
	}
}

func matrixCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "matrix",
		Usage:     "compare several versions side by side, one column per version",
		ArgsUsage: "V1 V2 [V3 ...]",
		Description: "Example:\n   plandiff matrix us-28 eu-counter geneva-19 ua-20 -o matrix.md\n\n" +
			"One row per lineage of points; each cell is marked against the previous column.",
		OnUsageError: onUsageError("matrix"),
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "md", Usage: "md or html"},
			thresholdFlag("matrix"),
		}, outputFlags()...),
		Action: func(c *cli.Context) error {
			if err := wantArgs(c, "matrix", 2, -1, "at least two versions"); err != nil {
				return err
			}
			r, err := openReader(c, env)
			if err != nil {
				return err
			}
			opts := matrixOptions{
				Versions:  c.Args().Slice(),
				Format:    c.String("format"),
				Threshold: c.Float64("threshold"),
				output:    outputFromFlags(c),
			}
			return runMatrix(r, env, opts)
		},
	}
}

func outputFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the report to `FILE` (atomically) instead of standard output"},
		&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour terminal output: auto, always or never (NO_COLOR is honoured)"},
	}
}

// outputOptions say where and how a report is written.
type outputOptions struct {
	File  string
	Color string
}

func outputFromFlags(c *cli.Context) outputOptions {
	return outputOptions{File: c.String("output"), Color: c.String("color")}
}

// thresholdFlag is the --threshold flag of a command. Left out, the engine's default applies;
// given, it must be a similarity above 0 and at most 1 (the engine reads 0 as its default).
func thresholdFlag(command string) *cli.Float64Flag {
	return &cli.Float64Flag{
		Name:        "threshold",
		Usage:       "minimum similarity `T`, above 0 and at most 1, for matching points by their text",
		DefaultText: fmt.Sprint(diff.DefaultThreshold),
		Action:      func(_ *cli.Context, t float64) error { return checkThreshold(command, t) },
	}
}
