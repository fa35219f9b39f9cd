package plan

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

// Real statutes (see /work/shared/corpora/README.md).
const (
	corpora  = "../../../shared/corpora/"
	bgb2013  = corpora + "bgb/bgb-2013.md"
	bgb2018  = corpora + "bgb/bgb-2018.md"
	bgb2022  = corpora + "bgb/bgb-2022.md"
	gg2012   = corpora + "gg/gg-2012.md"
	gg2018   = corpora + "gg/gg-2018.md"
	noCorpus = "corpus not available (expected /work/shared/corpora next to the checkout)"
)

// readCorpus reads a corpus file or skips the test.
func readCorpus(tb testing.TB, file string) []byte {
	tb.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		tb.Skipf("%s: %v", noCorpus, err)
	}
	return data
}

const numberedPlan = `---
source: example
---
# 28-point plan

Preamble text here.

1. Ukraine's sovereignty will be confirmed.
2. A non-aggression agreement:
   a. Russia will not invade.
   (b) NATO will not expand.
3. Point three
continues here.
12. Twelve.
3. A stray number stays in point 12.
12a. Sub-point a.
12b) Sub-point b.
Point 13: Thirteen.
POINT 14. Fourteen.
    15. Indented four spaces: text.
` + "```" + `
16. inside a code block
` + "```" + `
`

// TestSplitNumbered checks numbered splitting against exact points.
func TestSplitNumbered(t *testing.T) {
	tests := []struct {
		name, in string
		want     []SplitPoint
	}{
		{
			name: "plan",
			in:   numberedPlan,
			want: []SplitPoint{
				{Label: "preamble", Text: "Preamble text here.", Line: 6},
				{Label: "1", Text: "Ukraine's sovereignty will be confirmed.", Line: 8},
				{Label: "2", Text: "A non-aggression agreement:\na. Russia will not invade.\n(b) NATO will not expand.", Line: 9},
				{Label: "3", Text: "Point three\ncontinues here.", Line: 12},
				{Label: "12", Text: "Twelve.\n3. A stray number stays in point 12.", Line: 14},
				{Label: "12a", Text: "Sub-point a.", Line: 16},
				{Label: "12b", Text: "Sub-point b.", Line: 17},
				{Label: "13", Text: "Thirteen.", Line: 18},
				{Label: "14", Text: "Fourteen.\n    15. Indented four spaces: text.\n```\n16. inside a code block\n```", Line: 19},
			},
		},
		{
			name: "BOM, CRLF, no title, starting at 5",
			in:   "\xEF\xBB\xBF5. Five\r\n   more\r\n6) Six\r\n",
			want: []SplitPoint{
				{Label: "5", Text: "Five\nmore", Line: 1},
				{Label: "6", Text: "Six", Line: 3},
			},
		},
		{
			name: "numbers that do not start points",
			in:   "1.5 million\n1. One\n2.5 percent\n2nd item\n2.\n",
			want: []SplitPoint{
				{Label: "preamble", Text: "1.5 million", Line: 1},
				{Label: "1", Text: "One\n2.5 percent\n2nd item", Line: 2},
				{Label: "2", Text: "", Line: 5},
			},
		},
	}
	for _, tt := range tests {
		got, err := Split("plan.md", []byte(tt.in), SplitNumbered)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %#v\nwant %#v", tt.name, got, tt.want)
		}
	}
}

const headingsDoc = `---
Title: Gesetz
---

# Ein Gesetz (EG)

Ausfertigungsdatum: heute

## Buch 1 - Allgemeiner Teil

### Abschnitt 1 - Personen

#### § 1 Beginn der Rechtsfähigkeit

Die Rechtsfähigkeit beginnt.

#### (XXXX) §§ 3 bis 6 (weggefallen)

#### § 7

#### Untertitel 1 - Vereine

Amtlicher Hinweis.

##### Kapitel 1 - Allgemeines

##### § 21 Verein

Ein Verein.

###### Unterkapitel 2

###### § 22 Tiefer

#### § 23 Wieder oben ####

## Buch 2

### Art 16a

Asylrecht.

### 12. Numbered heading

### 12a Lettered

### Article 5: Something

### §§ 114, 115 (weggefallen)

### Art 74a und 75 (weggefallen)

### (Hinweis) nicht gelabelt

### 2nd edition
`

