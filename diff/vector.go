package diff

import (
	"math"
	"slices"
)

// vocabulary interns case-folded words, by their 64-bit hash, and counts in how many texts
// each occurs. (Two words with the same hash would count as one: that could only blur a
// similarity score, and is far less likely than any typo.)
type vocabulary struct {
	words wordTable
	df    []int32   // document frequency per word id
	texts int       // number of texts counted in df
	idfs  []float64 // idf per word id, once counting is over
}

// size is the number of distinct words.
func (v *vocabulary) size() int { return v.words.n }

// internAll interns the word hashes of texts, counts each word's texts in the document
// frequencies, and returns each text's word ids, sorted. Ids are given in order of first
// occurrence, so they depend on the input only.
func (v *vocabulary) internAll(texts [][]uint64) [][]int32 {
	total := 0
	for _, hashes := range texts {
		total += len(hashes)
	}
	v.words.reserve(total / 16) // a text of n words has far fewer distinct ones
	ids := make([]int32, total) // every text's word ids, text after text
	n := 0
	for _, hashes := range texts {
		for _, h := range hashes {
			ids[n] = v.words.id(h)
			n++
		}
	}
	// Sorted by a counting sort over all texts at once: the occurrences are grouped by id,
	// then dealt back to their texts in id order.
	start := make([]int32, v.size()+1)
	for _, id := range ids {
		start[id+1]++
	}
	for id := 1; id < len(start); id++ {
		start[id] += start[id-1]
	}
	owner := make([]int32, total) // text of each occurrence, grouped by id
	n = 0
	for k, hashes := range texts {
		for range hashes {
			id := ids[n]
			owner[start[id]] = int32(k)
			start[id]++
			n++
		}
	}
	out := make([][]int32, len(texts))
	n = 0
	for k, hashes := range texts {
		out[k] = ids[n : n : n+len(hashes)]
		n += len(hashes)
	}
	// start[id] now ends id's group. Each text's ids are rewritten in place, in id order,
	// and a word's texts are counted as they go by.
	for len(v.df) < v.size() {
		v.df = append(v.df, 0)
	}
	p := 0
	for id := range int32(v.size()) {
		last := int32(-1)
		for ; p < int(start[id]); p++ {
			k := owner[p]
			out[k] = append(out[k], id)
			if k != last {
				v.df[id]++
				last = k
			}
		}
	}
	v.texts += len(texts)
	return out
}

// intern returns text's word ids, sorted.
func (v *vocabulary) intern(text string) []int32 {
	var ids []int32
	forWordHashes(text, func(h uint64) { ids = append(ids, v.words.id(h)) })
	slices.Sort(ids)
	return ids
}

// settle computes the idf of every word counted so far; words interned later have none in df.
func (v *vocabulary) settle() {
	v.idfs = make([]float64, len(v.df))
	for id := range v.idfs {
		v.idfs[id] = v.idfOf(v.df[id])
	}
}

// idf is the smoothed inverse document frequency of a word.
func (v *vocabulary) idf(id int32) float64 {
	if int(id) < len(v.idfs) {
		return v.idfs[id]
	}
	var df int32
	if int(id) < len(v.df) {
		df = v.df[id]
	}
	return v.idfOf(df)
}

func (v *vocabulary) idfOf(df int32) float64 {
	return math.Log(float64(1+v.texts)/float64(1+df)) + 1
}

// wordTable maps word hashes to dense ids from 0: open addressing with linear probing, several
// times faster than a map on this, the alignment's hottest lookup.
type wordTable struct {
	keys  []uint64
	slots []int32 // id+1 of the word in the slot, 0 when the slot is empty
	n     int     // words held
	shift uint    // 64 - log2(len(slots))
}

// reserve makes room for n words without growing.
func (t *wordTable) reserve(n int) {
	if n*2 > len(t.slots) {
		t.resize(n * 2)
	}
}

