package plans

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestVersionCache checks that a version read again comes from the parse cache only while
// every file of its directory is stat-for-stat what it was, and that a damaged cache or a
// changed file means a fresh read.
func TestVersionCache(t *testing.T) {
	r, err := Init(filepath.Join(t.TempDir(), "repo"))
	if err != nil {
		t.Fatal(err)
	}
	r.Now = func() time.Time { return testClock }
	doc := "1. The first point.\n2. The second point.\n3. The third point.\n"
	if _, err := r.Import(ImportRequest{ID: "v", Title: "V", Mode: SplitNumbered, Name: "v.txt", Data: []byte(doc), Author: testAuthor}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(r.Root(), "plans", "v")
	cacheFile := filepath.Join(r.Root(), ".git", "plandiff", "cache", "v.gob")
	age := func() { // make the files old enough for their stats to vouch for them
		entries, _ := os.ReadDir(dir)
		past := time.Now().Add(-time.Hour)
		for _, e := range entries {
			if err := os.Chtimes(filepath.Join(dir, e.Name()), past, past); err != nil {
				t.Fatal(err)
			}
		}
	}
	age()
	want, err := ReadVersion(os.DirFS(r.Root()), "v")
	if err != nil {
		t.Fatal(err)
	}

	// The first read writes the cache, the second is served from it.
	for i := range 2 {
		got, err := r.Version("v", "")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("read %d: %+v, %v; want %+v", i, got, err, want)
		}
		if _, err := os.Stat(cacheFile); err != nil {
			t.Fatalf("read %d: no cache: %v", i, err)
		}
	}
	if cachedVersion(cacheFile, dir) == nil {
		t.Fatal("the cache does not vouch for unchanged files")
	}

	// An edit that keeps the size and the modification time is beyond stat; one that does
	// not is seen, even when the time is set back.
	p := filepath.Join(dir, "02.md")
	data, _ := os.ReadFile(p)
	edited := []byte(string(data[:len(data)-len("second point.\n")]) + "second POINT, changed.\n")
	if err := os.WriteFile(p, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	age()
	if cachedVersion(cacheFile, dir) != nil {
		t.Error("the cache vouches for a file whose size changed")
	}
	got, err := r.Version("v", "")
	if err != nil || got.Points[1].Text != "The second POINT, changed." {
		t.Errorf("after the edit: %q, %v", got.Points[1].Text, err)
	}

	// A file whose modification time is not older than the cache may have changed in the
	// same clock tick: it is not trusted, even with the size it had.
	age()
	if _, err := r.Version("v", ""); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(cacheFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if cachedVersion(cacheFile, dir) != nil {
		t.Error("the cache vouches for a file as new as itself")
	}

	// A damaged cache is ignored.
	age()
	if err := os.WriteFile(cacheFile, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh, err := ReadVersion(os.DirFS(r.Root()), "v")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := r.Version("v", ""); err != nil || !reflect.DeepEqual(got, fresh) {
		t.Errorf("with a damaged cache: %+v, %v; want %+v", got, err, fresh)
	}
}
