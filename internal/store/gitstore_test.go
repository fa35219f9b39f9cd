package store

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// TestGitInterop checks with the git command itself (skipped when it is not installed)
// that an import leaves a repository git finds consistent: objects valid, index and
// work tree clean, history per version as plandiff writes it.
func TestGitInterop(t *testing.T) {
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed")
	}
	r, err := Init(filepath.Join(t.TempDir(), "repo"))
	if err != nil {
		t.Fatal(err)
	}
	r.Now = func() time.Time { return testClock }
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(gitBin, args...)
		cmd.Dir = r.Root()
		cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	// A file committed by git before the imports must survive them.
	git("add", "README.md")
	git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "readme")
	for _, data := range []string{planV1, planV2, planV3} {
		if _, err := r.Import(demoRequest(data)); err != nil {
			t.Fatal(err)
		}
		if got := git("status", "--porcelain"); got != "" {
			t.Errorf("git status after import:\n%s", got)
		}
	}
	// An import of many points is written as a packfile with its index.
	var big strings.Builder
	for i := 1; i <= 2*packThreshold; i++ {
		fmt.Fprintf(&big, "%d. plan.Point number %d.\n", i, i)
	}
	bigReq := demoRequest(big.String())
	bigReq.ID = "big"
	if _, err := r.Import(bigReq); err != nil {
		t.Fatal(err)
	}
	if got := git("count-objects", "-v"); !strings.Contains(got, "packs: 1\n") {
		t.Errorf("git count-objects -v:\n%s\nwant one pack", got)
	}
	if v, err := r.Version("big", "HEAD"); err != nil || len(v.Points) != 2*packThreshold {
		t.Errorf("Version(big, HEAD) = %v, %v; want %d points", v, err, 2*packThreshold)
	}
	if got := git("status", "--porcelain"); got != "" {
		t.Errorf("git status after the big import:\n%s", got)
	}
	git("fsck", "--strict", "--no-progress")
	if got, want := git("log", "--format=%s", "--", "plans/demo/"), "update demo: Demo plan\nupdate demo: Demo plan\nimport demo: Demo plan\n"; got != want {
		t.Errorf("git log -- plans/demo/:\n%s\nwant\n%s", got, want)
	}
	if got, want := git("ls-files", "plans/demo", "README.md"), "README.md\nplans/demo/01-2.md\nplans/demo/02-2a.md\nplans/demo/03.md\nplans/demo/plan.yaml\n"; got != want {
		t.Errorf("git ls-files:\n%s\nwant\n%s", got, want)
	}
	// git changes the index and commits; plandiff reads on.
	if err := os.WriteFile(filepath.Join(r.Root(), "notes.txt"), []byte("n\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	git("add", "notes.txt")
	git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "notes")
	if _, err := r.Import(demoRequest(planV1)); err != nil {
		t.Fatal(err)
	}
	if got := git("status", "--porcelain"); got != "" {
		t.Errorf("git status after the last import:\n%s", got)
	}
	if got, want := git("ls-tree", "--name-only", "HEAD"), "README.md\nnotes.txt\nplans\n"; got != want {
		t.Errorf("git ls-tree HEAD:\n%s\nwant\n%s", got, want)
	}
	log, err := r.Log("", "")
	if err != nil {
		t.Fatal(err)
	}
	var summaries []string
	for _, e := range log {
		summaries = append(summaries, e.Summary)
	}
	// Commits that change no version (the git commits of README.md and notes.txt) are left out.
	want := []string{"demo: 1 added, 1 removed, 1 changed", "big: +128 points", "demo: 1 removed, 3 moved", "demo: 1 added, 1 changed, 1 moved", "demo: +3 points"}
	if !slices.Equal(summaries, want) {
		t.Errorf("Log summaries %q; want %q", summaries, want)
	}
}