func (t *wordTable) resize(atLeast int) {
	size, bits := 16, uint(4)
	for size < atLeast {
		size *= 2
		bits++
	}
	old, oldKeys := t.slots, t.keys
	t.slots, t.keys, t.shift = zeroed[int32](size), make([]uint64, size), 64-bits
	for k, id := range old {
		if id != 0 {
			i := t.home(oldKeys[k])
			for t.slots[i] != 0 {
				i = (i + 1) & (len(t.slots) - 1)
			}
			t.slots[i], t.keys[i] = id, oldKeys[k]
		}
	}
}

// home is the first slot a hash probes: its top bits after a Fibonacci multiplication.
func (t *wordTable) home(h uint64) int { return int((h * 0x9E3779B97F4A7C15) >> t.shift) }

// id returns the id of a word hash, adding it when new.
func (t *wordTable) id(h uint64) int32 {
	if 2*(t.n+1) > len(t.slots) {
		t.resize(4 * (t.n + 1))
	}
	for i := t.home(h); ; i = (i + 1) & (len(t.slots) - 1) {
		switch t.slots[i] {
		case 0:
			t.n++
			t.slots[i], t.keys[i] = int32(t.n), h
			return int32(t.n - 1)
		default:
			if t.keys[i] == h {
				return t.slots[i] - 1
			}
		}
	}
}

// vector is a text's TF-IDF vector of unit length: word ids ascending and their weights.
type vector struct {
	ids []int32
	w   []float32
}

// vectorOf weights sorted word ids by (1 + ln tf) · idf and normalises the result.
func (v *vocabulary) vectorOf(ids []int32) vector {
	distinct := 0
	for k := range ids {
		if k == 0 || ids[k] != ids[k-1] {
			distinct++
		}
	}
	vec := vector{ids: make([]int32, 0, distinct), w: make([]float32, 0, distinct)}
	var norm float64
	for k := 0; k < len(ids); {
		end := k + 1
		for end < len(ids) && ids[end] == ids[k] {
			end++
		}
		w := v.idf(ids[k])
		if end-k > 1 {
			w *= 1 + math.Log(float64(end-k))
		}
		vec.ids = append(vec.ids, ids[k])
		vec.w = append(vec.w, float32(w))
		norm += w * w
		k = end
	}
	if norm > 0 {
		scale := 1 / math.Sqrt(norm)
		for k := range vec.w {
			vec.w[k] = float32(float64(vec.w[k]) * scale)
		}
	}
	return vec
}

// cosine returns the cosine similarity of two unit vectors, clamped to 0..1.
func cosine(a, b vector) float64 {
	var dot float64
	for i, j := 0, 0; i < len(a.ids) && j < len(b.ids); {
		switch {
		case a.ids[i] < b.ids[j]:
			i++
		case a.ids[i] > b.ids[j]:
			j++
		default:
			dot += float64(a.w[i]) * float64(b.w[j])
			i++
			j++
		}
	}
	return min(max(dot, 0), 1)
}

// overlap returns the size of the multiset intersection of two sorted id lists.
func overlap(a, b []int32) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// mergeSorted returns the multiset sum of sorted id lists, sorted.
func mergeSorted(lists ...[]int32) []int32 {
	var out []int32
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return out
}

// index is an inverted index from word ids to the target texts holding them.
// Words held by more than cap targets are too common to find candidates with.
type index struct {
	start  []int32 // postings of word id w are post[start[w]:start[w+1]]
	post   []int32 // target positions
	weight []float32
	cap    int32
}

// Posting caps: the postings of a word are scanned only when it is held by at most an eighth
// of the targets, and at most maxPostings of them. A word in more texts says little about
// which of them a text resembles, and scanning it would make candidate search quadratic.
const (
	minPostings = 32
	maxPostings = 256
)

