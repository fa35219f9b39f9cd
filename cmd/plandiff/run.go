package main

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
	"github.com/plandiff/plandiff/internal/store"
	"github.com/plandiff/plandiff/render"
)

// maxInputBytes bounds what import reads: larger documents are refused, not loaded.
const maxInputBytes = 64 << 20

// importOptions are the import command's flags and argument.
type importOptions struct {
	ID, Title, Date string
	Parties         []string
	Source          string
	Split           string
	Author          string
	Input           string // a file name, or "-" for standard input
}

func runImport(repo *store.Repo, env *environment, o importOptions) error {
	if err := plan.ValidateID(o.ID); err != nil {
		return usagef("import", "--id: %w", err)
	}
	mode := plan.SplitMode(o.Split)
	if mode != plan.SplitNumbered && mode != plan.SplitHeadings {
		return usagef("import", "--split must be numbered or headings, not %q", o.Split)
	}
	if o.Date != "" {
		if _, err := time.Parse("2006-01-02", o.Date); err != nil {
			return usagef("import", "--date must be YYYY-MM-DD, not %q", o.Date)
		}
	}
	if o.Source != "" {
		if u, err := url.Parse(o.Source); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usagef("import", "--source must be an http or https URL, not %q", o.Source)
		}
	}
	data, err := readInput(env, o.Input)
	if err != nil {
		return err
	}
	author, err := importAuthor(repo, env, o.Author)
	if err != nil {
		return err
	}
	res, err := repo.Import(store.ImportRequest{
		ID:        o.ID,
		Title:     o.Title,
		Date:      o.Date,
		Parties:   o.Parties,
		SourceURL: o.Source,
		Mode:      mode,
		Name:      o.Input,
		Data:      data,
		Author:    author,
		Committer: committer(env, author),
	})
	if err != nil {
		return err
	}
	switch {
	case res.Unchanged:
		fmt.Fprintf(env.stdout, "unchanged %s: %d points, as in commit %s; nothing committed\n", o.ID, res.Points, shortHash(res.Commit))
	case res.Updated:
		fmt.Fprintf(env.stdout, "updated %s: %d points in commit %s\n", o.ID, res.Points, shortHash(res.Commit))
	default:
		fmt.Fprintf(env.stdout, "imported %s: %d points in commit %s\n", o.ID, res.Points, shortHash(res.Commit))
	}
	return nil
}

// readInput reads the document to import from a file or standard input, refusing
// anything larger than maxInputBytes.
func readInput(env *environment, name string) ([]byte, error) {
	var r io.Reader
	if name == "-" {
		r = env.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("reading input: %w", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, fmt.Errorf("reading input: %s is a directory", name)
		}
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxInputBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > maxInputBytes {
		return nil, fmt.Errorf("%s: input larger than %d MiB: split the document and import it in parts", name, maxInputBytes>>20)
	}
	return data, nil
}

// importAuthor is --author when given, else what the repository's git settings say.
func importAuthor(repo *store.Repo, env *environment, flag string) (store.Signature, error) {
	if flag == "" {
		return repo.Author()
	}
	name, email, ok := parseAuthor(flag)
	if !ok {
		return store.Signature{}, usagef("import", "--author must look like 'Name <email>', not %q", flag)
	}
	sig := store.Signature{Name: name, Email: email}
	if d := env.getenv("GIT_AUTHOR_DATE"); d != "" {
		if def, err := repo.Author(); err == nil {
			sig.When = def.When
		}
	}
	return sig, nil
}

// committer is GIT_COMMITTER_NAME/EMAIL/DATE when set, else the author.
func committer(env *environment, author store.Signature) store.Signature {
	c := author
	if n := env.getenv("GIT_COMMITTER_NAME"); n != "" {
		c.Name = n
	}
	if e := env.getenv("GIT_COMMITTER_EMAIL"); e != "" {
		c.Email = e
	}
	if d := env.getenv("GIT_COMMITTER_DATE"); d != "" {
		if t, err := parseGitDate(d); err == nil {
			c.When = t
		}
	}
	return c
}

// parseGitDate reads the date forms git accepts in GIT_*_DATE that matter in practice.
func parseGitDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "@") {
		fields := strings.Fields(s[1:])
		if len(fields) >= 1 {
			sec, err := strconv.ParseInt(fields[0], 10, 64)
			if err == nil {
				return time.Unix(sec, 0).UTC(), nil
			}
		}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05 -0700", time.RFC1123Z, "Mon Jan 2 15:04:05 2006 -0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised date %q", s)
}

