package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/plandiff/plandiff/internal/plan"
)

// importSourceKey is the manifest source key of the document an import was read from.
const importSourceKey = "import"

// Defaults for the manifest of a version created by an import.
const (
	defaultImportStatus       = "official-text"
	defaultImportCompleteness = "full"
)

// ImportRequest describes a document to import as a version.
type ImportRequest struct {
	// ID is the version id.
	ID string
	// Title is the document's title; required for a new version, kept when empty on update.
	Title string
	// Date is the version's date as YYYY-MM-DD; empty keeps an existing version's date,
	// and dates a new version today (Repo.Now).
	Date string
	// Parties replace the version's parties when given.
	Parties []string
	// Status is the manifest status; empty keeps an existing version's status and gives a
	// new version "official-text".
	Status string
	// SourceURL, when set, becomes the manifest source with key "import" (outlet: the URL's
	// host; title and date: the version's), and every point cites it.
	SourceURL string
	// Mode says how to split Data into points; empty means SplitNumbered.
	Mode plan.SplitMode
	// Name names the input in errors and in the commit message ("-" for standard input).
	Name string
	// Data is the document.
	Data []byte
	// Author and Committer sign the commit; a zero When means Repo.Now, and an empty
	// Committer means the Author.
	Author, Committer Signature
}

// ImportResult says what an import did.
type ImportResult struct {
	// Commit is the hash of the new commit (of HEAD when Unchanged).
	Commit string
	// Points is the number of points of the imported version.
	Points int
	// Updated is true when the version existed before the import.
	Updated bool
	// Unchanged is true when the version already had exactly this content: no commit was made.
	Unchanged bool
}

// Import splits req.Data into points and commits them as version req.ID, creating the
// version or updating it. Everything is checked before anything is written: on an
// error in the input, the repository (HEAD, index and work tree) is left as it was.
// The commit is written to the object store directly; then the version's directory in
// the work tree and its index entries are brought up to date, leaving the rest of the
// work tree and index alone. Import refuses to overwrite uncommitted changes in the
// version's directory, and fails with an error wrapping ErrBusy when another import
// holds the repository's lock. From storing the commit until the index is written it
// keeps a journal (.git/plandiff-import): an import that is killed in between is
// completed by the next import, before that one does its own work.
func (r *Repo) Import(req ImportRequest) (ImportResult, error) {
	res, err := r.runImport(req)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import %s: %w", req.ID, err)
	}
	return res, nil
}

// importFile is one file of an imported version: its name in the version's directory,
// content and blob hash.
type importFile struct {
	name string
	data []byte
	hash plumbing.Hash
}

