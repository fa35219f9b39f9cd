package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/memfs"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/memory"
	"github.com/plandiff/plandiff/internal/plan"
)

var (
	// ErrNoRepository is wrapped by the errors of Discover and Open when there is no plan
	// repository (a git work tree with a plans/ directory) where one was looked for.
	ErrNoRepository = errors.New("no plan repository")
	// ErrBusy is wrapped by the error of Import when another import holds the repository's lock.
	ErrBusy = errors.New("repository is busy")
	// ErrUnknownRevision is wrapped by the errors for revisions git cannot resolve.
	ErrUnknownRevision = errors.New("unknown revision")
)

// Signature names who made a commit and when.
type Signature struct {
	Name  string
	Email string
	// When is the time of the commit; the zero time means "now" (Repo.Now).
	When time.Time
}

// Reader is a source of versions: a plan repository or the bundled dataset.
type Reader interface {
	// Version reads one version as of revision rev; rev "" reads the working tree
	// (or the bundled files).
	Version(id, rev string) (*plan.Version, error)
	// VersionIDs lists the version ids as of revision rev, sorted.
	VersionIDs(rev string) ([]string, error)
	// Validate checks every version of the working tree (or the bundled files).
	Validate() ([]plan.Finding, error)
}

// Repo is a plan repository: a git repository whose work tree has plans/<version-id>/
// directories. All git access goes through go-git's storage and object packages; a Repo is
// either on disk or, for tests, entirely in memory. A Repo is not safe for concurrent use,
// except that versions of the work tree (Version and UncheckedVersion with rev "") may be
// read from several goroutines at once; concurrent imports by separate processes are
// refused through a lock file.
type Repo struct {
	// Now returns the current time. It dates signatures whose When is zero and
	// imports without a date. Init, Open and InitMemory set it to time.Now.
	Now func() time.Time

	store    storage.Storer   // objects, references, index and config
	worktree billy.Filesystem // the work tree
	gitDir   billy.Filesystem // holds plandiff.lock (and, on disk, the index)
	root     string           // absolute work tree root; "" in memory
}

var _ Reader = (*Repo)(nil)

// readmeText is the README.md that Init writes into a new plan repository.
const readmeText = `# Plan repository

This git repository holds versions of negotiated documents for plandiff.
Each version lives in plans/<version-id>/: plan.yaml describes the version and
its sources, and each point of the document is one Markdown file with YAML
front matter. Run plandiff --help to import, list, compare and validate versions.
`

// Init makes dir a plan repository: it runs git init when dir is not yet a git
// work tree (the new repository's branch is main), creates plans/ and a short
// README.md when they are absent, and opens the result. Init commits nothing and
// changes nothing in an existing plan repository.
func Init(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("init %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o777); err != nil {
		return nil, fmt.Errorf("init %s: %w", dir, err)
	}
	_, _, err = openGit(abs, false)
	if errors.Is(err, errNoGitRepository) {
		err = initGit(abs)
	}
	if err != nil {
		return nil, fmt.Errorf("init %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Join(abs, plan.RootDir), 0o777); err != nil {
		return nil, fmt.Errorf("init %s: %w", dir, err)
	}
	readme := filepath.Join(abs, "README.md")
	if _, err := os.Lstat(readme); errors.Is(err, fs.ErrNotExist) {
		if err := os.WriteFile(readme, []byte(readmeText), 0o666); err != nil {
			return nil, fmt.Errorf("init %s: %w", dir, err)
		}
	}
	return Open(abs)
}

// Open opens the plan repository whose work tree root is dir.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("open plan repository: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("open plan repository: %s is not a directory", dir)
	}
	st, bare, err := openGit(abs, true)
	if errors.Is(err, errNoGitRepository) {
		if root, ok := workTreeAbove(abs); ok {
			return nil, fmt.Errorf("%w: %s is not the root of a git work tree (it is inside %s; open that instead)", ErrNoRepository, dir, root)
		}
		return nil, fmt.Errorf("%w: %s is not the root of a git work tree (create a plan repository with 'plandiff init %s')", ErrNoRepository, dir, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dir, err)
	}
	if bare {
		return nil, fmt.Errorf("%w: %s is a bare git repository; plandiff needs a work tree", ErrNoRepository, dir)
	}
	if fi, err := os.Stat(filepath.Join(abs, plan.RootDir)); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("%w: %s is not a directory (move it away, then run 'plandiff init %s')", ErrNoRepository, filepath.Join(dir, plan.RootDir), dir)
	} else if err != nil {
		return nil, fmt.Errorf("%w: %s has no plans/ directory (make it a plan repository with 'plandiff init %s')", ErrNoRepository, dir, dir)
	}
	// The work tree is written through a billy file system that can make temporary files.
	return &Repo{Now: time.Now, store: st, worktree: osfs.New(abs), gitDir: st.Filesystem(), root: abs}, nil
}

