//go:build linux && (amd64 || arm64 || riscv64)

package store

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestFstatatDoesNotAllocate holds fstatat to its purpose: no allocation for a short name.
func TestFstatatDoesNotAllocate(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "0001-1.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var st unix.Stat_t
	allocs := testing.AllocsPerRun(100, func() {
		if err := fstatat(int(f.Fd()), "0001-1.md", &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 || st.Size != 1 {
		t.Errorf("fstatat: %v allocations, size %d; want 0 allocations, size 1", allocs, st.Size)
	}
}
