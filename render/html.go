package render

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

// HTML writes the comparison as one self-contained HTML page: inline CSS, no scripts, no external
// resources, a Content-Security-Policy that forbids everything but inline styles, and each change
// shown old beside new. Links are made only for http and https source URLs.
// Every piece of document text goes through html/template's contextual escaping.
func HTML(w io.Writer, c *Comparison, opt Options) error {
	if err := c.check(); err != nil {
		return err
	}
	tmpl, err := template.New("page").Parse(htmlHead + htmlComparison + htmlFoot)
	if err != nil {
		return fmt.Errorf("render html: %w", err)
	}
	return tmpl.Execute(w, htmlPageOf(c, opt))
}

// htmlPage is what the comparison template shows.
type htmlPage struct {
	Title    string
	Versions []htmlVersion
	Options  string
	Summary  []htmlCount
	Total    int
	Figures  []htmlFigure
	Hidden   int
	Changes  []htmlChange
}

type htmlVersion struct {
	Role, Name, Title, Date, Parties, Status, Completeness, Points, Note string
	Sources                                                              []htmlCite
}

type htmlCount struct {
	Kind string
	N    int
}

type htmlFigure struct{ Point, Old, New string }

type htmlChange struct {
	ID, Title, Kind, Meta string
	Old, New              htmlSide
	Notes                 []string
	Cites                 []htmlCite
}

// htmlSide is one side of a change: its text with that side's edits marked, or why there is none.
type htmlSide struct {
	Name    string
	Labels  string
	Edits   []htmlEdit
	Missing string
}

type htmlEdit struct {
	Op   string // "equal", "delete" or "insert"
	Text string
}

// htmlCite is a citation or a source: Href is set only for http and https URLs; Text is the URL otherwise.
type htmlCite struct {
	Version, Key, Label, Href, Text, Locator, Note string
	Unknown                                        bool // the key is not in the manifest
}

func htmlPageOf(c *Comparison, opt Options) htmlPage {
	p := htmlPage{
		Title: sanitize(c.From.Name() + " → " + c.To.Name()),
		Versions: []htmlVersion{
			htmlVersionOf("from", c.From),
			htmlVersionOf("to", c.To),
		},
		Total: len(c.Result.Changes),
	}
	var opts []string
	if c.Options.Threshold != 0 {
		opts = append(opts, "similarity threshold "+strconv.FormatFloat(round3(c.Options.Threshold), 'f', -1, 64))
	}
	if c.Options.IgnoreTrivial {
		opts = append(opts, "edits of whitespace, case and punctuation ignored")
	}
	p.Options = strings.Join(opts, "; ")
	n := counts(c.Result)
	for _, k := range summaryKinds(n) {
		if n[k] > 0 {
			p.Summary = append(p.Summary, htmlCount{sanitize(string(k)), n[k]})
		}
	}
	for _, ch := range c.Result.Changes {
		for _, f := range ch.Figures {
			p.Figures = append(p.Figures, htmlFigure{sanitize(changeTitle(c, ch)), sanitize(f.Old), sanitize(f.New)})
		}
	}
	shown := visible(c.Result, opt.OnlyChanged)
	p.Hidden = len(c.Result.Changes) - len(shown)
	for i, ch := range shown {
		p.Changes = append(p.Changes, htmlChangeOf(c, ch, i))
	}
	return p
}

func htmlVersionOf(role string, s Side) htmlVersion {
	v := s.Version
	out := htmlVersion{
		Role:         role,
		Name:         sanitize(s.Name()),
		Title:        sanitize(v.Title),
		Date:         sanitize(emDash(v.Date)),
		Parties:      sanitize(emDash(joinParties(v.Parties))),
		Status:       sanitize(emDash(v.Status)),
		Completeness: sanitize(emDash(v.Completeness)),
		Points:       pointCounts(v),
		Note:         sanitize(v.Note),
	}
	for _, src := range v.Sources {
		out.Sources = append(out.Sources, htmlCiteOf(s.Name(), citation{Key: src.Key, Known: true, Source: src, Note: src.Note}))
	}
	return out
}

func htmlCiteOf(version string, c citation) htmlCite {
	ct := htmlCite{
		Version: sanitize(version),
		Key:     sanitize(c.Key),
		Label:   sanitize(emDash(sourceLine(c.Source))),
		Locator: sanitize(c.Locator),
		Note:    sanitize(c.Note),
		Unknown: !c.Known,
	}
	if u, ok := safeURL(c.Source.URL); ok {
		ct.Href = u
	} else {
		ct.Text = sanitize(c.Source.URL)
	}
	return ct
}

