package diff

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Alignment parameters.
//
// The threshold was chosen on the Civil Code, 2013 → 2018 (see bgb_test.go). Of the sections
// left after matching identical texts, 247 keep their label; the cosine to that same-label
// successor is either below 0.3 (43 sections: the label was reused for other text) or at
// least 0.5 (203), with a single section between 0.4 and 0.5. The best score of each section
// against any other section lies below 0.5 for 228 of 264, 30 of them between 0.4 and 0.5.
// So 0.5 sits in the valley between the two.
const (
	// DefaultThreshold is the minimum similarity of an inferred match when Options.Threshold is 0.
	DefaultThreshold = 0.5
	// strongScore: similarity matches below it may be revised into splits or merges.
	strongScore = 0.8
	// orderBonus favours, among similar candidates, the one that keeps the document order.
	orderBonus = 0.1
	// placeholderWords: a repeated text with fewer words is a placeholder ("(weggefallen)").
	placeholderWords = 3
	// maxCandidates is how many candidate texts similarity and containment look at per text.
	maxCandidates = 10
	// partMinWords is the least number of words a part of a split or merge has.
	partMinWords = 3
	// containMin is the least share of a part's words found in the whole.
	containMin = 0.7
	// coverMin is the least share of the whole's words found in its parts.
	coverMin = 0.5
)

const (
	oldSide = 0
	newSide = 1
)

// side is one document as the aligner sees it.
type side struct {
	id     string
	points []Point
	keys   []textKey  // normalised text per point, for the points not matched exactly
	hashes [][]uint64 // word hashes per point, for the same points
	group  []int      // index of the point's group in aligner.groups, -1 when unmatched
	toks   [][]int32  // sorted word ids, for the points that need them (nil otherwise)
	vecs   []vector   // TF-IDF vectors, for the same points
	aside  []bool     // placeholders left over by identical: matched by label at most
}

// group is a set of old points matched to a set of new points.
type group struct {
	ends     [2][]int // old and new point indexes, ascending
	basis    Basis
	relation string  // declared split or merged relation, for a declared group
	score    float64 // similarity of a similarity match
	similar  bool    // matched by similarity: may be revised into a split or merge
	dead     bool    // dissolved by a later step
}

// aligner matches the points of two documents.
type aligner struct {
	sides     [2]side
	threshold float64
	groups    []group
	sameText  []bool // per old point: matched by exact, to a new point with the very same text
	vocab     vocabulary
	index     index          // the memory of the last inverted index, for the next
	scan      [2]wordScanner // scratch for comparing texts
	step      func(name string)
}

func newAligner(old, new Document, opt Options) *aligner {
	a := &aligner{threshold: opt.Threshold, step: opt.Step, groups: make([]group, 0, max(len(old.Points), len(new.Points)))}
	if a.threshold == 0 {
		a.threshold = DefaultThreshold
	}
	for s, doc := range [2]Document{old, new} {
		sd := &a.sides[s]
		sd.id = doc.ID
		sd.points = doc.Points
		sd.keys = make([]textKey, len(doc.Points))
		sd.hashes = make([][]uint64, len(doc.Points))
		sd.group = make([]int, len(doc.Points))
		sd.toks = make([][]int32, len(doc.Points))
		sd.vecs = make([]vector, len(doc.Points))
		sd.aside = make([]bool, len(doc.Points))
		for i := range sd.group {
			sd.group[i] = -1
		}
	}
	return a
}

// normalise computes the keys of the points not matched yet, on all cores. Points matched
// earlier never need theirs.
func (a *aligner) normalise() {
	var todo [][2]int
	for s := range a.sides {
		for i := range a.sides[s].points {
			if a.free(s, i) || a.groups[a.sides[s].group[i]].basis == Declared {
				todo = append(todo, [2]int{s, i})
			}
		}
	}
	parallel(len(todo), func(_, k int) {
		s, i := todo[k][0], todo[k][1]
		text := a.sides[s].points[i].Text
		hashes := appendWordHashes(make([]uint64, 0, len(text)/6+1), text)
		a.sides[s].keys[i] = keyOfHashes(hashes)
		a.sides[s].hashes[i] = hashes
	})
}

