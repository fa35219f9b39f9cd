//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package store

import (
	"os"
	"path/filepath"
)

// dirStater stats the entries of one directory by name. This portable version resolves
// each path and knows only sizes and modification times.
type dirStater struct {
	dir string
}

func openDirStater(dir string) (*dirStater, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, err
	}
	return &dirStater{dir: dir}, nil
}

func (d *dirStater) Close() error { return nil }

// self stamps the directory itself.
func (d *dirStater) self() (fileStamp, bool) {
	info, err := os.Lstat(d.dir)
	if err != nil || !info.IsDir() {
		return fileStamp{}, false
	}
	return fileStamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}, true
}

// stat stamps entry name, which must be a regular file (a link is not followed).
func (d *dirStater) stat(name string) (fileStamp, bool) {
	info, err := os.Lstat(filepath.Join(d.dir, name))
	if err != nil || !info.Mode().IsRegular() {
		return fileStamp{}, false
	}
	return fileStamp{Name: name, Size: info.Size(), ModTime: info.ModTime().UnixNano()}, true
}
