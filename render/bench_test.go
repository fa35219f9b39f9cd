package render

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

// largeComparison builds a statute-sized comparison: n points of about 80 words, every
// tenth one modified.
func largeComparison(n int) *Comparison {
	body := strings.Repeat("Der Schuldner hat die Leistung nach Treu und Glauben zu bewirken. ", 8)
	from := &plan.Version{Manifest: plan.Manifest{ID: "bgb-2013", Title: "BGB", Date: "2013-01-01",
		Sources: []plan.Source{{Key: "gii", Outlet: "juris", Title: "BGB", Date: "2013", URL: "https://www.gesetze-im-internet.de/bgb/"}}}}
	to := &plan.Version{Manifest: plan.Manifest{ID: "bgb-2022", Title: "BGB", Date: "2022-01-01", Sources: from.Sources}}
	var r diff.Result
	for i := range n {
		label := fmt.Sprintf("§ %d", i+1)
		from.Points = append(from.Points, plan.Point{Label: label, Text: body, Sources: []plan.SourceRef{{Key: "gii"}}})
		ch := diff.Change{Kind: diff.Unchanged, From: []int{i}, To: []int{i}, Basis: diff.Identical, Similarity: 1,
			Words: []diff.Edit{{Op: diff.Equal, Text: body}}}
		text := body
		if i%10 == 0 {
			text = body + "Das gilt entsprechend."
			ch = diff.Change{Kind: diff.Modified, From: []int{i}, To: []int{i}, Basis: diff.Declared, Similarity: 0.97, TextChanged: true,
				Words: []diff.Edit{{Op: diff.Equal, Text: body}, {Op: diff.Insert, Text: "Das gilt entsprechend."}}}
		}
		to.Points = append(to.Points, plan.Point{Label: label, Text: text, Sources: []plan.SourceRef{{Key: "gii"}}})
		r.Changes = append(r.Changes, ch)
	}
	return &Comparison{From: Side{Version: from}, To: Side{Version: to}, Result: r}
}

func BenchmarkRender(b *testing.B) {
	c := largeComparison(2500)
	m := &Matrix{Versions: []Side{c.From, c.To}, Steps: []diff.Result{c.Result}}
	formats := []struct {
		name   string
		render func() error
	}{
		{"markdown", func() error { return Markdown(io.Discard, c, Options{}) }},
		{"terminal", func() error { return Terminal(io.Discard, c, TermOptions{Color: true}) }},
		{"json", func() error { return JSON(io.Discard, c, Options{}) }},
		{"html", func() error { return HTML(io.Discard, c, Options{}) }},
		{"matrix-markdown", func() error { return MatrixMarkdown(io.Discard, m) }},
		{"matrix-html", func() error { return MatrixHTML(io.Discard, m) }},
	}
	for _, f := range formats {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				if err := f.render(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