// exact matches the points whose texts are byte for byte the same and occur once on each side.
// This is the common case between versions of a long document, and needs no normalisation.
func (a *aligner) exact() {
	const repeated = -1
	type seen struct{ old, new int } // index on each side, repeated, or repeated-1 for none
	texts := make(map[string]*seen, len(a.sides[oldSide].points))
	for i, p := range a.sides[oldSide].points {
		if !a.free(oldSide, i) || p.Status == StatusNotReported {
			continue
		}
		if v := texts[p.Text]; v != nil {
			v.old = repeated
		} else {
			texts[p.Text] = &seen{i, repeated - 1}
		}
	}
	var found []*seen
	for j, p := range a.sides[newSide].points {
		if !a.free(newSide, j) || p.Status == StatusNotReported {
			continue
		}
		if v := texts[p.Text]; v != nil {
			if v.new == repeated-1 {
				v.new = j
				found = append(found, v)
			} else {
				v.new = repeated
			}
		}
	}
	a.sameText = make([]bool, len(a.sides[oldSide].points))
	for _, v := range found {
		if v.old >= 0 && v.new >= 0 && hasWord(a.sides[newSide].points[v.new].Text) {
			a.link([]int{v.old}, []int{v.new}, Identical)
			a.sameText[v.old] = true
		}
	}
}

// align runs the alignment steps in order of authority.
func (a *aligner) align() {
	a.declared()
	a.ended("declared")
	a.exact()
	a.ended("exact")
	a.normalise()
	a.ended("normalise")
	a.identical()
	a.ended("identical")
	a.prepareVectors()
	a.ended("vectors")
	a.similar()
	a.ended("similar")
	a.gather(oldSide, newSide) // splits
	a.ended("splits")
	a.gather(newSide, oldSide) // merges
	a.ended("merges")
	a.byLabel()
	a.ended("labels")
}

// ended reports the end of an alignment step to Options.Step.
func (a *aligner) ended(step string) {
	if a.step != nil {
		a.step(step)
	}
}

// free reports whether point i of side s is unmatched.
func (a *aligner) free(s, i int) bool { return a.sides[s].group[i] < 0 }

// textual reports whether point i of side s takes part in matching by text:
// it has words and its content is reported.
func (a *aligner) textual(s, i int) bool {
	sd := &a.sides[s]
	return sd.keys[i].words > 0 && sd.points[i].Status != StatusNotReported && !sd.aside[i]
}

// link records a group and returns its index.
func (a *aligner) link(olds, news []int, basis Basis) int {
	g := len(a.groups)
	a.groups = append(a.groups, group{ends: [2][]int{olds, news}, basis: basis})
	for s, ends := range a.groups[g].ends {
		for _, i := range ends {
			a.sides[s].group[i] = g
		}
	}
	return g
}

// unlink dissolves group g.
func (a *aligner) unlink(g int) {
	a.groups[g].dead = true
	for s, ends := range a.groups[g].ends {
		for _, i := range ends {
			a.sides[s].group[i] = -1
		}
	}
}

// same reports whether old point i and new point j are identical after normalisation.
func (a *aligner) same(i, j int) bool {
	ko, kn := a.sides[oldSide].keys[i], a.sides[newSide].keys[j]
	if ko != kn {
		return false
	}
	return sameScan(&a.scan[0], &a.scan[1], a.sides[oldSide].points[i].Text, a.sides[newSide].points[j].Text)
}

