package plan

import (
	"strings"
	"testing"
)

func TestValidateID(t *testing.T) {
	tests := []struct{ id, want string }{
		{"us-28", ""},
		{"a", ""},
		{"bgb-2013", ""},
		{"0-1-2", ""},
		{strings.Repeat("a", 64), ""},
		{"", `invalid version id "": ids are lowercase slugs like us-28`},
		{"../x", `invalid version id "../x": ids are lowercase slugs like us-28`},
		{"a/b", `invalid version id "a/b": ids are lowercase slugs like us-28`},
		{"/x", `invalid version id "/x": ids are lowercase slugs like us-28`},
		{".x", `invalid version id ".x": ids are lowercase slugs like us-28`},
		{"x.", `invalid version id "x.": ids are lowercase slugs like us-28`},
		{"US-28", `invalid version id "US-28": ids are lowercase slugs like us-28`},
		{"us 28", `invalid version id "us 28": ids are lowercase slugs like us-28`},
		{"-us", `invalid version id "-us": ids are lowercase slugs like us-28`},
		{"us-", `invalid version id "us-": ids are lowercase slugs like us-28`},
		{"us--28", `invalid version id "us--28": ids are lowercase slugs like us-28`},
		{"us_28", `invalid version id "us_28": ids are lowercase slugs like us-28`},
		{"ü", `invalid version id "ü": ids are lowercase slugs like us-28`},
		{strings.Repeat("a", 65), `invalid version id "` + strings.Repeat("a", 65) + `": longer than 64 bytes`},
		{"testdata", `invalid version id "testdata": the name is reserved`},
	}
	for _, tt := range tests {
		err := ValidateID(tt.id)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("ValidateID(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

func TestParseRef(t *testing.T) {
	tests := []struct{ in, id, rev, err string }{
		{"us-28", "us-28", "", ""},
		{"us-28@HEAD~2", "us-28", "HEAD~2", ""},
		{"us-28@v1.0@x", "us-28", "v1.0@x", ""},
		{"us-28@3f2a9c1", "us-28", "3f2a9c1", ""},
		{"us-28@", "", "", `invalid version ref "us-28@": empty revision after "@"`},
		{"@HEAD", "", "", `invalid version ref "@HEAD": invalid version id "": ids are lowercase slugs like us-28`},
		{"US@HEAD", "", "", `invalid version ref "US@HEAD": invalid version id "US": ids are lowercase slugs like us-28`},
		{"x/y", "", "", `invalid version id "x/y": ids are lowercase slugs like us-28`},
		{"us-28@a\nb", "", "", `invalid version ref "us-28@a\nb": revision contains control character U+000A`},
		{"us-28@a\x7fb", "", "", `invalid version ref "us-28@a\x7fb": revision contains control character U+007F`},
		{"us-28@\xff", "", "", `invalid version ref "us-28@\xff": revision is not valid UTF-8`},
	}
	for _, tt := range tests {
		id, rev, err := ParseRef(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if id != tt.id || rev != tt.rev || got != tt.err {
			t.Errorf("ParseRef(%q) = %q, %q, %q; want %q, %q, %q", tt.in, id, rev, got, tt.id, tt.rev, tt.err)
		}
	}
}

func TestPointFileName(t *testing.T) {
	tests := []struct {
		pos, total int
		label      string
		want       string
	}{
		{5, 28, "6", "06.md"},
		{12, 28, "12b", "13-12b.md"},
		{401, 2400, "§ 312a", "0402-312a.md"},
		{0, 1, "1", "01.md"},
		{0, 3, "preamble", "01-preamble.md"},
		{2, 3, "Präambel", "03-pr-ambel.md"},
		{9, 10, "10", "10.md"},
		{99, 100, "100", "100.md"},
		{4, 100, "§§ 3 bis 6", "005-3-bis-6.md"},
		{0, 5, "§", "01-point.md"},
		{0, 5, "", "01-point.md"},
		{0, 5, "Art 16a", "01-art-16a.md"},
		{0, 5, "01", "01-01.md"},
		{6, 5, "7", "07.md"},
	}
	for _, tt := range tests {
		if got := PointFileName(tt.pos, tt.total, tt.label); got != tt.want {
			t.Errorf("PointFileName(%d, %d, %q) = %q, want %q", tt.pos, tt.total, tt.label, got, tt.want)
		}
	}
}

// FuzzParseRef checks that accepted refs are well formed and rebuild the input.
func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"us-28", "us-28@HEAD~2", "bgb-2013@v1.0", "../x@y", "x@", "@", "testdata@main", "a@b@c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, rev, err := ParseRef(s)
		if err != nil {
			return
		}
		if ValidateID(id) != nil {
			t.Fatalf("ParseRef(%q) accepted invalid id %q", s, id)
		}
		if strings.ContainsAny(id, "/.\\ ") {
			t.Fatalf("ParseRef(%q) accepted a path-like id %q", s, id)
		}
		rebuilt := id
		if rev != "" {
			rebuilt += "@" + rev
		}
		if rebuilt != s {
			t.Fatalf("ParseRef(%q) = %q, %q, which does not rebuild the input", s, id, rev)
		}
	})
}
