package diff

import (
	"math/rand/v2"
	"testing"
)

// TestCosineDense checks that the cosine of a vector spread into a dense array equals, bit
// for bit, the cosine of the two merged lists, and that unspread leaves the array zero.
func TestCosineDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var v vocabulary
	const size = 300
	random := func() vector {
		var ids []int32
		for id := range int32(size) {
			if rng.IntN(4) == 0 {
				for range 1 + rng.IntN(3) {
					ids = append(ids, id)
				}
			}
		}
		return v.vectorOf(ids)
	}
	var s scratch
	for range 200 {
		a, b := random(), random()
		dense := s.spread(a, size)
		if got, want := cosineDense(dense, b), cosine(a, b); got != want {
			t.Fatalf("cosineDense = %v, cosine = %v", got, want)
		}
		s.unspread(a)
		for id, w := range s.dense {
			if w != 0 {
				t.Fatalf("word %d left at %v", id, w)
			}
		}
	}
}
