package main

import (
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/rogpeppe/go-internal/testscript"
)

var updateScripts = flag.Bool("update", false, "rewrite the expected output in testscript files")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"plandiff": func() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end scenarios in testdata/script: every command's success and
// failure paths, run as a real process with a fixed author and clock.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			env.Setenv("GIT_AUTHOR_NAME", "Ada Analyst")
			env.Setenv("GIT_AUTHOR_EMAIL", "ada@example.org")
			env.Setenv("GIT_AUTHOR_DATE", "@1764000000 +0000")
			env.Setenv("GIT_COMMITTER_NAME", "Ada Analyst")
			env.Setenv("GIT_COMMITTER_EMAIL", "ada@example.org")
			env.Setenv("GIT_COMMITTER_DATE", "@1764000000 +0000")
			env.Setenv("NO_COLOR", "")
			env.Setenv("COLUMNS", "80")
			if corpora, err := filepath.Abs("../../../shared/corpora"); err == nil {
				env.Setenv("CORPORA", corpora)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"repostate": cmdRepoState,
			"repeat":    cmdRepeat,
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "corpora":
				_, err := os.Stat("../../../shared/corpora/bgb/bgb-2013.md")
				return err == nil, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// cmdRepoState prints a fingerprint of a repository: HEAD, every ref, and the hash of every
// file (the target of every symbolic link) in the work tree and in .git except logs and the parse cache. Two equal fingerprints mean nothing changed.
// usage: repostate DIR
func cmdRepoState(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: repostate DIR")
	}
	dir := ts.MkAbs(args[0])
	var b strings.Builder
	repo, err := git.PlainOpen(dir)
	if err != nil {
		ts.Fatalf("opening %s: %v", dir, err)
	}
	head, err := repo.Head()
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		b.WriteString("HEAD (no commits)\n")
	case err != nil:
		ts.Fatalf("reading HEAD: %v", err)
	default:
		fmt.Fprintf(&b, "HEAD %s %s\n", head.Name(), head.Hash())
	}
	var files []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			// Logs and plandiff's parse cache are no part of what a failed command must leave alone.
			if rel == filepath.Join(".git", "logs") || rel == filepath.Join(".git", "plandiff", "cache") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link is recorded by its target, never followed.
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			files = append(files, fmt.Sprintf("symlink %s -> %s", filepath.ToSlash(rel), target))
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files = append(files, fmt.Sprintf("%x %s", sha256.Sum256(data), filepath.ToSlash(rel)))
		return nil
	})
	if err != nil {
		ts.Fatalf("walking %s: %v", dir, err)
	}
	sort.Strings(files)
	for _, f := range files {
		b.WriteString(f + "\n")
	}
	ts.Stdout().Write([]byte(b.String()))
}

// cmdRepeat writes FILE as each TEXT repeated COUNT times, in order; \n in TEXT is a newline.
// It makes inputs too large to keep in a script, such as a line of a megabyte.
// usage: repeat FILE COUNT TEXT [COUNT TEXT...]
func cmdRepeat(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || len(args)%2 != 1 {
		ts.Fatalf("usage: repeat FILE COUNT TEXT [COUNT TEXT...]")
	}
	var b strings.Builder
	for i := 1; i < len(args); i += 2 {
		n, err := strconv.Atoi(args[i])
		if err != nil || n < 0 {
			ts.Fatalf("repeat: bad count %q", args[i])
		}
		b.WriteString(strings.Repeat(strings.ReplaceAll(args[i+1], `\n`, "\n"), n))
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o666))
}