// runImport is Import without the error context.
func (r *Repo) runImport(req ImportRequest) (ImportResult, error) {
	if err := plan.ValidateID(req.ID); err != nil {
		return ImportResult{}, err
	}
	if req.Date != "" {
		if t, err := time.Parse(time.DateOnly, req.Date); err != nil || t.Format(time.DateOnly) != req.Date {
			return ImportResult{}, fmt.Errorf("date %q is not a valid YYYY-MM-DD date", req.Date)
		}
	}
	if req.Status != "" && !slices.Contains(plan.ManifestStatuses, req.Status) {
		return ImportResult{}, fmt.Errorf("status %q is not one of %s", req.Status, strings.Join(plan.ManifestStatuses, ", "))
	}
	host := ""
	if req.SourceURL != "" {
		u, err := url.Parse(req.SourceURL)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return ImportResult{}, fmt.Errorf("source URL %q is not an http or https URL", req.SourceURL)
		}
		host = u.Host
	}
	name := req.Name
	if name == "" {
		name = "input"
	}
	mode := req.Mode
	if mode == "" {
		mode = plan.SplitNumbered
	}
	split, err := plan.Split(name, req.Data, mode)
	if err != nil {
		return ImportResult{}, err
	}
	if err := checkSplit(name, split); err != nil {
		return ImportResult{}, err
	}

	unlock, err := r.lock()
	if err != nil {
		return ImportResult{}, err
	}
	defer unlock()
	// Another process may have stored packfiles since r last looked.
	if st, ok := r.store.(*filesystem.Storage); ok {
		st.Reindex()
	}
	iw, err := r.lockIndex()
	if err != nil {
		return ImportResult{}, err
	}
	defer func() { iw.abort() }()
	if iw, err = r.finishInterrupted(iw); err != nil {
		return ImportResult{}, err
	}

	dir := plan.RootDir + "/" + req.ID
	head, err := r.headCommit()
	if err != nil {
		return ImportResult{}, err
	}
	var rootHash, headHash plumbing.Hash
	if head != nil {
		rootHash, headHash = head.TreeHash, head.Hash
	}
	plansHash, err := r.subtree(rootHash, plan.RootDir)
	if err != nil {
		return ImportResult{}, err
	}
	oldHash, err := r.subtree(rootHash, dir)
	if err != nil {
		return ImportResult{}, err
	}
	oldEntries, err := r.treeEntries(oldHash)
	if err != nil {
		return ImportResult{}, err
	}
	// The import owns the manifest and the point files; anything else in the
	// version's directory is kept as it is.
	old := map[string]object.TreeEntry{}
	var kept []object.TreeEntry
	for _, e := range oldEntries {
		if e.Mode != filemode.Dir && (e.Name == "plan.yaml" || strings.HasSuffix(e.Name, ".md")) {
			old[e.Name] = e
		} else {
			kept = append(kept, e)
		}
	}

	var existing *plan.Manifest
	if e, ok := old["plan.yaml"]; ok && e.Mode != filemode.Symlink {
		data, err := r.readBlob(e.Hash)
		if err != nil {
			return ImportResult{}, err
		}
		m, err := plan.ParseManifest(dir+"/plan.yaml", data)
		if err != nil {
			return ImportResult{}, fmt.Errorf("the version's manifest cannot be updated: %w", err)
		}
		existing = &m
	}
	m, err := importManifest(req, existing, host, r.now())
	if err != nil {
		return ImportResult{}, err
	}
	files, err := encodeVersion(m, split, req.SourceURL != "")
	if err != nil {
		return ImportResult{}, err
	}

	idx, err := r.store.Index()
	if err != nil {
		return ImportResult{}, fmt.Errorf("read index: %w", err)
	}
	if err := r.checkClean(dir, old, files, idx); err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Points: len(split), Updated: existing != nil}
	if sameFiles(old, files) {
		res.Commit, res.Unchanged = headHash.String(), true
		return res, nil
	}

	// Write the commit.
	batch := r.newBatch()
	for _, e := range oldEntries {
		batch.known[e.Hash] = true
	}
	entries := slices.Clone(kept)
	for _, f := range files {
		batch.blob(f.data)
		entries = append(entries, object.TreeEntry{Name: f.name, Mode: filemode.Regular, Hash: f.hash})
	}
	versionHash, err := batch.tree(entries)
	if err != nil {
		return ImportResult{}, err
	}
	plansEntries, err := r.treeEntries(plansHash)
	if err != nil {
		return ImportResult{}, err
	}
	newPlans, err := batch.tree(replaceEntry(plansEntries, req.ID, versionHash))
	if err != nil {
		return ImportResult{}, err
	}
	rootEntries, err := r.treeEntries(rootHash)
	if err != nil {
		return ImportResult{}, err
	}
	newRoot, err := batch.tree(replaceEntry(rootEntries, plan.RootDir, newPlans))
	if err != nil {
		return ImportResult{}, err
	}
	commit := &object.Commit{
		Author:    r.signature(req.Author, req.Author),
		Committer: r.signature(req.Committer, req.Author),
		Message:   commitMessage(existing != nil, m, req, name, len(split)),
		TreeHash:  newRoot,
	}
	if head != nil {
		commit.ParentHashes = []plumbing.Hash{headHash}
	}
	commitHash, err := batch.commit(commit)
	if err != nil {
		return ImportResult{}, err
	}
	if err := batch.flush(); err != nil {
		return ImportResult{}, err
	}
	res.Commit = commitHash.String()
	// From here until the index is written, the journal lets the next import complete
	// this one if it is killed.
	if err := r.writeJournal(commitHash, headHash, dir); err != nil {
		return ImportResult{}, err
	}

	// Write the changed files, new ones under their names (nothing is there: checkClean
	// made sure) and replacements next to the files they replace; then move HEAD; then
	// rename the replacements into place and record everything in the index.
	if err := r.worktree.MkdirAll(dir, 0o777); err != nil {
		r.removeJournal()
		return ImportResult{}, fmt.Errorf("create %s: %w", dir, err)
	}
	var changed []stagedFile
	for _, f := range files {
		if e, ok := old[f.name]; !ok || e.Hash != f.hash || e.Mode != filemode.Regular {
			changed = append(changed, stagedFile{importFile: f, direct: !ok})
		}
	}
	removeTemps := func() {
		for _, f := range changed {
			if f.tmp != "" {
				r.removeWork(f.tmp)
			}
		}
	}
	for i := range changed {
		f := &changed[i]
		if err := r.writeTemp(dir, f); err != nil {
			removeTemps()
			r.removeJournal()
			return ImportResult{}, err
		}
	}
	if err := r.advanceHead(commitHash, headHash); err != nil {
		removeTemps()
		r.removeJournal()
		return ImportResult{}, err
	}
	afterCommit := func(err error) (ImportResult, error) {
		return ImportResult{}, fmt.Errorf("commit %s was made, but the work tree or index could not be updated (run git reset -- %s && git checkout -- %s): %w",
			commitHash.String()[:7], dir, dir, err)
	}
	for i, f := range changed {
		if !f.direct {
			if err := r.renameWork(f.tmp, dir+"/"+f.name); err != nil {
				removeTemps()
				return afterCommit(err)
			}
		}
		changed[i].tmp = ""
	}
	newNames := map[string]bool{}
	for _, f := range files {
		newNames[f.name] = true
	}
	for name := range old {
		if !newNames[name] {
			if err := r.removeWork(dir + "/" + name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return afterCommit(err)
			}
		}
	}
	if err := r.updateIndex(idx, dir, old, changed, newNames); err != nil {
		return afterCommit(err)
	}
	if err := iw.commit(idx); err != nil {
		return afterCommit(err)
	}
	if err := r.removeJournal(); err != nil {
		return afterCommit(err)
	}
	return res, nil
}

