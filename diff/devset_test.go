package diff_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
	planfile "github.com/plandiff/plandiff/internal/plan"
	"github.com/plandiff/plandiff/internal/store"
)

// labelPair is one correspondence between an old and a new point, by label.
type labelPair struct{ old, new string }

// gold is a reference alignment: pairs that must be found, and pairs that may be found
// without counting as an error (a debatable correspondence).
type gold struct {
	must, may map[labelPair]bool
}

// score is precision, recall and F1 of an alignment against a gold.
type score struct {
	found, correct, wanted, recalled int
}

func (s score) precision() float64 {
	if s.found == 0 {
		return 1
	}
	return float64(s.correct) / float64(s.found)
}

func (s score) recall() float64 {
	if s.wanted == 0 {
		return 1
	}
	return float64(s.recalled) / float64(s.wanted)
}

func (s score) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (s score) add(t score) score {
	return score{s.found + t.found, s.correct + t.correct, s.wanted + t.wanted, s.recalled + t.recalled}
}

func (s score) String() string {
	return fmt.Sprintf("precision %.2f (%d/%d)  recall %.2f (%d/%d)  F1 %.2f",
		s.precision(), s.correct, s.found, s.recall(), s.recalled, s.wanted, s.f1())
}

// matchedPairs returns every old/new label pair that res matches, keeping only labels
// for which keep is true on both sides.
func matchedPairs(res diff.Result, old, new diff.Document, keep func(oldLabel, newLabel string) bool) map[labelPair]bool {
	out := map[labelPair]bool{}
	for _, ch := range res.Changes {
		for _, i := range ch.From {
			for _, j := range ch.To {
				p := labelPair{old.Points[i].Label, new.Points[j].Label}
				if keep(p.old, p.new) {
					out[p] = true
				}
			}
		}
	}
	return out
}

func scoreAlignment(found map[labelPair]bool, g gold) score {
	s := score{found: len(found), wanted: len(g.must)}
	for p := range found {
		if g.must[p] || g.may[p] {
			s.correct++
		}
		if g.must[p] {
			s.recalled++
		}
	}
	return s
}

// readGold reads a gold file of the development sets (see testdata/align/README.md) and
// checks that it accounts for every label of both sides.
func readGold(t *testing.T, file string, oldLabels, newLabels []string) gold {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g := gold{must: map[labelPair]bool{}, may: map[labelPair]bool{}}
	seenOld, seenNew := map[string]bool{}, map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		bad := func() { t.Fatalf("%s:%d: malformed gold line %q", file, n, sc.Text()) }
		switch fields[0] {
		case "pair", "either":
			if len(fields) != 3 {
				bad()
			}
			p := labelPair{fields[1], fields[2]}
			if fields[0] == "pair" {
				g.must[p] = true
			} else {
				g.may[p] = true
			}
			seenOld[p.old], seenNew[p.new] = true, true
		case "removed":
			if len(fields) != 2 {
				bad()
			}
			seenOld[fields[1]] = true
		case "added":
			if len(fields) != 2 {
				bad()
			}
			seenNew[fields[1]] = true
		default:
			bad()
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, l := range oldLabels {
		if !seenOld[l] {
			t.Fatalf("%s: old point %s is not accounted for", file, l)
		}
	}
	for _, l := range newLabels {
		if !seenNew[l] {
			t.Fatalf("%s: new point %s is not accounted for", file, l)
		}
	}
	return g
}

// readNumbered reads one side of a development set as import would split it.
func readNumbered(t *testing.T, file string) (diff.Document, []string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	points, err := planfile.Split(file, data, planfile.SplitNumbered)
	if err != nil {
		t.Fatal(err)
	}
	var doc diff.Document
	var labels []string
	for _, p := range points {
		doc.Points = append(doc.Points, diff.Point{Label: p.Label, Text: p.Text})
		labels = append(labels, p.Label)
	}
	return doc, labels
}

// devsetTarget is what the aligner must reach on one development set.
type devsetTarget struct{ precision, f1 float64 }

// devsetTargets are floors at what the aligner reaches today, so that a change that makes
// alignment worse fails. The goal (issue 15) is F1 0.90 on every set; today two of the
// independently drafted pairs get no pair at all at the default threshold.
var devsetTargets = map[string]devsetTarget{
	"blacksea-2025": {precision: 0.95, f1: 0.74},
	"istanbul-2022": {precision: 0.95, f1: 0},
	"minsk":         {precision: 0.95, f1: 0},
	"bundled":       {precision: 0.95, f1: 0.77},
}

// TestAlignmentDevsets scores the aligner on the independently drafted pairs of
// testdata/align and on the bundled versions with their declared lineage stripped, and
// prints precision, recall and F1 per set.
func TestAlignmentDevsets(t *testing.T) {
	dirs, err := filepath.Glob("../testdata/align/*/gold")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no development sets in ../testdata/align: %v", err)
	}
	results := map[string]score{}
	for _, goldFile := range dirs {
		dir := filepath.Dir(goldFile)
		oldDoc, oldLabels := readNumbered(t, filepath.Join(dir, "old.md"))
		newDoc, newLabels := readNumbered(t, filepath.Join(dir, "new.md"))
		g := readGold(t, goldFile, oldLabels, newLabels)
		res, err := diff.Compare(oldDoc, newDoc, diff.Options{})
		if err != nil {
			t.Fatal(err)
		}
		all := func(string, string) bool { return true }
		results[filepath.Base(dir)] = scoreAlignment(matchedPairs(res, oldDoc, newDoc, all), g)
	}
	results["bundled"] = scoreBundled(t)

	names := make([]string, 0, len(results))
	for name := range results {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s := results[name]
		t.Logf("%-14s %s", name, s)
		target, ok := devsetTargets[name]
		if !ok {
			t.Errorf("%s: no F1 target set", name)
			continue
		}
		if s.precision() < target.precision {
			t.Errorf("%s: precision %.2f is below the target %.2f", name, s.precision(), target.precision)
		}
		if s.f1() < target.f1 {
			t.Errorf("%s: F1 %.2f is below the target %.2f", name, s.f1(), target.f1)
		}
	}
}

