package main

import (
	"bytes"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/plandiff/plandiff/internal/plan"
	"github.com/plandiff/plandiff/internal/store"
)

// aheadReader serves a stale version from its "cache" and says so only when asked to verify.
type aheadReader struct {
	stale, fresh *plan.Version
	verified     atomic.Int32
	reads        atomic.Int32 // Version is called on several goroutines at once
}

func (r *aheadReader) Version(id, rev string) (*plan.Version, error) {
	r.reads.Add(1)
	if id == r.fresh.ID {
		return r.fresh, nil
	}
	return plan.ReadVersion(store.BundledFS(), id)
}

func (r *aheadReader) VersionIDs(string) ([]string, error) { return []string{"us-28", r.fresh.ID}, nil }
func (r *aheadReader) Validate() ([]plan.Finding, error)   { return nil, nil }

func (r *aheadReader) UncheckedVersion(id, rev string) (*plan.Version, func() bool) {
	if id != r.fresh.ID {
		return nil, nil
	}
	return r.stale, func() bool { r.verified.Add(1); return false }
}

// staleGeneva returns a reader whose cache holds geneva-19 with its first point's text
// changed, and which says so once asked to verify.
func staleGeneva(t *testing.T) *aheadReader {
	t.Helper()
	fresh, err := plan.ReadVersion(store.BundledFS(), "geneva-19")
	if err != nil {
		t.Fatal(err)
	}
	stale := *fresh
	stale.Points = append([]plan.Point(nil), fresh.Points...)
	stale.Points[0].Text = "STALE TEXT that no longer exists on disk."
	return &aheadReader{stale: &stale, fresh: fresh}
}

// TestCompareRereadsStaleCache checks that a compare computed on a cached version whose files
// turn out to have changed is computed again on the versions read afresh, and that only the
// fresh result is written.
func TestCompareRereadsStaleCache(t *testing.T) {
	r := staleGeneva(t)
	var out, errOut bytes.Buffer
	env := &environment{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }}
	if err := runCompare(r, env, compareOptions{From: "us-28", To: "geneva-19", Format: "json"}); err != nil {
		t.Fatal(err)
	}
	if n := r.verified.Load(); n != 1 {
		t.Errorf("verify called %d times, want 1", n)
	}
	if n := r.reads.Load(); n != 3 { // us-28 read normally, then both again after the failed check
		t.Errorf("%d normal reads, want 3", n)
	}
	if strings.Contains(out.String(), "STALE") || !strings.Contains(out.String(), `"id": "geneva-19"`) {
		t.Errorf("the report does not come from the fresh versions:\n%.400s", out.String())
	}
}
