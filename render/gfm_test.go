package render

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
)

// TestMarkdownRendersAsGFM renders the Markdown reports (the bundled goldens and the
// hostile fixture) as GitHub-flavoured Markdown with goldmark, raw HTML allowed as GitHub
// allows <del> and <ins>, and checks the result: every table of the source is a table with
// the same number of cells in every row, every footnote reference resolves to exactly one
// definition, every Mermaid block stays one code block, and no script, event handler or
// non-web link comes out of document text.
func TestMarkdownRendersAsGFM(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "bundled", "*.md"))
	files = append(files, filepath.Join("testdata", "hostile.md"), filepath.Join("testdata", "hostile-matrix.md"))
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote),
		goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
	)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := md.Convert(src, &out); err != nil {
				t.Fatal(err)
			}
			checkGFM(t, string(src), out.String())
		})
	}
}

var (
	delimiterRow   = regexp.MustCompile(`(?m)^\|(\s*:?-+:?\s*\|)+\s*$`)
	gfmFootnoteDef = regexp.MustCompile(`(?m)^\[\^([^\]]+)\]:`)
	mermaidOpen    = regexp.MustCompile("(?m)^```mermaid$")
)

func checkGFM(t *testing.T, src, rendered string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(rendered))
	if err != nil {
		t.Fatal(err)
	}
	var tables, mermaid, footnoteItems int
	ids := map[string]bool{}
	var refs []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if strings.HasPrefix(strings.ToLower(a.Key), "on") {
					t.Errorf("<%s> has event handler %s=%q", n.Data, a.Key, a.Val)
				}
				if a.Key == "id" {
					ids[a.Val] = true
				}
				if a.Key == "href" {
					switch {
					case strings.HasPrefix(a.Val, "#"):
						refs = append(refs, a.Val[1:])
					case strings.HasPrefix(a.Val, "https://"), strings.HasPrefix(a.Val, "http://"):
					default:
						t.Errorf("link to %q", a.Val)
					}
				}
			}
			switch n.Data {
			case "script", "iframe", "img", "style", "object", "embed", "form":
				t.Errorf("document text produced a <%s> element", n.Data)
			case "table":
				tables++
				checkTableShape(t, n)
			case "code":
				for _, a := range n.Attr {
					if a.Key == "class" && a.Val == "language-mermaid" {
						mermaid++
					}
				}
			case "li":
				for _, a := range n.Attr {
					if a.Key == "id" && strings.HasPrefix(a.Val, "fn:") {
						footnoteItems++
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if want := len(delimiterRow.FindAllString(src, -1)); tables != want {
		t.Errorf("%d tables rendered; the source has %d", tables, want)
	}
	if want := len(mermaidOpen.FindAllString(src, -1)); mermaid != want {
		t.Errorf("%d mermaid code blocks rendered; the source has %d", mermaid, want)
	}
	if want := len(gfmFootnoteDef.FindAllString(src, -1)); footnoteItems != want {
		t.Errorf("%d footnotes rendered; the source defines %d", footnoteItems, want)
	}
	for _, r := range refs {
		if !ids[r] {
			t.Errorf("link to #%s resolves to nothing", r)
		}
	}
}

// checkTableShape reports rows whose number of cells differs from the header's.
func checkTableShape(t *testing.T, table *html.Node) {
	t.Helper()
	want := -1
	var rows func(n *html.Node)
	rows = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			cells := 0
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
					cells++
				}
			}
			if want < 0 {
				want = cells
			} else if cells != want {
				t.Errorf("table row with %d cells; the header has %d", cells, want)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rows(c)
		}
	}
	rows(table)
}
