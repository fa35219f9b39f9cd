package store

import (
	"errors"
	"io/fs"
	"strings"

	"github.com/plandiff/plandiff/internal/plan"
	"github.com/plandiff/plandiff/plans"
)

// errBundledHistory is the error for a revision asked of the bundled dataset.
var errBundledHistory = errors.New("the bundled dataset has no history: use --repo DIR or run inside a plan repository")

// BundledFS returns the dataset embedded in the binary as an fs.FS rooted like a plan
// repository: its files are "plans/<id>/plan.yaml" and "plans/<id>/<point>.md".
func BundledFS() fs.FS { return bundledFS() }

func bundledFS() *memFS {
	fsys := newMemFS()
	fsys.addDir(plan.RootDir)
	// Walking an embed.FS cannot fail: its tree is fixed at build time.
	_ = fs.WalkDir(plans.Files, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isBundledFile(p) {
			fsys.addLazyFile(plan.RootDir+"/"+p, func() ([]byte, error) { return plans.Files.ReadFile(p) })
		}
		return nil
	})
	fsys.finish(nil)
	return fsys
}

// Bundled returns the dataset embedded in the binary as a Reader. It has no history:
// a non-empty revision is an error.
func Bundled() Reader { return bundled{fsys: bundledFS()} }

// bundled reads the embedded dataset.
type bundled struct{ fsys *memFS }

func (b bundled) Version(id, rev string) (*plan.Version, error) {
	if rev != "" {
		return nil, errBundledHistory
	}
	return plan.ReadVersion(b.fsys, id)
}

func (b bundled) VersionIDs(rev string) ([]string, error) {
	if rev != "" {
		return nil, errBundledHistory
	}
	return plan.VersionIDs(b.fsys)
}

func (b bundled) Validate() ([]plan.Finding, error) { return plan.Validate(b.fsys) }

// isBundledFile reports whether an embedded path is part of the dataset:
// "<id>/plan.yaml" or "<id>/<name>.md" with a valid version id.
func isBundledFile(p string) bool {
	dir, name, ok := strings.Cut(p, "/")
	if !ok || strings.Contains(name, "/") || plan.ValidateID(dir) != nil {
		return false
	}
	return name == plan.ManifestName || strings.HasSuffix(name, ".md")
}