// declared matches points by the lineage curators declared, in either document.
func (a *aligner) declared() {
	old, new := &a.sides[oldSide], &a.sides[newSide]
	if old.id == "" || new.id == "" || old.id == new.id {
		return
	}
	type edge struct {
		i, j     int
		relation string
	}
	var edges []edge
	var labels [2]map[string]int
	lookup := func(s int, label string) (int, bool) {
		if labels[s] == nil {
			labels[s] = make(map[string]int)
			for i := len(a.sides[s].points) - 1; i >= 0; i-- {
				labels[s][a.sides[s].points[i].Label] = i
			}
		}
		i, ok := labels[s][label]
		return i, ok
	}
	for j, p := range new.points {
		for _, r := range p.Lineage {
			if r.Version == old.id {
				if i, ok := lookup(oldSide, r.Label); ok {
					edges = append(edges, edge{i, j, r.Relation})
				}
			}
		}
	}
	for i, p := range old.points {
		for _, r := range p.Lineage {
			if r.Version == new.id {
				if j, ok := lookup(newSide, r.Label); ok {
					edges = append(edges, edge{i, j, r.Relation})
				}
			}
		}
	}
	if len(edges) == 0 {
		return
	}
	// Connected components of the lineage graph; new points are numbered after old ones.
	n0 := len(old.points)
	parent := make([]int, n0+len(new.points))
	for k := range parent {
		parent[k] = k
	}
	find := func(k int) int {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	for _, e := range edges {
		ra, rb := find(e.i), find(n0+e.j)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb)
		}
	}
	type component struct {
		ends     [2][]int
		relation string
	}
	comps := make(map[int]*component)
	var roots []int
	add := func(s, i int) {
		k := i
		if s == newSide {
			k += n0
		}
		r := find(k)
		c := comps[r]
		if c == nil {
			c = &component{}
			comps[r] = c
			roots = append(roots, r)
		}
		if !slices.Contains(c.ends[s], i) {
			c.ends[s] = append(c.ends[s], i)
		}
	}
	for _, e := range edges {
		add(oldSide, e.i)
		add(newSide, e.j)
	}
	for _, e := range edges {
		if e.relation == "split" || e.relation == "merged" {
			comps[find(e.i)].relation = e.relation
		}
	}
	slices.Sort(roots)
	for _, r := range roots {
		c := comps[r]
		slices.Sort(c.ends[oldSide])
		slices.Sort(c.ends[newSide])
		g := a.link(c.ends[oldSide], c.ends[newSide], Declared)
		a.groups[g].relation = c.relation
	}
}

