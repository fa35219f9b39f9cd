package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/plandiff/plandiff/internal/plan"
)

// The suite below runs every scenario against a repository in memory and one on disk,
// with a fixed clock and author, so that commit hashes are the same on both.

var (
	testClock  = time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	testAuthor = Signature{Name: "Test Curator", Email: "curator@example.org"}
)

const (
	// planV1 is the first version of the demo document.
	planV1 = `# Demo plan

1. Ukraine's sovereignty will be confirmed.
2. A non-aggression agreement will be concluded.
3. Sanctions will be lifted in stages.
`
	// planV2 changes point 2, inserts 2a and so moves 3 from position 3 to 4.
	planV2 = `# Demo plan, revised

1. Ukraine's sovereignty will be confirmed.
2. A comprehensive non-aggression agreement will be concluded.
2a. Monitoring will be set up.
3. Sanctions will be lifted in stages.
`
	// planV3 drops point 1.
	planV3 = `2. A comprehensive non-aggression agreement will be concluded.
2a. Monitoring will be set up.
3. Sanctions will be lifted in stages.
`
)

// Commit hashes of the imports of planV1, planV2 and planV3 with the fixed clock and
// author. They change when the point-file format or the commit layout changes.
const (
	hashV1 = "81697364198232c8a7df683a471c7d26a0446af1"
	hashV2 = "da37e6598c944eea0996c6debceacbac48b72d8c"
	hashV3 = "00a19365f3061c44ad0b98f746ba57415fcc4914"
)

type backend struct {
	name string
	open func(t *testing.T) *Repo
}

var backends = []backend{
	{"memory", func(t *testing.T) *Repo {
		r, err := InitMemory()
		if err != nil {
			t.Fatal(err)
		}
		r.Now = func() time.Time { return testClock }
		return r
	}},
	{"disk", func(t *testing.T) *Repo {
		r, err := Init(filepath.Join(t.TempDir(), "repo"))
		if err != nil {
			t.Fatal(err)
		}
		r.Now = func() time.Time { return testClock }
		return r
	}},
}

// scenarios are the repository tests; each gets a new repository.
var scenarios = []struct {
	name string
	run  func(t *testing.T, r *Repo)
}{
	{"empty repository", testEmpty},
	{"import", testImport},
	{"reimport", testReimport},
	{"revisions", testRevisions},
	{"unknown version and revision", testUnknown},
	{"failed imports change nothing", testAtomic},
	{"busy", testBusy},
	{"uncommitted changes are kept", testDirty},
	{"unchanged import", testUnchanged},
	{"log", testLog},
	{"symlink outside the repository", testSymlink},
	{"other files are kept", testKeep},
}

func TestRepo(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			for _, sc := range scenarios {
				t.Run(sc.name, func(t *testing.T) { sc.run(t, b.open(t)) })
			}
		})
	}
}

// importDemo imports data as version "demo" and fails the test on error.
func importDemo(t *testing.T, r *Repo, data string) ImportResult {
	t.Helper()
	res, err := r.Import(demoRequest(data))
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

func demoRequest(data string) ImportRequest {
	return ImportRequest{
		ID:        "demo",
		Title:     "Demo plan",
		Date:      "2025-11-20",
		Parties:   []string{"United States"},
		SourceURL: "https://www.example.org/plan",
		Name:      "plan.txt",
		Data:      []byte(data),
		Author:    testAuthor,
	}
}

// workFiles lists the files of the version's directory in the work tree.
func workFiles(t *testing.T, r *Repo, dir string) []string {
	t.Helper()
	infos, err := r.worktree.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, fi := range infos {
		names = append(names, fi.Name())
	}
	slices.Sort(names)
	return names
}

// labels returns the labels of a version's points.
func labels(v *plan.Version) []string {
	var out []string
	for _, p := range v.Points {
		out = append(out, p.Label)
	}
	return out
}

// assertClean fails unless go-git sees no change under plans/ between HEAD, index and work tree.
func assertClean(t *testing.T, r *Repo) {
	t.Helper()
	wt, err := goGit(t, r).Worktree()
	if err != nil {
		t.Fatal(err)
	}
	st, err := wt.Status()
	if err != nil {
		t.Fatal(err)
	}
	for p, s := range st {
		if strings.HasPrefix(p, "plans/") {
			t.Errorf("status %s: staging %q, worktree %q; want clean", p, s.Staging, s.Worktree)
		}
	}
}

// snapshot renders HEAD, the index and the work tree so that any change shows.
func snapshot(t *testing.T, r *Repo) string {
	t.Helper()
	var b strings.Builder
	head, err := r.head()
	if err == nil {
		fmt.Fprintf(&b, "HEAD %s\n", head.Hash())
	} else {
		fmt.Fprintf(&b, "HEAD none (%v)\n", err)
	}
	idx, err := r.store.Index()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := index.NewEncoder(&buf).Encode(idx); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "index %x\n", buf.Bytes())
	walkBilly(t, r.worktree, ".", func(p string, fi os.FileInfo, data []byte) {
		fmt.Fprintf(&b, "%s %v %d %q\n", p, fi.Mode(), fi.Size(), data)
	})
	if _, err := r.gitDir.Stat(lockFile); err == nil {
		b.WriteString("locked\n")
	}
	return b.String()
}

