package render

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/plandiff/plandiff/diff"
)

// cellView is what a matrix cell shows, independent of the format.
type cellView struct {
	Label   string      // the point's label; "" for an empty cell
	Tags    []string    // how the point came to be: its change kind, split or merge notes
	Edits   []diff.Edit // the text; deletions and insertions mark changes against the previous column
	Missing string      // why there is no text
}

func (m *Matrix) view(col int, c mcell) cellView {
	var cv cellView
	if c.point < 0 {
		cv.Missing = c.note
		return cv
	}
	v := m.Versions[col].Version
	p := v.Points[c.point]
	cv.Label = p.Label
	switch {
	case c.kind == "" || c.kind == diff.Unchanged || c.ref:
	case c.note != "" && (c.kind == diff.Split || c.kind == diff.Merged):
		// The note says it: "split from 20".
	case c.kind == diff.NotReported:
		// The cell says it.
	default:
		cv.Tags = append(cv.Tags, string(c.kind))
	}
	if c.note != "" {
		cv.Tags = append(cv.Tags, c.note)
	}
	switch {
	case c.ref:
	case state(v, []int{c.point}) != sideKnown:
		cv.Missing = absence(state(v, []int{c.point}), c.kind, v.ID, true)
	case c.diffed:
		cv.Edits = c.edits
	default:
		cv.Edits = []diff.Edit{{Op: diff.Equal, Text: p.Text}}
	}
	return cv
}

