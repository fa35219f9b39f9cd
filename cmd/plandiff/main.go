// Command plandiff aligns and diffs versions of negotiated documents stored as cited point files in git.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// A run lives for a fraction of a second: on a statute of thousands of sections a
	// compare allocates some 20 MB, and a garbage collection would only cost time (measured:
	// 3-7 ms of a 60 ms compare). So collections start at nine times the live heap, while a
	// soft limit of 1 GiB keeps the largest inputs bounded. GOGC and GOMEMLIMIT, when set,
	// still win.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(800)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