// TestSplitHeadings checks heading splitting against exact points.
func TestSplitHeadings(t *testing.T) {
	b1 := []string{"Buch 1 - Allgemeiner Teil", "Abschnitt 1 - Personen"}
	b2 := []string{"Buch 2"}
	got, err := Split("gesetz.md", []byte(headingsDoc), SplitHeadings)
	if err != nil {
		t.Fatal(err)
	}
	want := []SplitPoint{
		{Label: "preamble", Text: "Ausfertigungsdatum: heute", Line: 7},
		{Label: "§ 1", Title: "Beginn der Rechtsfähigkeit", Section: b1, Text: "Die Rechtsfähigkeit beginnt.", Line: 13},
		{Label: "§§ 3 bis 6", Title: "(weggefallen)", Section: b1, Text: "(weggefallen)", Line: 17},
		{Label: "§ 7", Section: b1, Text: "§ 7", Line: 19},
		{Label: "Untertitel 1 - Vereine", Section: b1, Text: "Amtlicher Hinweis.", Line: 21},
		{Label: "§ 21", Title: "Verein", Section: []string{b1[0], b1[1], "Untertitel 1 - Vereine", "Kapitel 1 - Allgemeines"}, Text: "Ein Verein.", Line: 27},
		{Label: "§ 22", Title: "Tiefer", Section: []string{b1[0], b1[1], "Untertitel 1 - Vereine", "Kapitel 1 - Allgemeines", "Unterkapitel 2"}, Text: "Tiefer", Line: 33},
		{Label: "§ 23", Title: "Wieder oben", Section: []string{b1[0], b1[1], "Untertitel 1 - Vereine"}, Text: "Wieder oben", Line: 35},
		{Label: "Art 16a", Section: b2, Text: "Asylrecht.", Line: 39},
		{Label: "12", Title: "Numbered heading", Section: b2, Text: "Numbered heading", Line: 43},
		{Label: "12a", Title: "Lettered", Section: b2, Text: "Lettered", Line: 45},
		{Label: "Article 5", Title: "Something", Section: b2, Text: "Something", Line: 47},
		{Label: "§§ 114, 115", Title: "(weggefallen)", Section: b2, Text: "(weggefallen)", Line: 49},
		{Label: "Art 74a und 75", Title: "(weggefallen)", Section: b2, Text: "(weggefallen)", Line: 51},
	}
	if !reflect.DeepEqual(got, want) {
		for i := range max(len(got), len(want)) {
			var g, w SplitPoint
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("point %d:\n got %#v\nwant %#v", i, g, w)
			}
		}
	}
}

// TestSplitErrors checks error messages and lines.
func TestSplitErrors(t *testing.T) {
	tests := []struct {
		mode     SplitMode
		in, want string
	}{
		{SplitNumbered, "# Title\n\nJust prose.\n", `doc.md: no points found: no line starts with a number like "1.", "2)" or "Point 3:" (try --split headings)`},
		{SplitHeadings, "# Title\n\nJust prose.\n## Part\n", `doc.md: no points found: no heading starts with a label like "12", "§ 5" or "Art 3" (try --split numbered)`},
		{SplitHeadings, "## § 1 A\nx\n## § 2\n## § 1 Again\n", `doc.md:4: duplicate label "§ 1" (first at line 1)`},
		{SplitHeadings, "## Part\ntext\n## Part\nmore\n## § 1\n", `doc.md:3: duplicate label "Part" (first at line 1)`},
		{SplitNumbered, "1. ok\n2. bad \xc3\x28\n", `doc.md:2: invalid UTF-8 (byte 0xc3)`},
		{SplitHeadings, "## § 1\n\x00\n", `doc.md:2: NUL byte in text`},
		{"pages", "1. x\n", `doc.md: unknown split mode "pages" (want numbered or headings)`},
	}
	for _, tt := range tests {
		_, err := Split("doc.md", []byte(tt.in), tt.mode)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Split(%q, %s) error\n got %v\nwant %s", tt.in, tt.mode, err, tt.want)
		}
	}
	if _, err := Split("doc.md", []byte("x"), SplitNumbered); !errors.As(err, new(*FileError)) {
		t.Errorf("Split error %v is not a *FileError", err)
	}
}