// identical matches points whose texts are equal after normalisation, whatever their labels.
// Texts that occur once on each side are matched first; repeated texts are then matched next
// to matched neighbours, then within the same stretch between matches, then in order.
func (a *aligner) identical() {
	old, new := &a.sides[oldSide], &a.sides[newSide]
	type bucket struct{ olds, news int }
	buckets := make(map[uint64]*bucket)
	for i := range old.points {
		if a.free(oldSide, i) && a.textual(oldSide, i) {
			b := buckets[old.keys[i].hash]
			if b == nil {
				b = &bucket{}
				buckets[old.keys[i].hash] = b
			}
			b.olds++
		}
	}
	firstOld := make(map[uint64]int)
	for i := len(old.points) - 1; i >= 0; i-- {
		if a.free(oldSide, i) && a.textual(oldSide, i) {
			firstOld[old.keys[i].hash] = i
		}
	}
	repeated := false
	for j := range new.points {
		if a.free(newSide, j) && a.textual(newSide, j) {
			if b := buckets[new.keys[j].hash]; b != nil {
				b.news++
			}
		}
	}
	for j := range new.points {
		if !a.free(newSide, j) || !a.textual(newSide, j) {
			continue
		}
		b := buckets[new.keys[j].hash]
		if b == nil {
			continue
		}
		if b.olds == 1 && b.news == 1 {
			if i := firstOld[new.keys[j].hash]; a.same(i, j) {
				a.link([]int{i}, []int{j}, Identical)
			}
			continue
		}
		repeated = true
	}
	if !repeated {
		return
	}
	// candidate reports whether old i and new j are free and identical.
	candidate := func(i, j int) bool {
		return j >= 0 && j < len(new.points) && a.free(oldSide, i) && a.free(newSide, j) &&
			a.textual(oldSide, i) && a.textual(newSide, j) && a.same(i, j)
	}
	// take matches old i with the first identical free new point of queue q and returns
	// the rest of the queue.
	take := func(q []int, i int) []int {
		for len(q) > 0 && !a.free(newSide, q[0]) {
			q = q[1:]
		}
		for k, j := range q {
			if candidate(i, j) {
				a.link([]int{i}, []int{j}, Identical)
				return slices.Delete(q, k, k+1)
			}
		}
		return q
	}
	// Next to matched neighbours, forwards and backwards, until nothing changes.
	for round, changed := 0, true; changed && round < 4; round++ {
		changed = false
		for i := 1; i < len(old.points); i++ {
			if g := old.group[i-1]; g >= 0 && a.free(oldSide, i) {
				to := a.groups[g].ends[newSide]
				if len(to) > 0 && candidate(i, to[len(to)-1]+1) {
					a.link([]int{i}, []int{to[len(to)-1] + 1}, Identical)
					changed = true
				}
			}
		}
		for i := len(old.points) - 2; i >= 0; i-- {
			if g := old.group[i+1]; g >= 0 && a.free(oldSide, i) {
				to := a.groups[g].ends[newSide]
				if len(to) > 0 && candidate(i, to[0]-1) {
					a.link([]int{i}, []int{to[0] - 1}, Identical)
					changed = true
				}
			}
		}
	}
	// Within the same stretch: the new point after which an old point's stretch starts.
	type slot struct {
		hash uint64
		gap  int
	}
	queues := make(map[slot][]int)
	gap := -1
	for j := range new.points {
		if !a.free(newSide, j) {
			gap = j
			continue
		}
		if a.textual(newSide, j) {
			k := slot{new.keys[j].hash, gap}
			queues[k] = append(queues[k], j)
		}
	}
	gap = -1
	for i := range old.points {
		if g := old.group[i]; g >= 0 {
			if to := a.groups[g].ends[newSide]; len(to) > 0 {
				gap = to[len(to)-1]
			}
			continue
		}
		if a.textual(oldSide, i) {
			k := slot{old.keys[i].hash, gap}
			queues[k] = take(queues[k], i)
		}
	}
	// The rest: same labels first (labels only break ties between identical texts), then in
	// order. A short text such as "(weggefallen)" or "Reserved." says nothing about which
	// point it is, so it pairs in order only where that keeps the order of the matches around
	// it; left over, it is set aside like a point without words and paired by label at most.
	sameLabel := make(map[slot][]int)
	labelOf := make(map[string]int)
	for j := range new.points {
		if a.free(newSide, j) && a.textual(newSide, j) {
			l, ok := labelOf[new.points[j].Label]
			if !ok {
				l = len(labelOf)
				labelOf[new.points[j].Label] = l
			}
			k := slot{new.keys[j].hash, l}
			sameLabel[k] = append(sameLabel[k], j)
		}
	}
	for i := range old.points {
		if l, ok := labelOf[old.points[i].Label]; ok && a.free(oldSide, i) && a.textual(oldSide, i) {
			k := slot{old.keys[i].hash, l}
			sameLabel[k] = take(sameLabel[k], i)
		}
	}
	before, after := a.bounds()
	rest := make(map[uint64][]int)
	for j := range new.points {
		if a.free(newSide, j) && a.textual(newSide, j) {
			rest[new.keys[j].hash] = append(rest[new.keys[j].hash], j)
		}
	}
	for i := range old.points {
		if !a.free(oldSide, i) || !a.textual(oldSide, i) {
			continue
		}
		h := old.keys[i].hash
		q := rest[h]
		if old.keys[i].words >= placeholderWords {
			rest[h] = take(q, i)
			continue
		}
		for k, j := range q {
			if before[i] < j && j < after[i] && candidate(i, j) {
				a.link([]int{i}, []int{j}, Identical)
				rest[h] = slices.Delete(q, k, k+1)
				break
			}
		}
	}
	for s := range a.sides {
		sd := &a.sides[s]
		for i := range sd.points {
			if a.free(s, i) && sd.keys[i].words < placeholderWords && a.textual(s, i) && len(rest[sd.keys[i].hash]) > 0 {
				sd.aside[i] = true
			}
		}
	}
}

// prepareVectors interns the words of the points still to be matched by similarity or
// containment, and of declared groups, and computes their TF-IDF vectors.
func (a *aligner) prepareVectors() {
	var picked [][2]int
	var hashes [][]uint64
	for s := range a.sides {
		sd := &a.sides[s]
		for i := range sd.points {
			g := sd.group[i]
			if (g < 0 && a.textual(s, i)) || (g >= 0 && a.groups[g].basis == Declared) {
				picked = append(picked, [2]int{s, i})
				hashes = append(hashes, sd.hashes[i])
				sd.hashes[i] = nil
			}
		}
	}
	for k, ids := range a.vocab.internAll(hashes) {
		a.sides[picked[k][0]].toks[picked[k][1]] = ids
	}
	a.vocab.settle()
	parallel(len(picked), func(_, k int) {
		sd := &a.sides[picked[k][0]]
		i := picked[k][1]
		sd.vecs[i] = a.vocab.vectorOf(sd.toks[i])
	})
}

