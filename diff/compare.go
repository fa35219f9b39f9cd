package diff

import (
	"cmp"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"unicode/utf8"
)

// Compare says what became of every point of old in new.
//
// Points are matched, in order of authority, by the lineage a curator declared in either
// document (Basis Declared); by identical text after normalisation, whatever the labels
// (Identical); by TF-IDF cosine similarity of at least opt.Threshold, one to one (Inferred);
// by containment of one point's words in several others' (splits and merges, Inferred); and
// finally points without words or with unreported content are paired by label (Inferred).
// Labels are never enough to match two texts: a label reused for new text gives a removed
// and an added point.
//
// Every old and new point appears in exactly one change. Changes follow the new document's
// order; a change without new points follows the change holding the preceding old point.
// Words holds the word diff of every change with text on both sides that differs (texts of
// several points joined by a blank line); it is nil when the texts are identical, when a side
// has no text (an emptied point, a gap that is not reported) and for added and removed points.
//
// The only errors are bad input: a threshold outside 0..1 (NaN included), a label or text that
// is not valid UTF-8 (in a document whose UTF8Checked is false).
func Compare(old, new Document, opt Options) (Result, error) {
	if t := opt.Threshold; !(t >= 0 && t <= 1) { // NaN too
		return Result{}, fmt.Errorf("similarity threshold %v is not between 0 and 1", t)
	}
	if err := validate(old, new); err != nil {
		return Result{}, err
	}
	new.Points = throughAncestors(old, new)
	a := newAligner(old, new, opt)
	a.ended("prepare")
	a.align()
	changes := a.changes(opt)
	if new.Partial {
		// A partly reported version's silence about a point proves nothing.
		for k := range changes {
			if c := &changes[k]; c.Kind == Removed && len(c.To) == 0 {
				c.Kind = NotReported
			}
		}
	}
	a.ended("classify")
	diffTexts(changes, old, new, a.identicalText)
	a.ended("words")
	return Result{Changes: changes}, nil
}

