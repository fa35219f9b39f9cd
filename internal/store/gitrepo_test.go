package store

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/plandiff/plandiff/internal/plan"
)

// TestInitGitLikeGoGit checks that initGit writes the same files as go-git's PlainInit with
// branch main, which plandiff used before: the same paths, modes and contents, and so the
// same HEAD and config.
func TestInitGitLikeGoGit(t *testing.T) {
	base := t.TempDir()
	old, ours := filepath.Join(base, "old"), filepath.Join(base, "ours")
	if _, err := git.PlainInitWithOptions(old, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}}); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(ours, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := initGit(ours); err != nil {
		t.Fatal(err)
	}
	want, got := listFiles(t, old), listFiles(t, ours)
	if got != want {
		t.Errorf("initGit wrote\n%s\ngo-git's PlainInit\n%s", got, want)
	}
	if !strings.Contains(got, ".git/HEAD -rw-r--r-- \"ref: refs/heads/main\\n\"") {
		t.Errorf("HEAD is not on main:\n%s", got)
	}
	// The same config, read back: not bare, no work tree setting, format version unset.
	for _, dir := range []string{old, ours} {
		st, bare, err := openGit(dir, true)
		if err != nil || bare {
			t.Fatalf("openGit(%s) = %v, %v", dir, bare, err)
		}
		cfg, err := st.Config()
		if err != nil || cfg.Core.IsBare || cfg.Core.Worktree != "" || cfg.Core.RepositoryFormatVersion != "" {
			t.Errorf("config of %s: %+v, %v", dir, cfg.Core, err)
		}
	}
	if err := initGit(ours); err == nil || err.Error() != git.ErrRepositoryAlreadyExists.Error() {
		t.Errorf("initGit again: %v; want %v", err, git.ErrRepositoryAlreadyExists)
	}
}

// listFiles describes every file and directory under dir: path, mode and content.
func listFiles(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		b.WriteString(filepath.ToSlash(rel) + " " + fi.Mode().String())
		if fi.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString(" " + strings.ReplaceAll(strings.TrimSpace(strings.ReplaceAll(string(data), "\t", "\\t")), "\n", "\\n"))
		}
		b.WriteString("\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Quote file contents so that the comparison shows them plainly.
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		f := strings.SplitN(line, " ", 3)
		if len(f) == 3 {
			line = f[0] + " " + f[1] + " \"" + f[2] + "\\n\""
		}
		out.WriteString(line + "\n")
	}
	return out.String()
}

// gitLayouts make directories for TestOpenGitLikeGoGit: each returns the directory to open.
var gitLayouts = []struct {
	name string
	make func(t *testing.T, base string) string
}{
	{"work tree with .git directory", func(t *testing.T, base string) string {
		dir := filepath.Join(base, "w")
		newGitDir(t, dir, "")
		return dir
	}},
	{"bare repository", func(t *testing.T, base string) string {
		dir := filepath.Join(base, "bare.git")
		if _, err := git.PlainInit(dir, true); err != nil {
			t.Fatal(err)
		}
		return dir
	}},
	{"git directory opened as a work tree", func(t *testing.T, base string) string {
		newGitDir(t, filepath.Join(base, "w"), "")
		return filepath.Join(base, "w", ".git")
	}},
	{"no repository", func(t *testing.T, base string) string { return base }},
	{"empty .git directory", func(t *testing.T, base string) string {
		mkdir(t, filepath.Join(base, ".git"))
		return base
	}},
	{".git file, relative path", func(t *testing.T, base string) string {
		return gitFileLayout(t, base, "gitdir: ../modules/sub\n", "modules/sub")
	}},
	{".git file, absolute path, spaces and CRLF", func(t *testing.T, base string) string {
		return gitFileLayout(t, base, "gitdir: "+filepath.Join(base, "modules", "sub")+"  \r\nmore\n", "modules/sub")
	}},
	{".git file without gitdir: prefix", func(t *testing.T, base string) string {
		return gitFileLayout(t, base, "../modules/sub\n", "modules/sub")
	}},
	{".git file naming nothing", func(t *testing.T, base string) string {
		return gitFileLayout(t, base, "gitdir: ../modules/none\n", "modules/sub")
	}},
	{"linked work tree", func(t *testing.T, base string) string {
		return linkedLayout(t, base, "../..\n")
	}},
	{"linked work tree, absolute commondir", func(t *testing.T, base string) string {
		return linkedLayout(t, base, filepath.Join(base, "main", ".git")+"\n")
	}},
	{"linked work tree, empty commondir", func(t *testing.T, base string) string {
		return linkedLayout(t, base, "")
	}},
	{"linked work tree, commondir naming nothing", func(t *testing.T, base string) string {
		return linkedLayout(t, base, "../../../nowhere\n")
	}},
	{"format version 1", func(t *testing.T, base string) string {
		return configLayout(t, base, "[core]\n\trepositoryformatversion = 1\n")
	}},
	{"format version 2 (go-git reads no version but 1, so both open it)", func(t *testing.T, base string) string {
		return configLayout(t, base, "[core]\n\trepositoryformatversion = 2\n")
	}},
	{"sha256 objects", func(t *testing.T, base string) string {
		return configLayout(t, base, "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tobjectFormat = sha256\n\tnoop-v1 = true\n")
	}},
	{"extensions in version 0", func(t *testing.T, base string) string {
		return configLayout(t, base, "[core]\n\trepositoryformatversion = 0\n[extensions]\n\tworktreeConfig = true\n\tnoop = true\n\tpreciousObjects = true\n")
	}},
	{"no-op extensions", func(t *testing.T, base string) string {
		return configLayout(t, base, "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tnoop = true\n\tnoop-v1 = true\n")
	}},
	{"no-op extension in version 0", func(t *testing.T, base string) string {
		return configLayout(t, base, "[extensions]\n\tnoop = true\n")
	}},
	{"empty extensions section", func(t *testing.T, base string) string {
		return configLayout(t, base, "[core]\n\trepositoryformatversion = 3\n[extensions]\n")
	}},
	{"malformed config", func(t *testing.T, base string) string {
		return configLayout(t, base, "[core\n")
	}},
}

