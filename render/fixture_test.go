package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s differs at line %d (run go test ./render -update after checking):\ngot:  %q\nwant: %q", path, i+1, g, w)
		}
	}
}

// ed builds a word diff from strings starting with "=", "-" or "+".
func ed(parts ...string) []diff.Edit {
	out := make([]diff.Edit, len(parts))
	for i, p := range parts {
		op := map[byte]diff.Op{'=': diff.Equal, '-': diff.Delete, '+': diff.Insert}[p[0]]
		out[i] = diff.Edit{Op: op, Text: p[1:]}
	}
	return out
}

// rebuild returns the old and new texts a word diff describes.
func rebuild(ws []diff.Edit) (old, nw string) {
	var o, n strings.Builder
	for _, e := range ws {
		if e.Op != diff.Insert {
			o.WriteString(e.Text)
		}
		if e.Op != diff.Delete {
			n.WriteString(e.Text)
		}
	}
	return o.String(), n.String()
}

func pt(label, text string, sources ...string) plan.Point {
	p := plan.Point{Label: label, Text: text}
	for _, s := range sources {
		key, loc, _ := strings.Cut(s, "@")
		p.Sources = append(p.Sources, plan.SourceRef{Key: key, Locator: loc})
	}
	return p
}

func fixtureFrom() *plan.Version {
	v := &plan.Version{
		Manifest: plan.Manifest{
			ID: "us-28", Title: "US 28-point draft peace plan", Date: "2025-11-20",
			Parties: []string{"United States"}, Status: "leaked-draft", DeclaredPoints: 28, Completeness: "full",
			Sources: []plan.Source{
				{Key: "axios-1120", Outlet: "Axios", Title: "Full text of the 28-point plan", Date: "2025-11-20",
					URL: "https://www.axios.com/2025/11/20/trump-ukraine-peace-plan-28-points-russia", Note: "original full text"},
				{Key: "rbc", Outlet: "RBC", Title: "Text of the plan", Date: "2025-11-21", URL: "https://www.rbc.ru/politics/21/11/2025/plan"},
			},
		},
		Points: []plan.Point{
			pt("1", "Ukraine's sovereignty will be confirmed.", "axios-1120@point 1"),
			pt("2", "A comprehensive non-aggression agreement will be concluded between Russia, Ukraine and Europe.", "axios-1120"),
			pt("3", "Russia will not invade neighbouring countries and NATO will not expand further.", "axios-1120"),
			pt("6", "Ukraine's armed forces may not exceed 600,000 personnel.", "axios-1120@point 6", "rbc@point 6"),
			pt("7", "Ukraine agrees to enshrine in its constitution that it will not join NATO.", "axios-1120"),
			pt("12", "$100 billion in frozen Russian assets will be invested in US-led reconstruction efforts in Ukraine.", "axios-1120"),
			pt("13", "Russia will be reintegrated into the global economy.", "axios-1120"),
			pt("14", "A joint US-Russian security working group will be established.", "axios-1120"),
			pt("20", "All parties agree to a full amnesty.\n\nPrisoners will be exchanged all for all.", "axios-1120"),
			pt("21", "Territories: Crimea, Luhansk and Donetsk will be recognised as de facto Russian.", "axios-1120"),
			pt("26", "The agreement will be legally binding.", "rbc"),
		},
	}
	v.Points[3].Note = "RBC gives the same figure."
	v.Points[3].Fidelity = plan.FidelityVerbatim
	return v
}

func fixtureTo() *plan.Version {
	v := &plan.Version{
		Manifest: plan.Manifest{
			ID: "geneva-19", Title: "Geneva 19-point framework", Date: "2025-11-23",
			Parties: []string{"United States", "Ukraine"}, Status: "reported", DeclaredPoints: 19, Completeness: "partial",
			Note: "Only some points were reported.",
			Sources: []plan.Source{
				{Key: "ft", Outlet: "Financial Times", Title: "What is in the 19-point plan", Date: "2025-11-24", URL: "https://www.ft.com/content/19-points"},
			},
		},
		Points: []plan.Point{
			pt("1", "Ukraine's sovereignty will be confirmed.", "ft"),
			pt("2", "A non-aggression agreement will be concluded between Russia, Ukraine and Europe.", "ft"),
			pt("3", "Russia will not invade neighbouring countries; a joint security working group will be established.", "ft"),
			pt("6", "Ukraine's armed forces may not exceed 800,000 personnel.", "ft@point 6"),
			pt("7", "The content of this point has not been reported.", "ft"),
			pt("11", "$100 billion in frozen Russian assets will be invested in reconstruction efforts in Ukraine.", "ft"),
			pt("18", "Russia will be reintegrated into the global economy.", "ft"),
			pt("19", "All parties agree to a full amnesty.", "ft"),
			pt("20", "Prisoners will be exchanged all for all, and civilians returned.", "ft"),
			pt("22", "Ukraine will hold elections in 100 days.", "ft"),
		},
	}
	v.Points[3].Fidelity = plan.FidelitySummary
	v.Points[4].Status = plan.StatusNotReported
	return v
}

