package plans

import (
	"embed"
	"errors"
	"io/fs"
	"strings"
)

// bundledFiles holds the package directory, whose version directories are the dataset
// shipped in the binary. The pattern takes the whole directory rather than
// "*/plan.yaml" so that the package builds with no version at all; bundledFS keeps
// only "<id>/plan.yaml" and "<id>/*.md" of valid ids.
//
//go:embed *
var bundledFiles embed.FS

// errBundledHistory is the error for a revision asked of the bundled dataset.
var errBundledHistory = errors.New("the bundled dataset has no history: use --repo DIR or run inside a plan repository")

// BundledFS returns the dataset embedded in the binary as an fs.FS rooted like a plan
// repository: its files are "plans/<id>/plan.yaml" and "plans/<id>/<point>.md".
func BundledFS() fs.FS { return bundledFS() }

func bundledFS() *memFS {
	fsys := newMemFS()
	fsys.addDir(plansDir)
	// Walking an embed.FS cannot fail: its tree is fixed at build time.
	_ = fs.WalkDir(bundledFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && isBundledFile(p) {
			fsys.addLazyFile(plansDir+"/"+p, func() ([]byte, error) { return bundledFiles.ReadFile(p) })
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

func (b bundled) Version(id, rev string) (*Version, error) {
	if rev != "" {
		return nil, errBundledHistory
	}
	return ReadVersion(b.fsys, id)
}

func (b bundled) VersionIDs(rev string) ([]string, error) {
	if rev != "" {
		return nil, errBundledHistory
	}
	return VersionIDs(b.fsys)
}

func (b bundled) Validate() ([]Finding, error) { return Validate(b.fsys) }

// isBundledFile reports whether an embedded path is part of the dataset:
// "<id>/plan.yaml" or "<id>/<name>.md" with a valid version id.
func isBundledFile(p string) bool {
	dir, name, ok := strings.Cut(p, "/")
	if !ok || strings.Contains(name, "/") || ValidateID(dir) != nil {
		return false
	}
	return name == manifestName || strings.HasSuffix(name, ".md")
}