func walkBilly(t *testing.T, fsys billy.Filesystem, dir string, visit func(string, os.FileInfo, []byte)) {
	t.Helper()
	infos, err := fsys.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(infos, func(a, b os.FileInfo) int { return strings.Compare(a.Name(), b.Name()) })
	for _, fi := range infos {
		p := path.Join(dir, fi.Name())
		switch {
		case p == ".git":
		case fi.IsDir():
			walkBilly(t, fsys, p, visit)
		default:
			data, err := readBillyFile(fsys, p)
			if err != nil {
				t.Fatal(err)
			}
			visit(p, fi, data)
		}
	}
}

func testEmpty(t *testing.T, r *Repo) {
	ids, err := r.VersionIDs("")
	if err != nil || len(ids) != 0 {
		t.Errorf("VersionIDs(\"\") = %q, %v; want none", ids, err)
	}
	log, err := r.Log("", "")
	if err != nil || len(log) != 0 {
		t.Errorf("Log = %v, %v; want none", log, err)
	}
	_, err = r.Version("demo", "HEAD")
	if want := `unknown revision "HEAD": the repository has no commits yet`; err == nil || err.Error() != want {
		t.Errorf("Version at HEAD: %v; want %s", err, want)
	}
	if !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("error %v does not wrap ErrUnknownRevision", err)
	}
	if _, err := r.worktree.Stat("README.md"); err != nil {
		t.Errorf("README.md: %v", err)
	}
	if r.Root() != "" {
		again, err := Init(r.Root())
		if err != nil {
			t.Fatalf("Init again: %v", err)
		}
		if again.Root() != r.Root() {
			t.Errorf("Init again: root %s, want %s", again.Root(), r.Root())
		}
		head, err := again.store.Reference(plumbing.HEAD)
		if err != nil || head.Target() != plumbing.Main {
			t.Errorf("HEAD = %v, %v; want a symbolic reference to %s", head, err, plumbing.Main)
		}
	}
}

