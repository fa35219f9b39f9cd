package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
)

func TestMdInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text, 600,000.", "plain text, 600,000."},
		{"a|b", `a\|b`},
		{`a\|b`, `a\\\|b`},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"Tom & Jerry &amp;", "Tom &amp; Jerry &amp;amp;"},
		{"*x* _y_ `z` ~~s~~", `\*x\* \_y\_ \` + "`z\\`" + ` \~\~s\~\~`},
		{"[a](javascript:alert(1))", `\[a\](javascript:alert(1))`},
		{"[^note]", `\[\^note\]`},
		{"# title", `\# title`},
		{"$100 and $200", `\$100 and \$200`},
		{"line one\nline two", "line one line two"},
		{"see https://evil.example and WWW.evil.example", `see https\://evil.example and WWW\.evil.example`},
		{"\x1b[31mred\x1b[0m", "red"},
		{"bad \xff byte", "bad \ufffd byte"},
	}
	for _, tt := range tests {
		if got := mdInline(tt.in); got != tt.want {
			t.Errorf("mdInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMdLineStart(t *testing.T) {
	tests := []struct{ in, want string }{
		{"text", "text"},
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"=====", `\=====`},
		{"12. point", `12\. point`},
		{"3) point", `3\) point`},
		{"12b point", "12b point"},
		{"      indented code", "indented code"},
		{"2025", "2025"},
	}
	for _, tt := range tests {
		if got := mdLineStart(tt.in); got != tt.want {
			t.Errorf("mdLineStart(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMermaidLabel(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"§ 312a", 40, `"§ 312a"`},
		{`a"b`, 40, `"a#34;b"`},
		{"<b>", 40, `"#60;b#62;"`},
		{"#35;", 40, `"#35;35#59;"`},
		{"x\n```\ny", 40, `"x #96;#96;#96; y"`},
		{"abcdef", 3, `"abc…"`},
	}
	for _, tt := range tests {
		if got := mermaidLabel(tt.in, tt.max); got != tt.want {
			t.Errorf("mermaidLabel(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

// specials are the characters mdEscape must backslash-escape.
const specials = "\\`*_[]|~#$^"

// checkEscaped reports a special character that is not escaped, raw HTML, a line break or a bare URL.
func checkEscaped(s string) error {
	if strings.ContainsAny(s, "<>\n\r") {
		return fmt.Errorf("raw <, > or line break in %q", s)
	}
	if bareURL.MatchString(s) {
		return fmt.Errorf("bare URL in %q", s)
	}
	if bareMail.MatchString(s) {
		return fmt.Errorf("bare e-mail address in %q", s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++ // an escape and the character it escapes
			if i == len(s) || !strings.ContainsRune(specials+".:@", rune(s[i])) {
				return fmt.Errorf("stray backslash at %d in %q", i, s)
			}
			continue
		}
		if strings.IndexByte(specials, s[i]) >= 0 {
			return fmt.Errorf("unescaped %q at %d in %q", s[i], i, s)
		}
		if s[i] == '&' && !strings.HasPrefix(s[i:], "&lt;") && !strings.HasPrefix(s[i:], "&gt;") && !strings.HasPrefix(s[i:], "&amp;") {
			return fmt.Errorf("raw & at %d in %q", i, s)
		}
	}
	return nil
}

func TestMdEscapeHostile(t *testing.T) {
	for _, s := range append(hostileTexts, hostileLabels...) {
		if err := checkEscaped(mdInline(s)); err != nil {
			t.Error(err)
		}
	}
}

// pipes counts the pipes a GitHub table row splits at: those not escaped by a backslash.
func pipes(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n
}

func FuzzMarkdownCell(f *testing.F) {
	for _, s := range append(hostileTexts, hostileLabels...) {
		f.Add(s)
	}
	f.Add(`\|`)
	f.Add("a\\")
	f.Fuzz(func(t *testing.T, s string) {
		cell := mdCell(cellView{Label: s, Tags: []string{s}, Missing: s,
			Edits: []diff.Edit{{Op: diff.Delete, Text: s}, {Op: diff.Insert, Text: s}, {Op: diff.Equal, Text: s}}})
		row := "| " + mdInline(s) + " | " + cell + " | " + mdInline(s) + " |"
		if n := pipes(row); n != 4 {
			t.Fatalf("row for %q has %d unescaped pipes, want 4: %s", s, n, row)
		}
		if strings.ContainsAny(row, "\n\r") {
			t.Fatalf("row for %q has a line break: %q", s, row)
		}
		if err := checkEscaped(mdInline(s)); err != nil {
			t.Fatal(err)
		}
	})
}

var (
	bareURL         = regexp.MustCompile(`(^|[^\\])://|(?i)www\.`)
	bareMail        = regexp.MustCompile(`(^|[^\\])@[\w.-]*\.`)
	footnoteRefRe   = regexp.MustCompile(`(^|[^\\])\[\^([^\]]*)\]`)
	footnoteDefLine = regexp.MustCompile(`^\[\^([a-z0-9-]+)\]: `)
	allowedTag      = regexp.MustCompile(`^<(/?del|/?ins|br|https?://[^<>\s]*)>`)
	diagramLine     = regexp.MustCompile(`^(flowchart LR|  subgraph [AB]\["[^"]*"\]|    [ab]\d+\["[^"]*"\]|  end|  (src_new|sink_removed|sink_moved|sink_unreported)\(\["[^"]*"\]\)|  \w+ -->(\|"[a-z-]+"\|)? \w+)$`)
	headingLine     = regexp.MustCompile(`^#{1,3} \S`)
	blockStart      = regexp.MustCompile(`^\s*([-+>=~]|\*(\s|\*\*)|\d+[.)]|<[^dib/]|\s{4})`)
	inlineLink      = regexp.MustCompile(`(^|[^\\])\]\(`)
)

// checkMarkdown checks the structure of a report: headings, tables, footnotes and HTML
// all as the renderer wrote them, whatever the document text was.
func checkMarkdown(out string, wantHeadings int) error {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	headings := 0
	inFence := false
	tableCols := -1
	defs := make(map[string]int)
	refs := make(map[string]bool)
	for n, line := range lines {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
			if inFence && line != "```mermaid" {
				return fmt.Errorf("line %d: unexpected fence %q", n+1, line)
			}
			continue
		}
		if inFence {
			if !diagramLine.MatchString(line) {
				return fmt.Errorf("line %d: unexpected diagram line %q", n+1, line)
			}
			continue
		}
		if strings.HasPrefix(line, "|") {
			if tableCols < 0 {
				tableCols = pipes(line)
			} else if got := pipes(line); got != tableCols {
				return fmt.Errorf("line %d: %d cells, table has %d: %q", n+1, got-1, tableCols-1, line)
			}
		} else {
			tableCols = -1
		}
		if strings.HasPrefix(line, "#") {
			if !headingLine.MatchString(line) {
				return fmt.Errorf("line %d: malformed heading %q", n+1, line)
			}
			headings++
		}
		if blockStart.MatchString(line) {
			return fmt.Errorf("line %d: starts a block: %q", n+1, line)
		}
		if inlineLink.MatchString(line) {
			return fmt.Errorf("line %d: link syntax: %q", n+1, line)
		}
		for i := strings.IndexByte(line, '<'); i >= 0; {
			if !allowedTag.MatchString(line[i:]) {
				return fmt.Errorf("line %d: raw HTML at %q", n+1, line[i:min(len(line), i+20)])
			}
			j := strings.IndexByte(line[i+1:], '<')
			if j < 0 {
				break
			}
			i += 1 + j
		}
		if m := footnoteDefLine.FindStringSubmatch(line); m != nil {
			defs[m[1]]++
			line = line[len(m[0]):]
		}
		for _, m := range footnoteRefRe.FindAllStringSubmatch(line, -1) {
			refs[m[2]] = true
		}
	}
	if inFence {
		return fmt.Errorf("unterminated fence")
	}
	if headings != wantHeadings {
		return fmt.Errorf("%d headings, want %d", headings, wantHeadings)
	}
	for id, n := range defs {
		if n != 1 {
			return fmt.Errorf("footnote %s defined %d times", id, n)
		}
		if !refs[id] {
			return fmt.Errorf("footnote %s never referenced", id)
		}
	}
	for id := range refs {
		if defs[id] == 0 {
			return fmt.Errorf("footnote reference %q undefined", id)
		}
	}
	return nil
}

func TestMarkdownStructure(t *testing.T) {
	tests := []struct {
		name string
		c    *Comparison
		opt  Options
	}{
		{"fixture", fixtureComparison(), Options{}},
		{"fixture only changed", fixtureComparison(), Options{OnlyChanged: true}},
		{"hostile", hostileComparison(), Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Markdown(&b, tt.c, tt.opt); err != nil {
				t.Fatal(err)
			}
			// One title, four sections, one heading per change shown.
			want := 1 + 4 + len(visible(tt.c.Result, tt.opt.OnlyChanged))
			if err := checkMarkdown(b.String(), want); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestMatrixMarkdownStructure(t *testing.T) {
	for name, m := range map[string]*Matrix{"fixture": fixtureMatrix(), "hostile": hostileMatrix()} {
		var b bytes.Buffer
		if err := MatrixMarkdown(&b, m); err != nil {
			t.Fatal(err)
		}
		if err := checkMarkdown(b.String(), 3); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestMarkdownFlowCap(t *testing.T) {
	// 200 renumbered points: the diagram shows 150 links and says how many it left out.
	from, to := fixtureFrom(), fixtureFrom()
	from.Points, to.Points = nil, nil
	var r diff.Result
	for i := range 200 {
		from.Points = append(from.Points, pt(fmt.Sprint(i+1), "text"))
		to.Points = append(to.Points, pt(fmt.Sprint(i+2), "text"))
		r.Changes = append(r.Changes, diff.Change{Kind: diff.Renumbered, From: []int{i}, To: []int{i}, Basis: diff.Identical, Similarity: 1, Relabelled: true})
	}
	to.ID = "later"
	var b bytes.Buffer
	if err := Markdown(&b, &Comparison{From: Side{Version: from}, To: Side{Version: to}, Result: r}, Options{OnlyChanged: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, " -->"); n != maxFlowEdges {
		t.Errorf("%d links, want %d", n, maxFlowEdges)
	}
	if !strings.Contains(out, "so are 50 of its 200 links") {
		t.Errorf("no note on the links left out")
	}
	if err := checkMarkdown(out, 1+4+200); err != nil {
		t.Error(err)
	}
}

func TestJoinParties(t *testing.T) {
	for _, tc := range []struct {
		parties []string
		want    string
	}{
		{nil, ""},
		{[]string{"Ukraine"}, "Ukraine"},
		{[]string{"United Kingdom", "France", "Germany"}, "United Kingdom, France, Germany"},
		{[]string{"Office of the President, Ukraine", "Russia"}, "Office of the President, Ukraine; Russia"},
	} {
		if got := joinParties(tc.parties); got != tc.want {
			t.Errorf("joinParties(%q) = %q, want %q", tc.parties, got, tc.want)
		}
	}
}
