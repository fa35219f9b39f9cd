package render

import (
	"reflect"
	"testing"

	"github.com/plandiff/plandiff/internal/plan"
)

func TestTidy(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"shared trailing space", []string{"=exceed ", "-600,000 ", "+800,000 ", "=personnel."},
			[]string{"=exceed ", "-600,000", "+800,000", "= personnel."}},
		{"shared leading newline", []string{"=a", "+\n\nb", "-\n\nc"}, []string{"=a\n\n", "+b", "-c"}},
		{"whitespace-only halves stay", []string{"- ", "+ "}, []string{"- ", "+ "}},
		{"adjacent equals merge", []string{"=a", "=b", "-c"}, []string{"=ab", "-c"}},
		{"no common space", []string{"-x ", "+y"}, []string{"-x ", "+y"}},
	}
	for _, tt := range tests {
		in := ed(tt.in...)
		got := tidy(in)
		if !reflect.DeepEqual(got, ed(tt.want...)) {
			t.Errorf("%s: tidy = %q, want %q", tt.name, got, ed(tt.want...))
		}
		o1, n1 := rebuild(in)
		o2, n2 := rebuild(got)
		if o1 != o2 || n1 != n2 {
			t.Errorf("%s: texts changed", tt.name)
		}
	}
}

// TestDocument checks what the diff engine is told about a version besides its points.
func TestDocument(t *testing.T) {
	for _, tc := range []struct {
		completeness     string
		checked, partial bool
	}{
		{"full", true, false},
		{"partial", false, true},
		{"changes-only", true, true},
	} {
		v := &plan.Version{Manifest: plan.Manifest{ID: "v", Completeness: tc.completeness}, UTF8Checked: tc.checked,
			Points: []plan.Point{{Label: "1", Text: "a"}}}
		d := Document(v)
		if d.ID != "v" || len(d.Points) != 1 || d.Partial != tc.partial || d.UTF8Checked != tc.checked {
			t.Errorf("Document(%s, checked %v) = %+v", tc.completeness, tc.checked, d)
		}
	}
}
