package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/plandiff/plandiff/internal/plan"
)

// journalFile is the file in the git directory that records an import from the moment
// its commit is stored until HEAD, the work tree and the index all show it. An import
// killed in between leaves it behind, and the next import completes the interrupted one
// before doing its own work.
const journalFile = "plandiff-import"

// writeJournal records that the commit made by an import (whose parent is old, zero for
// the first commit) is to be checked out into dir. The record is written to a temporary
// file and renamed, so it is either complete or absent.
func (r *Repo) writeJournal(commit, old plumbing.Hash, dir string) error {
	tmp := journalFile + ".tmp"
	f, err := r.gitDir.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o666)
	if err != nil {
		return fmt.Errorf("write .git/%s: %w", journalFile, err)
	}
	_, err = fmt.Fprintf(f, "%s %s %s\n", commit, old, dir)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = r.gitDir.Rename(tmp, journalFile)
	}
	if err != nil {
		r.gitDir.Remove(tmp)
		return fmt.Errorf("write .git/%s: %w", journalFile, err)
	}
	return nil
}

// removeJournal deletes the journal once the import it records is complete.
func (r *Repo) removeJournal() error {
	if err := r.gitDir.Remove(journalFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove .git/%s: %w", journalFile, err)
	}
	return nil
}

// finishInterrupted completes an import that was interrupted after storing its commit,
// when the journal says there was one: it moves HEAD to the commit if HEAD still points
// at the commit's parent, writes the version's files as committed into the work tree,
// removes the files the commit dropped and leftover temporary files, and records the
// version's files in the index (through iw, which it commits; it returns a new index
// lock). The caller holds the repository's lock.
func (r *Repo) finishInterrupted(iw *indexWriter) (*indexWriter, error) {
	data, err := readBillyFile(r.gitDir, journalFile)
	if err != nil {
		if _, serr := r.gitDir.Stat(journalFile); errors.Is(serr, fs.ErrNotExist) {
			return iw, nil
		}
		return iw, err
	}
	fields := strings.Fields(string(data))
	if len(fields) != 3 || !plumbing.IsHash(fields[0]) || !plumbing.IsHash(fields[1]) ||
		!strings.HasPrefix(fields[2], plan.RootDir+"/") || plan.ValidateID(strings.TrimPrefix(fields[2], plan.RootDir+"/")) != nil {
		return iw, fmt.Errorf("an interrupted import left .git/%s, which cannot be read: remove it and check the work tree with git status", journalFile)
	}
	commit, old, dir := plumbing.NewHash(fields[0]), plumbing.NewHash(fields[1]), fields[2]
	fail := func(err error) (*indexWriter, error) {
		return iw, fmt.Errorf("complete the interrupted import of %s (commit %s; .git/%s): %w", dir, commit.String()[:7], journalFile, err)
	}
	head, err := r.headCommit()
	if err != nil {
		return fail(err)
	}
	var headHash plumbing.Hash
	if head != nil {
		headHash = head.Hash
	}
	if headHash != commit {
		if headHash != old {
			return fail(errors.New("HEAD has moved since; remove the journal and run git status"))
		}
		if err := r.advanceHead(commit, old); err != nil {
			return fail(err)
		}
	}
	c, err := r.commitObject(commit)
	if err != nil {
		return fail(err)
	}
	versionHash, err := r.subtree(c.TreeHash, dir)
	if err != nil {
		return fail(err)
	}
	entries, err := r.treeEntries(versionHash)
	if err != nil {
		return fail(err)
	}
	idx, err := r.store.Index()
	if err != nil {
		return fail(fmt.Errorf("read index: %w", err))
	}
	if err := r.worktree.MkdirAll(dir, 0o777); err != nil {
		return fail(err)
	}
	// The files of the version as committed are written again (a temporary file renamed
	// over each), whatever the interrupted import had got to.
	owned := func(e object.TreeEntry) bool {
		return e.Mode != filemode.Dir && (e.Name == "plan.yaml" || strings.HasSuffix(e.Name, ".md"))
	}
	newNames := map[string]bool{}
	var changed []stagedFile
	for _, e := range entries {
		if !owned(e) || e.Mode == filemode.Symlink {
			continue
		}
		blob, err := r.readBlob(e.Hash)
		if err != nil {
			return fail(err)
		}
		f := stagedFile{importFile: importFile{name: e.Name, data: blob, hash: e.Hash}}
		if err := r.writeTemp(dir, &f); err != nil {
			return fail(err)
		}
		if err := r.renameWork(f.tmp, dir+"/"+f.name); err != nil {
			r.removeWork(f.tmp)
			return fail(err)
		}
		f.tmp = ""
		newNames[e.Name] = true
		changed = append(changed, f)
	}
	// Files the index records in the directory that the commit no longer has were the
	// version's before the import: they go from the work tree and the index.
	stale := map[string]object.TreeEntry{}
	prefix := dir + "/"
	for _, ie := range idx.Entries {
		name, ok := strings.CutPrefix(ie.Name, prefix)
		if !ok || strings.Contains(name, "/") || newNames[name] {
			continue
		}
		if e := (object.TreeEntry{Name: name, Mode: ie.Mode}); owned(e) {
			stale[name] = e
			if err := r.removeWork(prefix + name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fail(err)
			}
		}
	}
	present, err := r.workNames(dir)
	if err != nil {
		return fail(err)
	}
	for name := range present {
		if strings.HasPrefix(name, ".plandiff-") && strings.HasSuffix(name, ".tmp") {
			if err := r.removeWork(prefix + name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fail(err)
			}
		}
	}
	if err := r.updateIndex(idx, dir, stale, changed, newNames); err != nil {
		return fail(err)
	}
	if err := iw.commit(idx); err != nil {
		return fail(err)
	}
	if err := r.removeJournal(); err != nil {
		return fail(err)
	}
	next, err := r.lockIndex()
	if err != nil {
		return iw, err
	}
	return next, nil
}

// interruptedImport returns a finding when an interrupted import left its journal: the
// work tree may hold part of it until the next import completes it.
func (r *Repo) interruptedImport() []plan.Finding {
	data, err := readBillyFile(r.gitDir, journalFile)
	if err != nil {
		return nil
	}
	dir := "a version"
	if f := strings.Fields(string(data)); len(f) == 3 {
		dir = f[2]
	}
	return []plan.Finding{{File: ".git/" + journalFile,
		Message: "an import into " + dir + " was interrupted; the work tree may hold part of it until the next plandiff import completes it"}}
}