// TestSplitCorpora splits the real statutes: one point per section, with known labels.
func TestSplitCorpora(t *testing.T) {
	tests := []struct {
		file  string
		count int
		spot  map[string]SplitPoint // label -> expected point (Text checked as prefix)
	}{
		{bgb2013, 2419, map[string]SplitPoint{
			"§ 312a": {Title: "Verhältnis zu anderen Vorschriften", Section: []string{"Buch 2 - Recht der Schuldverhältnisse",
				"Abschnitt 3 - Schuldverhältnisse aus Verträgen", "Titel 1 - Begründung, Inhalt und Beendigung",
				"Untertitel 2 - Besondere Vertriebsformen"},
				Text: "Steht dem Verbraucher zugleich nach Maßgabe anderer Vorschriften ein\nWiderrufs- oder Rückgaberecht", Line: 4511},
			"§§ 3 bis 6": {Title: "(weggefallen)", Section: []string{"Buch 1 - Allgemeiner Teil", "Abschnitt 1 - Personen",
				"Titel 1 - Natürliche Personen, Verbraucher, Unternehmer"}, Text: "(weggefallen)", Line: 126},
			"§ 21": {Title: "Nicht wirtschaftlicher Verein", Section: []string{"Buch 1 - Allgemeiner Teil", "Abschnitt 1 - Personen",
				"Titel 2 - Juristische Personen", "Untertitel 1 - Vereine", "Kapitel 1 - Allgemeine Vorschriften"},
				Text: "Ein Verein, dessen Zweck nicht auf einen wirtschaftlichen", Line: 233},
			"preamble": {Text: "Ausfertigungsdatum\n:   1896-08-18", Line: 12},
		}},
		{bgb2018, 2534, map[string]SplitPoint{
			"§ 312a": {Title: "Allgemeine Pflichten und Grundsätze bei Verbraucherverträgen; Grenzen der Vereinbarung von Entgelten",
				Section: []string{"Buch 2 - Recht der Schuldverhältnisse", "Abschnitt 3 - Schuldverhältnisse aus Verträgen",
					"Titel 1 - Begründung, Inhalt und Beendigung",
					"Untertitel 2 - Grundsätze bei Verbraucherverträgen und besondere Vertriebsformen",
					"Kapitel 1 - Anwendungsbereich und Grundsätze bei Verbraucherverträgen"},
				Text: "(1) Ruft der Unternehmer oder eine Person, die in seinem Namen oder", Line: 4925},
			"§ 650a": {Title: "Bauvertrag", Text: "(1) Ein Bauvertrag ist ein Vertrag über die Herstellung"},
		}},
		{bgb2022, 2534, map[string]SplitPoint{
			"§§ 707a bis 707c": {Section: []string{"Buch 2 - Recht der Schuldverhältnisse",
				"Abschnitt 8 - Einzelne Schuldverhältnisse", "Titel 16 - Gesellschaft"}, Text: "§§ 707a bis 707c", Line: 18737},
			"§§ 2354 bis 2359": {Text: "(weggefallen)"},
		}},
		{gg2012, 200, map[string]SplitPoint{
			"Präambel":       {Text: "Im Bewußtsein seiner Verantwortung vor Gott und den Menschen,", Line: 37},
			"Art 16a":        {Section: []string{"I. - Die Grundrechte"}, Text: "(1) Politisch Verfolgte genießen Asylrecht.", Line: 397},
			"Art 74a und 75": {Title: "(weggefallen)", Section: []string{"VII. - Die Gesetzgebung des Bundes"}, Text: "(weggefallen)", Line: 1727},
			"Anhang EV":      {Section: []string{"XI. - Übergangs- und Schlußbestimmungen"}, Text: "- EinigVtr v. 31.8.1990", Line: 4102},
		}},
		{gg2018, 205, map[string]SplitPoint{
			"Art 45d":  {Title: "Parlamentarisches Kontrollgremium", Section: []string{"III. - Der Bundestag"}},
			"Art 143g": {Section: []string{"XI. - Übergangs- und Schlußbestimmungen"}},
			"Art 49":   {Title: "(weggefallen)", Text: "(weggefallen)"},
		}},
	}
	for _, tt := range tests {
		data := readCorpus(t, tt.file)
		points, err := Split(tt.file, data, SplitHeadings)
		if err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		if len(points) != tt.count {
			t.Errorf("%s: %d points, want %d", tt.file, len(points), tt.count)
		}
		byLabel := map[string]SplitPoint{}
		for _, p := range points {
			byLabel[p.Label] = p
			if p.Text == "" {
				t.Errorf("%s: point %q at line %d has no text", tt.file, p.Label, p.Line)
			}
		}
		for label, want := range tt.spot {
			got, ok := byLabel[label]
			switch {
			case !ok:
				t.Errorf("%s: no point %q", tt.file, label)
			case got.Title != want.Title || want.Section != nil && !reflect.DeepEqual(got.Section, want.Section) ||
				!strings.HasPrefix(got.Text, want.Text) || want.Line != 0 && got.Line != want.Line:
				t.Errorf("%s: point %q\n got %#v\nwant %#v (Text as prefix)", tt.file, label, got, want)
			}
		}
	}
}