// MaxImportPoints is the most points Import accepts in one document: each point becomes
// a file, and a larger document is better imported in parts.
const MaxImportPoints = 100_000

// checkSplit checks the points found in an input: at least one and at most
// MaxImportPoints, unique labels, each with text.
func checkSplit(name string, split []plan.SplitPoint) error {
	if len(split) == 0 {
		return &plan.FileError{File: name, Err: errors.New("no points found")}
	}
	if len(split) > MaxImportPoints {
		return &plan.FileError{File: name, Err: fmt.Errorf("too many points (%d > %d): split the document", len(split), MaxImportPoints)}
	}
	first := map[string]int{}
	for _, p := range split {
		if line, dup := first[p.Label]; dup {
			return &plan.FileError{File: name, Line: p.Line, Err: fmt.Errorf("duplicate label %q (first at line %d)", p.Label, line)}
		}
		first[p.Label] = p.Line
		if strings.TrimSpace(p.Text) == "" {
			return &plan.FileError{File: name, Line: p.Line, Err: fmt.Errorf("point %q has no text", p.Label)}
		}
	}
	return nil
}

// importManifest returns the manifest of the imported version: the existing one (nil
// for a new version) with the request's fields applied.
func importManifest(req ImportRequest, existing *plan.Manifest, host string, now time.Time) (plan.Manifest, error) {
	var m plan.Manifest
	if existing != nil {
		m = *existing
		m.Parties = slices.Clone(m.Parties)
		m.Sources = slices.Clone(m.Sources)
	} else {
		// Without --title a new version is named after the document's title, else its id.
		title := plan.DocumentTitle(req.Data)
		if title == "" {
			title = req.ID
		}
		m = plan.Manifest{ID: req.ID, Title: title, Status: defaultImportStatus, Completeness: defaultImportCompleteness, Date: now.Format(time.DateOnly)}
	}
	if req.Title != "" {
		m.Title = req.Title
	}
	if req.Date != "" {
		m.Date = req.Date
	}
	if len(req.Parties) > 0 {
		m.Parties = slices.Clone(req.Parties)
	}
	if req.Status != "" {
		m.Status = req.Status
	}
	if req.SourceURL != "" {
		src := plan.Source{Key: importSourceKey, Outlet: host, Title: m.Title, Date: m.Date, URL: req.SourceURL}
		i := slices.IndexFunc(m.Sources, func(s plan.Source) bool { return s.Key == importSourceKey })
		if i >= 0 {
			m.Sources[i] = src
		} else {
			m.Sources = append(m.Sources, src)
		}
	}
	return m, nil
}

