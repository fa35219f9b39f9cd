package plan

import (
	"maps"
	"os"
	"reflect"
	"testing"
)

// Front matters the fast path must accept.
const (
	seedFull = "label: \"6\"\ntitle: Army size\ntopics: [army size]\nfidelity: summary\nstatus: reported\n" +
		"sources:\n  - key: rbc\n    locator: point 6\n  - key: liga\nlineage:\n  - version: us-28\n    label: \"6\"\n" +
		"    relation: amended\nnote: Free text, e.g. a discrepancy between sources.\n" +
		"section: [Buch 1 - Allgemeiner Teil, Abschnitt 1 - Personen]\n"
	seedBlockAtZero = "label: '12b'\nsources:\n- rbc\n- key: liga\n  note: 'it''s late'\n"
	seedEscapes     = "label: \"1\"\nnote: \"tab\\there\\nnew line \\\"quoted\\\" \\\\ \\x85\\u2028\\U0001F600\"\n"
	seedNumbers     = "label: 0x1F\ntitle: 1e3\nnote: 2025-11-20\n"
)

// frontMatterSeeds are front matters in the forms the fast path accepts and many it must refuse.
var frontMatterSeeds = []string{
	"",
	"label: \"6\"\n",
	seedFull,
	"label: 6\nsources: [rbc, liga]\n",
	seedBlockAtZero,
	"label: \"§ 312a\"\ntitle: \"Allgemeine Pflichten: Grundsätze\"\nsection: [\"Buch 2 - Recht der Schuldverhältnisse\", \"Titel 1 - Begründung, Inhalt\"]\n",
	seedEscapes,
	"label: \"1\"\ntopics:\n  - a\n  - b\n",
	"label: \"1\"\ntitle: yes\nnote: null\n",
	"label: \"1\"\ntitle: ~\n",
	"label: \"1\"\ntitle:\n",
	"label: \"1\" # comment\n",
	"# comment\nlabel: \"1\"\n",
	"label: \"1\"\n\ntitle: x\n",
	"label: \"1\"\ntitle: a\n  b\n",
	"label: \"1\"\nlabel: \"2\"\n",
	"label: \"1\"\ncolor: red\n",
	"label: &a \"1\"\ntitle: *a\n",
	"label: \"1\"\nnote: |\n  block\n  text\n",
	"label: \"1\"\ntopics: [a, [b]]\n",
	"label: \"1\"\ntopics: [a: b]\n",
	"label: \"1\"\ntopics: [a,]\n",
	"label: \"1\"\ntopics: []\n",
	"label: \"1\"\nsources:\n  - key: a\n    locator: b\n  - key: a\n      locator: deeper\n",
	"label: \"1\"\nsources:\n  - key: a\n    key: b\n",
	"label: \"1\"\nlineage:\n  - version: v\n    label: \"2\"\n    relation: same\n    extra: x\n",
	"label: \"1\"\ntitle: http://example.com/a#b\nnote: a: b\n",
	"label: \"1\"\ntitle: \"unterminated\n",
	"label: \"1\"\ntitle: 'x'y\n",
	seedNumbers,
	"label: \"1\"\ntitle: \"\\ud800\"\n",
	"label: \"1\"\ntitle: -x\n",
	"label: \"1\"\ntitle: Ünïcödé – “quotes” 😀\n",
	"label: \"1\"\ttitle: x\n",
	"label:\"1\"\n",
	"sources:\n  - \n",
	"sources: [\"\"]\n",
	"sources:\n  - key:\n",
	"note: \"\\/\"", // yaml.v3 knows no "\/" escape (found by FuzzFrontMatter)
	"section: [0?]", // "?" ends a plain scalar in a flow list (found by FuzzFrontMatter)
}

