package diff

import (
	"cmp"
	"hash/maphash"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Words returns the word diff from old to new: runs of equal, deleted and inserted text that
// rebuild old (equal and delete runs) and new (equal and insert runs) exactly.
//
// Both texts are cut into words, punctuation runs and whitespace runs (each CJK character is a
// word of its own), and each distinct word or punctuation run is mapped to one rune, as
// diffmatchpatch's line mode maps lines; the whitespace after a token travels with it, so a
// text reflowed to other line breaks still matches word for word and the diff works on half
// as many tokens. diffmatchpatch diffs the runes (paragraphs first, then tokens within replaced
// paragraphs; long stretches first cut at anchors, tokens found once in each text; no time
// limit) and cleans the diff up semantically; the runes are then mapped
// back, with whitespace that differs between two equal tokens reported as deleted and inserted.
// Edits start and end at token boundaries; adjacent runs of the same operation are merged.
func Words(old, new string) []Edit {
	return words(old, new, &wordScratch{})
}

// wordScratch holds what one word diff needs besides its result, for the next to reuse.
type wordScratch struct {
	units         [2][]unit
	tokens        tokenTable
	paras         tokenTable
	figureTokens  []string
	figureClasses []int8
	figureAt      []int
	seen          []tokenSeen // by token index, all zero between uses
	cands         [][2]int
	piles, prev   []int
}

// words is Words with reusable scratch space.
func words(old, new string, s *wordScratch) []Edit {
	if old == new {
		if old == "" {
			return nil
		}
		return []Edit{{Equal, old}}
	}
	// Common text at both ends, cut at unit boundaries, needs no diff.
	head, tail := commonEnds(old, new)
	if head > 0 || tail > 0 {
		edits := []Edit{{Equal, old[:head]}}
		edits = append(edits, words(old[head:len(old)-tail], new[head:len(new)-tail], s)...)
		return mergeEdits(append(edits, Edit{Equal, old[len(old)-tail:]}))
	}
	s.units[0], s.units[1] = units(old, s.units[0][:0]), units(new, s.units[1][:0])
	oldUnits, newUnits := s.units[0], s.units[1]
	s.tokens.reset()
	oldRunes, ok1 := s.tokens.encode(old, oldUnits)
	newRunes, ok2 := s.tokens.encode(new, newUnits)
	if !ok1 || !ok2 {
		// More distinct tokens than runes: replace the whole text.
		return mergeEdits([]Edit{{Delete, old}, {Insert, new}})
	}

	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := paragraphDiff(dmp, s, old, new, oldUnits, newUnits, oldRunes, newRunes)
	diffs = dmp.DiffCleanupSemantic(diffs)

	// Map back: each rune is one unit of its side.
	edits := make([]Edit, 0, 2*len(diffs))
	oi, ni := 0, 0
	for _, d := range diffs {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			edits = append(edits, Edit{Delete, unitsText(old, oldUnits[oi:oi+n])})
			oi += n
		case diffmatchpatch.DiffInsert:
			edits = append(edits, Edit{Insert, unitsText(new, newUnits[ni:ni+n])})
			ni += n
		default:
			// Equal tokens; their whitespace may differ.
			start := 0
			for k := 0; k < n; k++ {
				u, v := oldUnits[oi+k], newUnits[ni+k]
				if u.spaceOf(old) == v.spaceOf(new) {
					continue
				}
				edits = append(edits, Edit{Equal, old[oldUnits[oi+start].start:u.space]},
					Edit{Delete, u.spaceOf(old)}, Edit{Insert, v.spaceOf(new)})
				start = k + 1
			}
			edits = append(edits, Edit{Equal, unitsText(old, oldUnits[oi+start:oi+n])})
			oi += n
			ni += n
		}
	}
	return shareSpace(mergeEdits(edits))
}

// shareSpace moves whitespace that ends both runs of a replacement (a delete next to an insert)
// into the equal run after them: "600,000 " → "800,000 " becomes "600,000" → "800,000", " ".
func shareSpace(edits []Edit) []Edit {
	for k := 0; k+1 < len(edits); k++ {
		a, b := edits[k], edits[k+1]
		if a.Op == Equal || b.Op == Equal || a.Op == b.Op {
			continue
		}
		n := 0
		for n < len(a.Text) && n < len(b.Text) && a.Text[len(a.Text)-1-n] == b.Text[len(b.Text)-1-n] && isSpaceByte(a.Text[len(a.Text)-1-n]) {
			n++
		}
		if n == 0 || n == len(a.Text) || n == len(b.Text) {
			continue
		}
		space := a.Text[len(a.Text)-n:]
		edits[k].Text = a.Text[:len(a.Text)-n]
		edits[k+1].Text = b.Text[:len(b.Text)-n]
		if k+2 < len(edits) && edits[k+2].Op == Equal {
			edits[k+2].Text = space + edits[k+2].Text
		} else {
			edits = slices.Insert(edits, k+2, Edit{Equal, space})
		}
		k++
	}
	return edits
}