// workTreeAbove returns the nearest directory above dir that has a .git entry: the root
// of the git work tree that dir lies in, if any.
func workTreeAbove(dir string) (string, bool) {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}

// InitMemory returns an empty plan repository held in memory (object store and work
// tree), with plans/ and README.md in its work tree, for tests.
func InitMemory() (*Repo, error) {
	wt := memfs.New()
	st := memory.NewStorage()
	if err := initStorage(st); err != nil {
		return nil, fmt.Errorf("init in memory: %w", err)
	}
	if err := wt.MkdirAll(plan.RootDir, 0o777); err != nil {
		return nil, fmt.Errorf("init in memory: %w", err)
	}
	f, err := wt.Create("README.md")
	if err == nil {
		_, err = f.Write([]byte(readmeText))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, fmt.Errorf("init in memory: %w", err)
	}
	return &Repo{Now: time.Now, store: st, worktree: wt, gitDir: memfs.New()}, nil
}

// Root returns the absolute path of the work tree root, or "" for a repository in memory.
func (r *Repo) Root() string { return r.root }

// now returns r.Now(), or time.Now() when r.Now is nil.
func (r *Repo) now() time.Time {
	if r.Now == nil {
		return time.Now()
	}
	return r.Now()
}

// Version reads version id as of revision rev, or from the work tree when rev is "".
func (r *Repo) Version(id, rev string) (*plan.Version, error) {
	if err := plan.ValidateID(id); err != nil {
		return nil, err
	}
	dir := plan.RootDir + "/" + id
	if rev == "" && r.root != "" {
		return r.readVersionCached(id)
	}
	if rev == "" {
		var v *plan.Version
		err := r.withWorkTree(dir, func(fsys fs.FS) error {
			var err error
			v, err = plan.ReadVersion(fsys, id)
			return err
		})
		return v, err
	}
	fsys, _, err := r.revisionFS(rev)
	if err != nil {
		return nil, err
	}
	if err := fsys.checkLinks(dir); err != nil {
		return nil, err
	}
	if err := fsys.preload(dir); err != nil {
		return nil, err
	}
	return plan.ReadVersion(fsys, id)
}

// VersionIDs lists the version ids as of revision rev, or in the work tree when rev is "".
func (r *Repo) VersionIDs(rev string) ([]string, error) {
	if rev == "" {
		var ids []string
		err := r.withWorkTree(plan.RootDir, func(fsys fs.FS) error {
			var err error
			ids, err = plan.VersionIDs(fsys)
			return err
		})
		return ids, err
	}
	fsys, _, err := r.revisionFS(rev)
	if err != nil {
		return nil, err
	}
	return plan.VersionIDs(fsys)
}

// Validate checks every version in the work tree.
func (r *Repo) Validate() ([]plan.Finding, error) {
	var findings []plan.Finding
	err := r.withWorkTree(plan.RootDir, func(fsys fs.FS) error {
		var err error
		findings, err = plan.Validate(fsys)
		return err
	})
	return append(r.interruptedImport(), findings...), err
}

// withWorkTree calls read with an fs.FS over the work tree, rooted at the repository
// root, after checking that no symbolic link under dir points outside the repository.
func (r *Repo) withWorkTree(dir string, read func(fs.FS) error) error {
	if r.root == "" {
		fsys, err := billyFS(r.worktree, plan.RootDir)
		if err != nil {
			return err
		}
		if err := fsys.checkLinks(dir); err != nil {
			return err
		}
		return read(fsys)
	}
	if err := checkDiskLinks(r.root, dir); err != nil {
		return err
	}
	// checkDiskLinks has vetted every link, and ReadVersion reads regular files only, so
	// the plain os.DirFS is safe here; os.Root would cost several system calls per file.
	return read(os.DirFS(r.root))
}

// checkDiskLinks returns an error naming the first symbolic link under root/dir whose
// target (after following every link) lies outside root. A link that cannot be followed
// is judged by its own target.
func checkDiskLinks(root, dir string) error {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fmt.Errorf("open work tree: %w", err)
	}
	outside := func(base, p string) bool {
		rel, err := filepath.Rel(base, p)
		return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	start := filepath.Join(root, filepath.FromSlash(dir))
	return filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == start && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		bad := false
		if target, err := filepath.EvalSymlinks(p); err == nil {
			bad = outside(realRoot, target)
		} else if link, err := os.Readlink(p); err == nil {
			if !filepath.IsAbs(link) {
				link = filepath.Join(filepath.Dir(p), link)
			}
			bad = outside(root, link) && outside(realRoot, link)
		}
		if bad {
			return &plan.FileError{File: filepath.ToSlash(rel), Err: errLinkOutside}
		}
		return nil
	})
}