func shortHash(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// readVersion reads the version a user named as ID or ID@REV.
func readVersion(r store.Reader, ref string) (render.Side, error) {
	id, rev, err := plan.ParseRef(ref)
	if err != nil {
		return render.Side{}, err
	}
	v, err := r.Version(id, rev)
	if err != nil {
		return render.Side{}, err
	}
	return render.Side{Version: v, Rev: rev}, nil
}

// readVersions reads several versions and returns them in order, or the first error in
// order. Work-tree versions are read at once, each on its own goroutine (reading is mostly
// waiting for the file system); versions at a git revision are read one after the other,
// since go-git's object storage is not meant for concurrent use.
func readVersions(r store.Reader, refs ...string) ([]render.Side, error) {
	sides := make([]render.Side, len(refs))
	errs := make([]error, len(refs))
	var wg sync.WaitGroup
	for i, ref := range refs {
		if strings.Contains(ref, "@") {
			sides[i], errs[i] = readVersion(r, ref)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sides[i], errs[i] = readVersion(r, ref)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return sides, nil
}

// sizeHinter is a store.Reader that can tell roughly how large a version is before reading
// it (store.Repo on disk).
type sizeHinter interface {
	SizeHint(id, rev string) int64
}

// sizeHint returns the sum of the size hints of the versions refs name, 0 where r has none.
func sizeHint(r store.Reader, refs ...string) int64 {
	h, ok := r.(sizeHinter)
	if !ok {
		return 0
	}
	var total int64
	for _, ref := range refs {
		if id, rev, err := plan.ParseRef(ref); err == nil {
			total += h.SizeHint(id, rev)
		}
	}
	return total
}

// uncheckedReader is a store.Reader that can hand out a work-tree version from its parse
// cache before it has checked the version's files (store.Repo on disk).
type uncheckedReader interface {
	UncheckedVersion(id, rev string) (*plan.Version, func() bool)
}

// readVersionsAhead is readVersions for a caller that computes with the versions before they
// are confirmed: versions served from a parse cache come at once, while their files are
// checked on other goroutines. The caller must call confirm before it uses its results for
// anything but computing, and start again with readVersions when confirm says no.
func readVersionsAhead(r store.Reader, refs ...string) (sides []render.Side, confirm func() bool, err error) {
	ur, ok := r.(uncheckedReader)
	if !ok {
		sides, err = readVersions(r, refs...)
		return sides, func() bool { return true }, err
	}
	sides = make([]render.Side, len(refs))
	checks := make(chan bool, len(refs))
	started := 0
	confirm = func() bool {
		ok := true
		for ; started > 0; started-- {
			ok = <-checks && ok
		}
		return ok
	}
	ids, revs := make([]string, len(refs)), make([]string, len(refs))
	for i, ref := range refs {
		if ids[i], revs[i], err = plan.ParseRef(ref); err != nil {
			return nil, nil, err
		}
	}
	// The cached versions are decoded at once, each on its own goroutine; their files are
	// checked once all are decoded, so that the checks do not slow the decoding down.
	versions, verifies := make([]*plan.Version, len(refs)), make([]func() bool, len(refs))
	var wg sync.WaitGroup
	for i := range refs {
		wg.Go(func() { versions[i], verifies[i] = ur.UncheckedVersion(ids[i], revs[i]) })
	}
	wg.Wait()
	var rest []string // the refs that need a normal read, and where they go
	var restAt []int
	for i, ref := range refs {
		if versions[i] == nil {
			rest, restAt = append(rest, ref), append(restAt, i)
			continue
		}
		sides[i] = render.Side{Version: versions[i], Rev: revs[i]}
		started++
		go func() { checks <- verifies[i]() }()
	}
	if len(rest) > 0 {
		read, err := readVersions(r, rest...)
		if err != nil {
			confirm()
			return nil, nil, err
		}
		for k, i := range restAt {
			sides[i] = read[k]
		}
	}
	return sides, confirm, nil
}

func runList(r store.Reader, rev string, stdout io.Writer) error {
	ids, err := r.VersionIDs(rev)
	if err != nil {
		return err
	}
	versions := make([]*plan.Version, 0, len(ids))
	for _, id := range ids {
		v, err := r.Version(id, rev)
		if err != nil {
			return err
		}
		versions = append(versions, v)
	}
	return render.List(stdout, versions)
}

func runShow(r store.Reader, ref, label string, stdout io.Writer) error {
	side, err := readVersion(r, ref)
	if err != nil {
		return err
	}
	if label == "" {
		return render.ShowVersion(stdout, side.Version)
	}
	p, ok := side.Version.Point(label)
	if !ok {
		return fmt.Errorf("unknown label %q in %s (%s)", label, side.Version.ID, labelRange(side.Version))
	}
	return render.ShowPoint(stdout, side.Version, p)
}

// labelRange describes a version's labels for an error hint.
func labelRange(v *plan.Version) string {
	switch n := len(v.Points); n {
	case 0:
		return "it has no points"
	case 1:
		return fmt.Sprintf("its only label is %q", v.Points[0].Label)
	default:
		return fmt.Sprintf("labels run from %q to %q; see 'plandiff show %s'", v.Points[0].Label, v.Points[n-1].Label, v.ID)
	}
}

func runValidate(r store.Reader, stdout io.Writer) error {
	findings, err := r.Validate()
	if err != nil {
		return err
	}
	if err := render.Findings(stdout, findings); err != nil {
		return err
	}
	if n := len(findings); n > 0 {
		noun := "findings"
		if n == 1 {
			noun = "finding"
		}
		return &findingsError{summary: fmt.Sprintf("validate: %d %s", n, noun)}
	}
	return nil
}

func runLog(repo *store.Repo, id, label string, stdout io.Writer) error {
	if id != "" {
		if err := plan.ValidateID(id); err != nil {
			return err
		}
	}
	entries, err := repo.Log(id, label)
	if err != nil {
		return err
	}
	return render.Log(stdout, entries)
}

// compareOptions are the compare command's flags and arguments.
type compareOptions struct {
	From, To      string
	Format        string
	OnlyChanged   bool
	ExitCode      bool
	Threshold     float64
	IgnoreTrivial bool
	Timings       bool
	output        outputOptions
}

func runCompare(r store.Reader, env *environment, o compareOptions) error {
	if o.Threshold != 0 { // 0: the engine's default
		if err := checkThreshold("compare", o.Threshold); err != nil {
			return err
		}
	}
	out, err := newOutput(env, o.output)
	if err != nil {
		return err
	}
	format := o.Format
	if format == "" {
		format = "md"
		if out.terminal {
			format = "term"
		}
	}
	if !slices.Contains([]string{"md", "markdown", "json", "html", "term", "terminal"}, format) {
		return usagef("compare", "--format must be md, term, json or html, not %q", format)
	}
	// Versions from the parse cache are compared while their files are being checked; in
	// the rare case that a file changed, they are read again and compared again.
	dopt := diff.Options{Threshold: o.Threshold, IgnoreTrivial: o.IgnoreTrivial}
	var clock *stopwatch
	if o.Timings {
		clock = newStopwatch(env.now, env.start)
		dopt.Step = clock.ended
		clock.ended("start-up")
	}
	if env.prepareHeap != nil {
		env.prepareHeap(sizeHint(r, o.From, o.To))
		clock.ended("heap")
	}
	sides, confirm, err := readVersionsAhead(r, o.From, o.To)
	if err != nil {
		return err
	}
	clock.ended("read")
	cmp, err := render.NewComparison(sides[0], sides[1], dopt)
	fresh := confirm()
	clock.ended("checked")
	if !fresh {
		if sides, err = readVersions(r, o.From, o.To); err != nil {
			return err
		}
		clock.ended("read again")
		cmp, err = render.NewComparison(sides[0], sides[1], dopt)
	}
	if err != nil {
		return err
	}
	opt := render.Options{OnlyChanged: o.OnlyChanged}
	var write func(io.Writer) error
	switch format {
	case "md", "markdown":
		write = func(w io.Writer) error { return render.Markdown(w, cmp, opt) }
	case "json":
		write = func(w io.Writer) error { return render.JSON(w, cmp, opt) }
	case "html":
		write = func(w io.Writer) error { return render.HTML(w, cmp, opt) }
	case "term", "terminal":
		topt := render.TermOptions{Color: out.color, Width: out.width, OnlyChanged: o.OnlyChanged}
		write = func(w io.Writer) error { return render.Terminal(w, cmp, topt) }
	default:
		return usagef("compare", "--format must be md, term, json or html, not %q", format)
	}
	if err := out.write(write); err != nil {
		return err
	}
	clock.ended("report")
	if err := clock.write(env.stderr); err != nil {
		return fmt.Errorf("writing the timings: %w", err)
	}
	if o.ExitCode && cmp.Result.Differs() {
		return &findingsError{}
	}
	return nil
}

// checkThreshold refuses a similarity threshold that is not above 0 and at most 1 (NaN
// included, which no score is below).
func checkThreshold(command string, t float64) error {
	if t > 0 && t <= 1 {
		return nil
	}
	return usagef(command, "--threshold must be above 0 and at most 1, not %v", t)
}

// matrixOptions are the matrix command's flags and arguments.
type matrixOptions struct {
	Versions  []string
	Format    string
	Threshold float64
	output    outputOptions
}

func runMatrix(r store.Reader, env *environment, o matrixOptions) error {
	if o.Threshold != 0 { // 0: the engine's default
		if err := checkThreshold("matrix", o.Threshold); err != nil {
			return err
		}
	}
	if o.Format != "md" && o.Format != "markdown" && o.Format != "html" {
		return usagef("matrix", "--format must be md or html, not %q", o.Format)
	}
	sides, err := readVersions(r, o.Versions...)
	if err != nil {
		return err
	}
	m, err := render.NewMatrix(sides, diff.Options{Threshold: o.Threshold})
	if err != nil {
		return err
	}
	var write func(io.Writer) error
	switch o.Format {
	case "md", "markdown":
		write = func(w io.Writer) error { return render.MatrixMarkdown(w, m) }
	case "html":
		write = func(w io.Writer) error { return render.MatrixHTML(w, m) }
	default:
		return usagef("matrix", "--format must be md or html, not %q", o.Format)
	}
	out, err := newOutput(env, o.output)
	if err != nil {
		return err
	}
	return out.write(write)
}

// output is where a report goes: standard output, or a file written atomically.
type output struct {
	env      *environment
	file     string
	terminal bool // standard output is a terminal and no file was named
	color    bool
	width    int
}

func newOutput(env *environment, o outputOptions) (*output, error) {
	out := &output{env: env, file: o.File, width: 80}
	if f, ok := env.stdout.(*os.File); ok && o.File == "" && term.IsTerminal(int(f.Fd())) {
		out.terminal = true
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			out.width = w
		}
	} else if cols, err := strconv.Atoi(env.getenv("COLUMNS")); err == nil && cols > 20 {
		out.width = cols
	}
	switch o.Color {
	case "always":
		out.color = true
	case "never":
		out.color = false
	case "auto", "":
		out.color = out.terminal && env.getenv("NO_COLOR") == ""
	default:
		return nil, usagef("compare", "--color must be auto, always or never, not %q", o.Color)
	}
	return out, nil
}

// write runs render against the destination. A file is written to a temporary file
// beside it and renamed into place, so a failed run never leaves half a report.
func (o *output) write(render func(io.Writer) error) error {
	if o.file == "" {
		bw := bufio.NewWriterSize(o.env.stdout, 64<<10)
		if err := render(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return writeFileAtomic(o.file, render)
}

// writeFileAtomic writes a report through a temporary file in the same directory, put in
// name's place when complete (replaceFile): a failed or killed run leaves the old file or
// none, never part of a report. The data is not synced to disk, as plandiff's imports are
// not: a report is regenerated in a moment, and the fsync took 3.4 ms of a 65 ms compare of
// the Civil Code; so a power cut soon after may leave an empty or old report.
func writeFileAtomic(name string, render func(io.Writer) error) (err error) {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	bw := bufio.NewWriterSize(tmp, 64<<10)
	if err := render(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := replaceFile(tmp.Name(), name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}