func htmlChangeOf(c *Comparison, ch diff.Change, i int) htmlChange {
	from, to := c.From, c.To
	meta := append([]string{"basis: " + string(ch.Basis)}, changeFacts(c, ch, ": ", nil)...)
	out := htmlChange{
		ID:    "change-" + strconv.Itoa(i+1),
		Title: sanitize(changeTitle(c, ch)),
		Kind:  sanitize(string(ch.Kind)),
		Meta:  sanitize(strings.Join(meta, " · ")),
		Old:   htmlSide{Name: sanitize(from.Name()), Labels: sanitize(labelList(labels(from.Version, ch.From)))},
		New:   htmlSide{Name: sanitize(to.Name()), Labels: sanitize(labelList(labels(to.Version, ch.To)))},
	}
	oldState, newState := state(from.Version, ch.From), state(to.Version, ch.To)
	if oldState == sideKnown && newState == sideKnown {
		ws := words(from.Version, to.Version, ch)
		out.Old.Edits = htmlEdits(sideEdits(ws, diff.Delete))
		out.New.Edits = htmlEdits(sideEdits(ws, diff.Insert))
	} else {
		out.Old.fill(from.Version, ch.From, oldState, ch.Kind, false)
		out.New.fill(to.Version, ch.To, newState, ch.Kind, true)
	}
	for _, s := range []struct {
		side Side
		idx  []int
	}{{from, ch.From}, {to, ch.To}} {
		for _, j := range s.idx {
			if p := s.side.Version.Points[j]; p.Note != "" {
				out.Notes = append(out.Notes, sanitize("Note on "+s.side.Name()+" "+p.Label+": "+p.Note))
			}
		}
		for _, ct := range citations(s.side.Version, s.idx) {
			out.Cites = append(out.Cites, htmlCiteOf(s.side.Name(), ct))
		}
	}
	return out
}

// fill sets a side whose counterpart is not known: its plain text, or why it has none.
func (s *htmlSide) fill(v *plan.Version, idx []int, st sideState, kind diff.Kind, isNew bool) {
	if st == sideKnown {
		s.Edits = []htmlEdit{{Op: string(diff.Equal), Text: sanitize(texts(v, idx))}}
		return
	}
	s.Missing = sanitize(capitalize(absence(st, kind, v.ID, isNew)) + ".")
}

func htmlEdits(ws []diff.Edit) []htmlEdit {
	out := make([]htmlEdit, 0, len(ws))
	for _, e := range ws {
		if e.Text != "" {
			out = append(out, htmlEdit{Op: string(e.Op), Text: sanitize(e.Text)})
		}
	}
	return out
}