// TestFastPathDecodes checks the fast path on inputs it must accept, against exact results.
func TestFastPathDecodes(t *testing.T) {
	tests := []struct {
		front string
		want  Point
		lines map[string]int
	}{
		{
			front: seedFull,
			want: Point{Label: "6", Title: "Army size", Topics: []string{"army size"}, Fidelity: "summary",
				Status: "reported", Sources: []SourceRef{{Key: "rbc", Locator: "point 6"}, {Key: "liga"}},
				Lineage: []Lineage{{Version: "us-28", Label: "6", Relation: "amended"}},
				Note:    "Free text, e.g. a discrepancy between sources.",
				Section: []string{"Buch 1 - Allgemeiner Teil", "Abschnitt 1 - Personen"}},
			lines: map[string]int{"label": 2, "title": 3, "topics": 4, "topics[0]": 4, "fidelity": 5, "status": 6,
				"sources": 7, "sources[0]": 8, "sources[1]": 10, "lineage": 11, "lineage[0]": 12, "note": 15,
				"section": 16, "section[0]": 16, "section[1]": 16},
		},
		{
			front: seedBlockAtZero,
			want:  Point{Label: "12b", Sources: []SourceRef{{Key: "rbc"}, {Key: "liga", Note: "it's late"}}},
			lines: map[string]int{"label": 2, "sources": 3, "sources[0]": 4, "sources[1]": 5},
		},
		{
			front: seedEscapes,
			want:  Point{Label: "1", Note: "tab\there\nnew line \"quoted\" \\ \u0085\u2028\U0001F600"},
			lines: map[string]int{"label": 2, "note": 3},
		},
		{
			front: seedNumbers,
			want:  Point{Label: "0x1F", Title: "1e3", Note: "2025-11-20"},
			lines: map[string]int{"label": 2, "title": 3, "note": 4},
		},
	}
	for _, tt := range tests {
		lines := map[string]int{}
		got, ok := fastPoint([]byte(tt.front), 1, lines)
		if !ok {
			t.Errorf("fastPoint(%q) refused", tt.front)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("fastPoint(%q)\n got %#v\nwant %#v", tt.front, got, tt.want)
		}
		if !maps.Equal(lines, tt.lines) {
			t.Errorf("fastPoint(%q) lines\n got %v\nwant %v", tt.front, lines, tt.lines)
		}
	}
}

// TestFastPathRefuses lists inputs the fast path must leave to yaml.v3.
func TestFastPathRefuses(t *testing.T) {
	for _, front := range []string{
		"label: \"1\"\ntitle: ~\n", "label: \"1\"\ntitle:\n", "label: \"1\" # comment\n", "# comment\nlabel: \"1\"\n",
		"label: \"1\"\n\ntitle: x\n", "label: \"1\"\ntitle: a\n  b\n", "label: \"1\"\nlabel: \"2\"\n",
		"label: \"1\"\ncolor: red\n", "label: &a \"1\"\n", "label: \"1\"\nnote: |\n  block\n",
		"label: \"1\"\ntopics: [a: b]\n", "label: \"1\"\ntopics: [a,]\n", "label: \"1\"\nnote: a: b\n",
		"label: \"1\"\ntitle: \"\\ud800\"\n", "label: \"1\"\ntitle: -x\n", "label: \"1\"\ttitle: x\n",
		"sources: [\"\"]\n", "sources:\n  - key:\n", "label: \"1\"\ntitle: \"\\e\"\n",
		"label: \"1\"\nsources:\n  - key: a\n    key: b\n", "note: \"\\/\"\n", "section: [0?]\n",
	} {
		if p, ok := fastPoint([]byte(front), 1, nil); ok {
			t.Errorf("fastPoint(%q) accepted, gave %#v", front, p)
		}
	}
}

