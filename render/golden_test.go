package render

import (
	"bytes"
	"io"
	"testing"
)

func TestGolden(t *testing.T) {
	tests := []struct {
		file   string
		render func(io.Writer) error
	}{
		{"fixture.md", func(w io.Writer) error { return Markdown(w, fixtureComparison(), Options{}) }},
		{"fixture-only-changed.md", func(w io.Writer) error { return Markdown(w, fixtureComparison(), Options{OnlyChanged: true}) }},
		{"fixture.txt", func(w io.Writer) error { return Terminal(w, fixtureComparison(), TermOptions{}) }},
		{"fixture-color-60.txt", func(w io.Writer) error {
			return Terminal(w, fixtureComparison(), TermOptions{Color: true, Width: 60, OnlyChanged: true})
		}},
		{"fixture.json", func(w io.Writer) error { return JSON(w, fixtureComparison(), Options{}) }},
		{"fixture-only-changed.json", func(w io.Writer) error { return JSON(w, fixtureComparison(), Options{OnlyChanged: true}) }},
		{"fixture.html", func(w io.Writer) error { return HTML(w, fixtureComparison(), Options{}) }},
		{"matrix.md", func(w io.Writer) error { return MatrixMarkdown(w, fixtureMatrix()) }},
		{"matrix.html", func(w io.Writer) error { return MatrixHTML(w, fixtureMatrix()) }},
		{"hostile.md", func(w io.Writer) error { return Markdown(w, hostileComparison(), Options{}) }},
		{"hostile.txt", func(w io.Writer) error { return Terminal(w, hostileComparison(), TermOptions{Width: 60}) }},
		{"hostile.json", func(w io.Writer) error { return JSON(w, hostileComparison(), Options{}) }},
		{"hostile.html", func(w io.Writer) error { return HTML(w, hostileComparison(), Options{}) }},
		{"hostile-matrix.md", func(w io.Writer) error { return MatrixMarkdown(w, hostileMatrix()) }},
		{"hostile-matrix.html", func(w io.Writer) error { return MatrixHTML(w, hostileMatrix()) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.render(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}