func testImport(t *testing.T, r *Repo) {
	res := importDemo(t, r, planV1)
	if want := (ImportResult{Commit: hashV1, Points: 3}); res != want {
		t.Errorf("Import = %+v; want %+v", res, want)
	}
	if got, want := workFiles(t, r, "plans/demo"), []string{"01.md", "02.md", "03.md", "plan.yaml"}; !slices.Equal(got, want) {
		t.Errorf("work tree files %q; want %q", got, want)
	}
	assertClean(t, r)
	c, err := r.commitObject(plumbing.NewHash(res.Commit))
	if err != nil {
		t.Fatal(err)
	}
	wantMsg := "import demo: Demo plan\n\nSource: https://www.example.org/plan\nPoints: 3\n"
	if c.Message != wantMsg || c.Author.Name != testAuthor.Name || c.Author.Email != testAuthor.Email ||
		!c.Author.When.Equal(testClock) || c.Committer != c.Author || len(c.ParentHashes) != 0 {
		t.Errorf("commit = %+v; want message %q by %v at %v, no parent", c, wantMsg, testAuthor, testClock)
	}
	for _, rev := range []string{"", "HEAD"} {
		v, err := r.Version("demo", rev)
		if err != nil {
			t.Fatalf("Version(demo, %q): %v", rev, err)
		}
		want := &plan.Version{
			Manifest: plan.Manifest{
				ID: "demo", Title: "Demo plan", Date: "2025-11-20", Parties: []string{"United States"},
				Status: "official-text", Completeness: "full",
				Sources: []plan.Source{{Key: "import", Outlet: "www.example.org", Title: "Demo plan", Date: "2025-11-20", URL: "https://www.example.org/plan"}},
			},
			Dir:         "plans/demo",
			UTF8Checked: true,
		}
		for i, text := range []string{
			"Ukraine's sovereignty will be confirmed.",
			"A non-aggression agreement will be concluded.",
			"Sanctions will be lifted in stages.",
		} {
			want.Points = append(want.Points, plan.Point{
				File: fmt.Sprintf("plans/demo/%02d.md", i+1), Label: fmt.Sprint(i + 1), Fidelity: plan.FidelityVerbatim,
				Sources: []plan.SourceRef{{Key: "import"}}, Text: text, BodyLine: 7,
			})
		}
		if !reflect.DeepEqual(v, want) {
			t.Errorf("Version(demo, %q) =\n%+v\nwant\n%+v", rev, v, want)
		}
	}
	ids, err := r.VersionIDs("HEAD")
	if err != nil || !slices.Equal(ids, []string{"demo"}) {
		t.Errorf("VersionIDs(HEAD) = %q, %v; want [demo]", ids, err)
	}
	findings, err := r.Validate()
	if err != nil || len(findings) != 0 {
		t.Errorf("Validate = %v, %v; want no findings", findings, err)
	}
}

func testReimport(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	req := demoRequest(planV2)
	req.Title, req.Date, req.Parties = "", "2025-11-23", nil
	res, err := r.Import(req)
	if err != nil {
		t.Fatal(err)
	}
	if want := (ImportResult{Commit: hashV2, Points: 4, Updated: true}); res != want {
		t.Errorf("Import = %+v; want %+v", res, want)
	}
	if got, want := workFiles(t, r, "plans/demo"), []string{"01.md", "02.md", "03-2a.md", "04-3.md", "plan.yaml"}; !slices.Equal(got, want) {
		t.Errorf("work tree files %q; want %q", got, want)
	}
	assertClean(t, r)
	c, err := r.commitObject(plumbing.NewHash(res.Commit))
	if err != nil {
		t.Fatal(err)
	}
	if want := "update demo: Demo plan\n\nSource: https://www.example.org/plan\nPoints: 4\n"; c.Message != want {
		t.Errorf("message %q; want %q", c.Message, want)
	}
	if len(c.ParentHashes) != 1 || c.ParentHashes[0].String() != hashV1 {
		t.Errorf("parents %v; want [%s]", c.ParentHashes, hashV1)
	}
	v, err := r.Version("demo", "")
	if err != nil {
		t.Fatal(err)
	}
	// Kept: title and parties; updated: date, also in the import source.
	if v.Title != "Demo plan" || v.Date != "2025-11-23" || !slices.Equal(v.Parties, []string{"United States"}) ||
		v.Sources[0].Date != "2025-11-23" || !slices.Equal(labels(v), []string{"1", "2", "2a", "3"}) {
		t.Errorf("Version = %+v", v)
	}
}

