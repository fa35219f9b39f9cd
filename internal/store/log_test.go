package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// historyBuilder writes trees and commits into a repository at the object level.
type historyBuilder struct {
	t       *testing.T
	b       *objectBatch
	commits map[string]plumbing.Hash // by name
}

func newHistoryBuilder(t *testing.T, r *Repo) *historyBuilder {
	return &historyBuilder{t: t, b: r.newBatch(), commits: map[string]plumbing.Hash{}}
}

// tree adds a tree of the entries.
func (hb *historyBuilder) tree(entries ...object.TreeEntry) plumbing.Hash {
	hb.t.Helper()
	h, err := hb.b.tree(entries)
	if err != nil {
		hb.t.Fatal(err)
	}
	return h
}

// root adds a root tree whose plans/ holds the version tree under each id.
func (hb *historyBuilder) root(version plumbing.Hash, ids ...string) plumbing.Hash {
	var versions []object.TreeEntry
	for _, id := range ids {
		versions = append(versions, object.TreeEntry{Name: id, Mode: filemode.Dir, Hash: version})
	}
	return hb.tree(object.TreeEntry{Name: "plans", Mode: filemode.Dir, Hash: hb.tree(versions...)})
}

// commit adds a commit of tree named name, made minute minutes after testClock.
func (hb *historyBuilder) commit(name string, minute int, tree plumbing.Hash, parents ...string) {
	hb.t.Helper()
	sig := object.Signature{Name: "T", Email: "t@example.org", When: testClock.Add(time.Duration(minute) * time.Minute)}
	c := &object.Commit{Author: sig, Committer: sig, Message: name + "\n", TreeHash: tree}
	for _, p := range parents {
		c.ParentHashes = append(c.ParentHashes, hb.commits[p])
	}
	h, err := hb.b.commit(c)
	if err != nil {
		hb.t.Fatal(err)
	}
	hb.commits[name] = h
}

// finish stores the objects and points main at the named commit.
func (hb *historyBuilder) finish(r *Repo, head string) {
	hb.t.Helper()
	if err := hb.b.flush(); err != nil {
		hb.t.Fatal(err)
	}
	if err := r.store.SetReference(plumbing.NewHashReference("refs/heads/main", hb.commits[head])); err != nil {
		hb.t.Fatal(err)
	}
}

// TestLogNewestFirst checks that a history with a merge is listed newest first by commit
// time, as git log lists it, rather than the first parents' line before the merged branch:
//
//	A - C - M     main: A adds version a, C adds c, M merges B
//	 \     /
//	  B ---        side: B adds b, committed after C
func TestLogNewestFirst(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			r := be.open(t)
			hb := newHistoryBuilder(t, r)
			point := hb.b.blob([]byte("---\nlabel: \"1\"\n---\nThe text.\n"))
			version := hb.tree(object.TreeEntry{Name: "01.md", Mode: filemode.Regular, Hash: point})
			hb.commit("A", 1, hb.root(version, "a"))
			hb.commit("C", 2, hb.root(version, "a", "c"), "A")
			hb.commit("B", 3, hb.root(version, "a", "b"), "A")
			hb.commit("M", 4, hb.root(version, "a", "b", "c"), "C", "B")
			hb.finish(r, "M")
			log, err := r.Log("", "")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range log {
				got = append(got, e.Message+" ("+e.Summary+")")
			}
			want := []string{"M (b: +1 point)", "B (b: +1 point)", "C (c: +1 point)", "A (a: +1 point)"}
			if !slices.Equal(got, want) {
				t.Errorf("log\n%q\nwant\n%q", got, want)
			}
		})
	}
}

// TestLogSkipsOtherEntries checks that the history of a version counts the point files a
// version read from the work tree has: not a submodule (whose commit is not in this
// repository), a symbolic link or a hidden file named like a point file.
func TestLogSkipsOtherEntries(t *testing.T) {
	r := backends[0].open(t)
	hb := newHistoryBuilder(t, r)
	point := hb.b.blob([]byte("---\nlabel: \"1\"\n---\nThe text.\n"))
	version := hb.tree(
		object.TreeEntry{Name: "01.md", Mode: filemode.Regular, Hash: point},
		object.TreeEntry{Name: ".01.md.swp.md", Mode: filemode.Regular, Hash: point},
		object.TreeEntry{Name: "02.md", Mode: filemode.Submodule, Hash: plumbing.NewHash("0123456789abcdef0123456789abcdef01234567")},
		object.TreeEntry{Name: "03.md", Mode: filemode.Symlink, Hash: hb.b.blob([]byte("01.md"))},
	)
	hb.commit("A", 0, hb.root(version, "a"))
	hb.finish(r, "A")
	log, err := r.Log("a", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1 || log[0].Summary != "+1 point" {
		t.Errorf("log %+v, want one commit: +1 point", log)
	}
}

// TestLogRenamedFilesNotMoved checks that point files renamed only because the version grew
// past 99 points (01.md becomes 001.md) are not reported as moved.
func TestLogRenamedFilesNotMoved(t *testing.T) {
	r := backends[0].open(t)
	var text strings.Builder
	for n := 1; n <= 101; n++ {
		fmt.Fprintf(&text, "%d. plan.Point number %d.\n", n, n)
		if n == 99 {
			if _, err := r.Import(demoRequest(text.String())); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := r.Import(demoRequest(text.String())); err != nil {
		t.Fatal(err)
	}
	if got := workFiles(t, r, "plans/demo"); !slices.Contains(got, "001.md") {
		t.Fatalf("files %v: want 001.md", got)
	}
	log, err := r.Log("demo", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Summary != "2 added" {
		t.Errorf("log %+v, want 2 added", log)
	}
}