// newGitDir makes dir a work tree with a .git directory whose branch main is at a commit
// hash (the objects are not needed for these tests) and whose config holds extra.
func newGitDir(t *testing.T, dir, extra string) {
	t.Helper()
	mkdir(t, dir)
	if err := initGit(dir); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, ".git", "refs", "heads", "main"), strings.Repeat("a1", 20)+"\n")
	writeFile(t, filepath.Join(dir, ".git", "refs", "heads", "wt"), strings.Repeat("b2", 20)+"\n")
	if extra != "" {
		writeFile(t, filepath.Join(dir, ".git", "config"), extra)
	}
}

// gitFileLayout makes a work tree base/w whose .git file holds text, and a git directory
// at base/gitDir.
func gitFileLayout(t *testing.T, base, text, gitDir string) string {
	t.Helper()
	newGitDir(t, filepath.Join(base, "tmp"), "")
	mkdir(t, filepath.Dir(filepath.Join(base, gitDir)))
	if err := os.Rename(filepath.Join(base, "tmp", ".git"), filepath.Join(base, gitDir)); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "w")
	mkdir(t, dir)
	writeFile(t, filepath.Join(dir, ".git"), text)
	return dir
}

// linkedLayout makes a work tree base/main and a work tree base/w linked to it, as git
// worktree add does, with HEAD on branch wt; commondir is the content of the linked git
// directory's commondir file (none when empty).
func linkedLayout(t *testing.T, base, commondir string) string {
	t.Helper()
	newGitDir(t, filepath.Join(base, "main"), "")
	admin := filepath.Join(base, "main", ".git", "worktrees", "w")
	dir := filepath.Join(base, "w")
	mkdir(t, admin)
	mkdir(t, dir)
	writeFile(t, filepath.Join(admin, "HEAD"), "ref: refs/heads/wt\n")
	writeFile(t, filepath.Join(admin, "gitdir"), filepath.Join(dir, ".git")+"\n")
	if commondir != "" {
		writeFile(t, filepath.Join(admin, "commondir"), commondir)
	}
	writeFile(t, filepath.Join(dir, ".git"), "gitdir: "+admin+"\n")
	return dir
}

