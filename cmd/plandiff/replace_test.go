package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestWriteFileAtomic writes a report over each kind of thing that may be in its place.
func TestWriteFileAtomic(t *testing.T) {
	report := func(w io.Writer) error { _, err := io.WriteString(w, "new report\n"); return err }
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, dir, target string)
		wantErr bool
	}{
		{"nothing there", func(*testing.T, string, string) {}, false},
		{"an older report", func(t *testing.T, _, target string) { write(t, target, "old report\n") }, false},
		{"a report with another link", func(t *testing.T, dir, target string) {
			write(t, target, "old report\n")
			if err := os.Link(target, filepath.Join(dir, "kept")); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"a symbolic link", func(t *testing.T, dir, target string) {
			write(t, filepath.Join(dir, "kept"), "old report\n")
			if err := os.Symlink("kept", target); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"a directory", func(t *testing.T, _, target string) {
			if err := os.Mkdir(target, 0o755); err != nil {
				t.Fatal(err)
			}
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			target := filepath.Join(dir, "out.json")
			tc.setup(t, dir, target)
			before := dirNames(t, dir)
			err := writeFileAtomic(target, report)
			if tc.wantErr {
				if err == nil {
					t.Fatal("no error")
				}
				if info, err := os.Lstat(target); err != nil || !info.IsDir() {
					t.Errorf("the directory in the way was not left alone: %v", err)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if data, err := os.ReadFile(target); err != nil || string(data) != "new report\n" {
					t.Errorf("report = %q, %v", data, err)
				}
				if info, _ := os.Lstat(target); !info.Mode().IsRegular() || info.Mode().Perm() != 0o644 {
					t.Errorf("report mode %v, want a regular file, 0644", info.Mode())
				}
			}
			// Nothing else appears, and whatever else was there keeps its content.
			if after := dirNames(t, dir); !slices.Equal(after, append(before, "out.json")) && !slices.Equal(after, before) {
				t.Errorf("directory holds %q, had %q", after, before)
			}
			if data, err := os.ReadFile(filepath.Join(dir, "kept")); err == nil && string(data) != "old report\n" {
				t.Errorf("the other file now holds %q", data)
			} else if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Error(err)
			}
		})
	}
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dirNames returns the sorted names in dir, without duplicates.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return slices.Compact(names)
}