// encodeVersion renders the manifest and points as files and checks that they read
// back as written.
func encodeVersion(m plan.Manifest, split []plan.SplitPoint, cite bool) ([]importFile, error) {
	points := make([]plan.Point, len(split))
	files := make([]importFile, 0, len(split)+1)
	manifest := plan.EncodeManifest(m)
	files = append(files, importFile{name: "plan.yaml", data: manifest})
	for i, sp := range split {
		p := plan.Point{Label: sp.Label, Title: sp.Title, Section: sp.Section, Fidelity: plan.FidelityVerbatim, Text: sp.Text}
		if cite {
			p.Sources = []plan.SourceRef{{Key: importSourceKey}}
		}
		points[i] = p
		files = append(files, importFile{name: plan.PointFileName(i, len(split), sp.Label), data: plan.EncodePoint(p)})
	}
	fsys := newMemFS()
	seen := map[string]bool{}
	for i := range files {
		f := &files[i]
		if seen[f.name] {
			return nil, fmt.Errorf("two points would be written to %s", f.name)
		}
		seen[f.name] = true
		f.hash = plumbing.ComputeHash(plumbing.BlobObject, f.data)
		fsys.addFile(plan.RootDir+"/"+m.ID+"/"+f.name, f.data)
	}
	fsys.finish(nil)
	v, err := plan.ReadVersion(fsys, m.ID)
	if err != nil {
		return nil, fmt.Errorf("the imported version does not read back: %w", err)
	}
	if len(v.Points) != len(points) {
		return nil, fmt.Errorf("the imported version reads back with %d points, not %d", len(v.Points), len(points))
	}
	for i, p := range points {
		got := v.Points[i]
		if got.Label != p.Label || got.Text != strings.Trim(p.Text, "\n") || got.Title != p.Title || !slices.Equal(got.Section, p.Section) {
			return nil, fmt.Errorf("point %q (line %d of the input) does not read back as written", p.Label, split[i].Line)
		}
	}
	return files, nil
}

// sameFiles reports whether the version's owned files in the tree are exactly files.
func sameFiles(old map[string]object.TreeEntry, files []importFile) bool {
	if len(old) != len(files) {
		return false
	}
	for _, f := range files {
		e, ok := old[f.name]
		if !ok || e.Hash != f.hash || e.Mode != filemode.Regular {
			return false
		}
	}
	return true
}

// signature turns s into a git signature; an empty s means fallback, and a zero time means now.
func (r *Repo) signature(s, fallback Signature) object.Signature {
	if s.Name == "" && s.Email == "" {
		s = fallback
	}
	when := s.When
	if when.IsZero() {
		when = r.now()
	}
	return object.Signature{Name: s.Name, Email: s.Email, When: when}
}

// commitMessage is the message of an import commit.
func commitMessage(update bool, m plan.Manifest, req ImportRequest, name string, points int) string {
	verb := "import"
	if update {
		verb = "update"
	}
	source := req.SourceURL
	if source == "" {
		source = name
	}
	return fmt.Sprintf("%s %s: %s\n\nSource: %s\nPoints: %d\n", verb, m.ID, commitLine(m.Title), commitLine(source), points)
}