// assertSplitInvariants asserts the invariants of any successful split.
func assertSplitInvariants(t *testing.T, data []byte, points []SplitPoint, mode SplitMode) {
	t.Helper()
	seen := map[string]bool{}
	lines := strings.Count(string(data), "\n") + 1
	last := 0
	for _, p := range points {
		if p.Label == "" {
			t.Fatalf("point at line %d has an empty label", p.Line)
		}
		if seen[p.Label] {
			t.Fatalf("duplicate label %q", p.Label)
		}
		seen[p.Label] = true
		if p.Line <= last || p.Line > lines {
			t.Fatalf("point %q at line %d after line %d (of %d)", p.Label, p.Line, last, lines)
		}
		last = p.Line
		if mode == SplitHeadings && p.Text == "" {
			t.Fatalf("point %q has no text", p.Label)
		}
	}
	if len(points) == 0 {
		t.Fatal("no points and no error")
	}
}

// FuzzSplitNumbered checks that numbered splitting never panics and keeps its invariants.
func FuzzSplitNumbered(f *testing.F) {
	f.Add([]byte(numberedPlan))
	f.Add([]byte("1. a\n2. b\n"))
	f.Add([]byte("\xEF\xBB\xBF---\r\nx: y\r\n---\r\n# T\r\n1) a\r\n"))
	if data, err := os.ReadFile(bgb2013); err == nil {
		f.Add(data[:2500])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		points, err := Split("f.md", data, SplitNumbered)
		if err == nil {
			assertSplitInvariants(t, data, points, SplitNumbered)
		}
	})
}

// FuzzSplitHeadings checks that heading splitting never panics and keeps its invariants.
func FuzzSplitHeadings(f *testing.F) {
	f.Add([]byte(headingsDoc))
	f.Add([]byte("## § 1\n## § 2\n"))
	for _, file := range []string{bgb2013, gg2012} {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data[:2500])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		points, err := Split("f.md", data, SplitHeadings)
		if err == nil {
			assertSplitInvariants(t, data, points, SplitHeadings)
		}
	})
}

// BenchmarkSplit splits the 2022 Civil Code by headings.
func BenchmarkSplit(b *testing.B) {
	data := readCorpus(b, bgb2022)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Split("bgb-2022.md", data, SplitHeadings); err != nil {
			b.Fatal(err)
		}
	}
}