// commonEnds returns the lengths of a common prefix and a common suffix of a and b that end
// and start at unit boundaries, where whitespace is followed by something else in both texts.
// They do not overlap.
func commonEnds(a, b string) (head, tail int) {
	n := min(len(a), len(b))
	common := 0
	for common < n && a[common] == b[common] {
		common++
	}
	// The byte after the cut must be common too.
	head = common
	for head > 0 && (head >= common || !unitStart(a, head)) {
		head--
	}
	common = 0
	for common < n-head && a[len(a)-1-common] == b[len(b)-1-common] {
		common++
	}
	// The byte before the cut must be common too.
	tail = common
	for tail > 0 && (tail >= common || !unitStart(a, len(a)-tail)) {
		tail--
	}
	return head, tail
}

// unitStart reports whether a unit starts at byte i of s: after ASCII whitespace, at a rune
// that is not whitespace.
func unitStart(s string, i int) bool {
	if i <= 0 || i >= len(s) || !isSpaceByte(s[i-1]) {
		return false
	}
	r, _ := decode(s, i)
	return runeClass(r) != classSpace
}

// unit is a token with the whitespace that follows it, as byte offsets into its text: the
// token is text[start:space] and the whitespace text[space:end]. A text starting with
// whitespace has a first unit whose token is that whitespace.
type unit struct {
	start, space, end int
}

func (u unit) tokenOf(text string) string { return text[u.start:u.space] }
func (u unit) spaceOf(text string) string { return text[u.space:u.end] }

// units appends the units of text to out.
func units(text string, out []unit) []unit {
	pos := 0
	forTokens(text, func(t string, class int) bool {
		start := pos
		pos += len(t)
		if class == classSpace && len(out) > 0 && out[len(out)-1].space == out[len(out)-1].end {
			out[len(out)-1].end = pos
		} else {
			out = append(out, unit{start, pos, pos})
		}
		return true
	})
	return out
}

// unitsText returns the text of consecutive units, with their whitespace.
func unitsText(text string, us []unit) string {
	if len(us) == 0 {
		return ""
	}
	return text[us[0].start:us[len(us)-1].end]
}

// tokenTable maps distinct tokens to runes: open addressing with linear probing on a hash
// of the token (the Civil Code's word diffs took 12% less time than with a map). reset clears
// only the slots in use, so a table grown for a long text costs a short one nothing.
type tokenTable struct {
	seed   maphash.Seed
	slots  []int32  // index+1 of the token in the slot, 0 when empty; a power of two long
	shift  uint     // 64 - log2(len(slots))
	tokens []string // tokens[runeIndex(r)] is the token r stands for
	hashes []uint64 // hash of each token
	used   []int32  // slot of each token
}

// reset empties the table, keeping its memory.
func (t *tokenTable) reset() {
	if t.slots == nil {
		t.seed = maphash.MakeSeed()
		t.slots, t.shift = zeroed[int32](1024), 64-10
	}
	for _, i := range t.used {
		t.slots[i] = 0
	}
	t.tokens, t.hashes, t.used = t.tokens[:0], t.hashes[:0], t.used[:0]
}

// add returns the rune of token tok, adding it when new; false when runes run out.
func (t *tokenTable) add(tok string) (rune, bool) {
	h := maphash.String(t.seed, tok)
	mask := len(t.slots) - 1
	i := int(h >> t.shift)
	for {
		k := t.slots[i]
		if k == 0 {
			break
		}
		if t.hashes[k-1] == h && t.tokens[k-1] == tok {
			r, _ := indexRune(int(k - 1))
			return r, true
		}
		i = (i + 1) & mask
	}
	r, ok := indexRune(len(t.tokens))
	if !ok {
		return 0, false
	}
	t.tokens, t.hashes, t.used = append(t.tokens, tok), append(t.hashes, h), append(t.used, int32(i))
	t.slots[i] = int32(len(t.tokens))
	if 2*len(t.tokens) > len(t.slots) {
		t.grow()
	}
	return r, true
}

// grow doubles the slots and places the tokens again.
func (t *tokenTable) grow() {
	t.slots, t.shift = zeroed[int32](2*len(t.slots)), t.shift-1
	mask := len(t.slots) - 1
	for k, h := range t.hashes {
		i := int(h >> t.shift)
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i], t.used[k] = int32(k+1), int32(i)
	}
}