// commitLine replaces line breaks so that s fits on one line of a commit message.
func commitLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// checkClean returns an error unless the work tree and index agree with HEAD on every
// file the import replaces, removes or creates in dir: the import must not destroy
// uncommitted work.
func (r *Repo) checkClean(dir string, old map[string]object.TreeEntry, files []importFile, idx *index.Index) error {
	names := map[string]bool{}
	for name := range old {
		names[name] = true
	}
	for _, f := range files {
		names[f.name] = true
	}
	staged := map[string]*index.Entry{}
	prefix := dir + "/"
	for _, e := range idx.Entries {
		if strings.HasPrefix(e.Name, prefix) {
			if e.Stage != 0 { // go-git's index.Merged is not the stage of a merged entry (0)
				return fmt.Errorf("%s has merge conflicts; resolve them first", e.Name)
			}
			staged[e.Name] = e
		}
	}
	present, err := r.workNames(dir)
	if err != nil {
		return fmt.Errorf("check %s: %w", dir, err)
	}
	sorted := make([]string, 0, len(names))
	for name := range names {
		sorted = append(sorted, name)
	}
	slices.Sort(sorted)
	for _, name := range sorted {
		p := prefix + name
		he, inHead := old[name]
		ie, inIndex := staged[p]
		if inHead != inIndex || (inHead && (ie.Hash != he.Hash || ie.Mode != he.Mode)) {
			return fmt.Errorf("%s has staged changes; commit or unstage them first", p)
		}
		var fi os.FileInfo
		err := error(&fs.PathError{Op: "lstat", Path: p, Err: fs.ErrNotExist})
		if present[name] {
			fi, err = r.lstatWork(p)
		}
		if !inHead {
			if err == nil {
				return fmt.Errorf("%s is an untracked file the import would overwrite; move it away first", p)
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("check %s: %w", p, err)
			}
			continue
		}
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("%s was deleted but the deletion is not committed; commit or restore it first", p)
			}
			return fmt.Errorf("check %s: %w", p, err)
		}
		clean, err := r.sameAsBlob(p, fi, ie, he, idx.ModTime)
		if err != nil {
			return err
		}
		if !clean {
			return fmt.Errorf("%s has uncommitted changes; commit or discard them first", p)
		}
	}
	return nil
}

// sameAsBlob reports whether the work tree file p (with info fi) has the content of the
// tree entry he. It trusts the index entry ie when the file's size and modification time
// match it and the file is older than the index, as git does.
func (r *Repo) sameAsBlob(p string, fi os.FileInfo, ie *index.Entry, he object.TreeEntry, indexTime time.Time) (bool, error) {
	isLink := fi.Mode()&fs.ModeSymlink != 0
	if isLink != (he.Mode == filemode.Symlink) || (!isLink && !fi.Mode().IsRegular()) {
		return false, nil
	}
	if ie.ModifiedAt.Equal(fi.ModTime()) && int64(ie.Size) == fi.Size() && fi.ModTime().Before(indexTime) {
		return true, nil
	}
	var data []byte
	var err error
	if isLink {
		var target string
		target, err = r.worktree.Readlink(p)
		data = []byte(target)
	} else {
		data, err = readBillyFile(r.worktree, p)
	}
	if err != nil {
		return false, fmt.Errorf("check %s: %w", p, err)
	}
	return plumbing.ComputeHash(plumbing.BlobObject, data) == he.Hash, nil
}

// stagedFile is a file of an import on its way into the work tree.
type stagedFile struct {
	importFile
	direct bool      // the file is new: it is written under its own name
	tmp    string    // the file written, "" once it is in place
	mtime  time.Time // the file's modification time, zero when unknown
}

