package render

import (
	"bytes"
	"io"
	"testing"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/store"
)

func bundledSide(t *testing.T, id string) Side {
	t.Helper()
	v, err := store.Bundled().Version(id, "")
	if err != nil {
		t.Fatalf("bundled %s: %v", id, err)
	}
	return Side{Version: v}
}

// TestBundledGolden renders the comparisons of the bundled dataset that the project's
// documentation shows, in every format. The files change when the dataset does: check the
// difference and refresh them with go test ./render -update.
func TestBundledGolden(t *testing.T) {
	for _, to := range []string{"eu-counter", "geneva-19", "ua-20"} {
		c, err := NewComparison(bundledSide(t, "us-28"), bundledSide(t, to), diff.Options{})
		if err != nil {
			t.Fatal(err)
		}
		name := "bundled/us-28_" + to
		formats := []struct {
			ext    string
			render func(io.Writer) error
		}{
			{".md", func(w io.Writer) error { return Markdown(w, c, Options{}) }},
			{".txt", func(w io.Writer) error { return Terminal(w, c, TermOptions{}) }},
			{".json", func(w io.Writer) error { return JSON(w, c, Options{}) }},
			{".html", func(w io.Writer) error { return HTML(w, c, Options{}) }},
		}
		for _, f := range formats {
			t.Run(name+f.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := f.render(&b); err != nil {
					t.Fatal(err)
				}
				switch f.ext {
				case ".md":
					if err := checkMarkdown(b.String(), 1+4+len(c.Result.Changes)); err != nil {
						t.Error(err)
					}
				case ".html":
					if err := checkHTML(b.String()); err != nil {
						t.Error(err)
					}
				}
				golden(t, name+f.ext, b.Bytes())
			})
		}
	}
	var sides []Side
	for _, id := range []string{"us-28", "eu-counter", "geneva-19", "ua-20"} {
		sides = append(sides, bundledSide(t, id))
	}
	m, err := NewMatrix(sides, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("matrix.md", func(t *testing.T) {
		var b bytes.Buffer
		if err := MatrixMarkdown(&b, m); err != nil {
			t.Fatal(err)
		}
		if err := checkMarkdown(b.String(), 3); err != nil {
			t.Error(err)
		}
		golden(t, "bundled/matrix.md", b.Bytes())
	})
	t.Run("matrix.html", func(t *testing.T) {
		var b bytes.Buffer
		if err := MatrixHTML(&b, m); err != nil {
			t.Fatal(err)
		}
		if err := checkHTML(b.String()); err != nil {
			t.Error(err)
		}
		golden(t, "bundled/matrix.html", b.Bytes())
	})
}

// TestMatrixBridgesUnreportedColumns follows points across geneva-19, which reports only
// a few changes: a ua-20 point declaring lineage to a us-28 point continues that point's
// row instead of starting one of its own.
func TestMatrixBridgesUnreportedColumns(t *testing.T) {
	var sides []Side
	for _, id := range []string{"us-28", "eu-counter", "geneva-19", "ua-20"} {
		sides = append(sides, bundledSide(t, id))
	}
	m, err := NewMatrix(sides, diff.Options{})
	if err != nil {
		t.Fatal(err)
	}
	label := func(r *mrow, col int) string {
		if p := r.cells[col].point; p >= 0 {
			return m.Versions[col].Version.Points[p].Label
		}
		return "-"
	}
	want := map[string]string{"5": "3", "6": "4", "10": "5", "16": "6", "18": "11", "28": "20"}
	for _, r := range m.rows() {
		old := label(r, 0)
		if w, ok := want[old]; ok {
			if got := label(r, 3); got != w {
				t.Errorf("row of us-28 %s ends at ua-20 %s; want %s", old, got, w)
			}
			delete(want, old)
		}
	}
	for old := range want {
		t.Errorf("no row for us-28 %s", old)
	}
}