// configLayout makes a work tree base/w whose config is text.
func configLayout(t *testing.T, base, text string) string {
	t.Helper()
	dir := filepath.Join(base, "w")
	newGitDir(t, dir, text)
	return dir
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	mkdir(t, filepath.Dir(name))
	if err := os.WriteFile(name, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
}

// TestOpenGitLikeGoGit opens each layout with openGit and with go-git's PlainOpen (with and
// without EnableDotGitCommonDir, as Open and Init use them) and requires the same outcome:
// the same error, or the same bareness, git directory, HEAD and config.
func TestOpenGitLikeGoGit(t *testing.T) {
	for _, layout := range gitLayouts {
		for _, common := range []bool{true, false} {
			t.Run(layout.name, func(t *testing.T) {
				dir := layout.make(t, t.TempDir())
				st, bare, err := openGit(dir, common)
				g, gerr := git.PlainOpenWithOptions(dir, &git.PlainOpenOptions{EnableDotGitCommonDir: common})
				if errors.Is(err, errNoGitRepository) != errors.Is(gerr, git.ErrRepositoryNotExists) || (err == nil) != (gerr == nil) ||
					(err != nil && err.Error() != gerr.Error()) {
					t.Fatalf("commondir %v: openGit: %v; go-git: %v", common, err, gerr)
				}
				if err != nil {
					t.Logf("commondir %v: %v", common, err)
					return
				}
				t.Logf("commondir %v: bare %v, HEAD %s", common, bare, describeHead(storer.ResolveReference(st, plumbing.HEAD)))
				_, werr := g.Worktree()
				if bare != (werr != nil) {
					t.Errorf("commondir %v: bare %v; go-git's Worktree: %v", common, bare, werr)
				}
				gst := g.Storer.(*filesystem.Storage)
				if got, want := st.Filesystem().Root(), gst.Filesystem().Root(); got != want {
					t.Errorf("commondir %v: git directory %s; go-git %s", common, got, want)
				}
				if got, want := describeHead(storer.ResolveReference(st, plumbing.HEAD)), describeHead(g.Head()); got != want {
					t.Errorf("commondir %v: HEAD %s; go-git %s", common, got, want)
				}
				cfg, err := st.Config()
				if err != nil {
					t.Fatal(err)
				}
				gcfg, err := g.Config()
				if err != nil {
					t.Fatal(err)
				}
				if got, want := marshalConfig(t, cfg), marshalConfig(t, gcfg); !bytes.Equal(got, want) {
					t.Errorf("commondir %v: config\n%s\ngo-git\n%s", common, got, want)
				}
			})
		}
	}
}

func describeHead(ref *plumbing.Reference, err error) string {
	if err != nil {
		return "error " + err.Error()
	}
	return ref.String()
}

func marshalConfig(t *testing.T, cfg *config.Config) []byte {
	t.Helper()
	data, err := cfg.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestOpenLinkedWorkTree opens a plan repository through a linked work tree: the work tree
// is its own, HEAD its own branch, and the objects and branches those of the main one.
func TestOpenLinkedWorkTree(t *testing.T) {
	base := t.TempDir()
	main, err := Init(filepath.Join(base, "main"))
	if err != nil {
		t.Fatal(err)
	}
	main.Now = func() time.Time { return testClock }
	importDemo(t, main, planV1)
	importDemo(t, main, planV2)
	admin := filepath.Join(base, "main", ".git", "worktrees", "w")
	dir := filepath.Join(base, "w")
	writeFile(t, filepath.Join(admin, "HEAD"), hashV1+"\n")
	writeFile(t, filepath.Join(admin, "commondir"), "../..\n")
	writeFile(t, filepath.Join(admin, "gitdir"), filepath.Join(dir, ".git")+"\n")
	writeFile(t, filepath.Join(dir, ".git"), "gitdir: ../main/.git/worktrees/w\n")
	mkdir(t, filepath.Join(dir, plan.RootDir))
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rev  string
		want int
	}{{"HEAD", 3}, {"main", 4}, {"main~1", 3}, {"", 0}} {
		v, err := r.Version("demo", tc.rev)
		if tc.want == 0 {
			if err == nil {
				t.Errorf("Version(demo, %q) read a version from the main work tree", tc.rev)
			}
			continue
		}
		if err != nil || len(v.Points) != tc.want {
			t.Errorf("Version(demo, %q) = %v, %v; want %d points", tc.rev, v, err, tc.want)
		}
	}
	if got, want := r.gitDir.Root(), admin; got != want {
		t.Errorf("git directory %s; want %s", got, want)
	}
}

// TestOpenGitErrors checks Open's messages for bare repositories and broken git directories
// (TestOpenErrors has the others).
func TestOpenGitErrors(t *testing.T) {
	base := t.TempDir()
	bare := filepath.Join(base, "bare.git")
	if _, err := git.PlainInit(bare, true); err != nil {
		t.Fatal(err)
	}
	gitFile := gitFileLayout(t, filepath.Join(base, "gf"), "nonsense\n", "modules/sub")
	incomplete := linkedLayout(t, filepath.Join(base, "linked"), "../../../nowhere\n")
	for _, tc := range []struct{ dir, want string }{
		{bare, "no plan repository: " + bare + " is a bare git repository; plandiff needs a work tree"},
		{gitFile, "open " + gitFile + ": .git file has no gitdir:  prefix"},
		{incomplete, "open " + incomplete + ": repository's commondir path does not exist"},
	} {
		if _, err := Open(tc.dir); err == nil || err.Error() != tc.want {
			t.Errorf("Open(%s): %v; want %s", tc.dir, err, tc.want)
		}
	}
}
