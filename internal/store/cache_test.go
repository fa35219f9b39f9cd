package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plandiff/plandiff/internal/plan"
)

// TestVersionCache checks that a version read again comes from the parse cache only while
// every file of its directory is stat-for-stat what it was, and that a damaged cache or a
// changed file means a fresh read.
func TestVersionCache(t *testing.T) {
	r, dir := importedOnDisk(t, "1. The first point.\n2. The second point.\n3. The third point.\n")
	cacheFile := filepath.Join(r.Root(), ".git", "plandiff", "cache", "v"+cacheSuffix)
	age := func() { ageFiles(t, dir) }
	age()
	want, err := plan.ReadVersion(os.DirFS(r.Root()), "v")
	if err != nil {
		t.Fatal(err)
	}

	// A cache of the first format, left by an earlier plandiff, goes when the cache is written.
	legacy := filepath.Join(r.Root(), ".git", "plandiff", "cache", "v.gob")
	if err := os.MkdirAll(filepath.Dir(legacy), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(legacy, []byte("old gob cache"), 0o644); err != nil {
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
	if _, err := os.Stat(legacy); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the first format's cache file is still there: %v", err)
	}

	// An edit is seen even when it keeps the size and the modification time is set back:
	// the change time moves on (where the system has one).
	p := filepath.Join(dir, "02.md")
	data, _ := os.ReadFile(p)
	edited := []byte(strings.Replace(string(data), "second point.", "second POINT.", 1))
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" && cachedVersion(cacheFile, dir) != nil {
		t.Error("the cache vouches for a file edited in place with its old size and time")
	}
	// One that changes the size is seen everywhere.
	edited = []byte(strings.Replace(string(data), "second point.", "second POINT, changed.", 1))
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

	// A file added to the directory changes the directory: the cache is not used until
	// it has been read again.
	if _, err := r.Version("v", ""); err != nil { // writes the cache
		t.Fatal(err)
	}
	age()
	if _, err := r.Version("v", ""); err != nil {
		t.Fatal(err)
	}
	if cachedVersion(cacheFile, dir) == nil {
		t.Fatal("the cache does not vouch for unchanged files")
	}
	extra := filepath.Join(dir, "04.md")
	if err := os.WriteFile(extra, []byte("---\nlabel: \"4\"\n---\nThe fourth point.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	age()
	if cachedVersion(cacheFile, dir) != nil {
		t.Error("the cache vouches for a directory with a new file")
	}
	if got, err := r.Version("v", ""); err != nil || len(got.Points) != 4 {
		t.Errorf("after adding a point: %d points, %v", len(got.Points), err)
	}
	if err := os.Remove(extra); err != nil {
		t.Fatal(err)
	}

	// A link in the directory is judged by a fresh read, every time.
	if err := os.Symlink(filepath.Join(dir, "01.md"), filepath.Join(dir, "05.md")); err != nil {
		t.Fatal(err)
	}
	if _, ok := stampDir(dir); ok {
		t.Error("a directory with a link is stamped for the cache")
	}
	if err := os.Remove(filepath.Join(dir, "05.md")); err != nil {
		t.Fatal(err)
	}

	// A file whose modification time is not older than the cache may have changed in the
	// same clock tick: it is not trusted, even with the size it had.
	age()
	if _, err := r.Version("v", ""); err != nil {
		t.Fatal(err)
	}
	info, err = os.Stat(cacheFile)
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
	fresh, err := plan.ReadVersion(os.DirFS(r.Root()), "v")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := r.Version("v", ""); err != nil || !reflect.DeepEqual(got, fresh) {
		t.Errorf("with a damaged cache: %+v, %v; want %+v", got, err, fresh)
	}
}

// TestCacheRoundTrip checks that every bundled version comes back from its cache encoding
// exactly, nil and empty slices included, and that any cut of the encoding is refused.
func TestCacheRoundTrip(t *testing.T) {
	ids, err := plan.VersionIDs(BundledFS())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		v, err := plan.ReadVersion(BundledFS(), id)
		if err != nil {
			t.Fatal(err)
		}
		stamps := dirStamps{Dir: fileStamp{Size: 4096, ModTime: -1, ChangeTime: 1 << 62, Inode: 1<<64 - 1},
			Files: []fileStamp{{Name: "01.md", Size: 7, ModTime: 3, ChangeTime: 4, Inode: 5}}}
		var e cacheEncoder
		e.header(stamps)
		e.version(v)
		gotStamps, got, err := decodeCache(string(e.buf))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if !reflect.DeepEqual(got, v) || !gotStamps.equal(stamps) {
			t.Errorf("%s: the version or its stamps changed on the way through the cache", id)
		}
		for _, n := range []int{0, len(cacheMagic), len(e.buf) / 2, len(e.buf) - 1} {
			if _, _, err := decodeCache(string(e.buf[:n])); err == nil {
				t.Errorf("%s: %d of %d bytes decoded without error", id, n, len(e.buf))
			}
		}
	}
}

// FuzzCacheDecode feeds damaged cache files to the decoder: it must refuse them or decode
// something that encodes and decodes to itself, never panic.
func FuzzCacheDecode(f *testing.F) {
	// A small seed with every field set: a large one makes the fuzzer minimise for ages.
	v := &plan.Version{
		Manifest: plan.Manifest{ID: "v", Title: "T", Date: "2025-11-23", Parties: []string{"A"}, Status: "reported",
			DeclaredPoints: 2, Completeness: "partial", DerivedFrom: []string{}, Note: "n",
			Sources: []plan.Source{{Key: "k", Outlet: "O", Title: "t", Date: "2025-11-24", URL: "https://example.org", Note: "x"}}},
		Dir: "plans/v",
		Points: []plan.Point{{File: "plans/v/01.md", Label: "1", Title: "t", Topics: []string{"a", "b"}, Section: nil,
			Fidelity: "summary", Status: "removed", Sources: []plan.SourceRef{{Key: "k", Locator: "l", Note: "n"}},
			Lineage: []plan.Lineage{{Version: "u", Label: "6", Relation: "amended"}}, Note: "n", Text: "§ 1 Die Frist — 60 Tage.", BodyLine: 9}},
	}
	var e cacheEncoder
	e.header(dirStamps{Files: []fileStamp{{Name: "a.md", Size: 1, ModTime: 2}}})
	e.version(v)
	f.Add(e.buf)
	f.Add([]byte(cacheMagic + "\x02\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		stamps, v, err := decodeCache(string(data))
		if err != nil {
			return
		}
		var e cacheEncoder
		e.header(stamps)
		e.version(v)
		stamps2, v2, err := decodeCache(string(e.buf))
		if err != nil || !reflect.DeepEqual(v, v2) || !stamps.equal(stamps2) {
			t.Fatalf("decoded data does not survive encoding: %v", err)
		}
	})
}

// TestUncheckedVersion checks the read-ahead of a cached version: it comes only from an
// on-disk work tree with a usable cache, and its verify function reports a file changed
// after the version was handed out.
func TestUncheckedVersion(t *testing.T) {
	r, dir := importedOnDisk(t, "1. The first point.\n2. The second point.\n")
	ageFiles(t, dir)
	if v, _ := r.UncheckedVersion("v", ""); v != nil {
		t.Fatal("a version came ahead without a cache")
	}
	want, err := r.Version("v", "") // writes the cache
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := r.UncheckedVersion("v", "HEAD"); v != nil {
		t.Error("a version at a revision came from the work tree's cache")
	}
	if v, _ := r.UncheckedVersion("../v", ""); v != nil {
		t.Error("a path-like id was looked up")
	}
	v, verify := r.UncheckedVersion("v", "")
	if !reflect.DeepEqual(v, want) || !verify() {
		t.Fatalf("ahead: %+v (verified: %v), want %+v", v, verify(), want)
	}
	// A file edited after the version was handed out: verify says no.
	v, verify = r.UncheckedVersion("v", "")
	if v == nil {
		t.Fatal("no version ahead")
	}
	p := filepath.Join(dir, "01.md")
	data, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(data, "More.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if verify() {
		t.Error("verify vouches for a file that changed")
	}
	mem, err := InitMemory()
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := mem.UncheckedVersion("v", ""); v != nil {
		t.Error("an in-memory repository served a cached version")
	}
}

// TestDamagedCache flips a letter of a point's text in the cache file: the file still decodes,
// but its checksum fails, so the version is read from its files again.
func TestDamagedCache(t *testing.T) {
	r, dir := importedOnDisk(t, "1. The first point.\n2. The second point.\n")
	ageFiles(t, dir)
	want, err := r.Version("v", "") // writes the cache
	if err != nil {
		t.Fatal(err)
	}
	if !want.UTF8Checked {
		t.Error("a version read from its files is not marked as checked")
	}
	cacheFile := cacheFileName(r.gitDir.Root(), "v")
	data, err := os.ReadFile(cacheFile)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(data, []byte("first"))
	if at < 0 {
		t.Fatal("the text is not in the cache file")
	}
	data[at] = 'F'
	if _, _, err := decodeCache(string(data[:len(data)-4])); err != nil {
		t.Fatalf("the damaged cache does not even decode (%v): the test shows nothing", err)
	}
	info, _ := os.Stat(cacheFile)
	if err := os.WriteFile(cacheFile, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(cacheFile, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if v, _ := r.UncheckedVersion("v", ""); v != nil {
		t.Errorf("a damaged cache was used: %q", v.Points[0].Text)
	}
	got, err := r.Version("v", "")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after a damaged cache: %+v, %v; want %+v", got, err, want)
	}
}

func TestCacheSeal(t *testing.T) {
	content := []byte(cacheMagic + "any content \xff")
	sealed := sealCache(slices.Clone(content))
	if got, ok := unsealCache(string(sealed)); !ok || got != string(content) {
		t.Fatalf("unsealCache(sealCache(c)) = %q, %v", got, ok)
	}
	for i := range sealed {
		for _, bit := range []byte{0x01, 0x80} {
			damaged := slices.Clone(sealed)
			damaged[i] ^= bit
			if _, ok := unsealCache(string(damaged)); ok {
				t.Errorf("byte %d with bit %#x flipped passes the checksum", i, bit)
			}
		}
	}
	for _, short := range []string{"", "abc"} {
		if _, ok := unsealCache(short); ok {
			t.Errorf("unsealCache(%q) passes", short)
		}
	}
}

// importedOnDisk returns an on-disk plan repository with doc imported as version v (a
// numbered list), and the version's directory.
func importedOnDisk(t *testing.T, doc string) (*Repo, string) {
	t.Helper()
	r, err := Init(filepath.Join(t.TempDir(), "repo"))
	if err != nil {
		t.Fatal(err)
	}
	r.Now = func() time.Time { return testClock }
	if _, err := r.Import(ImportRequest{ID: "v", Title: "V", Mode: plan.SplitNumbered, Name: "v.txt", Data: []byte(doc), Author: testAuthor}); err != nil {
		t.Fatal(err)
	}
	return r, filepath.Join(r.Root(), "plans", "v")
}

// ageFiles sets the times of dir and of its files an hour back, so that their stats vouch
// for them against a cache written from now on.
func ageFiles(t *testing.T, dir string) {
	t.Helper()
	past := time.Now().Add(-time.Hour)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if err := os.Chtimes(filepath.Join(dir, e.Name()), past, past); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(dir, past, past); err != nil {
		t.Fatal(err)
	}
	afterClockTick()
}

// afterClockTick waits until files written from now on get later times than those just
// changed. Setting a file's times sets its change time to now, and a cache written within
// the same tick of the file system's clock (a few milliseconds) rightly does not vouch for it.
func afterClockTick() { time.Sleep(20 * time.Millisecond) }

// cachedVersion returns the cached version for the directory dir as it is now, or nil, as a
// read through the cache would.
func cachedVersion(cacheFile, dir string) *plan.Version {
	if v, verify := uncheckedVersion(cacheFile, dir); v != nil && verify() {
		return v
	}
	return nil
}

// decodeCache decodes a whole cache file's content, without its checksum, for the tests. Like
// uncheckedVersion, it marks the version as checked for UTF-8.
func decodeCache(content string) (dirStamps, *plan.Version, error) {
	d := cacheDecoder{data: content}
	s := d.header()
	v := d.version()
	if d.failed || d.pos != len(d.data) {
		return dirStamps{}, nil, fmt.Errorf("damaged cache at byte %d", d.pos)
	}
	v.UTF8Checked = true
	return s, v, nil
}

// TestSizeHint checks that a version's size hint is the size of its parse cache, and 0 where
// there is none to go by.
func TestSizeHint(t *testing.T) {
	r, _ := importedOnDisk(t, "1. The first point.\n2. The second point.\n")
	cacheFile := filepath.Join(r.Root(), ".git", "plandiff", "cache", "v"+cacheSuffix)
	os.Remove(cacheFile)
	if n := r.SizeHint("v", ""); n != 0 {
		t.Errorf("before the cache is written: %d, want 0", n)
	}
	if _, err := r.Version("v", ""); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(cacheFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id, rev string
		want    int64
	}{
		{"v", "", info.Size()},
		{"v", "HEAD", 0}, // a revision is read from git, not through the cache
		{"missing", "", 0},
		{"../v", "", 0},
	} {
		if got := r.SizeHint(tc.id, tc.rev); got != tc.want {
			t.Errorf("SizeHint(%q, %q) = %d, want %d", tc.id, tc.rev, got, tc.want)
		}
	}
	mem, err := InitMemory()
	if err != nil {
		t.Fatal(err)
	}
	if n := mem.SizeHint("v", ""); n != 0 {
		t.Errorf("in memory: %d, want 0", n)
	}
}