// tokensOf returns the sorted word ids of point i of side s, interning them if needed.
func (a *aligner) tokensOf(s, i int) []int32 {
	sd := &a.sides[s]
	if sd.toks[i] == nil {
		sd.toks[i] = a.vocab.intern(sd.points[i].Text)
	}
	return sd.toks[i]
}

// candidatePair is a possible similarity match.
type candidatePair struct {
	i, j  int
	score float64 // cosine similarity
	rank  float64 // score plus the order bonus
	label bool    // same label
}

// similar matches the remaining points one to one by TF-IDF cosine similarity, best first.
func (a *aligner) similar() {
	olds := a.pick(oldSide, func(i int) bool { return a.free(oldSide, i) && a.textual(oldSide, i) })
	news := a.pick(newSide, func(j int) bool { return a.free(newSide, j) && a.textual(newSide, j) })
	if len(olds) == 0 || len(news) == 0 {
		return
	}
	old, new := &a.sides[oldSide], &a.sides[newSide]
	vecs := make([]vector, len(news))
	for k, j := range news {
		vecs[k] = new.vecs[j]
	}
	x := newIndex(vecs, a.vocab.size(), &a.index)
	before, after := a.bounds()
	found := make([][]candidatePair, len(olds))
	scratches := make([]scratch, runtime.GOMAXPROCS(0))
	vocabSize := a.vocab.size()
	parallel(len(olds), func(w, k int) {
		i := olds[k]
		sc := &scratches[w]
		candidates := x.query(old.vecs[i], sc, len(news), maxCandidates)
		if len(candidates) == 0 {
			return
		}
		dense := sc.spread(old.vecs[i], vocabSize)
		for _, t := range candidates {
			j := news[t]
			score := cosineDense(dense, new.vecs[j])
			if score < a.threshold {
				continue
			}
			c := candidatePair{i: i, j: j, score: score, rank: score,
				label: old.points[i].Label == new.points[j].Label}
			if before[i] < j && j < after[i] {
				c.rank += orderBonus
			}
			found[k] = append(found[k], c)
		}
		sc.unspread(old.vecs[i])
	})
	var all []candidatePair
	for _, f := range found {
		all = append(all, f...)
	}
	slices.SortFunc(all, func(p, q candidatePair) int {
		if c := cmp.Compare(q.rank, p.rank); c != 0 {
			return c
		}
		if p.label != q.label {
			if p.label {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(p.i, q.i); c != 0 {
			return c
		}
		return cmp.Compare(p.j, q.j)
	})
	for _, c := range all {
		if a.free(oldSide, c.i) && a.free(newSide, c.j) {
			g := a.link([]int{c.i}, []int{c.j}, Inferred)
			a.groups[g].score = c.score
			a.groups[g].similar = true
		}
	}
}

// pick lists the points of side s that satisfy ok, in order.
func (a *aligner) pick(s int, ok func(int) bool) []int {
	var list []int
	for i := range a.sides[s].points {
		if ok(i) {
			list = append(list, i)
		}
	}
	return list
}

// bounds returns, per old point, the new positions of the nearest matched old points before
// and after it: a match between them keeps the document order.
func (a *aligner) bounds() (before, after []int) {
	old, new := &a.sides[oldSide], &a.sides[newSide]
	before = make([]int, len(old.points))
	after = make([]int, len(old.points))
	last := -1
	for i := range old.points {
		before[i] = last
		if g := old.group[i]; g >= 0 {
			if to := a.groups[g].ends[newSide]; len(to) > 0 {
				last = to[len(to)-1]
			}
		}
	}
	next := len(new.points)
	for i := len(old.points) - 1; i >= 0; i-- {
		after[i] = next
		if g := old.group[i]; g >= 0 {
			if to := a.groups[g].ends[newSide]; len(to) > 0 {
				next = to[0]
			}
		}
	}
	return before, after
}

// gather finds splits (whole on the old side, parts on the new) or merges (the reverse):
// free points whose words are mostly contained in one whole that is free or only weakly matched.
func (a *aligner) gather(whole, part int) {
	ws, ps := &a.sides[whole], &a.sides[part]
	weak := func(i int) bool {
		g := ws.group[i]
		return g >= 0 && a.groups[g].similar && a.groups[g].score < strongScore
	}
	wholes := a.pick(whole, func(i int) bool {
		return a.textual(whole, i) && reported(ws.points[i]) && (a.free(whole, i) || weak(i))
	})
	parts := a.pick(part, func(i int) bool {
		return a.free(part, i) && a.textual(part, i) && reported(ps.points[i]) && ps.keys[i].words >= partMinWords
	})
	if len(wholes) == 0 || len(parts) == 0 {
		return
	}
	vecs := make([]vector, len(wholes))
	for k, i := range wholes {
		vecs[k] = ws.vecs[i]
	}
	x := newIndex(vecs, a.vocab.size(), &a.index)
	container := make([]int, len(parts)) // whole holding each part, -1 for none
	scratches := make([]scratch, runtime.GOMAXPROCS(0))
	parallel(len(parts), func(w, k int) {
		p := parts[k]
		container[k] = -1
		bestShare, bestShared := 0.0, 0
		for _, t := range x.query(ps.vecs[p], &scratches[w], len(wholes), maxCandidates) {
			i := wholes[t]
			if len(ws.toks[i]) <= len(ps.toks[p]) {
				continue
			}
			shared := overlap(ps.toks[p], ws.toks[i])
			share := float64(shared) / float64(len(ps.toks[p]))
			if share < containMin {
				continue
			}
			if share > bestShare || share == bestShare && (shared > bestShared || shared == bestShared && i < container[k]) {
				container[k], bestShare, bestShared = i, share, shared
			}
		}
	})
	held := make(map[int][]int)
	for k, p := range parts {
		if i := container[k]; i >= 0 {
			held[i] = append(held[i], p)
		}
	}
	for _, i := range wholes {
		list := held[i]
		if len(list) == 0 {
			continue
		}
		g := ws.group[i]
		current := 0.0
		if g >= 0 {
			q := a.groups[g].ends[part][0]
			if float64(overlap(ps.toks[q], ws.toks[i])) < containMin*float64(len(ps.toks[q])) {
				continue
			}
			list = append(list, q)
			slices.Sort(list)
			current = a.groups[g].score
		}
		if len(list) < 2 {
			continue
		}
		// Each part must bring words of the whole that the parts before it lack: copies of
		// one text (identical duplicate points) are no split or merge of it.
		var sum []int32
		covered := 0
		list = slices.DeleteFunc(list, func(p int) bool {
			more := mergeSorted(sum, ps.toks[p])
			n := overlap(ws.toks[i], more)
			if n == covered {
				return true
			}
			sum, covered = more, n
			return false
		})
		if len(list) < 2 || float64(covered) < coverMin*float64(len(ws.toks[i])) {
			continue
		}
		score := cosine(ws.vecs[i], a.vocab.vectorOf(sum))
		if score <= current {
			continue
		}
		if g >= 0 {
			a.unlink(g)
		}
		var ng int
		if whole == oldSide {
			ng = a.link([]int{i}, list, Inferred)
		} else {
			ng = a.link(list, []int{i}, Inferred)
		}
		a.groups[ng].score = score
	}
}

// byLabel pairs the remaining points without words or with unreported content with the
// remaining point of the same label on the other side: their label is all there is to go by.
func (a *aligner) byLabel() {
	old, new := &a.sides[oldSide], &a.sides[newSide]
	labels := make(map[string][]int)
	for i, p := range old.points {
		if a.free(oldSide, i) {
			labels[p.Label] = append(labels[p.Label], i)
		}
	}
	if len(labels) == 0 {
		return
	}
	for j, p := range new.points {
		if !a.free(newSide, j) {
			continue
		}
		q := labels[p.Label]
		for k, i := range q {
			if a.free(oldSide, i) && (!a.textual(oldSide, i) || !a.textual(newSide, j)) {
				a.link([]int{i}, []int{j}, Inferred)
				labels[p.Label] = slices.Delete(q, k, k+1)
				break
			}
		}
	}
}

// reported reports whether p's content is reported, as opposed to a tombstone or a gap.
func reported(p Point) bool { return p.Status == "" || p.Status == StatusReported }

// parallel calls fn(worker, i) for i in [0, n) on all cores. Callers write results by index,
// so the outcome does not depend on scheduling.
func parallel(n int, fn func(worker, i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 || n < 16 {
		for i := 0; i < n; i++ {
			fn(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(w, i)
			}
		}()
	}
	wg.Wait()
}