// writeTemp writes f into dir and records the path written and the file's modification
// time in f. A new file is created under its name; a file that replaces one is written
// to a hidden temporary file named after it, to be renamed over it (a temporary file
// left by an interrupted import is overwritten). On disk the os package writes
// directly: file creation is the import's main cost, and billy's helpers add path
// checks to every call.
func (r *Repo) writeTemp(dir string, f *stagedFile) error {
	tmp, flags := dir+"/.plandiff-"+f.name+".tmp", os.O_CREATE|os.O_TRUNC|os.O_WRONLY
	if f.direct {
		tmp, flags = dir+"/"+f.name, os.O_CREATE|os.O_EXCL|os.O_WRONLY
	}
	var w io.WriteCloser
	var err error
	if r.root != "" {
		var file *os.File
		file, err = os.OpenFile(filepath.Join(r.root, filepath.FromSlash(tmp)), flags, 0o666)
		if err == nil {
			w = file
			if _, err = file.Write(f.data); err == nil {
				var fi os.FileInfo
				if fi, err = file.Stat(); err == nil {
					f.mtime = fi.ModTime()
				}
			}
		}
	} else {
		w, err = r.worktree.OpenFile(tmp, flags, 0o644)
		if err == nil {
			_, err = w.Write(f.data)
		}
	}
	if w != nil {
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			r.removeWork(tmp)
		}
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	f.tmp = tmp
	return nil
}

// lstatWork returns the information of a file of the work tree, not following links.
func (r *Repo) lstatWork(name string) (os.FileInfo, error) {
	if r.root != "" {
		return os.Lstat(filepath.Join(r.root, filepath.FromSlash(name)))
	}
	return r.worktree.Lstat(name)
}

// workNames returns the names in a directory of the work tree; none when it does not exist.
func (r *Repo) workNames(dir string) (map[string]bool, error) {
	names := map[string]bool{}
	if r.root != "" {
		entries, err := os.ReadDir(filepath.Join(r.root, filepath.FromSlash(dir)))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, e := range entries {
			names[e.Name()] = true
		}
		return names, nil
	}
	infos, err := r.worktree.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, fi := range infos {
		names[fi.Name()] = true
	}
	return names, nil
}

// renameWork renames a file of the work tree, replacing any file at to.
func (r *Repo) renameWork(from, to string) error {
	if r.root != "" {
		return os.Rename(filepath.Join(r.root, filepath.FromSlash(from)), filepath.Join(r.root, filepath.FromSlash(to)))
	}
	return r.worktree.Rename(from, to)
}

// removeWork removes a file of the work tree.
func (r *Repo) removeWork(name string) error {
	if r.root != "" {
		return os.Remove(filepath.Join(r.root, filepath.FromSlash(name)))
	}
	return r.worktree.Remove(name)
}

// updateIndex makes idx record the version's files as committed: entries of removed
// files go, entries of written files are set from the files as they now are.
func (r *Repo) updateIndex(idx *index.Index, dir string, old map[string]object.TreeEntry, changed []stagedFile, newNames map[string]bool) error {
	prefix := dir + "/"
	drop := map[string]bool{}
	for name := range old {
		if !newNames[name] {
			drop[prefix+name] = true
		}
	}
	for _, f := range changed {
		drop[prefix+f.name] = true
	}
	entries := idx.Entries[:0]
	for _, e := range idx.Entries {
		if !drop[e.Name] {
			entries = append(entries, e)
		}
	}
	for _, f := range changed {
		p := prefix + f.name
		mtime := f.mtime
		if mtime.IsZero() {
			fi, err := r.lstatWork(p)
			if err != nil {
				return err
			}
			mtime = fi.ModTime()
		}
		entries = append(entries, &index.Entry{
			Name:       p,
			Hash:       f.hash,
			Mode:       filemode.Regular,
			Size:       uint32(len(f.data)),
			ModifiedAt: mtime,
			CreatedAt:  mtime,
		})
	}
	slices.SortFunc(entries, func(a, b *index.Entry) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return int(a.Stage) - int(b.Stage)
	})
	idx.Entries = entries
	// The cached trees of the index no longer hold; git rebuilds them.
	idx.Cache = nil
	idx.ResolveUndo = nil
	idx.EndOfIndexEntry = nil
	return nil
}
