package diff_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/plandiff/plandiff/diff"
	planfile "github.com/plandiff/plandiff/internal/plan"
)

// The Civil Code (BGB) as of 2013, 2018 and 2022; see ../../shared/corpora/README.md.
const corpusDir = "../../shared/corpora/bgb"

// loadBGB reads one version of the Civil Code as a document, one point per section as
// plan.Split cuts it (its text without the heading), or skips the test.
func loadBGB(tb testing.TB, year string) diff.Document {
	tb.Helper()
	name := filepath.Join(corpusDir, "bgb-"+year+".md")
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		tb.Skipf("corpus not available: %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	points, err := planfile.Split(name, data, planfile.SplitHeadings)
	if err != nil {
		tb.Fatal(err)
	}
	d := diff.Document{ID: "bgb-" + year}
	for _, p := range points {
		d.Points = append(d.Points, diff.Point{Label: p.Label, Text: p.Text})
	}
	return d
}

// counts tallies the changes of a result by kind.
func counts(r diff.Result) map[diff.Kind]int {
	n := make(map[diff.Kind]int)
	for _, c := range r.Changes {
		n[c.Kind]++
	}
	return n
}

// TestBGB compares the Civil Code versions; the counts are the README's figures.
func TestBGB(t *testing.T) {
	kinds := []diff.Kind{diff.Unchanged, diff.Modified, diff.Renumbered, diff.Moved, diff.Split, diff.Merged, diff.Added, diff.Removed}
	for _, tc := range []struct {
		old, new string
		want     map[diff.Kind]int
	}{
		{"2013", "2018", map[diff.Kind]int{diff.Unchanged: 2146, diff.Modified: 221, diff.Renumbered: 5, diff.Moved: 4,
			diff.Split: 3, diff.Added: 150, diff.Removed: 40}},
		{"2018", "2022", map[diff.Kind]int{diff.Unchanged: 2531, diff.Modified: 3}},
		{"2013", "2022", map[diff.Kind]int{diff.Unchanged: 2146, diff.Modified: 221, diff.Renumbered: 5, diff.Moved: 4,
			diff.Split: 3, diff.Added: 150, diff.Removed: 40}},
	} {
		t.Run(tc.old+"-"+tc.new, func(t *testing.T) {
			old, new := loadBGB(t, tc.old), loadBGB(t, tc.new)
			r := checkInvariants(t, old, new, diff.Options{})
			got := counts(r)
			var line []string
			for _, k := range kinds {
				line = append(line, fmt.Sprintf("%s %d", k, got[k]))
			}
			t.Logf("BGB %s → %s (%d → %d sections): %s", tc.old, tc.new, len(old.Points), len(new.Points), strings.Join(line, ", "))
			for _, k := range kinds {
				if got[k] != tc.want[k] {
					t.Errorf("%s: %d, want %d", k, got[k], tc.want[k])
				}
			}
		})
	}
}

// TestBGBHiddenNumbers relabels every section 1..N in document order on both sides, so labels
// say nothing, and checks that alignment still pairs each section with its true successor
// (the new section with the same original label) for at least 98% of the sections whose
// wording changed by less than half: deleted plus inserted words fewer than half the words of
// both texts together.
func TestBGBHiddenNumbers(t *testing.T) {
	for _, pair := range [][2]string{{"2013", "2018"}, {"2018", "2022"}, {"2013", "2022"}} {
		t.Run(pair[0]+"-"+pair[1], func(t *testing.T) {
			old, new := loadBGB(t, pair[0]), loadBGB(t, pair[1])
			rate, total := hiddenNumbers(t, old, new)
			t.Logf("BGB %s → %s, labels hidden: %.2f%% of %d sections changed by less than half recovered",
				pair[0], pair[1], 100*rate, total)
			if rate < 0.98 {
				t.Errorf("recovered %.2f%%, want at least 98%%", 100*rate)
			}
		})
	}
}

// hiddenNumbers compares old and new with labels replaced by positions and returns the share
// of sections changed by less than half that were matched to their true successor.
func hiddenNumbers(t *testing.T, old, new diff.Document) (rate float64, total int) {
	newByLabel := make(map[string]int)
	for j, p := range new.Points {
		newByLabel[p.Label] = j
	}
	hide := func(d diff.Document) diff.Document {
		h := diff.Document{ID: d.ID, Points: make([]diff.Point, len(d.Points))}
		for i, p := range d.Points {
			h.Points[i] = diff.Point{Label: fmt.Sprint(i + 1), Text: p.Text}
		}
		return h
	}
	r, err := diff.Compare(hide(old), hide(new), diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	changeOf := make([]int, len(old.Points))
	for k, c := range r.Changes {
		for _, i := range c.From {
			changeOf[i] = k
		}
	}
	recovered := 0
	for i, p := range old.Points {
		j, ok := newByLabel[p.Label]
		if !ok || !lessThanHalf(p.Text, new.Points[j].Text) {
			continue
		}
		total++
		if slicesContains(r.Changes[changeOf[i]].To, j) {
			recovered++
		} else if testing.Verbose() {
			t.Logf("not recovered: %s (%s)", p.Label, summary(diff.Result{Changes: r.Changes[changeOf[i] : changeOf[i]+1]}, old, new)[0])
		}
	}
	return float64(recovered) / float64(total), total
}

// lessThanHalf reports whether the word diff from a to b deletes and inserts fewer words than
// half the words of both texts.
func lessThanHalf(a, b string) bool {
	changed, all := 0, wordCount(a)+wordCount(b)
	for _, e := range diff.Words(a, b) {
		if e.Op != diff.Equal {
			changed += wordCount(e.Text)
		}
	}
	return 2*changed < all
}

// wordCount counts the runs of letters and digits in s.
func wordCount(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

func slicesContains(s []int, v int) bool { return slices.Contains(s, v) }