// FuzzFrontMatter checks that whenever the fast path accepts front matter, yaml.v3 decodes it to
// exactly the same point and the same key lines.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range frontMatterSeeds {
		f.Add(s)
	}
	for _, p := range samplePoints() {
		parts, err := splitFrontMatter("seed.md", EncodePoint(p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(parts.front))
	}
	f.Fuzz(func(t *testing.T, front string) {
		fastLines := map[string]int{}
		fast, ok := fastPoint([]byte(front), 1, fastLines)
		if !ok {
			return
		}
		slowLines := map[string]int{}
		slow, err := decodePointYAML("fuzz.md", []byte(front), 1, slowLines)
		if err != nil {
			t.Fatalf("fast path accepted what yaml.v3 rejects (%v):\n%s", err, front)
		}
		normalizePoint(&fast)
		normalizePoint(&slow)
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("fast path and yaml.v3 disagree on\n%s\nfast %#v\nyaml %#v", front, fast, slow)
		}
		if !maps.Equal(fastLines, slowLines) {
			t.Fatalf("fast path and yaml.v3 disagree on lines of\n%s\nfast %v\nyaml %v", front, fastLines, slowLines)
		}
	})
}

// benchmarkPointFiles encodes the first n sections of the 2013 Civil Code as point files.
func benchmarkPointFiles(b *testing.B, n int) [][]byte {
	b.Helper()
	data, err := os.ReadFile(bgb2013)
	if err != nil {
		b.Skipf("corpus missing: %v", err)
	}
	split, err := Split("bgb-2013.md", data, SplitHeadings)
	if err != nil {
		b.Fatal(err)
	}
	var files [][]byte
	for _, sp := range split[:min(n, len(split))] {
		files = append(files, EncodePoint(pointFromSplit(sp)))
	}
	return files
}

// pointFromSplit makes the point an import would write for a split point.
func pointFromSplit(sp SplitPoint) Point {
	return Point{Label: sp.Label, Title: sp.Title, Section: sp.Section, Fidelity: FidelityVerbatim,
		Sources: []SourceRef{{Key: "gesetze-im-internet"}}, Text: sp.Text}
}

// BenchmarkParsePointFast parses real point files (BGB sections as an import writes them).
func BenchmarkParsePointFast(b *testing.B) {
	files := benchmarkPointFiles(b, 500)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ParsePoint("p.md", files[i%len(files)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParsePointYAML parses the same files with yaml.v3 only, for comparison.
func BenchmarkParsePointYAML(b *testing.B) {
	files := benchmarkPointFiles(b, 500)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		data, _, _ := normalizeText(files[i%len(files)])
		parts, err := splitFrontMatter("p.md", data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := decodePointYAML("p.md", parts.front, parts.frontLine, nil); err != nil {
			b.Fatal(err)
		}
		_, _ = trimBody(parts.body)
	}
}

// TestSplitFrontMatter checks the cutting of files into front matter and body.
func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		in          string
		front, body string
		bodyLine    int
		wantErr     string
	}{
		{in: "---\nlabel: \"1\"\n---\nText\n", front: "label: \"1\"\n", body: "Text\n", bodyLine: 4},
		{in: "---  \n---\n", front: "", body: "", bodyLine: 3},
		{in: "---\na: b\n---", front: "a: b\n", body: "", bodyLine: 4},
		{in: "---\na: b\n--- \n\n---\nx", front: "a: b\n", body: "\n---\nx", bodyLine: 4},
		{in: "", wantErr: `f.md:1: missing front matter: a point file starts with a "---" line`},
		{in: "label: 1\n", wantErr: `f.md:1: missing front matter: a point file starts with a "---" line`},
		{in: "----\n---\n", wantErr: `f.md:1: missing front matter: a point file starts with a "---" line`},
		{in: "---\nlabel: 1\n", wantErr: `f.md:1: unterminated front matter: no closing "---" line`},
	}
	for _, tt := range tests {
		got, err := splitFrontMatter("f.md", []byte(tt.in))
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("splitFrontMatter(%q) error = %v, want %s", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("splitFrontMatter(%q): %v", tt.in, err)
			continue
		}
		if string(got.front) != tt.front || string(got.body) != tt.body || got.bodyLine != tt.bodyLine {
			t.Errorf("splitFrontMatter(%q) = front %q body %q line %d, want %q %q %d",
				tt.in, got.front, got.body, got.bodyLine, tt.front, tt.body, tt.bodyLine)
		}
	}
}