func fixtureResult() diff.Result {
	return diff.Result{Changes: []diff.Change{
		{Kind: diff.Unchanged, From: []int{0}, To: []int{0}, Basis: diff.Identical, Similarity: 1,
			Words: ed("=Ukraine's sovereignty will be confirmed.")},
		{Kind: diff.Modified, From: []int{1}, To: []int{1}, Basis: diff.Inferred, Similarity: 0.93333, TextChanged: true,
			Words: ed("=A ", "-comprehensive ", "=non-aggression agreement will be concluded between Russia, Ukraine and Europe.")},
		{Kind: diff.Merged, From: []int{2, 7}, To: []int{2}, Basis: diff.Declared, Similarity: 0.6172, TextChanged: true,
			Words: ed("=Russia will not invade neighbouring countries", "- and NATO will not expand further.\n\nA", "+; a",
				"= joint ", "-US-Russian ", "=security working group will be established.")},
		{Kind: diff.Modified, From: []int{3}, To: []int{3}, Basis: diff.Declared, Similarity: 0.8889, TextChanged: true,
			Words:   ed("=Ukraine's armed forces may not exceed ", "-600,000", "+800,000", "= personnel."),
			Figures: []diff.Figure{{Old: "600,000", New: "800,000"}}},
		{Kind: diff.NotReported, From: []int{4}, To: []int{4}, Basis: diff.Declared, Similarity: 0.1, TextChanged: true,
			Words: ed("-Ukraine agrees to enshrine in its constitution that it will not join NATO.", "+The content of this point has not been reported.")},
		{Kind: diff.Renumbered, From: []int{5}, To: []int{5}, Basis: diff.Inferred, Similarity: 0.95, Relabelled: true, TextChanged: true,
			Words: ed("=$100 billion in frozen Russian assets will be invested in ", "-US-led ", "=reconstruction efforts in Ukraine.")},
		{Kind: diff.Moved, From: []int{6}, To: []int{6}, Basis: diff.Identical, Similarity: 1, Relabelled: true, Reordered: true,
			Words: ed("=Russia will be reintegrated into the global economy.")},
		{Kind: diff.Split, From: []int{8}, To: []int{7, 8}, Basis: diff.Inferred, Similarity: 0.88, Relabelled: true, TextChanged: true,
			Words: ed("=All parties agree to a full amnesty.\n\nPrisoners will be exchanged all for all", "-.", "+, and civilians returned.")},
		{Kind: diff.Added, To: []int{9}, Basis: diff.None,
			Words:   ed("+Ukraine will hold elections in 100 days."),
			Figures: []diff.Figure{{New: "100 days"}}},
		{Kind: diff.MovedOut, From: []int{9}, Basis: diff.None,
			Words: ed("-Territories: Crimea, Luhansk and Donetsk will be recognised as de facto Russian.")},
		{Kind: diff.Removed, From: []int{10}, Basis: diff.None,
			Words: ed("-The agreement will be legally binding.")},
	}}
}

func fixtureComparison() *Comparison {
	return &Comparison{
		From:    Side{Version: fixtureFrom()},
		To:      Side{Version: fixtureTo()},
		Result:  fixtureResult(),
		Options: diff.Options{Threshold: 0.5},
	}
}