func testRevisions(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	if _, err := goGit(t, r).CreateTag("v1", plumbing.NewHash(hashV1), nil); err != nil {
		t.Fatal(err)
	}
	tagger := &object.Signature{Name: testAuthor.Name, Email: testAuthor.Email, When: testClock}
	if _, err := goGit(t, r).CreateTag("first-draft", plumbing.NewHash(hashV1), &git.CreateTagOptions{Tagger: tagger, Message: "first draft"}); err != nil {
		t.Fatal(err)
	}
	req := demoRequest(planV2)
	if _, err := r.Import(req); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rev  string
		want []string
	}{
		{"", []string{"1", "2", "2a", "3"}},
		{"HEAD", []string{"1", "2", "2a", "3"}},
		{"main", []string{"1", "2", "2a", "3"}},
		{"HEAD~1", []string{"1", "2", "3"}},
		{"HEAD^", []string{"1", "2", "3"}},
		{hashV1[:7], []string{"1", "2", "3"}},
		{hashV1, []string{"1", "2", "3"}},
		{"v1", []string{"1", "2", "3"}},
		{"first-draft", []string{"1", "2", "3"}},
		{"first-draft~0", []string{"1", "2", "3"}},
	} {
		v, err := r.Version("demo", tc.rev)
		if err != nil {
			t.Errorf("Version(demo, %q): %v", tc.rev, err)
			continue
		}
		if got := labels(v); !slices.Equal(got, tc.want) {
			t.Errorf("Version(demo, %q) labels %q; want %q", tc.rev, got, tc.want)
		}
	}
	// The revision is read from git, not from the work tree.
	if err := r.worktree.Remove("plans/demo/01.md"); err != nil {
		t.Fatal(err)
	}
	if v, err := r.Version("demo", "HEAD"); err != nil || len(v.Points) != 4 {
		t.Errorf("Version(demo, HEAD) after removing a work tree file: %v, %v; want 4 points", v, err)
	}
}

func testUnknown(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	for _, tc := range []struct {
		id, rev, want string
	}{
		{"nope", "", `unknown version "nope" (available: demo)`},
		{"nope", "HEAD", `unknown version "nope" (available: demo)`},
		{"demo", "nosuch", `unknown revision "nosuch"`},
		{"demo", "HEAD~5", `unknown revision "HEAD~5"`},
		{"demo", "0000000", `unknown revision "0000000"`},
		{"../x", "", `invalid version id "../x"`},
	} {
		_, err := r.Version(tc.id, tc.rev)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Version(%q, %q): %v; want %s", tc.id, tc.rev, err, tc.want)
		}
	}
	if _, err := r.VersionIDs("nosuch"); !errors.Is(err, ErrUnknownRevision) {
		t.Errorf("VersionIDs(nosuch): %v; want ErrUnknownRevision", err)
	}
}

func testAtomic(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	// Leave a change elsewhere in the work tree: a failed import must not touch it either.
	if err := writeWork(r, "notes.txt", "draft\n"); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, r)
	for _, tc := range []struct {
		name string
		edit func(*ImportRequest)
		want string
	}{
		{"duplicate labels", func(q *ImportRequest) {
			q.Data, q.Mode = []byte("# Law\n\n## § 1\nOne.\n\n## § 2\nTwo.\n\n## § 1\nOne again.\n"), plan.SplitHeadings
		}, `plan.txt:9: duplicate label "§ 1" (first at line 3)`},
		{"invalid UTF-8", func(q *ImportRequest) { q.Data = []byte("1. One \xff.\n2. Two.\n") }, "UTF-8"},
		{"empty input", func(q *ImportRequest) { q.Data = nil }, "plan.txt"},
		{"no points", func(q *ImportRequest) { q.Data = []byte("Just prose, no numbered points.\n") }, "plan.txt"},
		{"invalid id", func(q *ImportRequest) { q.ID = "Demo" }, "invalid version id"},
		{"invalid date", func(q *ImportRequest) { q.Date = "2025-13-01" }, `date "2025-13-01" is not a valid YYYY-MM-DD date`},
		{"invalid status", func(q *ImportRequest) { q.Status = "draft" }, `status "draft" is not one of leaked-draft, official-text, reported`},
		{"invalid source URL", func(q *ImportRequest) { q.SourceURL = "example.org/plan" }, "is not an http or https URL"},
	} {
		req := demoRequest(planV2)
		tc.edit(&req)
		_, err := r.Import(req)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Import error %v; want one containing %q", tc.name, err, tc.want)
		}
		if after := snapshot(t, r); after != before {
			t.Errorf("%s: the repository changed:\n%s\nwant\n%s", tc.name, after, before)
		}
	}
}

