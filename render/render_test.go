package render

import (
	"reflect"
	"testing"
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
