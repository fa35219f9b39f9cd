package plan

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// samplePoints are points covering every field, used as round-trip cases and fuzz seeds.
func samplePoints() []Point {
	return []Point{
		{Label: "6", Title: "Army size", Topics: []string{"army size"}, Fidelity: FidelitySummary,
			Sources: []SourceRef{{Key: "rbc", Locator: "point 6"}, {Key: "liga"}},
			Lineage: []Lineage{{Version: "us-28", Label: "6", Relation: RelationAmended}},
			Note:    "Sources differ on the figure.",
			Text:    "Ukraine's armed forces may not exceed 600,000 personnel."},
		{Label: "§ 312a", Title: "Allgemeine Pflichten und Grundsätze bei Verbraucherverträgen; Grenzen der Vereinbarung von Entgelten",
			Section:  []string{"Buch 2 - Recht der Schuldverhältnisse", "Titel 1 - Begründung, Inhalt und Beendigung"},
			Fidelity: FidelityVerbatim, Sources: []SourceRef{{Key: "gesetze-im-internet"}},
			Text: "(1) Ruft der Unternehmer den Verbraucher an, ...\n\n(2) Eine Vereinbarung, ..."},
		{Label: "12b", Status: StatusNotReported, Sources: []SourceRef{{Key: "a", Note: "mentions the point: no text"}},
			Lineage: []Lineage{{Version: "eu-24", Label: "12", Relation: RelationSplit}, {Version: "us-28", Label: "12", Relation: RelationSame}}},
		{Label: "", Title: "yes", Topics: []string{"null", "a, b", "[x]", "#tag", "- dash", "", "ü", "why?"},
			Note: "line one\nline \"two\"\t\\ end", Text: "  indented first line\n\n---\nnot a delimiter"},
		{Label: "preamble", Title: "Key: value # not a comment", Status: StatusRemoved,
			Sources: []SourceRef{{Key: "x:y", Locator: "~", Note: "\u2028\u0085\x01\x7f\uFEFF"}}},
	}
}

// TestParsePoint checks complete files against exact results.
func TestParsePoint(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Point
	}{
		{
			name: "format.md example",
			in: "---\nlabel: \"6\"\ntitle: Army size\ntopics: [army size]\nfidelity: summary               # verbatim | translation\n" +
				"status: reported\nsources:\n  - key: rbc\n    locator: point 6\n  - key: liga\nlineage:\n  - version: us-28\n" +
				"    label: \"6\"\n    relation: amended           # same | amended\nnote: Free text.\n" +
				"section: [Buch 1 - Allgemeiner Teil, Abschnitt 1 - Personen]   # only for heading imports\n---\n" +
				"Ukraine's armed forces may not exceed 600,000 personnel.\n",
			want: Point{File: "f.md", Label: "6", Title: "Army size", Topics: []string{"army size"},
				Section: []string{"Buch 1 - Allgemeiner Teil", "Abschnitt 1 - Personen"}, Fidelity: "summary",
				Status: "reported", Sources: []SourceRef{{Key: "rbc", Locator: "point 6"}, {Key: "liga"}},
				Lineage: []Lineage{{Version: "us-28", Label: "6", Relation: "amended"}}, Note: "Free text.",
				Text: "Ukraine's armed forces may not exceed 600,000 personnel.", BodyLine: 18},
		},
		{
			name: "bare source keys, blank lines around the body",
			in:   "---\nlabel: 7\nsources: [rbc, liga]\n---\n\n\nFirst line.\n  Second line.  \n\n\n",
			want: Point{File: "f.md", Label: "7", Sources: []SourceRef{{Key: "rbc"}, {Key: "liga"}},
				Text: "First line.\n  Second line.", BodyLine: 7},
		},
		{
			name: "BOM and CRLF",
			in:   "\xEF\xBB\xBF---\r\nlabel: \"1\"\r\n---\r\nText\r\nmore\r\n",
			want: Point{File: "f.md", Label: "1", Text: "Text\nmore", BodyLine: 4},
		},
		{
			name: "empty front matter and body",
			in:   "---\n---\n",
			want: Point{File: "f.md", BodyLine: 3},
		},
		{
			name: "empty lists become nil",
			in:   "---\nlabel: \"1\"\ntopics: []\nsources: []\nsection:\n---\nx",
			want: Point{File: "f.md", Label: "1", Text: "x", BodyLine: 7},
		},
	}
	for _, tt := range tests {
		got, err := ParsePoint("f.md", []byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %#v\nwant %#v", tt.name, got, tt.want)
		}
	}
}