// stepSummary describes a step's changes: "3 unchanged, 2 modified".
func stepSummary(r diff.Result) string {
	n := counts(r)
	var parts []string
	for _, k := range summaryKinds(n) {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	return emDash(strings.Join(parts, ", "))
}

func (m *Matrix) title() string {
	var names []string
	for _, s := range m.Versions {
		names = append(names, s.Name())
	}
	return strings.Join(names, " → ")
}

// MatrixMarkdown writes the matrix as a GitHub Markdown table, one column per version and one
// row per point followed through the versions, with changes against the previous column marked
// by <del> and <ins>. Document text is escaped so it cannot break the table.
func MatrixMarkdown(w io.Writer, m *Matrix) error {
	if err := m.check(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n", mdInline(m.title()))
	cells := func(f func(Side) string) string {
		var b strings.Builder
		for _, s := range m.Versions {
			b.WriteString(" " + f(s) + " |")
		}
		return b.String()
	}
	fmt.Fprintf(bw, "| |%s\n|---|%s\n", cells(func(s Side) string { return mdInline(s.Name()) }),
		strings.Repeat("---|", len(m.Versions)))
	fmt.Fprintf(bw, "| Title |%s\n", cells(func(s Side) string { return mdInline(s.Version.Title) }))
	fmt.Fprintf(bw, "| Date |%s\n", cells(func(s Side) string { return mdInline(emDash(s.Version.Date)) }))
	fmt.Fprintf(bw, "| Status |%s\n", cells(func(s Side) string { return mdInline(emDash(s.Version.Status)) }))
	fmt.Fprintf(bw, "| Completeness |%s\n", cells(func(s Side) string { return mdInline(emDash(s.Version.Completeness)) }))
	fmt.Fprintf(bw, "| Points |%s\n\n", cells(func(s Side) string { return pointCounts(s.Version) }))

	fmt.Fprintf(bw, "## Steps\n\n| Step | Changes |\n|---|---|\n")
	for i, st := range m.Steps {
		fmt.Fprintf(bw, "| %s | %s |\n", mdInline(m.Versions[i].Name()+" → "+m.Versions[i+1].Name()), mdInline(stepSummary(st)))
	}
	fmt.Fprintf(bw, "\n## Points\n\nEach row follows one point through the versions; deletions and insertions are against the column to the left.\n\n")
	fmt.Fprintf(bw, "|%s\n|%s\n", cells(func(s Side) string { return mdInline(s.Name()) }),
		strings.Repeat("---|", len(m.Versions)))
	for _, r := range m.rows() {
		var b strings.Builder
		b.WriteString("|")
		for col, c := range r.cells {
			b.WriteString(" " + mdCell(m.view(col, c)) + " |")
		}
		fmt.Fprintf(bw, "%s\n", b.String())
	}
	return bw.Flush()
}

// mdCell renders a matrix cell on one line.
func mdCell(cv cellView) string {
	var parts []string
	if cv.Label != "" {
		head := "**" + mdInline(cv.Label) + "**"
		if len(cv.Tags) > 0 {
			head += " (" + mdInline(strings.Join(cv.Tags, "; ")) + ")"
		}
		parts = append(parts, head)
	}
	if cv.Missing != "" {
		parts = append(parts, "*"+mdInline(capitalize(cv.Missing))+"*")
	}
	if len(cv.Edits) > 0 {
		parts = append(parts, mdWords(cv.Edits))
	}
	return strings.Join(parts, "<br>")
}

// MatrixHTML writes the matrix as one self-contained HTML page, like HTML.
func MatrixHTML(w io.Writer, m *Matrix) error {
	if err := m.check(); err != nil {
		return err
	}
	tmpl, err := template.New("page").Parse(htmlHead + htmlMatrix + htmlFoot)
	if err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	page := htmlMatrixPage{Title: sanitize(m.title())}
	for _, s := range m.Versions {
		page.Versions = append(page.Versions, htmlVersionOf("", s))
	}
	for i, st := range m.Steps {
		page.Steps = append(page.Steps, htmlStep{
			Name:    sanitize(m.Versions[i].Name() + " → " + m.Versions[i+1].Name()),
			Changes: sanitize(stepSummary(st)),
		})
	}
	for _, r := range m.rows() {
		var row []htmlCell
		for col, c := range r.cells {
			cv := m.view(col, c)
			row = append(row, htmlCell{
				Label:   sanitize(cv.Label),
				Tags:    sanitize(strings.Join(cv.Tags, "; ")),
				Edits:   htmlEdits(cv.Edits),
				Missing: sanitize(capitalize(cv.Missing)),
			})
		}
		page.Rows = append(page.Rows, row)
	}
	return tmpl.Execute(w, page)
}

type htmlMatrixPage struct {
	Title    string
	Versions []htmlVersion
	Steps    []htmlStep
	Rows     [][]htmlCell
}

type htmlStep struct{ Name, Changes string }

type htmlCell struct {
	Label, Tags string
	Edits       []htmlEdit
	Missing     string
}

const htmlMatrix = htmlCiteTmpl + htmlSourcesTmpl + htmlEditsTmpl + `
<h1>{{.Title}}</h1>
<table>
<tr><th></th>{{range .Versions}}<th>{{.Name}}</th>{{end}}</tr>
<tr><th>Title</th>{{range .Versions}}<td>{{.Title}}</td>{{end}}</tr>
<tr><th>Date</th>{{range .Versions}}<td>{{.Date}}</td>{{end}}</tr>
<tr><th>Status</th>{{range .Versions}}<td>{{.Status}}</td>{{end}}</tr>
<tr><th>Completeness</th>{{range .Versions}}<td>{{.Completeness}}</td>{{end}}</tr>
<tr><th>Points</th>{{range .Versions}}<td>{{.Points}}</td>{{end}}</tr>
<tr><th>Sources</th>{{range .Versions}}<td>{{len .Sources}}, listed at the end</td>{{end}}</tr>
</table>
<h2>Steps</h2>
<table>
<tr><th>Step</th><th>Changes</th></tr>
{{range .Steps}}<tr><td>{{.Name}}</td><td>{{.Changes}}</td></tr>
{{end}}</table>
<h2>Points</h2>
<p class="meta">Each row follows one point through the versions; deletions and insertions are against the column to the left.</p>
<table class="matrix">
<tr>{{range .Versions}}<th>{{.Name}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{if .Label}}<div><span class="label">{{.Label}}</span>{{if .Tags}} <span class="meta">({{.Tags}})</span>{{end}}</div>{{end}}` +
	`{{if .Missing}}<div class="missing">{{.Missing}}</div>{{end}}{{if .Edits}}<div class="text">{{template "edits" .Edits}}</div>{{end}}</td>{{end}}</tr>
{{end}}</table>
{{template "sources" .Versions}}`
