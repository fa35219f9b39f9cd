package render

import (
	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

// hostileTexts are document texts that try to break out of their place in a report.
var hostileTexts = []string{
	"<script>document.title='pwned';window.pwned=1</script>",
	"<img src=x onerror=\"window.pwned=1;document.title='pwned'\"> and <svg onload=window.pwned=1>",
	"[click](javascript:window.pwned=1) and <a href=\"javascript:window.pwned=1\">link</a> and <javascript:alert(1)>",
	"</td></table></div><b>bold</b><div onmouseover=\"window.pwned=1\">x</div></section>",
	"a | b | c \\| d ||",
	"# heading\n## sub\n- item\n1. one\n> quote\n```\ncode\n```\n---\n    indented\n===",
	"*emph* _under_ `code` ~~strike~~ $x^2$ [^note] \\",
	"[ref]: https://evil.example\n[^note]: injected footnote",
	"\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \u009b31m C1 \r overwrite \x00 nul \u202eevil\u202c",
	"<!-- comment --> &amp; &lt;script&gt; <style>body{display:none}</style> www.evil.example https://evil.example/x press@evil.example",
	"x\"onmouseover=\"window.pwned=1\" y='z' `a` ${b}",
}

// hostileLabels are point labels that try the same.
var hostileLabels = []string{"<b>1</b>", "2|3", "[^x]", "#4", "`5`", "*6*", "- 7", "8.", "9\n10", "<!--", "\"11\""}

func hostileVersion(id string, shift int) *plan.Version {
	v := &plan.Version{
		Manifest: plan.Manifest{
			ID: id, Title: "<script>document.title='pwned'</script> | title *x*", Date: "2025-11-20",
			Parties: []string{"<b>Party</b>", "A|B"}, Status: "reported", Completeness: "full",
			Note: "note with <img src=x onerror=window.pwned=1> and [^y]",
			Sources: []plan.Source{
				{Key: "js", Outlet: "<b>Outlet</b>", Title: "[t](javascript:window.pwned=1)", Date: "2025-11-20",
					URL: "javascript:window.pwned=1", Note: "<script>window.pwned=1</script>"},
				{Key: "x\"y z", Outlet: "O|utlet", Title: "T", Date: "2025", URL: "https://example.com/a b<c>\"'`?q=<script>"},
				{Key: "data", Outlet: "D", Title: "T", Date: "2025", URL: "data:text/html,<script>window.pwned=1</script>"},
			},
		},
	}
	for i := range hostileTexts {
		p := plan.Point{
			Label: hostileLabels[i],
			Text:  hostileTexts[(i+shift)%len(hostileTexts)],
			Note:  hostileTexts[(i+1)%len(hostileTexts)],
			Sources: []plan.SourceRef{
				{Key: "js", Locator: "<i>loc</i> | [^z]"},
				{Key: "x\"y z"},
				{Key: "missing<script>"},
			},
		}
		v.Points = append(v.Points, p)
	}
	return v
}

func hostileComparison() *Comparison {
	from, to := hostileVersion("old", 0), hostileVersion("new", 1)
	var r diff.Result
	n := len(hostileTexts)
	for i := 0; i < n-1; i++ {
		r.Changes = append(r.Changes, diff.Change{
			Kind: diff.Modified, From: []int{i}, To: []int{i}, Basis: diff.Inferred, Similarity: 0.5, TextChanged: true,
			Words:   []diff.Edit{{Op: diff.Delete, Text: from.Points[i].Text}, {Op: diff.Insert, Text: to.Points[i].Text}},
			Figures: []diff.Figure{{Old: hostileTexts[i], New: hostileTexts[(i+3)%n]}},
		})
	}
	r.Changes = append(r.Changes,
		diff.Change{Kind: diff.Removed, From: []int{n - 1}, Basis: diff.None,
			Words: []diff.Edit{{Op: diff.Delete, Text: from.Points[n-1].Text}}},
		diff.Change{Kind: diff.Added, To: []int{n - 1}, Basis: diff.None,
			Words: []diff.Edit{{Op: diff.Insert, Text: to.Points[n-1].Text}}},
	)
	return &Comparison{From: Side{Version: from, Rev: "<b>HEAD</b>"}, To: Side{Version: to}, Result: r}
}

func hostileMatrix() *Matrix {
	c := hostileComparison()
	return &Matrix{Versions: []Side{c.From, c.To}, Steps: []diff.Result{c.Result}}
}
