//go:build linux || darwin || freebsd || netbsd || openbsd

package store

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirStaterStat checks stamps taken relative to an open directory against os.Lstat, for
// a short name, a name too long for fstatat's stack buffer, and entries that are not
// regular files.
func TestDirStaterStat(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 250) + ".md" // 253 bytes: at most 255 on most file systems
	for name, size := range map[string]int{"0001-1.md": 3, long: 70} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("0001-1.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	d, err := openDirStater(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, name := range []string{"0001-1.md", long} {
		got, ok := d.stat(name)
		info, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !ok || got.Name != name || got.Size != info.Size() || got.ModTime != info.ModTime().UnixNano() {
			t.Errorf("stat(%.12q...) = %+v, %v; want size %d, mtime %d", name, got, ok, info.Size(), info.ModTime().UnixNano())
		}
	}
	for _, name := range []string{"sub", "link.md", "missing.md", "bad\x00name.md", strings.Repeat("y", 300)} {
		if got, ok := d.stat(name); ok {
			t.Errorf("stat(%.12q...) = %+v, true; want false", name, got)
		}
	}
}
