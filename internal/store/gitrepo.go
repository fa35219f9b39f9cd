package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// This file opens and creates git repositories with go-git's storage packages alone. go-git's
// root package would do the same, but importing it links all of go-git's network transports
// (and through them cgo), which costs every plandiff process time at start-up.

// errNoGitRepository is the error of openGit when dir is not a git repository.
var errNoGitRepository = errors.New("repository does not exist")

// gitDirName is the name of the entry that makes a directory the root of a git work tree.
const gitDirName = ".git"

// openGit opens the git repository at the absolute path dir as go-git's PlainOpen does:
// dir/.git is the git directory, or a file "gitdir: PATH" naming it (linked work trees,
// submodules); when dir has no .git entry, dir itself is taken as a git directory and
// bare is true. With commonDir, a commondir file in the git directory (linked work trees)
// names the directory that holds the objects, the refs and the config. It returns an
// error wrapping errNoGitRepository when there is no git directory or it has no HEAD.
func openGit(dir string, commonDir bool) (st *filesystem.Storage, bare bool, err error) {
	work := osfs.New(dir)
	var gitDir billy.Filesystem
	fi, err := work.Stat(gitDirName)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		gitDir, bare = work, true
	case err != nil:
		return nil, false, err
	case fi.IsDir():
		if gitDir, err = work.Chroot(gitDirName); err != nil {
			return nil, false, err
		}
	default:
		if gitDir, err = gitDirFromFile(dir, work); err != nil {
			return nil, false, err
		}
	}
	if _, err := gitDir.Stat(""); errors.Is(err, fs.ErrNotExist) {
		return nil, false, errNoGitRepository
	} else if err != nil {
		return nil, false, err
	}
	if commonDir {
		common, err := commonGitDir(gitDir)
		if err != nil {
			return nil, false, err
		}
		gitDir = dotgit.NewRepositoryFilesystem(gitDir, common)
	}
	st = filesystem.NewStorage(gitDir, cache.NewObjectLRUDefault())
	if _, err := st.Reference(plumbing.HEAD); errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, false, errNoGitRepository
	}
	cfg, err := st.Config()
	if err != nil {
		return nil, false, err
	}
	if err := checkFormat(cfg); err != nil {
		return nil, false, err
	}
	return st, bare, nil
}

// gitDirFromFile returns the git directory that the .git file of the work tree dir names.
func gitDirFromFile(dir string, work billy.Filesystem) (billy.Filesystem, error) {
	f, err := work.Open(gitDirName)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	rest, ok := strings.CutPrefix(string(data), "gitdir: ")
	if !ok {
		// The wording (two spaces included) is go-git's, which plandiff reported before.
		return nil, errors.New(".git file has no gitdir:  prefix")
	}
	line, _, _ := strings.Cut(rest, "\n")
	path := strings.TrimSpace(line)
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	return osfs.New(path), nil
}

// commonGitDir returns the directory that the commondir file of gitDir names, nil when
// there is no such file or it is empty.
func commonGitDir(gitDir billy.Filesystem) (billy.Filesystem, error) {
	f, err := gitDir.Open("commondir")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil || len(data) == 0 {
		return nil, err
	}
	path := strings.TrimSpace(string(data))
	if !filepath.IsAbs(path) {
		path = filepath.Join(gitDir.Root(), path)
	}
	common := osfs.New(path)
	if _, err := common.Stat(""); errors.Is(err, fs.ErrNotExist) {
		return nil, errors.New("repository's commondir path does not exist")
	} else if err != nil {
		return nil, err
	}
	return common, nil
}

// checkFormat refuses a repository whose format version or extensions go-git's storage
// does not implement (only the "noop" extensions qualify), with go-git's own wording.
func checkFormat(cfg *config.Config) error {
	version := cfg.Core.RepositoryFormatVersion
	if version != "" && version != "0" && version != "1" {
		return fmt.Errorf("core.repositoryformatversion not supported: %q", string(version))
	}
	if cfg.Raw == nil || !cfg.Raw.HasSection("extensions") {
		return nil
	}
	var names []string
	for _, opt := range cfg.Raw.Section("extensions").Options {
		names = append(names, strings.ToLower(opt.Key))
	}
	if len(names) == 0 {
		return nil
	}
	var bad []string
	if version == "" || version == "0" {
		// Before format version 1, extensions are refused unless they are a no-op.
		for _, n := range names {
			if n != "noop" {
				bad = append(bad, n)
			}
		}
		if len(bad) > 0 {
			return fmt.Errorf("core.repositoryformatversion does not support extension: %s", strings.Join(bad, ", "))
		}
	}
	for _, n := range names {
		if n != "noop" && n != "noop-v1" {
			bad = append(bad, n)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("unknown extension: %s", strings.Join(bad, ", "))
	}
	return nil
}

// initGit creates an empty git repository whose work tree root is the absolute path dir,
// with its git directory in dir/.git and HEAD on branch main: the files go-git's
// PlainInit writes.
func initGit(dir string) error {
	gitDir, err := osfs.New(dir).Chroot(gitDirName)
	if err != nil {
		return err
	}
	st := filesystem.NewStorage(gitDir, cache.NewObjectLRUDefault())
	if err := initStorage(st); err != nil {
		return err
	}
	// go-git's PlainInit writes the config it reads back (the defaults when there is none).
	cfg, err := st.Config()
	if err != nil {
		return err
	}
	return st.SetConfig(cfg)
}

// initStorage prepares an empty repository in st with HEAD on branch main; it fails when
// st already has a HEAD.
func initStorage(st storage.Storer) error {
	if i, ok := st.(storer.Initializer); ok {
		if err := i.Init(); err != nil {
			return err
		}
	}
	_, err := st.Reference(plumbing.HEAD)
	switch {
	case err == nil:
		return errors.New("repository already exists")
	case !errors.Is(err, plumbing.ErrReferenceNotFound):
		return err
	}
	return st.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, plumbing.Main))
}

// head returns the reference HEAD resolves to (plumbing.ErrReferenceNotFound when its
// branch has no commits yet).
func (r *Repo) head() (*plumbing.Reference, error) {
	return storer.ResolveReference(r.store, plumbing.HEAD)
}

// commitObject reads the commit h.
func (r *Repo) commitObject(h plumbing.Hash) (*object.Commit, error) {
	return object.GetCommit(r.store, h)
}

// treeObject reads the tree h.
func (r *Repo) treeObject(h plumbing.Hash) (*object.Tree, error) {
	return object.GetTree(r.store, h)
}
