package diff_test

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/plandiff/plandiff/diff"
)

func TestCompare(t *testing.T) {
	for _, tc := range hardCases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := diff.Compare(tc.old, tc.new, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(r, tc.old, tc.new); !slices.Equal(got, tc.want) {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tc.want, "\n\t"))
			}
		})
	}
}

// TestCompareInvariants checks what must hold for every comparison, in both directions.
func TestCompareInvariants(t *testing.T) {
	for _, tc := range hardCases {
		t.Run(tc.name, func(t *testing.T) {
			checkInvariants(t, tc.old, tc.new, tc.opt)
			checkInvariants(t, tc.new, tc.old, tc.opt)
		})
	}
}

// checkInvariants compares old and new twice and checks the result's invariants.
func checkInvariants(t *testing.T, old, new diff.Document, opt diff.Options) diff.Result {
	t.Helper()
	r, err := diff.Compare(old, new, opt)
	if err != nil {
		t.Fatal(err)
	}
	again, err := diff.Compare(old, new, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r, again) {
		t.Errorf("two comparisons differ:\n%v\n%v", r, again)
	}
	seen := [2][]int{make([]int, len(old.Points)), make([]int, len(new.Points))}
	lastNew := -1
	for k, c := range r.Changes {
		for s, idx := range [2][]int{c.From, c.To} {
			if !slices.IsSorted(idx) {
				t.Errorf("change %d: indexes %v not ascending", k, idx)
			}
			for _, i := range idx {
				seen[s][i]++
			}
		}
		if len(c.To) > 0 {
			if c.To[0] < lastNew {
				t.Errorf("change %d: not in the new document's order", k)
			}
			lastNew = c.To[0]
		}
		if c.Similarity < 0 || c.Similarity > 1 {
			t.Errorf("change %d: similarity %v", k, c.Similarity)
		}
		if (len(c.From) == 0 || len(c.To) == 0) != (c.Basis == diff.None) {
			t.Errorf("change %d: basis %s with from %v to %v", k, c.Basis, c.From, c.To)
		}
		if c.Basis == diff.None && c.Similarity != 0 {
			t.Errorf("change %d: similarity %v without a counterpart", k, c.Similarity)
		}
		if c.Basis == diff.Identical && c.Similarity != 1 {
			t.Errorf("change %d: identical with similarity %v", k, c.Similarity)
		}
		if len(c.From) > 0 && len(c.To) > 0 {
			oldText, newText := joined(old, c.From), joined(new, c.To)
			switch {
			case oldText == newText:
				if c.Words != nil || c.TextChanged {
					t.Errorf("change %d: equal texts with words %v, text changed %v", k, c.Words, c.TextChanged)
				}
			case oldText == "" || newText == "":
				if c.Words != nil || !c.TextChanged {
					t.Errorf("change %d: one empty text with words %v, text changed %v", k, c.Words, c.TextChanged)
				}
			default:
				checkRebuild(t, c.Words, oldText, newText)
				if !opt.IgnoreTrivial && !c.TextChanged {
					t.Errorf("change %d: texts differ but TextChanged is false", k)
				}
			}
		} else if c.Words != nil || c.Figures != nil {
			t.Errorf("change %d: one-sided change with words or figures", k)
		}
	}
	for s := range seen {
		for i, n := range seen[s] {
			if n != 1 {
				t.Errorf("side %d point %d appears in %d changes", s, i, n)
			}
		}
	}
	return r
}

// joined joins the texts of the given points as Compare does.
func joined(d diff.Document, idx []int) string {
	var texts []string
	for _, i := range idx {
		texts = append(texts, d.Points[i].Text)
	}
	return strings.Join(texts, "\n\n")
}

// checkRebuild checks that edits rebuild both texts and are well formed.
func checkRebuild(t *testing.T, edits []diff.Edit, old, new string) {
	t.Helper()
	var o, n strings.Builder
	for k, e := range edits {
		if e.Text == "" {
			t.Errorf("edit %d is empty", k)
		}
		if k > 0 && edits[k-1].Op == e.Op {
			t.Errorf("edits %d and %d have the same operation %s", k-1, k, e.Op)
		}
		if !utf8.ValidString(e.Text) && utf8.ValidString(old) && utf8.ValidString(new) {
			t.Errorf("edit %d is not valid UTF-8: %q", k, e.Text)
		}
		switch e.Op {
		case diff.Equal:
			o.WriteString(e.Text)
			n.WriteString(e.Text)
		case diff.Delete:
			o.WriteString(e.Text)
		case diff.Insert:
			n.WriteString(e.Text)
		default:
			t.Errorf("edit %d has operation %q", k, e.Op)
		}
	}
	if o.String() != old {
		t.Errorf("edits rebuild old text\n%q\nwant\n%q", o.String(), old)
	}
	if n.String() != new {
		t.Errorf("edits rebuild new text\n%q\nwant\n%q", n.String(), new)
	}
}