// encode maps the tokens of units of text to runes; false when runes run out.
func (t *tokenTable) encode(text string, us []unit) ([]rune, bool) {
	out := make([]rune, len(us))
	for i, u := range us {
		r, ok := t.add(u.tokenOf(text))
		if !ok {
			return nil, false
		}
		out[i] = r
	}
	return out, true
}

// encodeStrings maps strings to runes; false when runes run out.
func (t *tokenTable) encodeStrings(toks []string) ([]rune, bool) {
	out := make([]rune, len(toks))
	for i, tok := range toks {
		r, ok := t.add(tok)
		if !ok {
			return nil, false
		}
		out[i] = r
	}
	return out, true
}

// paragraphDiff diffs two token sequences paragraph by paragraph first, then token by token
// within each block of replaced paragraphs, as diffmatchpatch's line mode does with lines. On
// long texts with a few edited paragraphs this is much faster than one diff of all tokens.
// The result is a diff of token runes.
func paragraphDiff(dmp *diffmatchpatch.DiffMatchPatch, s *wordScratch, old, new string, oldUnits, newUnits []unit, oldRunes, newRunes []rune) []diffmatchpatch.Diff {
	table := &s.paras
	oldCuts, newCuts := paragraphs(old, oldUnits), paragraphs(new, newUnits)
	if len(oldCuts) < 3 || len(newCuts) < 3 {
		return dmp.DiffCleanupMerge(s.anchoredDiff(dmp, oldRunes, newRunes, nil, minAnchored))
	}
	// Map each distinct paragraph (its token runes, seen as bytes: no copy) to one rune.
	table.reset()
	encode := func(runes []rune, cuts []int) ([]rune, bool) {
		paras := make([]string, len(cuts)-1)
		for k := range paras {
			paras[k] = runeBytes(runes[cuts[k]:cuts[k+1]])
		}
		return table.encodeStrings(paras)
	}
	oldParas, ok1 := encode(oldRunes, oldCuts)
	newParas, ok2 := encode(newRunes, newCuts)
	if !ok1 || !ok2 {
		return dmp.DiffCleanupMerge(s.anchoredDiff(dmp, oldRunes, newRunes, nil, minAnchored))
	}
	coarse := dmp.DiffMainRunes(oldParas, newParas, false)
	// Re-diff each block of deleted and inserted paragraphs token by token.
	// A block of as many inserted as deleted paragraphs is diffed pair by pair: the cost of a
	// diff grows with the product of length and edits, so this is much cheaper than one diff
	// of the whole block, and paragraphs edited in place are the common case. Paragraphs are
	// followed by their positions: po and pn count the old and new paragraphs gone by, and
	// the block waiting for the next equal run is old paragraphs [do, po), new [dn, pn).
	var out []diffmatchpatch.Diff
	po, pn, do, dn := 0, 0, 0, 0
	flush := func() {
		deleted, inserted := po-do, pn-dn
		if deleted != inserted {
			// One block each: consecutive paragraphs are consecutive runes.
			out = replaceRunes(s, dmp, out, oldRunes[oldCuts[do]:oldCuts[po]], newRunes[newCuts[dn]:newCuts[pn]])
		} else {
			for k := range deleted {
				out = replaceRunes(s, dmp, out, oldRunes[oldCuts[do+k]:oldCuts[do+k+1]], newRunes[newCuts[dn+k]:newCuts[dn+k+1]])
			}
		}
		do, dn = po, pn
	}
	for _, d := range coarse {
		n := utf8.RuneCountInString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			po += n
		case diffmatchpatch.DiffInsert:
			pn += n
		default:
			flush()
			out = append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffEqual, Text: string(oldRunes[oldCuts[po]:oldCuts[po+n]])})
			po, pn = po+n, pn+n
			do, dn = po, pn
		}
	}
	flush()
	return dmp.DiffCleanupMerge(out)
}

// replaceRunes appends to out the diff of a block of deleted token runes a with the block b
// inserted in its place; either may be empty.
func replaceRunes(s *wordScratch, dmp *diffmatchpatch.DiffMatchPatch, out []diffmatchpatch.Diff, a, b []rune) []diffmatchpatch.Diff {
	switch {
	case len(a) > 0 && len(b) > 0:
		return s.anchoredDiff(dmp, a, b, out, minAnchored)
	case len(a) > 0:
		return append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffDelete, Text: string(a)})
	case len(b) > 0:
		return append(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffInsert, Text: string(b)})
	}
	return out
}