// writeWork writes a file of the work tree.
func writeWork(r *Repo, name, data string) error {
	f, err := r.worktree.Create(name)
	if err != nil {
		return err
	}
	_, err = f.Write([]byte(data))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func testBusy(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	f, err := r.gitDir.Create(lockFile)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	before := snapshot(t, r)
	_, err = r.Import(demoRequest(planV2))
	want := "import demo: repository is busy: another plandiff import is running (remove .git/plandiff.lock if it is stale)"
	if !errors.Is(err, ErrBusy) || err.Error() != want {
		t.Errorf("Import while locked: %v; want %s", err, want)
	}
	if after := snapshot(t, r); after != before {
		t.Errorf("the repository changed:\n%s\nwant\n%s", after, before)
	}
	if err := r.gitDir.Remove(lockFile); err != nil {
		t.Fatalf("the lock of the other import is gone: %v", err)
	}
	if _, err := r.Import(demoRequest(planV2)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.gitDir.Stat(lockFile); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock file left behind: %v", err)
	}
}

func testDirty(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	point2, err := readBillyFile(r.worktree, "plans/demo/02.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		make func() error
		undo func() error
		want string
	}{
		{
			"modified",
			func() error { return writeWork(r, "plans/demo/02.md", "---\nlabel: \"2\"\n---\nMy edit.\n") },
			func() error { return writeWork(r, "plans/demo/02.md", string(point2)) },
			"plans/demo/02.md has uncommitted changes; commit or discard them first",
		},
		{
			"untracked",
			func() error { return writeWork(r, "plans/demo/03-2a.md", "mine\n") },
			func() error { return r.worktree.Remove("plans/demo/03-2a.md") },
			"plans/demo/03-2a.md is an untracked file the import would overwrite; move it away first",
		},
	} {
		if err := tc.make(); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, r)
		_, err := r.Import(demoRequest(planV2))
		if err == nil || err.Error() != "import demo: "+tc.want {
			t.Errorf("%s: Import error %v; want %s", tc.name, err, tc.want)
		}
		if after := snapshot(t, r); after != before {
			t.Errorf("%s: the repository changed:\n%s\nwant\n%s", tc.name, after, before)
		}
		if err := tc.undo(); err != nil {
			t.Fatal(err)
		}
	}
}

func testUnchanged(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	before := snapshot(t, r)
	res := importDemo(t, r, planV1)
	if want := (ImportResult{Commit: hashV1, Points: 3, Updated: true, Unchanged: true}); res != want {
		t.Errorf("Import again = %+v; want %+v", res, want)
	}
	if after := snapshot(t, r); after != before {
		t.Errorf("the repository changed:\n%s\nwant\n%s", after, before)
	}
}

