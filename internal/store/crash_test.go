package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// Environment variables that turn the test binary into a helper process that imports
// a document into a repository on disk (see TestImportHelperProcess).
const (
	helperRepoEnv = "PLANDIFF_TEST_IMPORT_REPO"
	helperFileEnv = "PLANDIFF_TEST_IMPORT_FILE"
	helperIDEnv   = "PLANDIFF_TEST_IMPORT_ID"
)

// TestImportHelperProcess is not a test: run by another test with helperRepoEnv set, it
// imports the file helperFileEnv as version helperIDEnv (split by headings) and exits 0
// on success, 3 when the repository is busy and 1 on any other error.
func TestImportHelperProcess(t *testing.T) {
	dir := os.Getenv(helperRepoEnv)
	if dir == "" {
		t.Skip("helper process for TestImportKilled and TestImportConcurrent")
	}
	data, err := os.ReadFile(os.Getenv(helperFileEnv))
	if err == nil {
		var r *Repo
		if r, err = Open(dir); err == nil {
			r.Now = func() time.Time { return testClock }
			req := bgbRequest(data, "2000")
			req.ID, req.Name = os.Getenv(helperIDEnv), filepath.Base(os.Getenv(helperFileEnv))
			_, err = r.Import(req)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		if errors.Is(err, ErrBusy) {
			os.Exit(3)
		}
		os.Exit(1)
	}
	os.Exit(0)
}

// startImportHelper starts the test binary as a helper process importing file as
// version id into the repository at dir.
func startImportHelper(t *testing.T, dir, file, id string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportHelperProcess$")
	cmd.Env = append(os.Environ(), helperRepoEnv+"="+dir, helperFileEnv+"="+file, helperIDEnv+"="+id)
	cmd.Stderr = new(strings.Builder)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

// gitStatus returns the output of git status --porcelain in dir, without README.md
// (which Init writes and nothing commits), or skips the test when git is missing.
func gitStatus(t *testing.T, dir string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	cmd := exec.Command("git", "status", "--porcelain", "--untracked-files=all")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git status: %v", err)
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line != "" && line != "?? README.md" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// headHash returns the hash HEAD points to, "" when there is none.
func headHash(t *testing.T, r *Repo) string {
	t.Helper()
	c, err := r.headCommit()
	if err != nil {
		t.Fatal(err)
	}
	if c == nil {
		return ""
	}
	return c.Hash.String()
}

// removeStaleLocks checks the error of an import into a repository whose import was
// killed (plandiff.lock and index.lock may be left) and removes the stale lock the
// error names; it reports whether there was one.
func removeStaleLocks(t *testing.T, r *Repo, dir string) bool {
	t.Helper()
	_, err := r.Import(ImportRequest{ID: "probe", Title: "Probe", Date: "2025-01-01", SourceURL: "https://example.org/probe", Data: []byte("1. probe\n"), Author: testAuthor})
	if err == nil {
		return false
	}
	var lock string
	switch {
	case strings.Contains(err.Error(), "repository is busy: another plandiff import is running (remove .git/plandiff.lock if it is stale)"):
		lock = lockFile
	case strings.Contains(err.Error(), "repository is busy: .git/index.lock exists"):
		lock = "index.lock"
	default:
		t.Fatalf("import after a killed import: %v", err)
	}
	if !errors.Is(err, ErrBusy) {
		t.Errorf("%v does not wrap ErrBusy", err)
	}
	if err := os.Remove(filepath.Join(dir, ".git", lock)); err != nil {
		t.Fatal(err)
	}
	return true
}

// TestImportKilled kills an import of the German Civil Code (about 2,400 files) at
// several moments and checks what the repository looks like afterwards: HEAD either
// still at the old commit with the work tree and index as they were, or at the new
// commit; when the kill fell between the two (the journal is there), the next import
// completes the interrupted one. Then the work tree and index agree with HEAD, nothing
// is left over, the repository validates and the same import succeeds.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: imports the BGB many times")
	}
	corpus := filepath.Join("..", "..", "..", "shared", "corpora", "bgb")
	bgbCorpus(t, "2013")
	bgbCorpus(t, "2018")
	dir := filepath.Join(t.TempDir(), "repo")
	if _, err := Init(dir); err != nil {
		t.Fatal(err)
	}
	// The import being killed alternately updates version bgb and creates a new version.
	files := []string{filepath.Join(corpus, "bgb-2013.md"), filepath.Join(corpus, "bgb-2018.md")}
	start := time.Now()
	cmd := startImportHelper(t, dir, files[0], "bgb")
	if err := cmd.Wait(); err != nil {
		t.Fatalf("first import: %v\n%s", err, cmd.Stderr)
	}
	// The kills fall at fractions of the time a whole import takes here (with the
	// process's start), so that they cover every stage also under the race detector.
	took := time.Since(start)
	outcomes := map[string]int{}
	fractions := []float64{0, 0.1, 0.25, 0.4, 0.55, 0.7, 1.2}
	if raceEnabled {
		fractions = []float64{0.1, 0.4, 0.7}
	}
	year := 0
	for round, fraction := range fractions {
		delay := time.Duration(fraction * float64(took))
		id := "bgb"
		if round%3 == 2 {
			id = fmt.Sprintf("new%d", round)
		} else {
			year = 1 - year
		}
		file := files[year]
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		before := headHash(t, r)
		cmd := startImportHelper(t, dir, file, id)
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		err = cmd.Wait()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		if exit != nil && exit.ExitCode() != -1 {
			t.Fatalf("round %d: the import failed: %v\n%s", round, err, cmd.Stderr)
		}

		r, err = Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		after := headHash(t, r)
		_, journalErr := os.Stat(filepath.Join(dir, ".git", journalFile))
		journal := journalErr == nil
		var outcome string
		switch {
		case journal:
			outcome = "interrupted"
			// Validate reports the import the next one will complete.
			findings, err := r.Validate()
			if err != nil || len(findings) == 0 || findings[0].File != ".git/"+journalFile {
				t.Errorf("round %d: plan.Validate does not report the interrupted import: %v %v", round, findings, err)
			}
		case after == before:
			outcome = "not imported"
		default:
			outcome = "imported"
		}
		if after != before {
			c, err := r.commitObject(plumbing.NewHash(after))
			if err != nil || len(c.ParentHashes) != 1 || c.ParentHashes[0].String() != before {
				t.Fatalf("round %d: HEAD %s is not a child of %s (%v)", round, after, before, err)
			}
		}
		if !journal {
			// No journal: nothing of the import may be visible outside .git.
			if st := gitStatus(t, dir); st != "" {
				t.Errorf("round %d (%s): git status:\n%s", round, outcome, st)
			}
		}
		locked := false
		for removeStaleLocks(t, r, dir) {
			locked = true
		}
		if locked {
			outcome += ", locked"
		}
		outcomes[outcome]++
		// The probe import above has completed an interrupted import: the version is in
		// HEAD exactly as in the work tree.
		if _, err := os.Stat(filepath.Join(dir, ".git", journalFile)); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("round %d: the journal is still there: %v", round, err)
		}
		if st := gitStatus(t, dir); st != "" {
			t.Errorf("round %d (%s): git status after the next import:\n%s", round, outcome, st)
		}
		if findings, err := r.Validate(); err != nil || len(findings) > 0 {
			t.Errorf("round %d (%s): Validate: %v %v", round, outcome, findings, err)
		}
		matches, _ := filepath.Glob(filepath.Join(dir, "plans", "*", ".plandiff-*"))
		if len(matches) > 0 {
			t.Errorf("round %d (%s): temporary files left: %d, e.g. %s", round, outcome, len(matches), matches[0])
		}
		// The import itself now succeeds (or finds nothing to do).
		req := bgbRequest(bgbCorpus(t, []string{"2013", "2018"}[year]), "2000")
		req.ID, req.Name = id, filepath.Base(file)
		if _, err := r.Import(req); err != nil {
			t.Fatalf("round %d: import again: %v", round, err)
		}
		if v, err := r.Version(id, "HEAD"); err != nil || len(v.Points) < 2000 {
			t.Fatalf("round %d: the version imported again: %v", round, err)
		}
		t.Logf("round %d, kill after %v: %s", round, delay, outcome)
	}
	t.Logf("outcomes: %v", outcomes)
	// The index reads back with go-git too.
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Storer.Index(); err != nil {
		t.Fatal(err)
	}
}