// runeBytes returns the memory of runes as a string, without a copy: a key that is equal
// for equal rune sequences. It must not outlive runes, nor be read as text.
func runeBytes(runes []rune) string {
	if len(runes) == 0 {
		return ""
	}
	return unsafe.String((*byte)(unsafe.Pointer(unsafe.SliceData(runes))), len(runes)*4)
}

// minAnchored is the fewest tokens two texts must have together before anchoredDiff cuts
// them at anchors. Below it a diff is cheap, and diffmatchpatch's diff of the whole, which
// keeps the most tokens equal, reads best; on the Civil Code only the few long, much
// rewritten stretches reach it.
const minAnchored = 300

// anchoredDiff appends to out the diff of two texts of token runes. Texts of at least
// minTokens tokens together are first cut at their anchors: tokens that occur exactly once
// in each text, the longest run of them that comes in the same order in both (as a patience
// diff finds them). The stretches between anchors are diffed the same way, with anchors
// unique within them, and diffmatchpatch diffs what has no anchors or is short.
// A diff costs about the product of the texts' length and their differences, so on long,
// much rewritten texts many short diffs are far cheaper than one long one.
// Adjacent runs of the same operation are joined.
func (s *wordScratch) anchoredDiff(dmp *diffmatchpatch.DiffMatchPatch, a, b []rune, out []diffmatchpatch.Diff, minTokens int) []diffmatchpatch.Diff {
	var anchors [][2]int
	if len(a)+len(b) >= minTokens && len(a) > 0 && len(b) > 0 {
		anchors = s.anchors(a, b)
	}
	if len(anchors) == 0 {
		return appendDiffs(out, dmp.DiffMainRunes(a, b, false)...)
	}
	i, j := 0, 0
	for _, p := range anchors {
		out = s.anchoredDiff(dmp, a[i:p[0]], b[j:p[1]], out, minTokens)
		out = appendDiffs(out, diffmatchpatch.Diff{Type: diffmatchpatch.DiffEqual, Text: string(a[p[0]])})
		i, j = p[0]+1, p[1]+1
	}
	return s.anchoredDiff(dmp, a[i:], b[j:], out, minTokens)
}

// appendDiffs appends diffs to out, joining each to the last when they have the same
// operation.
func appendDiffs(out []diffmatchpatch.Diff, diffs ...diffmatchpatch.Diff) []diffmatchpatch.Diff {
	for _, d := range diffs {
		if n := len(out); n > 0 && out[n-1].Type == d.Type {
			out[n-1].Text += d.Text
			continue
		}
		out = append(out, d)
	}
	return out
}

// anchors returns the positions in a and b of the anchors of two texts of token runes:
// the longest sequence of tokens that occur once in a and once in b, in the same order in
// both. It is empty when there is no such token.
func (s *wordScratch) anchors(a, b []rune) [][2]int {
	n := len(s.tokens.tokens)
	if len(s.seen) < n {
		s.seen = zeroed[tokenSeen](n)
	}
	seen := s.seen
	for i, r := range a {
		t := &seen[runeIndex(r)]
		t.inA++
		t.atA = int32(i)
	}
	for j, r := range b {
		t := &seen[runeIndex(r)]
		t.inB++
		t.atB = int32(j)
	}
	// Tokens unique in both, in a's order; then the longest run of them increasing in b
	// (patience sorting: piles[k] ends the best run of length k+1 seen so far).
	cands := s.cands[:0]
	for _, r := range a {
		if t := seen[runeIndex(r)]; t.inA == 1 && t.inB == 1 {
			cands = append(cands, [2]int{int(t.atA), int(t.atB)})
		}
	}
	for _, r := range a {
		seen[runeIndex(r)] = tokenSeen{}
	}
	for _, r := range b {
		seen[runeIndex(r)] = tokenSeen{}
	}
	s.cands = cands
	if len(cands) == 0 {
		return nil
	}
	piles := s.piles[:0]
	prev := slices.Grow(s.prev[:0], len(cands))[:len(cands)]
	for c, p := range cands {
		k, _ := slices.BinarySearchFunc(piles, p[1], func(top int, j int) int { return cmp.Compare(cands[top][1], j) })
		if k == len(piles) {
			piles = append(piles, c)
		} else {
			piles[k] = c
		}
		prev[c] = -1
		if k > 0 {
			prev[c] = piles[k-1]
		}
	}
	s.piles, s.prev = piles, prev
	out := make([][2]int, len(piles))
	for k, c := len(piles)-1, piles[len(piles)-1]; k >= 0; k, c = k-1, prev[c] {
		out[k] = cands[c]
	}
	return out
}

