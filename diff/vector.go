package diff

import (
	"math"
	"runtime"
	"slices"
	"sync"
)

// vocabulary interns case-folded words, by their 64-bit hash, and counts in how many texts
// each occurs. (Two words with the same hash would count as one: that could only blur a
// similarity score, and is far less likely than any typo.)
type vocabulary struct {
	ids   map[uint64]int32
	df    []int32 // document frequency per word id
	texts int     // number of texts counted in df
}

// internAll interns the word hashes of texts (sorting each list in place) and returns each
// text's word ids, sorted. Contiguous shares of the texts are interned on all cores into
// local vocabularies, which are then merged in order, so ids do not depend on scheduling.
func (v *vocabulary) internAll(texts [][]uint64) [][]int32 {
	out := make([][]int32, len(texts))
	workers := min(runtime.GOMAXPROCS(0), len(texts)/32+1)
	locals := make([]localVocabulary, workers)
	share := func(w int) (int, int) { return w * len(texts) / workers, (w + 1) * len(texts) / workers }
	var wg sync.WaitGroup
	for w := range locals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := localVocabulary{ids: make(map[uint64]int32)}
			from, to := share(w)
			for k := from; k < to; k++ {
				out[k] = l.intern(texts[k])
			}
			locals[w] = l
		}()
	}
	wg.Wait()
	for w, l := range locals {
		global := make([]int32, len(l.hashes))
		for id, h := range l.hashes {
			global[id] = v.id(h)
		}
		from, to := share(w)
		parallel(to-from, func(_, n int) {
			ids := out[from+n]
			for j, id := range ids {
				ids[j] = global[id]
			}
			slices.Sort(ids)
		})
	}
	return out
}

// localVocabulary is one worker's share of a vocabulary.
type localVocabulary struct {
	ids    map[uint64]int32
	hashes []uint64 // by local id
}

// intern returns the ids of word hashes (sorted in place), adding new ones, in hash order.
func (l *localVocabulary) intern(hashes []uint64) []int32 {
	slices.Sort(hashes)
	ids := make([]int32, len(hashes))
	for k := 0; k < len(hashes); {
		h := hashes[k]
		id, ok := l.ids[h]
		if !ok {
			id = int32(len(l.hashes))
			l.ids[h] = id
			l.hashes = append(l.hashes, h)
		}
		for ; k < len(hashes) && hashes[k] == h; k++ {
			ids[k] = id
		}
	}
	return ids
}

// id returns the id of a word hash, adding it when new.
func (v *vocabulary) id(h uint64) int32 {
	id, ok := v.ids[h]
	if !ok {
		id = int32(len(v.ids))
		v.ids[h] = id
	}
	return id
}

// intern returns text's word ids, sorted.
func (v *vocabulary) intern(text string) []int32 {
	hashes := appendWordHashes(nil, text)
	ids := make([]int32, len(hashes))
	for k, h := range hashes {
		ids[k] = v.id(h)
	}
	slices.Sort(ids)
	return ids
}

// count adds one text's sorted word ids to the document frequencies.
func (v *vocabulary) count(ids []int32) {
	for len(v.df) < len(v.ids) {
		v.df = append(v.df, 0)
	}
	for k, id := range ids {
		if k == 0 || ids[k-1] != id {
			v.df[id]++
		}
	}
	v.texts++
}

// idf is the smoothed inverse document frequency of a word.
func (v *vocabulary) idf(id int32) float64 {
	var df int32
	if int(id) < len(v.df) {
		df = v.df[id]
	}
	return math.Log(float64(1+v.texts)/float64(1+df)) + 1
}

// vector is a text's TF-IDF vector of unit length: word ids ascending and their weights.
type vector struct {
	ids []int32
	w   []float32
}

// vectorOf weights sorted word ids by (1 + ln tf) · idf and normalises the result.
func (v *vocabulary) vectorOf(ids []int32) vector {
	var vec vector
	var norm float64
	for k := 0; k < len(ids); {
		end := k + 1
		for end < len(ids) && ids[end] == ids[k] {
			end++
		}
		w := (1 + math.Log(float64(end-k))) * v.idf(ids[k])
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

// newIndex indexes the vectors of targets; vocabSize bounds the word ids.
func newIndex(vecs []vector, vocabSize int) *index {
	x := &index{start: make([]int32, vocabSize+1), cap: int32(min(max(len(vecs)/8, minPostings), maxPostings))}
	for _, v := range vecs {
		for _, id := range v.ids {
			x.start[id+1]++
		}
	}
	for w := 1; w <= vocabSize; w++ {
		x.start[w] += x.start[w-1]
	}
	x.post = make([]int32, x.start[vocabSize])
	x.weight = make([]float32, x.start[vocabSize])
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
}

// query returns up to limit targets sharing the most weight with v through uncommon words,
// best first (ties by position). When all of v's words are common, its rarest word's first
// postings are used.
func (x *index) query(v vector, s *scratch, targets, limit int) []int32 {
	if len(s.acc) < targets {
		s.acc = make([]float32, targets)
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
