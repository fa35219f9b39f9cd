package store

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/plandiff/plandiff/internal/plan"
)

// Discover finds the plan repository that contains dir: walking up from dir, the
// nearest directory that is the root of a git work tree (it has .git) and has a
// plans/ directory, as git finds its repository. When there is none it returns an
// error wrapping ErrNoRepository.
func Discover(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("find plan repository: %w", err)
	}
	for d := abs; ; {
		if isPlanRepo(d) {
			return Open(d)
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	return nil, fmt.Errorf("%w in %s or any parent directory (a git work tree with a plans/ directory)", ErrNoRepository, abs)
}

// isPlanRepo reports whether dir has a .git entry (a directory, or a file as in linked
// work trees and submodules) and a plans/ directory.
func isPlanRepo(dir string) bool {
	if _, err := os.Lstat(filepath.Join(dir, ".git")); err != nil {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, plan.RootDir))
	return err == nil && fi.IsDir()
}
