package diff

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// tokenRunes cuts two texts into tokens and maps them to runes through s's token table.
func tokenRunes(t testing.TB, s *wordScratch, a, b string) ([]rune, []rune) {
	t.Helper()
	s.tokens.reset()
	ar, ok1 := s.tokens.encode(a, units(a, nil))
	br, ok2 := s.tokens.encode(b, units(b, nil))
	if !ok1 || !ok2 {
		t.Fatalf("too many tokens")
	}
	return ar, br
}

func TestAnchors(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b string
		want [][2]int
	}{
		{"same text", "a b c d", "a b c d", [][2]int{{0, 0}, {1, 1}, {2, 2}, {3, 3}}},
		{"halves swapped: the later run wins a tie", "a b c d", "c d a b", [][2]int{{2, 0}, {3, 1}}},
		{"longest run in order", "a b c d e", "a c e b d", [][2]int{{0, 0}, {2, 1}, {4, 2}}},
		{"repeated tokens are no anchors, crossing ones compete", "the cat and the dog", "the dog and the cat", [][2]int{{4, 1}}},
		{"a token in one text only", "a b", "c d", nil},
		{"no unique token", "x x", "x x", nil},
		{"unique in one, twice in the other", "x y", "y x y", [][2]int{{0, 1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &wordScratch{}
			a, b := tokenRunes(t, s, tc.a, tc.b)
			if got := s.anchors(a, b); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("anchors(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
			for i, c := range s.seen {
				if c != (tokenSeen{}) {
					t.Fatalf("seen[%d] = %+v after use, want zero", i, c)
				}
			}
		})
	}
}

func TestAnchoredDiff(t *testing.T) {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	// Two stretches rewritten around a sentence kept as it was: the anchors of the kept
	// sentence split the diff in two.
	a := "One two three four. Kept sentence stays here. Five six seven eight."
	b := "Nine ten eleven. Kept sentence stays here. Twelve thirteen."
	s := &wordScratch{}
	ar, br := tokenRunes(t, s, a, b)
	got := rebuildTokens(t, s, s.anchoredDiff(dmp, ar, br, nil, 0), ar, br)
	want := []string{"-One two three four", "+Nine ten eleven", "=. Kept sentence stays here .", "-Five six seven eight", "+Twelve thirteen", "=."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("anchoredDiff = %q, want %q", got, want)
	}
	// Below the threshold the texts are diffed whole, exactly as diffmatchpatch does.
	whole := dmp.DiffMainRunes(ar, br, false)
	if got := s.anchoredDiff(dmp, ar, br, nil, len(ar)+len(br)+1); !reflect.DeepEqual(got, whole) {
		t.Errorf("anchoredDiff below the threshold = %v, want diffmatchpatch's %v", got, whole)
	}
}

// rebuildTokens checks that diffs of token runes rebuild a and b, with no two adjacent runs
// of the same operation, and returns the runs as their tokens joined by spaces, each
// prefixed with =, - or +.
func rebuildTokens(t testing.TB, s *wordScratch, diffs []diffmatchpatch.Diff, a, b []rune) []string {
	t.Helper()
	var out []string
	var oldSide, newSide strings.Builder
	for k, d := range diffs {
		if k > 0 && diffs[k-1].Type == d.Type {
			t.Fatalf("runs %d and %d have the same operation: %v", k-1, k, diffs)
		}
		var tokens []string
		for _, r := range d.Text {
			tokens = append(tokens, s.tokens.tokens[runeIndex(r)])
		}
		text := strings.Join(tokens, " ")
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			oldSide.WriteString(d.Text)
			newSide.WriteString(d.Text)
			out = append(out, "="+text)
		case diffmatchpatch.DiffDelete:
			oldSide.WriteString(d.Text)
			out = append(out, "-"+text)
		case diffmatchpatch.DiffInsert:
			newSide.WriteString(d.Text)
			out = append(out, "+"+text)
		}
	}
	if oldSide.String() != string(a) || newSide.String() != string(b) {
		t.Fatalf("diffs do not rebuild the texts: %v", diffs)
	}
	return out
}

// FuzzAnchoredDiff checks that the anchored diff of any two texts rebuilds both, whatever
// the threshold, and leaves the scratch space's token counts at zero.
func FuzzAnchoredDiff(f *testing.F) {
	f.Add("a b c d", "c d a b")
	f.Add("the cat and the dog", "the dog and the cat sat")
	f.Add("One two. Kept here. Three.", "Four. Kept here. Five six.")
	f.Add("§ 1 (1) Wer\n\n(2) Der", "§ 1 (1) Der\n\n(2) Wer")
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			t.Skip()
		}
		s := &wordScratch{}
		ar, br := tokenRunes(t, s, a, b)
		for _, min := range []int{0, 8} {
			rebuildTokens(t, s, s.anchoredDiff(dmp, ar, br, nil, min), ar, br)
			for i, c := range s.seen {
				if c != (tokenSeen{}) {
					t.Fatalf("seen[%d] = %+v after use, want zero", i, c)
				}
			}
		}
	})
}