// TestParsePointErrors checks error messages and their file lines.
func TestParsePointErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"label: 1\n", `f.md:1: missing front matter: a point file starts with a "---" line`},
		{"---\nlabel: 1\n", `f.md:1: unterminated front matter: no closing "---" line`},
		{"---\nlabel: \"1\"\ncolour: red\n---\n", `f.md:3: unknown key "colour" (known keys: label, title, topics, fidelity, status, sources, lineage, note, section)`},
		{"---\nlabel: \"1\"\nlabel: \"2\"\n---\n", `f.md:3: front matter: duplicate key "label" (first at line 2)`},
		{"---\nlabel: [1]\n---\n", `f.md:2: label: want a string, got a list`},
		{"---\nlabel: \"1\"\n\ntopics: war\n---\n", `f.md:4: topics: want a list of strings, got "war"`},
		{"---\nlabel: \"1\"\ntopics: [a, {b: c}]\n---\n", `f.md:3: topics: want a string, got a mapping`},
		{"---\nlabel: \"1\"\nsources:\n  - key: a\n    page: 3\n---\n", `f.md:5: sources entry 1: unknown key "page" (known keys: key, locator, note)`},
		{"---\nlabel: \"1\"\nsources: [a, \"\"]\n---\n", `f.md:3: sources entry 2 is empty`},
		{"---\nlabel: \"1\"\nlineage: [us-28]\n---\n", `f.md:3: lineage entry 1: want a mapping, got "us-28"`},
		{"---\nlabel: \"1\"\ntitle: a: b\n---\n", `f.md:3: invalid YAML: mapping values are not allowed in this context`},
		{"---\nlabel: \"1\"\ntitle: \"open\n---\n", `f.md:3: invalid YAML: found unexpected end of stream`},
		{"---\n- a\n- b\n---\n", `f.md:2: want a mapping of keys to values, got a list`},
		{"---\nlabel: \"1\"\ntitle: a\x01b\n---\n", `f.md:3: invalid YAML: control character U+0001 is not allowed`},
		{"---\nlabel: \"1\"\n---\nok\nbad \xff byte\n", `f.md:5: invalid UTF-8 (byte 0xff)`},
		{"---\nlabel: \"1\"\n---\n\nNUL\x00\n", `f.md:5: NUL byte in text`},
	}
	for _, tt := range tests {
		_, err := ParsePoint("f.md", []byte(tt.in))
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("ParsePoint(%q) error = %v, want a *FileError", tt.in, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParsePoint(%q) error\n got %s\nwant %s", tt.in, err, tt.want)
		}
	}
}

// TestEncodePoint checks the exact file EncodePoint writes.
func TestEncodePoint(t *testing.T) {
	got := string(EncodePoint(samplePoints()[0]))
	want := `---
label: "6"
title: Army size
topics: [army size]
fidelity: summary
sources:
  - key: rbc
    locator: point 6
  - key: liga
lineage:
  - version: us-28
    label: "6"
    relation: amended
note: Sources differ on the figure.
---
Ukraine's armed forces may not exceed 600,000 personnel.
`
	if got != want {
		t.Errorf("EncodePoint:\n%s\nwant:\n%s", got, want)
	}
	got = string(EncodePoint(samplePoints()[3]))
	want = `---
label: ""
title: "yes"
topics: ["null", "a, b", "[x]", "#tag", "- dash", "", ü, "why?"]
note: "line one\nline \"two\"\t\\ end"
---
  indented first line

---
not a delimiter
`
	if got != want {
		t.Errorf("EncodePoint:\n%s\nwant:\n%s", got, want)
	}
}

// TestPointRoundTrip checks ParsePoint(EncodePoint(p)) == p, and that EncodePoint's output
// always takes the fast path.
func TestPointRoundTrip(t *testing.T) {
	for _, p := range samplePoints() {
		data := EncodePoint(p)
		got, err := ParsePoint("f.md", data)
		if err != nil {
			t.Errorf("ParsePoint(EncodePoint(%#v)): %v\n%s", p, err, data)
			continue
		}
		got.File, got.BodyLine = "", 0
		if !reflect.DeepEqual(got, p) {
			t.Errorf("round trip\n got %#v\nwant %#v\nfile:\n%s", got, p, data)
		}
		parts, _ := splitFrontMatter("f.md", data)
		if _, ok := fastPoint(parts.front, 1, nil); !ok {
			t.Errorf("EncodePoint output refused by the fast path:\n%s", data)
		}
	}
}

// TestEncodePointInvalidUTF8 checks that invalid UTF-8 becomes U+FFFD rather than a broken file.
func TestEncodePointInvalidUTF8(t *testing.T) {
	p := Point{Label: "a\xffb", Title: "\xfe", Text: "x\xffy"}
	got, err := ParsePoint("f.md", EncodePoint(p))
	if err != nil {
		t.Fatal(err)
	}
	if got.Label != "a\uFFFDb" || got.Title != "\uFFFD" || got.Text != "x\uFFFDy" {
		t.Errorf("got %q %q %q", got.Label, got.Title, got.Text)
	}
}

// FuzzParsePoint checks that ParsePoint never panics and that a parsed point survives
// EncodePoint and ParsePoint unchanged, through the fast path.
func FuzzParsePoint(f *testing.F) {
	for _, p := range samplePoints() {
		f.Add(EncodePoint(p))
	}
	for _, s := range frontMatterSeeds {
		f.Add([]byte("---\n" + s + "---\nBody text.\n"))
	}
	f.Add([]byte("\xEF\xBB\xBF---\r\nlabel: \"1\"\r\n---\r\nText\r\n"))
	f.Add([]byte("---\nlabel: \"1\"\n---"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePoint("f.md", data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != "f.md" || fe.Line < 1 {
				t.Fatalf("error %v is not a located *FileError", err)
			}
			return
		}
		encoded := EncodePoint(p)
		q, err := ParsePoint("f.md", encoded)
		if err != nil {
			t.Fatalf("re-parsing the encoded point: %v\n%s", err, encoded)
		}
		p.BodyLine, q.BodyLine = 0, 0
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip changed the point\n got %#v\nwant %#v\nfile:\n%s", q, p, encoded)
		}
		parts, _ := splitFrontMatter("f.md", encoded)
		if _, ok := fastPoint(parts.front, 1, nil); !ok {
			t.Fatalf("EncodePoint output refused by the fast path:\n%s", encoded)
		}
		if !strings.HasPrefix(string(encoded), "---\nlabel: \"") {
			t.Fatalf("encoded point does not start with its label:\n%s", encoded)
		}
	})
}