// validate checks that every string of the documents is valid UTF-8, on all cores, and
// reports the first bad one in document order. Documents already checked are skipped.
func validate(docs ...Document) error {
	docs = slices.DeleteFunc(slices.Clone(docs), func(d Document) bool { return d.UTF8Checked })
	for _, d := range docs {
		if !utf8.ValidString(d.ID) {
			return fmt.Errorf("version %q: id is not valid UTF-8", d.ID)
		}
	}
	// Shares of about equal text, each checked by one worker.
	type share struct{ doc, from, to int }
	var shares []share
	const shareBytes = 64 << 10
	for k, d := range docs {
		size, from := 0, 0
		for i, p := range d.Points {
			size += len(p.Text)
			if size >= shareBytes || i == len(d.Points)-1 {
				shares = append(shares, share{k, from, i + 1})
				size, from = 0, i+1
			}
		}
	}
	errs := make([]error, len(shares))
	parallel(len(shares), func(_, n int) {
		sh := shares[n]
		d := docs[sh.doc]
		for _, p := range d.Points[sh.from:sh.to] {
			if err := validatePoint(d.ID, p); err != nil {
				errs[n] = err
				return
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// validatePoint checks that every string of point p of version id is valid UTF-8.
func validatePoint(id string, p Point) error {
	if !utf8.ValidString(p.Label) {
		return fmt.Errorf("version %q, point %q: label is not valid UTF-8", id, p.Label)
	}
	if !utf8.ValidString(p.Text) {
		return fmt.Errorf("version %q, point %q: text is not valid UTF-8", id, p.Label)
	}
	for _, r := range p.Lineage {
		if !utf8.ValidString(r.Version) || !utf8.ValidString(r.Label) || !utf8.ValidString(r.Relation) {
			return fmt.Errorf("version %q, point %q: lineage is not valid UTF-8", id, p.Label)
		}
	}
	return nil
}

// changes classifies the groups and unmatched points and puts them in order.
func (a *aligner) changes(opt Options) []Change {
	old, new := &a.sides[oldSide], &a.sides[newSide]
	out := make([]Change, 0, len(a.groups)+len(old.points)/8)
	relations := make([]string, 0, cap(out))
	for _, g := range a.groups {
		if g.dead {
			continue
		}
		out = append(out, Change{From: g.ends[oldSide], To: g.ends[newSide], Basis: g.basis, Similarity: g.score})
		relations = append(relations, g.relation)
	}
	for i := range old.points {
		if a.free(oldSide, i) {
			out = append(out, Change{Kind: Removed, From: []int{i}, Basis: None})
			relations = append(relations, "")
		}
	}
	for j := range new.points {
		if a.free(newSide, j) {
			out = append(out, Change{Kind: Added, To: []int{j}, Basis: None})
			relations = append(relations, "")
		}
	}
	markReordered(out, len(old.points))
	for k := range out {
		c := &out[k]
		if len(c.From) > 0 && len(c.To) > 0 {
			a.describe(c, relations[k], opt)
		}
		applyStatus(c, old.points, new.points)
	}
	order(out, len(old.points))
	return out
}

// describe fills the kind, similarity and flags of a change with points on both sides.
func (a *aligner) describe(c *Change, relation string, opt Options) {
	old, new := &a.sides[oldSide], &a.sides[newSide]
	same := true // identical after normalisation
	if !a.identicalText(*c) {
		oldText, newText := joinTexts(old.points, c.From), joinTexts(new.points, c.To)
		same = !a.keysDiffer(*c) && sameWords(oldText, newText)
		if opt.IgnoreTrivial {
			c.TextChanged = !same
		} else {
			c.TextChanged = oldText != newText
		}
	}
	c.Relabelled = !slices.EqualFunc(c.From, c.To, func(i, j int) bool {
		return old.points[i].Label == new.points[j].Label
	})
	switch {
	case same:
		c.Similarity = 1
	case c.Basis == Inferred && c.Similarity > 0:
		// Scored by the step that matched them.
	default:
		c.Similarity = a.similarity(c.From, c.To)
	}
	one := len(c.From) == 1 && len(c.To) == 1
	switch {
	case one && relation == "":
		switch {
		case c.Reordered:
			c.Kind = Moved
		case c.TextChanged:
			c.Kind = Modified
		case c.Relabelled:
			c.Kind = Renumbered
		default:
			c.Kind = Unchanged
		}
	case len(c.From) == 1 && (len(c.To) > 1 || relation == "split"):
		c.Kind = Split
	case len(c.To) == 1 && (len(c.From) > 1 || relation == "merged"):
		c.Kind = Merged
	case len(c.From) >= len(c.To):
		c.Kind = Merged
	default:
		c.Kind = Split
	}
}

// keysDiffer reports whether c matched one old and one new point whose normalised texts are
// known to differ: their keys, computed for every point matched after exact, are not equal.
func (a *aligner) keysDiffer(c Change) bool {
	if len(c.From) != 1 || len(c.To) != 1 {
		return false
	}
	ko, kn := a.sides[oldSide].keys[c.From[0]], a.sides[newSide].keys[c.To[0]]
	return ko != (textKey{}) && kn != (textKey{}) && ko != kn
}

// identicalText reports whether c matched an old and a new point whose texts exact found
// byte for byte the same, so that they need no comparing again.
func (a *aligner) identicalText(c Change) bool {
	return a.sameText != nil && len(c.From) == 1 && len(c.To) == 1 && a.sameText[c.From[0]]
}

// similarity is the TF-IDF cosine similarity of the joined texts of two sets of points.
func (a *aligner) similarity(from, to []int) float64 {
	var vecs [2]vector
	for s, ends := range [2][]int{from, to} {
		if len(ends) == 1 && a.sides[s].vecs[ends[0]].ids != nil {
			vecs[s] = a.sides[s].vecs[ends[0]]
			continue
		}
		lists := make([][]int32, len(ends))
		for k, i := range ends {
			lists[k] = a.tokensOf(s, i)
		}
		vecs[s] = a.vocab.vectorOf(mergeSorted(lists...))
	}
	return cosine(vecs[0], vecs[1])
}

// applyStatus lets the points' statuses decide the kind: a new tombstone means removed,
// moved out or not reported whatever the match; an old point not reported stays so.
func applyStatus(c *Change, old, new []Point) {
	rules := [...]struct {
		status PointStatus
		kind   Kind
	}{{StatusRemoved, Removed}, {StatusMovedOut, MovedOut}, {StatusNotReported, NotReported}}
	for _, r := range rules {
		for _, j := range c.To {
			if new[j].Status == r.status {
				c.Kind = r.kind
				return
			}
		}
	}
	if len(c.To) > 0 {
		for _, i := range c.From {
			if old[i].Status == StatusNotReported {
				c.Kind = NotReported
				return
			}
		}
	}
}

// joinTexts joins the texts of the given points with blank lines.
func joinTexts(points []Point, idx []int) string {
	if len(idx) == 1 {
		return points[idx[0]].Text
	}
	texts := make([]string, len(idx))
	for k, i := range idx {
		texts[k] = points[i].Text
	}
	return strings.Join(texts, "\n\n")
}

// markReordered flags the matches that changed order relative to their neighbours: those
// outside a longest increasing subsequence of new positions taken in old order.
func markReordered(changes []Change, oldPoints int) {
	// The matches in the order of their first old points, which no two share.
	byOld := make([]int, oldPoints)
	for i := range byOld {
		byOld[i] = -1
	}
	for k, c := range changes {
		if len(c.From) > 0 && len(c.To) > 0 {
			byOld[c.From[0]] = k
		}
	}
	matched := slices.DeleteFunc(byOld, func(k int) bool { return k < 0 })
	// Patience method: tails[l] is the position in matched of the smallest tail of an
	// increasing subsequence of length l+1.
	var tails []int
	prev := make([]int, len(matched))
	for m, k := range matched {
		pos := changes[k].To[0]
		l, _ := slices.BinarySearchFunc(tails, pos, func(t, p int) int { return cmp.Compare(changes[matched[t]].To[0], p) })
		prev[m] = -1
		if l > 0 {
			prev[m] = tails[l-1]
		}
		if l == len(tails) {
			tails = append(tails, m)
		} else {
			tails[l] = m
		}
	}
	keep := make([]bool, len(matched))
	if len(tails) > 0 {
		for m := tails[len(tails)-1]; m >= 0; m = prev[m] {
			keep[m] = true
		}
	}
	for m, k := range matched {
		changes[k].Reordered = !keep[m]
	}
}

// order sorts changes by their first new point; a change without new points follows the
// change holding the old point before its own.
func order(changes []Change, oldPoints int) {
	holder := make([]int, oldPoints)
	for k, c := range changes {
		for _, i := range c.From {
			holder[i] = k
		}
	}
	// anchor[i] is the first new position of the nearest change at or before old point i
	// that has new points, -1 when there is none.
	anchor := make([]int, oldPoints)
	last := -1
	for i := range anchor {
		if c := changes[holder[i]]; len(c.To) > 0 {
			last = c.To[0]
		}
		anchor[i] = last
	}
	type key struct{ anchor, rank, old int }
	keys := make([]key, len(changes))
	for k, c := range changes {
		if len(c.To) > 0 {
			keys[k] = key{c.To[0], 0, 0}
			continue
		}
		before := -1
		if c.From[0] > 0 {
			before = anchor[c.From[0]-1]
		}
		keys[k] = key{before, 1, c.From[0]}
	}
	perm := make([]int, len(changes))
	for k := range perm {
		perm[k] = k
	}
	slices.SortFunc(perm, func(p, q int) int {
		kp, kq := keys[p], keys[q]
		if c := cmp.Compare(kp.anchor, kq.anchor); c != 0 {
			return c
		}
		if c := cmp.Compare(kp.rank, kq.rank); c != 0 {
			return c
		}
		return cmp.Compare(kp.old, kq.old)
	})
	// Apply the permutation in place, cycle by cycle: changes[k] becomes changes[perm[k]].
	for k := range perm {
		if perm[k] < 0 {
			continue
		}
		held := changes[k]
		j := k
		for perm[j] != k {
			next := perm[j]
			changes[j] = changes[next]
			perm[j] = -1
			j = next
		}
		changes[j] = held
		perm[j] = -1
	}
}

// diffTexts fills the word diffs and key figures of the changes whose two sides' texts differ,
// on all cores; identical tells the changes already known to have the very same texts.
func diffTexts(changes []Change, old, new Document, identical func(Change) bool) {
	var jobs []int
	for k, c := range changes {
		if len(c.From) > 0 && len(c.To) > 0 && !identical(c) {
			jobs = append(jobs, k)
		}
	}
	// Longest first, so that no long text is left for one core at the end.
	size := func(c Change) int {
		n := 0
		for _, i := range c.From {
			n += len(old.Points[i].Text)
		}
		for _, j := range c.To {
			n += len(new.Points[j].Text)
		}
		return n
	}
	sizes := make([]int, len(changes))
	for _, k := range jobs {
		sizes[k] = size(changes[k])
	}
	slices.SortStableFunc(jobs, func(p, q int) int { return cmp.Compare(sizes[q], sizes[p]) })
	scratches := make([]wordScratch, runtime.GOMAXPROCS(0))
	parallel(len(jobs), func(w, n int) {
		c := &changes[jobs[n]]
		oldText, newText := joinTexts(old.Points, c.From), joinTexts(new.Points, c.To)
		if oldText == newText || oldText == "" || newText == "" {
			return
		}
		c.Words = words(oldText, newText, &scratches[w])
		switch c.Kind {
		case Removed, MovedOut, NotReported:
			// The new side only records the point's fate: its figures are no amendment.
		default:
			c.Figures = keyFigures(c.Words, oldText, newText, &scratches[w])
		}
	})
}
