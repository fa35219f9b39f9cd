// Command plandiff aligns and diffs versions of negotiated documents stored as cited point files in git.
package main

import (
	"os"
	"runtime/debug"
)

func main() {
	// A run lives for a fraction of a second and peaks well under 100 MB even on a statute
	// of thousands of sections: collecting garbage four times less often saves time there.
	// GOGC, when set, still wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