func testLog(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	req := demoRequest(planV2)
	req.Date = "2025-11-23"
	if _, err := r.Import(req); err != nil {
		t.Fatal(err)
	}
	other := demoRequest("1. Other.\n")
	other.ID, other.Title = "other", "Other plan"
	otherRes, err := r.Import(other)
	if err != nil {
		t.Fatal(err)
	}
	req = demoRequest(planV3)
	req.Date = "2025-11-23"
	if _, err := r.Import(req); err != nil {
		t.Fatal(err)
	}
	type line struct{ commit, summary string }
	for _, tc := range []struct {
		id, label string
		want      []line
	}{
		{"", "", []line{
			{hashV3, "demo: 1 removed, 3 moved"},
			{otherRes.Commit, "other: +1 point"},
			{hashV2, "demo: 1 added, 1 changed, 1 moved, manifest changed"},
			{hashV1, "demo: +3 points"},
		}},
		{"demo", "", []line{
			{hashV3, "1 removed, 3 moved"},
			{hashV2, "1 added, 1 changed, 1 moved, manifest changed"},
			{hashV1, "+3 points"},
		}},
		{"other", "", []line{{otherRes.Commit, "+1 point"}}},
		{"demo", "1", []line{{hashV3, "removed"}, {hashV1, "added"}}},
		{"demo", "2", []line{{hashV3, "moved 2 → 1"}, {hashV2, "text changed"}, {hashV1, "added"}}},
		{"demo", "2a", []line{{hashV3, "moved 3 → 2"}, {hashV2, "added"}}},
		{"demo", "3", []line{{hashV3, "moved 4 → 3"}, {hashV2, "moved 3 → 4"}, {hashV1, "added"}}},
	} {
		log, err := r.Log(tc.id, tc.label)
		if err != nil {
			t.Errorf("Log(%q, %q): %v", tc.id, tc.label, err)
			continue
		}
		var got []line
		for _, e := range log {
			got = append(got, line{e.Commit, e.Summary})
			if e.Author.Name != testAuthor.Name || !e.Author.When.Equal(testClock) {
				t.Errorf("Log(%q, %q) %s: author %+v", tc.id, tc.label, e.Commit, e.Author)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Log(%q, %q) =\n%v\nwant\n%v", tc.id, tc.label, got, tc.want)
		}
	}
	log, err := r.Log("demo", "")
	if err != nil {
		t.Fatal(err)
	}
	if want := "update demo: Demo plan\n\nSource: https://www.example.org/plan\nPoints: 3"; log[0].Message != want {
		t.Errorf("message %q; want %q", log[0].Message, want)
	}
	for _, tc := range []struct{ id, label, want string }{
		{"nope", "", `log: unknown version "nope": no commit has plans/nope/`},
		{"demo", "99", `log: no commit has a point labelled "99" in demo`},
		{"", "1", "log: a point's history needs its version id"},
	} {
		if _, err := r.Log(tc.id, tc.label); err == nil || err.Error() != tc.want {
			t.Errorf("Log(%q, %q): %v; want %s", tc.id, tc.label, err, tc.want)
		}
	}
}

func testSymlink(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	symlink := func(target, link string) {
		t.Helper()
		var err error
		if r.Root() != "" {
			err = os.Symlink(target, filepath.Join(r.Root(), link))
		} else {
			err = r.worktree.Symlink(target, link)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	outside := "/etc/hostname"
	if r.Root() != "" {
		outside = filepath.Join(filepath.Dir(r.Root()), "outside.md")
		if err := os.WriteFile(outside, []byte("---\nlabel: \"9\"\n---\nSecret.\n"), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ name, target string }{
		{"absolute", outside},
		{"relative", "../../../outside.md"},
		{"dangling", "../../../../nowhere.md"},
	} {
		symlink(tc.target, "plans/demo/04-9.md")
		want := "plans/demo/04-9.md: symbolic link points outside the repository"
		if _, err := r.Version("demo", ""); err == nil || err.Error() != want {
			t.Errorf("%s: Version: %v; want %s", tc.name, err, want)
		}
		if _, err := r.Validate(); err == nil || err.Error() != want {
			t.Errorf("%s: Validate: %v; want %s", tc.name, err, want)
		}
		if err := r.worktree.Remove("plans/demo/04-9.md"); err != nil {
			t.Fatal(err)
		}
	}
	// A link that stays inside the repository is no error; ReadVersion reads only
	// regular point files.
	if err := writeWork(r, "shared.md", "---\nlabel: \"9\"\n---\nShared.\n"); err != nil {
		t.Fatal(err)
	}
	symlink("../../shared.md", "plans/demo/04-9.md")
	v, err := r.Version("demo", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := labels(v); !slices.Equal(got, []string{"1", "2", "3"}) {
		t.Errorf("labels %q", got)
	}
}

func testKeep(t *testing.T, r *Repo) {
	importDemo(t, r, planV1)
	if err := writeWork(r, "plans/demo/sources.txt", "scans of the drafts\n"); err != nil {
		t.Fatal(err)
	}
	wt, err := goGit(t, r).Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Add("plans/demo/sources.txt"); err != nil {
		t.Fatal(err)
	}
	sig := &object.Signature{Name: testAuthor.Name, Email: testAuthor.Email, When: testClock}
	if _, err := wt.Commit("add notes", &git.CommitOptions{Author: sig}); err != nil {
		t.Fatal(err)
	}
	res := importDemo(t, r, planV2)
	if got, want := workFiles(t, r, "plans/demo"), []string{"01.md", "02.md", "03-2a.md", "04-3.md", "plan.yaml", "sources.txt"}; !slices.Equal(got, want) {
		t.Errorf("work tree files %q; want %q", got, want)
	}
	c, err := r.commitObject(plumbing.NewHash(res.Commit))
	if err != nil {
		t.Fatal(err)
	}
	tree, err := c.Tree()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tree.File("plans/demo/sources.txt"); err != nil {
		t.Errorf("plans/demo/sources.txt is not in the import's commit: %v", err)
	}
	assertClean(t, r)
}

func TestOpenErrors(t *testing.T) {
	plain := t.TempDir()
	noPlans := t.TempDir()
	if _, err := Init(noPlans); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(noPlans, "plans")); err != nil {
		t.Fatal(err)
	}
	plansFile := t.TempDir()
	if _, err := Init(plansFile); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(plansFile, "plans")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plansFile, "plans"), []byte("x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(noPlans, "sub"), 0o777); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dir, want string }{
		{plain, plain + " is not the root of a git work tree (create a plan repository"},
		{noPlans, noPlans + " has no plans/ directory"},
		{filepath.Join(noPlans, "sub"), "sub is not the root of a git work tree (it is inside " + noPlans + "; open that instead)"},
		{plansFile, filepath.Join(plansFile, "plans") + " is not a directory (move it away"},
	} {
		_, err := Open(tc.dir)
		if !errors.Is(err, ErrNoRepository) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%s): %v; want ErrNoRepository and %q", tc.dir, err, tc.want)
		}
	}
	file := filepath.Join(plain, "file.txt")
	if err := os.WriteFile(file, []byte("x\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(file); err == nil || !strings.HasSuffix(err.Error(), file+" is not a directory") {
		t.Errorf("Open(%s): %v; want it to say it is not a directory", file, err)
	}
}

func TestDiscover(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "drafts")
	if _, err := Init(root); err != nil {
		t.Fatal(err)
	}
	nested := filepath.Join(root, "plans", "demo", "notes")
	if err := os.MkdirAll(nested, 0o777); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{root, nested, filepath.Join(root, "plans")} {
		r, err := Discover(dir)
		if err != nil {
			t.Errorf("Discover(%s): %v", dir, err)
			continue
		}
		if r.Root() != root {
			t.Errorf("Discover(%s) = %s; want %s", dir, r.Root(), root)
		}
	}
	_, err := Discover(base)
	if !errors.Is(err, ErrNoRepository) {
		t.Errorf("Discover(%s): %v; want ErrNoRepository", base, err)
	}
}

func TestBundled(t *testing.T) {
	b := Bundled()
	ids, err := b.VersionIDs("")
	if err != nil {
		t.Fatal(err)
	}
	// The bundled ids are exactly the directories of the project's plans/ that have a manifest.
	const dataset = "../../plans"
	var want []string
	dirs, err := os.ReadDir(dataset)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(dataset, d.Name(), plan.ManifestName)); d.IsDir() && err == nil {
			want = append(want, d.Name())
		}
	}
	if !slices.Equal(ids, want) {
		t.Errorf("VersionIDs = %q; want %q", ids, want)
	}
	wantErr := "the bundled dataset has no history: use --repo DIR or run inside a plan repository"
	if _, err := b.Version("us-28", "HEAD~1"); err == nil || err.Error() != wantErr {
		t.Errorf("Version at a revision: %v; want %s", err, wantErr)
	}
	if _, err := b.VersionIDs("HEAD"); err == nil || err.Error() != wantErr {
		t.Errorf("VersionIDs at a revision: %v; want %s", err, wantErr)
	}
	for _, id := range want {
		v, err := b.Version(id, "")
		if err != nil {
			t.Fatal(err)
		}
		if v.ID != id || v.Dir != "plans/"+id || len(v.Points) == 0 {
			t.Errorf("Version(%s) = %s in %s with %d points", id, v.ID, v.Dir, len(v.Points))
		}
	}
	// The binary carries every file of the dataset's version directories.
	var onDisk, embedded []string
	for _, id := range want {
		entries, err := os.ReadDir(filepath.Join(dataset, id))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			onDisk = append(onDisk, "plans/"+id+"/"+e.Name())
		}
	}
	err = fs.WalkDir(BundledFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			embedded = append(embedded, p)
		}
		return err
	})
	if err != nil || !slices.Equal(embedded, onDisk) {
		t.Errorf("BundledFS has %q, %v; want the files on disk %q", embedded, err, onDisk)
	}
}

// goGit returns r as a repository of go-git's root package, whose work tree and tag
// functions some tests use to check plandiff's own work.
func goGit(t testing.TB, r *Repo) *git.Repository {
	t.Helper()
	g, err := git.Open(r.store, r.worktree)
	if err != nil {
		t.Fatal(err)
	}
	return g
}
