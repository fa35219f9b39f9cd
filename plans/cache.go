package plans

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// The parse cache keeps each version read from an on-disk work tree, parsed, in
// .git/plandiff/cache/<id>.gob, together with the name, size and modification time of
// every file of its directory. A later read that finds the same files, stat for stat,
// decodes the cache instead of opening and parsing thousands of point files. As git does
// with "racily clean" index entries, a file whose modification time is not older than the
// cache file's own is not trusted: it may have changed in the same clock tick. Any mismatch
// or damage means a normal read, which then rewrites the cache. The cache is an
// optimisation only: failing to write it is not an error.

// cacheFormat changes whenever Version or the parser's results change shape.
const cacheFormat = 1

// fileStamp identifies one file's content by what stat says of it.
type fileStamp struct {
	Name    string
	Size    int64
	ModTime int64 // nanoseconds since the epoch
}

// versionCache is the content of one cache file.
type versionCache struct {
	Format  int
	Files   []fileStamp
	Version *Version
}

// stampDir returns the stamps of the regular files in dir, sorted by name, and false
// when the directory cannot be listed or holds anything but regular files and
// subdirectories (a link, say), which ReadVersion must judge itself.
func stampDir(dir string) ([]fileStamp, bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, false
	}
	stamps := make([]fileStamp, 0, len(entries))
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		if !e.Type().IsRegular() {
			return nil, false
		}
		info, err := e.Info()
		if err != nil {
			return nil, false
		}
		stamps = append(stamps, fileStamp{Name: e.Name(), Size: info.Size(), ModTime: info.ModTime().UnixNano()})
	}
	return stamps, true // os.ReadDir sorts by name
}

// cachedVersion returns the cached version for the files now in dir, or nil.
func cachedVersion(cacheFile, dir string) *Version {
	info, err := os.Stat(cacheFile)
	if err != nil {
		return nil
	}
	data, err := os.ReadFile(cacheFile)
	if err != nil {
		return nil
	}
	var c versionCache
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil || c.Format != cacheFormat || c.Version == nil {
		return nil
	}
	stamps, ok := stampDir(dir)
	if !ok || !slices.Equal(stamps, c.Files) {
		return nil
	}
	for _, s := range stamps {
		if s.ModTime >= info.ModTime().UnixNano() {
			return nil
		}
	}
	return c.Version
}

// writeVersionCache stores v, read from the files stamped before reading, atomically.
func writeVersionCache(cacheFile string, stamps []fileStamp, v *Version) error {
	var buf bytes.Buffer
	c := versionCache{Format: cacheFormat, Files: stamps, Version: v}
	if err := gob.NewEncoder(&buf).Encode(&c); err != nil {
		return fmt.Errorf("encoding cache: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(cacheFile), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(cacheFile), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), cacheFile); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// readVersionCached reads version id from the on-disk work tree through the cache.
func (r *Repo) readVersionCached(id string) (*Version, error) {
	dir := filepath.Join(r.root, plansDir, id)
	cacheFile := filepath.Join(r.gitDir.Root(), "plandiff", "cache", id+".gob")
	if v := cachedVersion(cacheFile, dir); v != nil {
		return v, nil
	}
	before, stampsOK := stampDir(dir)
	v, err := ReadVersion(os.DirFS(r.root), id)
	if err != nil {
		return nil, err
	}
	// Only a directory that did not change while it was read is worth remembering.
	if after, ok := stampDir(dir); stampsOK && ok && slices.Equal(before, after) {
		_ = writeVersionCache(cacheFile, before, v)
	}
	return v, nil
}
