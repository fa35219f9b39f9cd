// Command plandiff aligns and diffs versions of negotiated documents stored as cited point files in git.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
