package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// numberedDocument returns a document of n numbered points whose text mentions tag.
func numberedDocument(n int, tag string) []byte {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d. plan.Point %d of %s.\n", i, i, tag)
	}
	return []byte(b.String())
}

// TestImportConcurrent runs two imports into one repository on disk at the same time,
// through two Repo values, in many rounds: each import either lands or fails with
// ErrBusy (and lands when tried again), and afterwards the index reads back, the work tree and index agree with
// HEAD and HEAD's history holds every import that landed.
func TestImportConcurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repo")
	if _, err := Init(dir); err != nil {
		t.Fatal(err)
	}
	var repos [2]*Repo
	for i := range repos {
		r, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		repos[i] = r
	}
	var landed []string
	busy := 0
	const rounds = 20
	for round := range rounds {
		var wg sync.WaitGroup
		var results [2]ImportResult
		var errs [2]error
		var reqs [2]ImportRequest
		for i, r := range repos {
			// Both update one version, or each its own; 70 points make a packfile.
			id := "shared"
			if round%2 == 1 {
				id = fmt.Sprintf("own-%d", i)
			}
			req := ImportRequest{
				ID: id, Title: "Concurrent", Date: "2025-01-01", SourceURL: "https://example.org/",
				Data: numberedDocument(70, fmt.Sprintf("round %d, writer %d", round, i)), Author: testAuthor,
			}
			reqs[i] = req
			wg.Go(func() {
				results[i], errs[i] = r.Import(req)
				if errs[i] == nil {
					// Reading the commit back loads r's list of packfiles, which the
					// other's next import makes stale: the import must not trust it.
					_, errs[i] = r.Version(id, "HEAD")
				}
			})
		}
		wg.Wait()
		for i, err := range errs {
			switch {
			case err == nil:
				landed = append(landed, results[i].Commit)
			case errors.Is(err, ErrBusy) && strings.Contains(err.Error(), "repository is busy"):
				// Tried again once the other is done, the import lands.
				busy++
				res, err := repos[i].Import(reqs[i])
				if err != nil {
					t.Fatalf("round %d, writer %d, after the other: %v", round, i, err)
				}
				landed = append(landed, res.Commit)
			default:
				t.Fatalf("round %d, writer %d: %v", round, i, err)
			}
		}
	}
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Storer.Index(); err != nil {
		t.Fatalf("the index does not read back: %v", err)
	}
	head, err := g.Head()
	if err != nil {
		t.Fatal(err)
	}
	history := map[string]bool{}
	commits, err := g.Log(&git.LogOptions{From: head.Hash()})
	if err != nil {
		t.Fatal(err)
	}
	commits.ForEach(func(c *object.Commit) error {
		history[c.Hash.String()] = true
		return nil
	})
	for _, h := range landed {
		if !history[h] {
			t.Errorf("commit %s of a successful import is not in HEAD's history", h)
		}
	}
	if len(history) != len(landed) {
		t.Errorf("HEAD's history has %d commits; %d imports landed", len(history), len(landed))
	}
	if len(landed) != 2*rounds {
		t.Errorf("%d of %d imports landed", len(landed), 2*rounds)
	}
	if st := gitStatus(t, dir); st != "" {
		t.Errorf("git status:\n%s", st)
	}
	if findings, err := repos[0].Validate(); err != nil || len(findings) > 0 {
		t.Errorf("Validate: %v %v", findings, err)
	}
	t.Logf("%d imports landed, %d found the repository busy", len(landed), busy)
}