// tokenSeen counts a token's occurrences in two texts and where it last occurred in each.
type tokenSeen struct {
	inA, inB, atA, atB int32
}

// paragraphs returns the unit positions where paragraphs start, and the end: a paragraph ends
// with a unit followed by a blank line.
func paragraphs(text string, us []unit) []int {
	cuts := []int{0}
	for k, u := range us {
		if sp := u.spaceOf(text); len(sp) >= 2 && k+1 < len(us) && strings.Count(sp, "\n") >= 2 {
			cuts = append(cuts, k+1)
		}
	}
	return append(cuts, len(us))
}

// Runes stand for tokens from 1 on, skipping the surrogate range, up to the last valid rune.
const (
	surrogateFirst = 0xD800
	surrogateCount = 0xE000 - 0xD800
	maxTokens      = unicode.MaxRune - surrogateCount // runes 1..MaxRune minus surrogates
)

// indexRune returns the rune standing for the token with index i.
func indexRune(i int) (rune, bool) {
	if i >= maxTokens {
		return 0, false
	}
	r := rune(i + 1)
	if r >= surrogateFirst {
		r += surrogateCount
	}
	return r, true
}

// runeIndex inverts indexRune.
func runeIndex(r rune) int {
	if r >= surrogateFirst+surrogateCount {
		r -= surrogateCount
	}
	return int(r) - 1
}

// mergeEdits drops empty runs and joins adjacent runs of the same operation.
func mergeEdits(edits []Edit) []Edit {
	out := edits[:0]
	for _, e := range edits {
		if e.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Op == e.Op {
			out[n-1].Text += e.Text
			continue
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Token classes for the word diff.
const (
	classWord = iota
	classSpace
	classPunct
	classCJK // a CJK character, always a token of its own
)

// forTokens calls fn with each token of text and its class, in order, until fn returns false:
// words, whitespace runs and punctuation runs, which concatenated give text. Numbers keep their inner separators
// ("600,000", "1.5", "2025-12-23") and words their inner apostrophes ("Ukraine's"). Invalid
// UTF-8 bytes count as punctuation.
func forTokens(text string, fn func(token string, class int) bool) {
	start := 0
	prevClass := -1
	var prev rune // last rune of the current token
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && int(asciiClasses[c]) == prevClass {
			// The common case: an ASCII character going on with a token of its class.
			prev = rune(c)
			i++
			continue
		}
		r, size := decode(text, i)
		class := runeClass(r)
		if class == classPunct && prevClass == classWord && i+size < len(text) {
			// A separator between digits or an apostrophe between letters joins the word.
			next, _ := decode(text, i+size)
			if joins(prev, r, next) {
				prev = r
				i += size
				continue
			}
		}
		if class != prevClass || class == classCJK {
			if i > start && !fn(text[start:i], prevClass) {
				return
			}
			start = i
			prevClass = class
		}
		prev = r
		i += size
	}
	if start < len(text) {
		fn(text[start:], prevClass)
	}
}

// decode returns the rune at byte offset i, with an ASCII fast path.
func decode(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

// joins reports whether the punctuation r between prev and next belongs to the word.
func joins(prev, r, next rune) bool {
	switch r {
	case '.', ',', ':', '/', '-':
		return isDigit(prev) && isDigit(next)
	case '\'', '’':
		return isLetter(prev) && isLetter(next)
	}
	return false
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return unicode.IsDigit(r)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) && !isCJK(r)
}

// asciiClass is runeClass for an ASCII character.
func asciiClass(c byte) int { return int(asciiClasses[c]) }

// asciiClasses (read only) holds the class of each ASCII character.
var asciiClasses = func() (t [utf8.RuneSelf]int8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = classWord
		case c == ' ', c == '\n', c == '\t', c == '\r', c == '\v', c == '\f':
			t[c] = classSpace
		default:
			t[c] = classPunct
		}
	}
	return t
}()

// runeClass classifies a rune for tokenizing.
func runeClass(r rune) int {
	if r < utf8.RuneSelf {
		return asciiClass(byte(r))
	}
	switch {
	case r == utf8.RuneError:
		return classPunct
	case isCJK(r):
		return classCJK
	case r == '§', unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
		return classWord
	case unicode.IsSpace(r):
		return classSpace
	}
	return classPunct
}

// isCJK reports whether r is a Han, Hiragana or Katakana character: scripts written without
// spaces, whose characters are compared one by one.
func isCJK(r rune) bool {
	return r >= 0x2E80 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r))
}