// fixtureThird is a third version for matrix tests, compared with fixtureTo by fixtureStep2.
func fixtureThird() *plan.Version {
	return &plan.Version{
		Manifest: plan.Manifest{
			ID: "ua-20", Title: "Ukrainian 20-point counter-proposal", Date: "2025-12-01",
			Parties: []string{"Ukraine"}, Status: "reported", DeclaredPoints: 20, Completeness: "partial",
			Sources: []plan.Source{{Key: "kyiv", Outlet: "Kyiv Independent", Title: "Ukraine's 20 points", Date: "2025-12-02", URL: "https://kyivindependent.com/20-points"}},
		},
		Points: []plan.Point{
			pt("1", "Ukraine's sovereignty will be confirmed.", "kyiv"),
			pt("2", "A non-aggression agreement will be concluded between Russia, Ukraine, Europe and the United States.", "kyiv"),
			pt("3", "Russia will not invade neighbouring countries; a joint security working group will be established.", "kyiv"),
			pt("6", "Ukraine's armed forces may not exceed 800,000 personnel in peacetime.", "kyiv"),
			pt("7", "Ukraine's membership in NATO depends on the consensus of NATO members.", "kyiv"),
			pt("11", "$100 billion in frozen Russian assets will be invested in reconstruction efforts in Ukraine.", "kyiv"),
			pt("19", "All parties agree to a full amnesty; prisoners will be exchanged all for all.", "kyiv"),
			pt("20", "Ukraine will hold elections in 100 days.", "kyiv"),
			pt("21", "Ukraine will receive robust security guarantees.", "kyiv"),
		},
	}
}

func fixtureStep2() diff.Result {
	return diff.Result{Changes: []diff.Change{
		{Kind: diff.Unchanged, From: []int{0}, To: []int{0}, Basis: diff.Identical, Similarity: 1,
			Words: ed("=Ukraine's sovereignty will be confirmed.")},
		{Kind: diff.Modified, From: []int{1}, To: []int{1}, Basis: diff.Inferred, Similarity: 0.8, TextChanged: true,
			Words: ed("=A non-aggression agreement will be concluded between Russia, Ukraine", "- and", "+,", "= Europe", "+ and the United States", "=.")},
		{Kind: diff.Unchanged, From: []int{2}, To: []int{2}, Basis: diff.Identical, Similarity: 1,
			Words: ed("=Russia will not invade neighbouring countries; a joint security working group will be established.")},
		{Kind: diff.Modified, From: []int{3}, To: []int{3}, Basis: diff.Inferred, Similarity: 0.9, TextChanged: true,
			Words: ed("=Ukraine's armed forces may not exceed 800,000 personnel", "+ in peacetime", "=.")},
		{Kind: diff.Modified, From: []int{4}, To: []int{4}, Basis: diff.Declared, Similarity: 0.1, TextChanged: true,
			Words: ed("-The content of this point has not been reported.", "+Ukraine's membership in NATO depends on the consensus of NATO members.")},
		{Kind: diff.Unchanged, From: []int{5}, To: []int{5}, Basis: diff.Identical, Similarity: 1,
			Words: ed("=$100 billion in frozen Russian assets will be invested in reconstruction efforts in Ukraine.")},
		{Kind: diff.Removed, From: []int{6}, Basis: diff.None,
			Words: ed("-Russia will be reintegrated into the global economy.")},
		{Kind: diff.Merged, From: []int{7, 8}, To: []int{6}, Basis: diff.Inferred, Similarity: 0.8, Relabelled: true, TextChanged: true,
			Words: ed("=All parties agree to a full amnesty", "-.\n\nPrisoners", "+; prisoners", "= will be exchanged all for all", "-, and civilians returned", "=.")},
		{Kind: diff.Renumbered, From: []int{9}, To: []int{7}, Basis: diff.Identical, Similarity: 1, Relabelled: true,
			Words: ed("=Ukraine will hold elections in 100 days.")},
		{Kind: diff.Added, To: []int{8}, Basis: diff.None,
			Words: ed("+Ukraine will receive robust security guarantees.")},
	}}
}

func fixtureMatrix() *Matrix {
	return &Matrix{
		Versions: []Side{{Version: fixtureFrom()}, {Version: fixtureTo()}, {Version: fixtureThird()}},
		Steps:    []diff.Result{fixtureResult(), fixtureStep2()},
	}
}

// TestFixturesConsistent checks that the hand-built word diffs rebuild the fixture texts,
// as diff.Result promises; the renderers rely on it for splits.
func TestFixturesConsistent(t *testing.T) {
	m := fixtureMatrix()
	for k, step := range m.Steps {
		from, to := m.Versions[k].Version, m.Versions[k+1].Version
		for i, ch := range step.Changes {
			old, nw := rebuild(ch.Words)
			if want := texts(from, ch.From); old != want {
				t.Errorf("step %d change %d: old text %q, want %q", k, i, old, want)
			}
			if want := texts(to, ch.To); nw != want {
				t.Errorf("step %d change %d: new text %q, want %q", k, i, nw, want)
			}
		}
	}
}
