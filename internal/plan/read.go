package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
)

// RootDir is the directory of a repository that holds one directory per version.
const RootDir = "plans"

// ManifestName is the file name of a version's manifest.
const ManifestName = "plan.yaml"

// maxListedIDs is how many available ids an "unknown version" error lists at most.
const maxListedIDs = 12

// ReadVersion reads plans/<id>/ from fsys, whose root is the repository root.
//
// Points come in file-name order. Files are read and parsed by a few goroutines at once, so fsys
// must be safe for concurrent use (os.DirFS, embed.FS and fstest.MapFS are). ReadVersion checks
// what the reader of a version relies on: a manifest whose id matches the directory and points
// with unique, non-empty labels; Validate checks the rest.
func ReadVersion(fsys fs.FS, id string) (*Version, error) {
	if err := ValidateID(id); err != nil {
		return nil, err
	}
	if err := checkPlansDir(fsys); err != nil {
		return nil, err
	}
	dir := RootDir + "/" + id
	manifestFile := dir + "/" + ManifestName
	data, err := fs.ReadFile(fsys, manifestFile)
	if errors.Is(err, fs.ErrNotExist) {
		if info, statErr := fs.Stat(fsys, dir); statErr == nil && info.IsDir() {
			return nil, fmt.Errorf("%s: no %s, so not a version directory", dir, ManifestName)
		}
		return nil, unknownVersion(fsys, id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading version %q: %w", id, err)
	}
	m, err := ParseManifest(manifestFile, data)
	if err != nil {
		return nil, err
	}
	if m.ID != id {
		lines := map[string]int{}
		_, _ = parseManifest(manifestFile, data, lines) // parsed once already: only the line is wanted
		return nil, &FileError{File: manifestFile, Line: lineOr(lines, "id", 1),
			Err: fmt.Errorf("manifest id %q does not match the directory name %q", m.ID, id)}
	}
	names, err := pointFileNames(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("reading version %q: %w", id, err)
	}
	points, err := readPoints(fsys, names)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]string, len(points))
	for _, p := range points {
		if p.Label == "" {
			return nil, &FileError{File: p.File, Line: 1, Err: errors.New("missing label")}
		}
		if first, dup := seen[p.Label]; dup {
			return nil, &FileError{File: p.File, Line: keyLine(fsys, p.File, "label"),
				Err: fmt.Errorf("duplicate label %q (also in %s)", p.Label, first)}
		}
		seen[p.Label] = p.File
	}
	// Every file read was checked for valid UTF-8 (checkEncoding), so every string is.
	return &Version{Manifest: m, Dir: dir, Points: points, UTF8Checked: true}, nil
}

// keyLine returns the line of key in the front matter of the point file, or 1. Points are
// read without their lines, which only an error needs; the file is read again for it.
func keyLine(fsys fs.FS, file, key string) int {
	lines := map[string]int{}
	if data, err := fs.ReadFile(fsys, file); err == nil {
		_, _ = parsePoint(file, data, lines)
	}
	return lineOr(lines, key, 1)
}

// checkPlansDir reports a missing plans directory, or a plans that is not a directory.
func checkPlansDir(fsys fs.FS) error {
	info, err := fs.Stat(fsys, RootDir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no %s directory: not a plandiff repository? %w", RootDir, err)
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is a file, not a directory of versions", RootDir)
	}
	return nil
}

// unknownVersion is the error for an id without plans/<id>/plan.yaml, listing the ids there are.
func unknownVersion(fsys fs.FS, id string) error {
	ids, err := VersionIDs(fsys)
	switch {
	case err != nil || len(ids) == 0:
		return fmt.Errorf("unknown version %q: the repository has no versions", id)
	case len(ids) <= maxListedIDs:
		return fmt.Errorf("unknown version %q (available: %s)", id, strings.Join(ids, ", "))
	}
	return fmt.Errorf("unknown version %q (%d versions available)", id, len(ids))
}

// pointFileNames lists the point files of a version directory in file-name order.
func pointFileNames(fsys fs.FS, dir string) ([]string, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if isPointFile(e) {
			names = append(names, path.Join(dir, e.Name()))
		}
	}
	return names, nil
}

// isPointFile reports whether a directory entry is a point file: a visible regular *.md file.
func isPointFile(e fs.DirEntry) bool {
	name := e.Name()
	return e.Type().IsRegular() && strings.HasSuffix(name, ".md") && !strings.HasPrefix(name, ".")
}

// readWorkersPerCPU is how many files are read at once per core: reading a small file is
// mostly system calls, so a few more readers than cores keep the cores busy parsing (on two
// cores, eight readers read two BGB versions 10-20% faster than two readers).
const readWorkersPerCPU = 4

// readPoints reads and parses files with a bounded pool of goroutines. The result keeps the
// order of files; the error is the one of the first failing file in that order.
func readPoints(fsys fs.FS, files []string) ([]Point, error) {
	points := make([]Point, len(files))
	errs := make([]error, len(files))
	workers := min(readWorkersPerCPU*runtime.GOMAXPROCS(0), len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				data, err := fs.ReadFile(fsys, files[i])
				if err != nil {
					errs[i] = fmt.Errorf("reading point: %w", err)
					continue
				}
				points[i], errs[i] = ParsePoint(files[i], data)
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return points, nil
}

// VersionIDs lists the version ids under plans/ in fsys, sorted.
//
// A version is a directory with a plan.yaml whose name is a valid id. Files, names starting
// with "." or "_", and testdata are ignored.
func VersionIDs(fsys fs.FS) ([]string, error) {
	if err := checkPlansDir(fsys); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, RootDir)
	if err != nil {
		return nil, fmt.Errorf("listing versions: %w", err)
	}
	var ids []string
	for _, e := range entries {
		name := e.Name()
		if !isVersionDirCandidate(e) || ValidateID(name) != nil {
			continue
		}
		if _, err := fs.Stat(fsys, RootDir+"/"+name+"/"+ManifestName); err == nil {
			ids = append(ids, name)
		}
	}
	return ids, nil
}

// isVersionDirCandidate reports whether an entry of plans/ is meant to be a version directory.
func isVersionDirCandidate(e fs.DirEntry) bool {
	name := e.Name()
	return e.IsDir() && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_") && name != reservedID
}
