package main

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCompareBGB times the whole 'plandiff compare' of the Civil Code 2013 and 2022
// versions, as ../shared/bench/vs-git.sh does: read both versions from a plan repository,
// align, word-diff every changed pair and write the JSON report to a file.
func BenchmarkCompareBGB(b *testing.B) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpora", "bgb")
	if _, err := os.Stat(corpus); err != nil {
		b.Skipf("the Civil Code corpus is not present: %v", err)
	}
	dir := b.TempDir()
	repo := filepath.Join(dir, "repo")
	b.Setenv("GIT_AUTHOR_NAME", "Bench")
	b.Setenv("GIT_AUTHOR_EMAIL", "bench@example.org")
	for _, args := range [][]string{
		{"plandiff", "--repo", repo, "init"},
		{"plandiff", "--repo", repo, "import", "--id", "old", "--split", "headings", filepath.Join(corpus, "bgb-2013.md")},
		{"plandiff", "--repo", repo, "import", "--id", "new", "--split", "headings", filepath.Join(corpus, "bgb-2022.md")},
	} {
		if code := run(args, io.Discard, os.Stderr); code != 0 {
			b.Fatalf("%v: exit %d", args, code)
		}
	}
	out := filepath.Join(dir, "out.json")
	args := []string{"plandiff", "--repo", repo, "compare", "--format", "json", "-o", out, "old", "new"}
	b.ResetTimer()
	for b.Loop() {
		if code := run(args, io.Discard, os.Stderr); code != 0 {
			b.Fatalf("compare: exit %d", code)
		}
	}
}
