package render

import (
	"reflect"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
)

// rowSketch shows a matrix's rows compactly: per cell the label, "^label" for a reference to a
// point shown in another row, "(note)" for an empty cell with a reason, "" for an empty cell.
func rowSketch(m *Matrix) []string {
	var out []string
	for _, r := range m.rows() {
		var cells []string
		for col, c := range r.cells {
			switch {
			case c.point < 0 && c.note != "":
				cells = append(cells, "("+c.note+")")
			case c.point < 0:
				cells = append(cells, "")
			case c.ref:
				cells = append(cells, "^"+m.Versions[col].Version.Points[c.point].Label)
			default:
				cells = append(cells, m.Versions[col].Version.Points[c.point].Label)
			}
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

func TestMatrixRows(t *testing.T) {
	want := []string{
		"1 | 1 | 1",
		"2 | 2 | 2",
		"3 | 3 | 3",
		"6 | 6 | 6",
		"7 | 7 | 7",
		"12 | 11 | 11",
		"13 | 18 | (removed in ua-20)",
		"14 | ^3 | ",
		"20 | 19 | 19",
		"^20 | 20 | ^19",
		" | 22 | 20",
		" |  | 21",
		"21 | (moved to a separate document) | ",
		"26 | (removed in geneva-19) | ",
	}
	if got := rowSketch(fixtureMatrix()); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMatrixCells(t *testing.T) {
	m := fixtureMatrix()
	rows := m.rows()
	// The split of us-28 20 into geneva-19 19 and 20: each part shows its own share of the diff.
	first, second := rows[8].cells[1], rows[9].cells[1]
	if want := ed("=All parties agree to a full amnesty."); !reflect.DeepEqual(first.edits, want) {
		t.Errorf("first part: %v, want %v", first.edits, want)
	}
	if want := ed("=Prisoners will be exchanged all for all", "-.", "+, and civilians returned."); !reflect.DeepEqual(second.edits, want) {
		t.Errorf("second part: %v, want %v", second.edits, want)
	}
	if first.note != "split from 20" || second.note != "split from 20" {
		t.Errorf("notes %q, %q", first.note, second.note)
	}
	// geneva-19 7 is not reported: its cell says so, and ua-20 7 is shown as plain text.
	if v := m.view(1, rows[4].cells[1]); v.Missing != "content not reported in any source" || v.Edits != nil {
		t.Errorf("not-reported cell: %+v", v)
	}
	if v := m.view(2, rows[4].cells[2]); v.Missing != "" || len(v.Edits) != 1 || v.Edits[0].Op != diff.Equal {
		t.Errorf("cell after a not-reported one: %+v", v)
	}
}

func TestSplitNew(t *testing.T) {
	tests := []struct {
		name  string
		words []diff.Edit
		parts []string
		want  [][]diff.Edit
		ok    bool
	}{
		{"one part", ed("=a ", "-b", "+c"), []string{"a c"}, [][]diff.Edit{ed("=a ", "-b", "+c")}, true},
		{"deletion at the boundary goes to the earlier part", ed("=a", "-x", "=\n\nb"), []string{"a", "b"},
			[][]diff.Edit{ed("=a", "-x"), ed("=b")}, true},
		{"insertion spanning parts", ed("-old", "+new\n\nparts"), []string{"new", "parts"},
			[][]diff.Edit{ed("-old", "+new"), ed("+parts")}, true},
		{"mismatch", ed("=a"), []string{"b"}, nil, false},
	}
	for _, tt := range tests {
		got, ok := splitNew(tt.words, tt.parts)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMatrixBadInput(t *testing.T) {
	m := fixtureMatrix()
	m.Steps = m.Steps[:1]
	if err := MatrixMarkdown(&strings.Builder{}, m); err == nil {
		t.Error("a missing step was accepted")
	}
	m = fixtureMatrix()
	m.Steps[1].Changes[0].To = []int{99}
	if err := MatrixHTML(&strings.Builder{}, m); err == nil {
		t.Error("an index out of range was accepted")
	}
	if _, err := NewMatrix([]Side{{Version: fixtureFrom()}}, diff.Options{}); err == nil {
		t.Error("a one-version matrix was accepted")
	}
}