// newIndex indexes the vectors of targets; vocabSize bounds the word ids. The index reuses
// the memory of x, which it replaces.
func newIndex(vecs []vector, vocabSize int, x *index) *index {
	x.start = slices.Grow(x.start[:0], vocabSize+1)[:vocabSize+1]
	clear(x.start)
	x.cap = int32(min(max(len(vecs)/8, minPostings), maxPostings))
	for _, v := range vecs {
		for _, id := range v.ids {
			x.start[id+1]++
		}
	}
	for w := 1; w <= vocabSize; w++ {
		x.start[w] += x.start[w-1]
	}
	x.post = slices.Grow(x.post[:0], int(x.start[vocabSize]))[:x.start[vocabSize]]
	x.weight = slices.Grow(x.weight[:0], int(x.start[vocabSize]))[:x.start[vocabSize]]
	fill := slices.Clone(x.start[:vocabSize])
	for t, v := range vecs {
		for k, id := range v.ids {
			x.post[fill[id]] = int32(t)
			x.weight[fill[id]] = v.w[k]
			fill[id]++
		}
	}
	return x
}

// scratch is one worker's accumulator for index queries.
type scratch struct {
	acc     []float32
	touched []int32
	dense   []float32 // one vector's weights by word id, zero elsewhere
}

// spread writes v's weights into a dense array by word id, for cosineDense, and returns it;
// unspread clears them again.
func (s *scratch) spread(v vector, vocabSize int) []float32 {
	if len(s.dense) < vocabSize {
		s.dense = zeroed[float32](vocabSize)
	}
	for k, id := range v.ids {
		s.dense[id] = v.w[k]
	}
	return s.dense
}

func (s *scratch) unspread(v vector) {
	for _, id := range v.ids {
		s.dense[id] = 0
	}
}

// cosineDense is cosine(a, b) for a spread into dense: the same products added in the same
// order (by word id), so the same result, without merging two lists.
func cosineDense(dense []float32, b vector) float64 {
	var dot float64
	for k, id := range b.ids {
		if w := dense[id]; w != 0 {
			dot += float64(w) * float64(b.w[k])
		}
	}
	return min(max(dot, 0), 1)
}

// query returns up to limit targets sharing the most weight with v through uncommon words,
// best first (ties by position). When all of v's words are common, its rarest word's first
// postings are used.
func (x *index) query(v vector, s *scratch, targets, limit int) []int32 {
	if len(s.acc) < targets {
		s.acc = zeroed[float32](targets)
	}
	s.touched = s.touched[:0]
	add := func(lo, hi int32, w float32) {
		for p := lo; p < hi; p++ {
			t := x.post[p]
			if s.acc[t] == 0 {
				s.touched = append(s.touched, t)
			}
			s.acc[t] += w * x.weight[p]
		}
	}
	rarest, rarestLen := int32(-1), int32(math.MaxInt32)
	for k, id := range v.ids {
		if int(id)+1 >= len(x.start) {
			continue
		}
		lo, hi := x.start[id], x.start[id+1]
		if hi == lo {
			continue
		}
		if hi-lo < rarestLen {
			rarest, rarestLen = int32(k), hi-lo
		}
		if hi-lo <= x.cap {
			add(lo, hi, v.w[k])
		}
	}
	if len(s.touched) == 0 && rarest >= 0 {
		lo := x.start[v.ids[rarest]]
		add(lo, lo+min(rarestLen, x.cap), v.w[rarest])
	}
	// The best targets, by accumulated weight and then position.
	var best []int32
	better := func(a, b int32) bool { return s.acc[a] > s.acc[b] || s.acc[a] == s.acc[b] && a < b }
	for _, t := range s.touched {
		if len(best) == limit && !better(t, best[limit-1]) {
			continue
		}
		k := len(best)
		if k < limit {
			best = append(best, t)
		} else {
			k--
		}
		for k > 0 && better(t, best[k-1]) {
			best[k] = best[k-1]
			k--
		}
		best[k] = t
	}
	out := best
	for _, t := range s.touched {
		s.acc[t] = 0
	}
	return out
}

// zeroed returns a slice of n zero values whose memory has been written to. A large new slice
// lies on fresh pages that the kernel maps at first touch; when a page is first read, Linux
// maps its shared zero page there and has to replace it at the first write, flushing the old
// mapping from every other core that runs the process: on this project's 2-core virtual
// machine an interrupt costing ~35 µs each time, against ~2 µs for a page first written.
// Tables that are read before they are filled are allocated with it.
func zeroed[T any](n int) []T {
	s := make([]T, n)
	clear(s)
	return s
}