func TestWriteTreeOrder(t *testing.T) {
	r, err := InitMemory()
	if err != nil {
		t.Fatal(err)
	}
	b := r.newBatch()
	blob := b.blob([]byte("x\n"))
	sub, err := b.tree([]object.TreeEntry{{Name: "f", Mode: filemode.Regular, Hash: blob}})
	if err != nil {
		t.Fatal(err)
	}
	// git sorts a directory as if its name ended in "/": "a.md" < "a/" < "a0".
	h, err := b.tree([]object.TreeEntry{
		{Name: "a0", Mode: filemode.Regular, Hash: blob},
		{Name: "a", Mode: filemode.Dir, Hash: sub},
		{Name: "a.md", Mode: filemode.Regular, Hash: blob},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.flush(); err != nil {
		t.Fatal(err)
	}
	tree, err := r.treeObject(h)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range tree.Entries {
		names = append(names, e.Name)
	}
	if !slices.Equal(names, []string{"a.md", "a", "a0"}) {
		t.Errorf("tree order %q", names)
	}
}

func TestMemFS(t *testing.T) {
	fsys := newMemFS()
	fsys.addFile("plans/a/plan.yaml", []byte("id: a\n"))
	fsys.addFile("plans/a/01.md", []byte("one\n"))
	loads := 0
	fsys.addLazyFile("plans/b/plan.yaml", func() ([]byte, error) { loads++; return []byte("id: b\n"), nil })
	fsys.addLink("plans/a/02.md", "01.md")
	fsys.addFile("README.md", []byte("hi\n"))
	fsys.finish(nil)
	if err := fstest.TestFS(fsys, "README.md", "plans/a/plan.yaml", "plans/a/01.md", "plans/a/02.md", "plans/b/plan.yaml"); err != nil {
		t.Error(err)
	}
	if loads != 1 {
		t.Errorf("lazy file loaded %d times; want once", loads)
	}
	if data, err := fsys.ReadFile("plans/a/02.md"); err != nil || string(data) != "one\n" {
		t.Errorf("link read %q, %v", data, err)
	}
	if err := fsys.checkLinks("plans"); err != nil {
		t.Errorf("checkLinks: %v", err)
	}
}

func TestMemFSLinks(t *testing.T) {
	fsys := newMemFS()
	fsys.addFile("plans/a/01.md", []byte("one\n"))
	fsys.addLink("plans/a/02.md", "../../../etc/passwd")
	fsys.addLink("plans/a/03.md", "/etc/passwd")
	fsys.addLink("plans/a/04.md", "05.md")
	fsys.addLink("plans/a/05.md", "04.md")
	fsys.addLink("plans/a/06.md", "../b/01.md")
	fsys.addLink("plans/a/07.md", "../../notes.md")
	fsys.addLink("plans/a/08.md", "..")
	fsys.finish(func(p string) (*memNode, error) {
		if p == "notes.md" {
			return &memNode{data: []byte("notes\n"), loaded: true}, nil
		}
		return nil, fs.ErrNotExist
	})
	for _, tc := range []struct{ file, want string }{
		{"plans/a/02.md", "open plans/a/02.md: symbolic link points outside the repository"},
		{"plans/a/03.md", "open plans/a/03.md: symbolic link points outside the repository"},
		{"plans/a/04.md", "open plans/a/04.md: too many levels of symbolic links"},
		{"plans/a/06.md", "open plans/a/06.md: file does not exist"},
		{"plans/a/07.md", ""},
		{"plans/a/08.md", "open plans/a/08.md: symbolic links to directories are not supported"},
	} {
		f, err := fsys.Open(tc.file)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			f.Close()
		}
		if got != tc.want {
			t.Errorf("Open(%s): %q; want %q", tc.file, got, tc.want)
		}
	}
	want := "plans/a/02.md: symbolic link points outside the repository"
	if err := fsys.checkLinks("plans/a"); err == nil || err.Error() != want {
		t.Errorf("checkLinks: %v; want %s", err, want)
	}
	entries, err := fsys.ReadDir("plans/a")
	if err != nil || len(entries) != 8 || entries[1].Type() != fs.ModeSymlink || entries[0].Type() != 0 {
		t.Errorf("ReadDir = %v, %v", entries, err)
	}
}