// bundledPairs are the bundled comparisons whose declared lineage serves as gold.
var bundledPairs = [][2]string{{"us-28", "ua-20"}, {"us-28", "eu-counter"}, {"us-28", "geneva-19"}}

// scoreBundled scores the aligner on bundled versions whose declared lineage is stripped:
// gold is that lineage, restricted to points with text on both sides.
func scoreBundled(t *testing.T) score {
	t.Helper()
	var total score
	for _, pair := range bundledPairs {
		oldV, err := store.Bundled().Version(pair[0], "")
		if err != nil {
			t.Fatal(err)
		}
		newV, err := store.Bundled().Version(pair[1], "")
		if err != nil {
			t.Fatal(err)
		}
		hasText := map[string]map[string]bool{pair[0]: {}, pair[1]: {}}
		strip := func(v *planfile.Version) diff.Document {
			doc := diff.Document{ID: v.ID, Partial: v.Completeness != "full"}
			for _, p := range v.Points {
				status := diff.PointStatus(p.EffectiveStatus())
				doc.Points = append(doc.Points, diff.Point{Label: p.Label, Text: p.Text, Status: status})
				if status == diff.StatusReported && strings.TrimSpace(p.Text) != "" {
					hasText[v.ID][p.Label] = true
				}
			}
			return doc
		}
		oldDoc, newDoc := strip(oldV), strip(newV)
		g := gold{must: map[labelPair]bool{}, may: map[labelPair]bool{}}
		for _, p := range newV.Points {
			for _, l := range p.Lineage {
				if l.Version == oldV.ID && hasText[oldV.ID][l.Label] && hasText[newV.ID][p.Label] {
					g.must[labelPair{l.Label, p.Label}] = true
				}
			}
		}
		res, err := diff.Compare(oldDoc, newDoc, diff.Options{})
		if err != nil {
			t.Fatal(err)
		}
		withText := func(o, n string) bool { return hasText[oldV.ID][o] && hasText[newV.ID][n] }
		s := scoreAlignment(matchedPairs(res, oldDoc, newDoc, withText), g)
		t.Logf("  bundled %s -> %s: %s", pair[0], pair[1], s)
		total = total.add(s)
	}
	return total
}