func TestCompareInvalidUTF8(t *testing.T) {
	bad := string([]byte{0xff, 'x'})
	for _, tc := range []struct {
		name     string
		old, new diff.Document
		want     string
	}{
		{"old text", doc("v1", pt("1", plan[0]), pt("2", bad)), doc("v2"), `version "v1", point "2": text is not valid UTF-8`},
		{"new text", doc("v1"), doc("v2", pt("7", "ok "+bad)), `version "v2", point "7": text is not valid UTF-8`},
		{"label", doc("v1", pt(bad, "text")), doc("v2"), `version "v1", point "\xffx": label is not valid UTF-8`},
		{"lineage", doc("v1"), doc("v2", withLineage(pt("1", "x"), "v1", bad, "same")), `version "v2", point "1": lineage is not valid UTF-8`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := diff.Compare(tc.old, tc.new, diff.Options{})
			if err == nil || err.Error() != tc.want {
				t.Errorf("error %v, want %s", err, tc.want)
			}
			// A document marked as checked is not checked again; the other still is.
			old, new := tc.old, tc.new
			old.UTF8Checked, new.UTF8Checked = true, true
			checkInvariants(t, old, new, diff.Options{})
			new.UTF8Checked = false
			if _, err := diff.Compare(old, new, diff.Options{}); (err != nil) != strings.Contains(tc.want, `"v2"`) {
				t.Errorf("with only the old document checked: error %v", err)
			}
		})
	}
}

// TestCompareThreshold checks that a threshold outside 0..1 is refused: NaN would accept every
// candidate, since no score is below it.
func TestCompareThreshold(t *testing.T) {
	old, new := doc("v1", pt("1", plan[0])), doc("v2", pt("1", plan[0]))
	for _, tc := range []struct {
		threshold float64
		want      string // error; "" for none
	}{
		{0, ""}, {0.01, ""}, {1, ""},
		{-0.1, "similarity threshold -0.1 is not between 0 and 1"},
		{1.5, "similarity threshold 1.5 is not between 0 and 1"},
		{math.NaN(), "similarity threshold NaN is not between 0 and 1"},
		{math.Inf(1), "similarity threshold +Inf is not between 0 and 1"},
	} {
		_, err := diff.Compare(old, new, diff.Options{Threshold: tc.threshold})
		if got := fmt.Sprint(err); tc.want == "" && err != nil || tc.want != "" && got != tc.want {
			t.Errorf("threshold %v: error %v, want %q", tc.threshold, err, tc.want)
		}
	}
}

// TestCompareDetails checks the flags, similarity and figures of chosen changes.
func TestCompareDetails(t *testing.T) {
	byName := make(map[string]compareCase)
	for _, tc := range hardCases {
		byName[tc.name] = tc
	}
	type want struct {
		from        string // first old label
		relabelled  bool
		reordered   bool
		textChanged bool
		similarity  string // formatted %.2f
		figures     []diff.Figure
	}
	for _, tc := range []struct {
		name string
		want []want
	}{
		{"point moved from 3 to 20", []want{{from: "3", relabelled: true, reordered: true, similarity: "1.00"}}},
		{"trivial edits", []want{{from: "1", textChanged: true, similarity: "1.00"}}},
		{"trivial edits ignored", []want{{from: "1", similarity: "1.00"}}},
		{"edited, moved and removed", []want{
			{from: "3", relabelled: true, reordered: true, textChanged: true, similarity: "0.58",
				figures: []diff.Figure{{Old: "100 days", New: "as soon as possible"}}},
			{from: "1", relabelled: true, textChanged: true, similarity: "0.87",
				figures: []diff.Figure{{Old: "600,000", New: "800,000"}}},
			{from: "2", relabelled: true, textChanged: true, similarity: "0.91",
				figures: []diff.Figure{{Old: "$100 billion", New: "$120 billion"}}},
		}},
		{"split into three", []want{{from: "3", relabelled: true, textChanged: true, similarity: "0.94",
			figures: []diff.Figure{{Old: "600,000", New: "800,000"}}}}},
		{"label reused for new text", []want{{from: "2", similarity: "0.00"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := byName[tc.name]
			r, err := diff.Compare(c.old, c.new, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				var found *diff.Change
				for k := range r.Changes {
					if f := r.Changes[k].From; len(f) > 0 && c.old.Points[f[0]].Label == w.from {
						found = &r.Changes[k]
						break
					}
				}
				if found == nil {
					t.Fatalf("no change from %s", w.from)
				}
				got := want{from: w.from, relabelled: found.Relabelled, reordered: found.Reordered,
					textChanged: found.TextChanged, similarity: format2(found.Similarity), figures: found.Figures}
				if !reflect.DeepEqual(got, w) {
					t.Errorf("change from %s:\ngot  %+v\nwant %+v", w.from, got, w)
				}
			}
		})
	}
}

func format2(f float64) string { return fmt.Sprintf("%.2f", f) }

// TestCompareSteps checks that Options.Step hears of every step once, in order, from the
// calling goroutine, and that listening changes nothing in the result.
func TestCompareSteps(t *testing.T) {
	want := []string{"prepare", "declared", "exact", "normalise", "identical", "vectors", "similar",
		"splits", "merges", "labels", "classify", "words"}
	for _, tc := range hardCases {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := diff.Compare(tc.old, tc.new, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			var steps []string
			opt := tc.opt
			opt.Step = func(name string) { steps = append(steps, name) } // no lock: a call from a worker would race
			heard, err := diff.Compare(tc.old, tc.new, opt)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(steps, want) {
				t.Errorf("steps %q, want %q", steps, want)
			}
			if !reflect.DeepEqual(heard, plain) {
				t.Errorf("with Step set the result differs:\n%v\n%v", heard, plain)
			}
		})
	}
	// A comparison refused at the outset has no steps to report.
	var steps []string
	opt := diff.Options{Step: func(name string) { steps = append(steps, name) }}
	if _, err := diff.Compare(doc("a", pt("1", "bad \xff")), doc("b"), opt); err == nil || len(steps) > 0 {
		t.Errorf("invalid UTF-8: err %v, steps %q", err, steps)
	}
}
