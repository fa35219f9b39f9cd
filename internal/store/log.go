package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/plandiff/plandiff/internal/plan"
)

// LogEntry is one commit in the history of a repository, a version or a point.
type LogEntry struct {
	// Commit is the commit's full hash.
	Commit string
	// Author is the commit's author.
	Author Signature
	// Message is the commit message without its trailing newline.
	Message string
	// Summary says in one line what the commit did to the subject of the log: for a
	// version "+28 points" or "2 added, 1 removed, 3 changed"; for a point "added",
	// "removed", "text changed", "title, sources changed", "moved 6 → 4"; for the
	// whole repository the summaries of the versions it changed, as "us-28: 3 changed".
	Summary string
}

// Log returns the history newest first: of the whole repository when id is "", of
// version id (the commits that changed plans/<id>/) when label is "", else of the
// point of version id with that label, followed by its label across renamed files.
// A repository without commits has an empty history.
func (r *Repo) Log(id, label string) ([]LogEntry, error) {
	if id == "" && label != "" {
		return nil, errors.New("log: a point's history needs its version id")
	}
	if id != "" {
		if err := plan.ValidateID(id); err != nil {
			return nil, fmt.Errorf("log: %w", err)
		}
	}
	head, err := r.headCommit()
	if err != nil || head == nil {
		return nil, err
	}
	// Newest first by commit time, as git log lists them: a merged branch's commits fall
	// between the first parents' by date, not after all of them.
	var commits []*object.Commit
	err = object.NewCommitIterCTime(head, nil, nil).ForEach(func(c *object.Commit) error {
		commits = append(commits, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("log: %w", err)
	}
	h := &history{r: r, trees: map[plumbing.Hash][]object.TreeEntry{}, points: map[plumbing.Hash]parsedPoint{}, states: map[plumbing.Hash]pointState{}}
	switch {
	case id == "":
		return h.repoLog(commits)
	case label == "":
		return h.versionLog(commits, id)
	default:
		return h.pointLog(commits, id, label)
	}
}

// history reads the trees and point files of commits, caching what it parsed.
type history struct {
	r      *Repo
	trees  map[plumbing.Hash][]object.TreeEntry
	points map[plumbing.Hash]parsedPoint // by blob hash
	states map[plumbing.Hash]pointState  // by version tree hash, for the label followed
}

// parsedPoint is a point file parsed from a blob; err is set when it does not parse.
type parsedPoint struct {
	point plan.Point
	err   error
}

// pointState is where and how a point is in one version tree.
type pointState struct {
	found bool
	hash  plumbing.Hash // blob
	pos   int           // 1-based position among the version's point files
	point plan.Point
}

// newLogEntry returns the log entry of c, without a summary.
func newLogEntry(c *object.Commit) LogEntry {
	return LogEntry{
		Commit:  c.Hash.String(),
		Author:  Signature{Name: c.Author.Name, Email: c.Author.Email, When: c.Author.When},
		Message: strings.TrimRight(c.Message, "\n"),
	}
}

// entries returns the entries of a tree (none for the zero hash), cached.
func (h *history) entries(tree plumbing.Hash) ([]object.TreeEntry, error) {
	if tree.IsZero() {
		return nil, nil
	}
	if e, ok := h.trees[tree]; ok {
		return e, nil
	}
	e, err := h.r.treeEntries(tree)
	if err != nil {
		return nil, err
	}
	h.trees[tree] = e
	return e, nil
}

// child returns the hash of the directory name in tree, zero when absent.
func (h *history) child(tree plumbing.Hash, name string) (plumbing.Hash, error) {
	entries, err := h.entries(tree)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for _, e := range entries {
		if e.Name == name && e.Mode == filemode.Dir {
			return e.Hash, nil
		}
	}
	return plumbing.ZeroHash, nil
}

// versionTree returns the tree of plans/<id> in commit c, zero when absent.
func (h *history) versionTree(c *object.Commit, id string) (plumbing.Hash, error) {
	plans, err := h.child(c.TreeHash, plan.RootDir)
	if err != nil || plans.IsZero() {
		return plumbing.ZeroHash, err
	}
	return h.child(plans, id)
}

// parents returns the parents of c.
func (h *history) parents(c *object.Commit) ([]*object.Commit, error) {
	var ps []*object.Commit
	err := c.Parents().ForEach(func(p *object.Commit) error {
		ps = append(ps, p)
		return nil
	})
	if err != nil && !errors.Is(err, storer.ErrStop) {
		return nil, fmt.Errorf("log: parents of %s: %w", c.Hash, err)
	}
	return ps, nil
}

// repoLog lists the commits that changed a version, summarising what each changed.
func (h *history) repoLog(commits []*object.Commit) ([]LogEntry, error) {
	out := make([]LogEntry, 0, len(commits))
	for _, c := range commits {
		plans, err := h.child(c.TreeHash, plan.RootDir)
		if err != nil {
			return nil, err
		}
		var before plumbing.Hash
		ps, err := h.parents(c)
		if err != nil {
			return nil, err
		}
		if len(ps) > 0 {
			if before, err = h.child(ps[0].TreeHash, plan.RootDir); err != nil {
				return nil, err
			}
		}
		changed, err := h.changedVersions(before, plans)
		if err != nil {
			return nil, err
		}
		if len(changed) == 0 {
			// Commits that change no version (code, READMEs) are not the documents' history.
			continue
		}
		var parts []string
		for _, ch := range changed {
			s, err := h.versionSummary(ch.old, ch.new)
			if err != nil {
				return nil, err
			}
			parts = append(parts, ch.id+": "+s)
		}
		e := newLogEntry(c)
		e.Summary = strings.Join(parts, "; ")
		out = append(out, e)
	}
	return out, nil
}

// versionChange is a version directory whose tree differs between two plans/ trees.
type versionChange struct {
	id       string
	old, new plumbing.Hash
}

// changedVersions lists, sorted by id, the version directories that differ between
// the plans/ trees before and after.
func (h *history) changedVersions(before, after plumbing.Hash) ([]versionChange, error) {
	if before == after {
		return nil, nil
	}
	dirs := map[string]*versionChange{}
	for i, tree := range []plumbing.Hash{before, after} {
		entries, err := h.entries(tree)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.Mode != filemode.Dir || plan.ValidateID(e.Name) != nil {
				continue // only version directories: not testdata, nor anything else
			}
			ch := dirs[e.Name]
			if ch == nil {
				ch = &versionChange{id: e.Name}
				dirs[e.Name] = ch
			}
			if i == 0 {
				ch.old = e.Hash
			} else {
				ch.new = e.Hash
			}
		}
	}
	var out []versionChange
	for _, ch := range dirs {
		if ch.old != ch.new {
			out = append(out, *ch)
		}
	}
	slices.SortFunc(out, func(a, b versionChange) int { return strings.Compare(a.id, b.id) })
	return out, nil
}

// versionLog lists the commits that changed plans/<id>/: a commit whose version tree
// equals that of one of its parents (as after a merge) is left out, as git log does.
func (h *history) versionLog(commits []*object.Commit, id string) ([]LogEntry, error) {
	var out []LogEntry
	seen := false
	for _, c := range commits {
		tree, err := h.versionTree(c, id)
		if err != nil {
			return nil, err
		}
		seen = seen || !tree.IsZero()
		ps, err := h.parents(c)
		if err != nil {
			return nil, err
		}
		before := []plumbing.Hash{plumbing.ZeroHash}
		if len(ps) > 0 {
			before = before[:0]
			for _, p := range ps {
				t, err := h.versionTree(p, id)
				if err != nil {
					return nil, err
				}
				before = append(before, t)
			}
		}
		if slices.Contains(before, tree) {
			continue
		}
		s, err := h.versionSummary(before[0], tree)
		if err != nil {
			return nil, err
		}
		e := newLogEntry(c)
		e.Summary = s
		out = append(out, e)
	}
	if !seen {
		return nil, fmt.Errorf("log: unknown version %q: no commit has plans/%s/", id, id)
	}
	return out, nil
}

// pointFiles returns the point files (*.md) of a version tree in file-name order, and
// the manifest's blob hash.
func (h *history) pointFiles(tree plumbing.Hash) ([]object.TreeEntry, plumbing.Hash, error) {
	entries, err := h.entries(tree)
	if err != nil {
		return nil, plumbing.ZeroHash, err
	}
	var points []object.TreeEntry
	var manifest plumbing.Hash
	for _, e := range entries {
		switch {
		case e.Mode == filemode.Dir:
		case e.Name == "plan.yaml":
			manifest = e.Hash
		case strings.HasSuffix(e.Name, ".md") && !strings.HasPrefix(e.Name, ".") && e.Mode.IsFile() && e.Mode != filemode.Symlink:
			// The point files a version read from the work tree has (isPointFile): no
			// submodule, symbolic link or hidden file.
			points = append(points, e)
		}
	}
	slices.SortFunc(points, func(a, b object.TreeEntry) int { return strings.Compare(a.Name, b.Name) })
	return points, manifest, nil
}

// parse returns the point in blob e (cached by blob hash); file names it in errors.
func (h *history) parse(file string, e object.TreeEntry) (parsedPoint, error) {
	if p, ok := h.points[e.Hash]; ok {
		return p, nil
	}
	data, err := h.r.readBlob(e.Hash)
	if err != nil {
		return parsedPoint{}, err
	}
	p, perr := plan.ParsePoint(file, data)
	pp := parsedPoint{point: p, err: perr}
	h.points[e.Hash] = pp
	return pp, nil
}

// identity is what a point file is matched by across versions of a tree: its label,
// or its file name when it does not parse.
func (h *history) identity(e object.TreeEntry) (string, error) {
	p, err := h.parse(e.Name, e)
	if err != nil {
		return "", err
	}
	if p.err != nil {
		return "file " + e.Name, nil
	}
	return "label " + p.point.Label, nil
}

// versionSummary says what changed between two trees of one version.
func (h *history) versionSummary(before, after plumbing.Hash) (string, error) {
	newPoints, newManifest, err := h.pointFiles(after)
	if err != nil {
		return "", err
	}
	switch {
	case before == after:
		return "", nil
	case before.IsZero():
		return countPoints(len(newPoints), "+%d point", "+%d points"), nil
	case after.IsZero():
		return "removed", nil
	}
	oldPoints, oldManifest, err := h.pointFiles(before)
	if err != nil {
		return "", err
	}
	// A point file kept byte for byte moved when its place among the point files changed; a
	// new file name alone (01.md renumbered 001.md when a version grows past 99) is no move.
	newBlobs := map[plumbing.Hash]int{}
	for i, e := range newPoints {
		newBlobs[e.Hash] = i
	}
	oldBlobs := map[plumbing.Hash]bool{}
	moved := 0
	var oldIDs []string
	for i, e := range oldPoints {
		oldBlobs[e.Hash] = true
		j, kept := newBlobs[e.Hash]
		if kept {
			if i != j {
				moved++
			}
			continue
		}
		id, err := h.identity(e)
		if err != nil {
			return "", err
		}
		oldIDs = append(oldIDs, id)
	}
	added, changed := 0, 0
	for _, e := range newPoints {
		if _, kept := oldBlobs[e.Hash]; kept {
			continue
		}
		id, err := h.identity(e)
		if err != nil {
			return "", err
		}
		if i := slices.Index(oldIDs, id); i >= 0 {
			changed++
			oldIDs = slices.Delete(oldIDs, i, i+1)
		} else {
			added++
		}
	}
	removed := len(oldIDs)
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{added, "added"}, {removed, "removed"}, {changed, "changed"}, {moved, "moved"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	if oldManifest != newManifest {
		parts = append(parts, "manifest changed")
	}
	if len(parts) == 0 {
		return "no point changed", nil
	}
	return strings.Join(parts, ", "), nil
}

// countPoints formats n with the singular or plural format.
func countPoints(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf(one, n)
	}
	return fmt.Sprintf(many, n)
}

// pointLog lists the commits that changed the point with the label in version id.
func (h *history) pointLog(commits []*object.Commit, id, label string) ([]LogEntry, error) {
	var out []LogEntry
	seenVersion, seenPoint := false, false
	for _, c := range commits {
		tree, err := h.versionTree(c, id)
		if err != nil {
			return nil, err
		}
		seenVersion = seenVersion || !tree.IsZero()
		now, err := h.pointAt(id, tree, label)
		if err != nil {
			return nil, err
		}
		seenPoint = seenPoint || now.found
		ps, err := h.parents(c)
		if err != nil {
			return nil, err
		}
		befores := []pointState{{}}
		if len(ps) > 0 {
			befores = befores[:0]
			for _, p := range ps {
				t, err := h.versionTree(p, id)
				if err != nil {
					return nil, err
				}
				st, err := h.pointAt(id, t, label)
				if err != nil {
					return nil, err
				}
				befores = append(befores, st)
			}
		}
		if slices.ContainsFunc(befores, func(b pointState) bool { return pointSummary(b, now) == "" }) {
			continue
		}
		e := newLogEntry(c)
		e.Summary = pointSummary(befores[0], now)
		out = append(out, e)
	}
	if !seenVersion {
		return nil, fmt.Errorf("log: unknown version %q: no commit has plans/%s/", id, id)
	}
	if !seenPoint {
		return nil, fmt.Errorf("log: no commit has a point labelled %q in %s", label, id)
	}
	return out, nil
}

// pointAt finds the point with the given label in a version tree. It first tries the
// files whose names the label would give them, then parses every file.
func (h *history) pointAt(id string, tree plumbing.Hash, label string) (pointState, error) {
	if tree.IsZero() {
		return pointState{}, nil
	}
	if st, ok := h.states[tree]; ok {
		return st, nil
	}
	files, _, err := h.pointFiles(tree)
	if err != nil {
		return pointState{}, err
	}
	st := pointState{}
	try := func(i int) (bool, error) {
		e := files[i]
		p, err := h.parse(plan.RootDir+"/"+id+"/"+e.Name, e)
		if err != nil {
			return false, err
		}
		if p.err == nil && p.point.Label == label {
			st = pointState{found: true, hash: e.Hash, pos: i + 1, point: p.point}
			return true, nil
		}
		return false, nil
	}
	found := false
	for i, e := range files {
		if e.Name == plan.PointFileName(i, len(files), label) {
			if found, err = try(i); err != nil {
				return pointState{}, err
			}
			if found {
				break
			}
		}
	}
	for i := 0; i < len(files) && !found; i++ {
		if found, err = try(i); err != nil {
			return pointState{}, err
		}
	}
	h.states[tree] = st
	return st, nil
}

// pointSummary says what changed in a point between two states, "" when nothing did.
func pointSummary(before, after pointState) string {
	switch {
	case !before.found && !after.found:
		return ""
	case !before.found:
		return "added"
	case !after.found:
		return "removed"
	case before.hash == after.hash && before.pos == after.pos:
		return ""
	}
	a, b := before.point, after.point
	var fields []string
	add := func(changed bool, name string) {
		if changed {
			fields = append(fields, name)
		}
	}
	add(a.Text != b.Text, "text")
	add(a.Title != b.Title, "title")
	add(!slices.Equal(a.Topics, b.Topics), "topics")
	add(!slices.Equal(a.Section, b.Section), "section")
	add(a.Fidelity != b.Fidelity, "fidelity")
	add(a.EffectiveStatus() != b.EffectiveStatus(), "status")
	add(!slices.Equal(a.Sources, b.Sources), "sources")
	add(!slices.Equal(a.Lineage, b.Lineage), "lineage")
	add(a.Note != b.Note, "note")
	var parts []string
	if len(fields) > 0 {
		parts = append(parts, strings.Join(fields, ", ")+" changed")
	} else if before.hash != after.hash {
		parts = append(parts, "reformatted")
	}
	if before.pos != after.pos {
		parts = append(parts, fmt.Sprintf("moved %d → %d", before.pos, after.pos))
	}
	return strings.Join(parts, "; ")
}