// htmlHead opens a page; the template's data must have a Title.
const htmlHead = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 90em; padding: 0 1em; color: #1f2328; background: #fff; }
h1 { font-size: 1.6em; }
h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.05em; margin-bottom: .3em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #d0d7de; padding: .3em .6em; text-align: left; vertical-align: top; }
td.n { text-align: right; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.meta, .missing, .note { color: #59636e; }
.missing { font-style: italic; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.side { border: 1px solid #d0d7de; border-radius: 4px; padding: .5em .8em; }
.side h4 { margin: 0 0 .3em; font-size: .9em; color: #59636e; }
del { background: #ffebe9; color: #82071e; }
ins { background: #dafbe1; color: #116329; text-decoration: none; }
.kind { display: inline-block; font-size: .85em; padding: 0 .5em; border-radius: 1em; background: #eaeef2; }
table.matrix { table-layout: fixed; width: 100%; }
table.matrix td { font-size: .92em; }
.label { font-weight: 600; }
@media (prefers-color-scheme: dark) {
  body { color: #e6edf3; background: #0d1117; }
  th, td, .side, h2 { border-color: #30363d; }
  .meta, .missing, .note, .side h4 { color: #9198a1; }
  del { background: #4c1a1d; color: #ffa198; }
  ins { background: #12361f; color: #7ee787; }
  .kind { background: #30363d; }
  a { color: #4493f8; }
}
</style>
</head>
<body>
`

const htmlFoot = `</body>
</html>
`

// htmlCiteTmpl shows one citation or source; it is used with {{template "cite" .}}.
const htmlCiteTmpl = `{{define "cite"}}<span class="cite">{{.Version}} {{.Key}}` +
	`{{if .Unknown}} (not in the manifest){{else}}: {{if .Href}}<a href="{{.Href}}" rel="noopener noreferrer nofollow">{{.Label}}</a>` +
	`{{else}}{{.Label}}{{if .Text}}, {{.Text}} (not a web link){{end}}{{end}}{{end}}` +
	`{{if .Locator}} ({{.Locator}}){{end}}{{if .Note}}. {{.Note}}{{end}}</span>{{end}}`

// htmlSourcesTmpl lists the sources of each version; it is used with {{template "sources" .Versions}}.
const htmlSourcesTmpl = `{{define "sources"}}<h2>Sources</h2>
{{range .}}<h3>{{.Name}}</h3>
{{if .Sources}}<ul>{{range .Sources}}
<li>{{template "cite" .}}</li>{{end}}
</ul>
{{else}}<p>None listed.</p>
{{end}}{{end}}{{end}}`

// htmlEditsTmpl shows a word diff; it is used with {{template "edits" .Edits}}.
const htmlEditsTmpl = `{{define "edits"}}{{range .}}{{if eq .Op "delete"}}<del>{{.Text}}</del>` +
	`{{else if eq .Op "insert"}}<ins>{{.Text}}</ins>{{else}}{{.Text}}{{end}}{{end}}{{end}}`

const htmlComparison = htmlCiteTmpl + htmlSourcesTmpl + htmlEditsTmpl + `
{{- define "side"}}<div class="side"><h4>{{.Name}}: {{.Labels}}</h4>{{if .Missing}}<p class="missing">{{.Missing}}</p>{{else}}<div class="text">{{template "edits" .Edits}}</div>{{end}}</div>{{end -}}
<h1>{{.Title}}</h1>
<table>
<tr><th></th>{{range .Versions}}<th>{{.Role}}: {{.Name}}</th>{{end}}</tr>
<tr><th>Title</th>{{range .Versions}}<td>{{.Title}}</td>{{end}}</tr>
<tr><th>Date</th>{{range .Versions}}<td>{{.Date}}</td>{{end}}</tr>
<tr><th>Parties</th>{{range .Versions}}<td>{{.Parties}}</td>{{end}}</tr>
<tr><th>Status</th>{{range .Versions}}<td>{{.Status}}</td>{{end}}</tr>
<tr><th>Completeness</th>{{range .Versions}}<td>{{.Completeness}}</td>{{end}}</tr>
<tr><th>Points</th>{{range .Versions}}<td>{{.Points}}</td>{{end}}</tr>
<tr><th>Note</th>{{range .Versions}}<td>{{.Note}}</td>{{end}}</tr>
<tr><th>Sources</th>{{range .Versions}}<td>{{len .Sources}}, listed at the end</td>{{end}}</tr>
</table>
{{if .Options}}<p class="meta">Options: {{.Options}}.</p>
{{end -}}
<h2>Summary</h2>
<table>
<tr><th>Kind</th><th>Changes</th></tr>
{{range .Summary}}<tr><td>{{.Kind}}</td><td class="n">{{.N}}</td></tr>
{{end}}<tr><th>total</th><td class="n">{{.Total}}</td></tr>
</table>
<h2>Key figures</h2>
{{if .Figures}}<table>
<tr><th>Point</th><th>Old</th><th>New</th></tr>
{{range .Figures}}<tr><td>{{.Point}}</td><td>{{if .Old}}<del>{{.Old}}</del>{{else}}—{{end}}</td><td>{{if .New}}<ins>{{.New}}</ins>{{else}}—{{end}}</td></tr>
{{end}}</table>
{{else}}<p>No key figures changed.</p>
{{end -}}
<h2>Changes</h2>
{{if .Hidden}}<p class="meta">{{.Hidden}} unchanged points are not shown.</p>
{{end}}{{if not .Changes}}<p>No changes.</p>
{{end}}{{range .Changes}}<section id="{{.ID}}">
<h3>{{.Title}} <span class="kind">{{.Kind}}</span></h3>
<p class="meta">{{.Meta}}</p>
<div class="sides">{{template "side" .Old}}{{template "side" .New}}</div>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}{{if .Cites}}<ul class="meta">{{range .Cites}}<li>{{template "cite" .}}</li>{{end}}</ul>
{{end}}</section>
{{end}}{{template "sources" .Versions}}`
