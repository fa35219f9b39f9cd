package diff_test

import (
	"fmt"
	"strings"

	"github.com/plandiff/plandiff/diff"
)

// This file holds the shared table of hard cases (in the style of
// golang.org/x/tools/internal/diff/difftest): each test in this package that checks
// comparisons runs over all of them.

// compareCase is one comparison with its expected outcome.
type compareCase struct {
	name     string
	old, new diff.Document
	opt      diff.Options
	// want lists the changes in order, as summary prints them:
	// "kind oldLabels→newLabels basis", labels joined by "+", "-" for none.
	want []string
}

// pt makes a reported point.
func pt(label, text string) diff.Point { return diff.Point{Label: label, Text: text} }

// doc makes a document.
func doc(id string, points ...diff.Point) diff.Document { return diff.Document{ID: id, Points: points} }

// numbered makes a document whose points are labelled 1, 2, ... in order.
func numbered(id string, texts ...string) diff.Document {
	d := diff.Document{ID: id}
	for i, t := range texts {
		d.Points = append(d.Points, pt(fmt.Sprint(i+1), t))
	}
	return d
}

// summary prints a result one change per line, as compareCase.want lists them.
func summary(r diff.Result, old, new diff.Document) []string {
	labels := func(d diff.Document, idx []int) string {
		if len(idx) == 0 {
			return "-"
		}
		var ls []string
		for _, i := range idx {
			ls = append(ls, d.Points[i].Label)
		}
		return strings.Join(ls, "+")
	}
	var out []string
	for _, c := range r.Changes {
		out = append(out, fmt.Sprintf("%s %s→%s %s", c.Kind, labels(old, c.From), labels(new, c.To), c.Basis))
	}
	return out
}

// Texts for the cases: points of a negotiated settlement, written for these tests.
var plan = []string{
	"Ukraine's sovereignty will be confirmed by all signatories.",
	"A comprehensive non-aggression agreement will be concluded between Russia, Ukraine and Europe, settling all ambiguities of the last thirty years.",
	"Russia is expected not to invade neighbouring countries and NATO will not expand further.",
	"A dialogue between Russia and NATO will be held, mediated by the United States, to resolve all security issues.",
	"Ukraine will receive reliable security guarantees from its partners.",
	"The size of the Ukrainian Armed Forces will be limited to 600,000 personnel.",
	"Ukraine agrees to enshrine in its constitution that it will not join NATO.",
	"NATO agrees not to station troops in Ukraine.",
	"European fighter jets will be stationed in Poland.",
	"Ukraine is eligible for membership of the European Union and will receive short-term preferential access to the European market.",
	"A global development package will rebuild Ukraine, including a fund to invest in fast-growing industries such as technology and data centres.",
	"Russia will be reintegrated into the global economy step by step, with sanctions lifted in stages and case by case.",
	"Frozen funds of $100 billion will be invested in reconstruction efforts led by the United States.",
	"A joint security working group with the participation of the United States, Ukraine, Russia and Europe will be set up to enforce the provisions.",
	"Russia will enshrine in law a policy of non-aggression towards Europe and Ukraine.",
	"The United States and Russia will agree to extend treaties on the non-proliferation and control of nuclear weapons.",
	"Ukraine agrees to remain a non-nuclear state in accordance with the non-proliferation treaty.",
	"The Zaporizhzhia nuclear power plant will be restarted under the supervision of the international agency.",
	"Both countries commit to educational programmes promoting understanding and tolerance of different cultures.",
	"Crimea and the eastern regions will be recognised de facto along the line of contact.",
	"Russia and Ukraine will not change the territorial arrangements by force.",
	"Russia will not obstruct Ukraine's use of the Dnieper River for commercial activities.",
	"A humanitarian committee will be set up to resolve outstanding issues of prisoners and civilian detainees.",
	"Ukraine will hold elections within 100 days after the signing of the agreement.",
	"All parties involved in the conflict will receive full amnesty for their actions during the war.",
	"This agreement will be legally binding and monitored by a peace council chaired by the President.",
	"Once all parties agree to this memorandum, a ceasefire will take effect immediately after both sides retreat to agreed points.",
}

// longText returns a text of about n words built from the plan's sentences.
func longText(n int) string {
	var b strings.Builder
	words := 0
	for k := 0; words < n; k++ {
		s := plan[k%len(plan)]
		if k >= len(plan) {
			s = fmt.Sprintf("(%d) %s", k, s)
		}
		b.WriteString(s)
		b.WriteString(" ")
		words += len(strings.Fields(s))
	}
	return strings.TrimSpace(b.String())
}

// withLineage returns p declaring a lineage.
func withLineage(p diff.Point, version, label, relation string) diff.Point {
	p.Lineage = append(p.Lineage, diff.Ref{Version: version, Label: label, Relation: relation})
	return p
}

// withStatus returns p with a status.
func withStatus(p diff.Point, s diff.PointStatus) diff.Point {
	p.Status = s
	return p
}

// hardCases is the shared table.
var hardCases = []compareCase{
	{
		name: "unchanged",
		old:  numbered("a", plan[:3]...),
		new:  numbered("b", plan[:3]...),
		want: []string{"unchanged 1→1 identical", "unchanged 2→2 identical", "unchanged 3→3 identical"},
	},
	{
		name: "whole document renumbered",
		old:  numbered("a", plan[1:6]...),
		new:  numbered("b", plan[0:6]...),
		want: []string{
			"added -→1 none",
			"renumbered 1→2 identical", "renumbered 2→3 identical", "renumbered 3→4 identical",
			"renumbered 4→5 identical", "renumbered 5→6 identical",
		},
	},
	{
		name: "point moved from 3 to 20",
		old:  numbered("a", plan[:22]...),
		new:  numbered("b", slicesMove(plan[:22], 2, 19)...),
		want: append(append([]string{"unchanged 1→1 identical", "unchanged 2→2 identical"},
			seq("renumbered %d→%d identical", 4, 20, -1)...),
			"moved 3→20 identical", "unchanged 21→21 identical", "unchanged 22→22 identical"),
	},
	{
		name: "split into three",
		old: numbered("a", plan[0], plan[1],
			"Ukraine will receive reliable security guarantees. The size of the Ukrainian Armed Forces will be limited to 600,000 personnel. NATO agrees not to station troops in Ukraine.",
			plan[9]),
		new: numbered("b", plan[0], plan[1],
			"Ukraine will receive reliable security guarantees.",
			"The size of the Ukrainian Armed Forces will be limited to 800,000 personnel.",
			"NATO agrees not to station troops in Ukraine.",
			plan[9]),
		want: []string{
			"unchanged 1→1 identical", "unchanged 2→2 identical", "split 3→3+4+5 inferred", "renumbered 4→6 identical",
		},
	},
	{
		name: "merge of two",
		old:  numbered("a", plan[10], plan[11], plan[12], plan[13]),
		new: numbered("b", plan[10],
			"Russia will be reintegrated into the global economy step by step, with sanctions lifted in stages. Frozen funds of $100 billion will be invested in reconstruction efforts led by the United States.",
			plan[13]),
		want: []string{"unchanged 1→1 identical", "merged 2+3→2 inferred", "renumbered 4→3 identical"},
	},
	{
		name: "emptied point",
		old:  numbered("a", plan[20], plan[21], plan[22]),
		new:  numbered("b", plan[20], "", plan[22]),
		want: []string{"unchanged 1→1 identical", "modified 2→2 inferred", "unchanged 3→3 identical"},
	},
	{
		name: "identical duplicate points",
		old:  numbered("a", plan[0], "Reserved.", plan[1], "Reserved.", plan[2]),
		new:  numbered("b", plan[0], "Reserved.", plan[1], "(reserved)", plan[2], "Reserved."),
		want: []string{
			"unchanged 1→1 identical", "unchanged 2→2 identical", "unchanged 3→3 identical",
			"modified 4→4 identical", "unchanged 5→5 identical", "added -→6 none",
		},
	},
	{
		name: "copies of one text are no merge",
		old:  numbered("a", repeatText("Text of point number.", 40)...),
		new:  numbered("b", countedTexts("Text of point number %d here.", 41)...),
		// The words all texts share weigh next to nothing against each new text's number,
		// so no pair is similar enough; before each part had to add words, the 40 copies
		// were reported as one merge into new point 1.
		want: append(countedTexts("removed %d→- none", 40), countedTexts("added -→%d none", 41)...),
	},
	{
		name: "very long points",
		old:  numbered("a", longText(6000), plan[1]),
		new:  numbered("b", strings.Replace(longText(6000), "100 days", "as soon as possible", 1), plan[1]),
		want: []string{"modified 1→1 inferred", "unchanged 2→2 identical"},
	},
	{
		name: "label reused for new text",
		old:  numbered("a", plan[0], plan[22], plan[2]),
		new:  numbered("b", plan[0], plan[23], plan[2]),
		want: []string{"unchanged 1→1 identical", "removed 2→- none", "added -→2 none", "unchanged 3→3 identical"},
	},
	{
		name: "declared lineage overrides similarity",
		old:  doc("v1", pt("1", plan[5]), pt("2", plan[6])),
		new: doc("v2",
			withLineage(pt("A", plan[5]), "v1", "2", "amended"),
			withLineage(pt("B", plan[6]), "v1", "1", "amended")),
		// The LIS keeps the first new point in place; the other one moved.
		want: []string{"modified 2→A declared", "moved 1→B declared"},
	},
	{
		name: "declared split and merge",
		old:  doc("v1", pt("1", plan[0]), pt("2", plan[1]), pt("3", plan[2])),
		new: doc("v2",
			withLineage(pt("1a", plan[0]), "v1", "1", "split"),
			withLineage(pt("1b", plan[3]), "v1", "1", "split"),
			withLineage(withLineage(pt("2", plan[1]+" "+plan[2]), "v1", "2", "merged"), "v1", "3", "merged")),
		want: []string{"split 1→1a+1b declared", "merged 2+3→2 declared"},
	},
	{
		name: "statuses",
		old: doc("v1", pt("1", plan[0]), pt("2", plan[1]), pt("3", plan[2]), pt("4", plan[3]),
			withStatus(pt("5", ""), diff.StatusNotReported), pt("6", plan[5])),
		new: doc("v2", pt("1", plan[0]),
			withStatus(pt("2", ""), diff.StatusNotReported),
			withLineage(withStatus(pt("3", "Struck out."), diff.StatusRemoved), "v1", "3", "same"),
			withLineage(withStatus(pt("4", plan[3]), diff.StatusMovedOut), "v1", "4", "same"),
			pt("5", plan[4]),
			withStatus(pt("6", ""), diff.StatusRemoved),
			withStatus(pt("7", ""), diff.StatusNotReported)),
		want: []string{
			"unchanged 1→1 identical", "not-reported 2→2 inferred", "removed 3→3 declared",
			"moved-out 4→4 declared", "not-reported 5→5 inferred", "removed 6→6 inferred",
			"not-reported -→7 none",
		},
	},
	{
		name: "cyrillic, cjk and section signs",
		old: numbered("a",
			"Украина получит надёжные гарантии безопасности.",
			"Численность Вооружённых сил Украины будет ограничена 600 тысячами человек.",
			"双方同意在一百天内举行选举。",
			"§ 312 Abs. 1 gilt entsprechend für Verträge über Finanzdienstleistungen."),
		new: numbered("b",
			"Украина получит надёжные гарантии безопасности.",
			"Численность Вооружённых сил Украины будет ограничена 800 тысячами человек.",
			"双方同意尽快举行选举。",
			"§ 312a Abs. 2 gilt entsprechend für Verträge über Finanzdienstleistungen."),
		want: []string{"unchanged 1→1 identical", "modified 2→2 inferred", "modified 3→3 inferred", "modified 4→4 inferred"},
	},
	{
		name: "trivial edits",
		old:  numbered("a", plan[0], plan[1]),
		new:  numbered("b", strings.ToUpper(plan[0]), strings.ReplaceAll(plan[1], ",", " ,  ")),
		want: []string{"modified 1→1 identical", "modified 2→2 identical"},
	},
	{
		name: "trivial edits ignored",
		old:  numbered("a", plan[0], plan[1]),
		new:  numbered("b", strings.ToUpper(plan[0]), strings.ReplaceAll(plan[1], ",", " ,  ")),
		opt:  diff.Options{IgnoreTrivial: true},
		want: []string{"unchanged 1→1 identical", "unchanged 2→2 identical"},
	},
	{
		name: "edited, moved and removed",
		old:  numbered("a", plan[5], plan[12], plan[23], plan[24]),
		new: numbered("b",
			strings.Replace(plan[23], "within 100 days", "as soon as possible", 1),
			strings.Replace(plan[5], "600,000", "800,000", 1),
			strings.Replace(plan[12], "$100 billion", "$120 billion", 1)),
		// A removed point follows the change holding the old point before it.
		want: []string{"moved 3→1 inferred", "removed 4→- none", "modified 1→2 inferred", "modified 2→3 inferred"},
	},
	{
		name: "empty documents",
		old:  doc("a"),
		new:  doc("b"),
	},
	{
		name: "everything added",
		old:  doc("a"),
		new:  numbered("b", plan[0], ""),
		want: []string{"added -→1 none", "added -→2 none"},
	},
	{
		name: "everything removed",
		old:  numbered("a", plan[0], plan[1]),
		new:  doc("b"),
		want: []string{"removed 1→- none", "removed 2→- none"},
	},
	{
		name: "partly reported new version",
		old:  numbered("a", plan[0], plan[1], plan[2]),
		new: diff.Document{ID: "b", Partial: true, Points: []diff.Point{
			pt("(sovereignty)", plan[0]),
			{Label: "(amnesty)", Text: "The amnesty is dropped.", Status: diff.StatusRemoved,
				Lineage: []diff.Ref{{Version: "a", Label: "3", Relation: "amended"}}},
		}},
		// Point 2 is not mentioned: in a partial version that proves nothing.
		want: []string{"renumbered 1→(sovereignty) identical", "not-reported 2→- none", "removed 3→(amnesty) declared"},
	},
	{
		name: "lineage through a common ancestor",
		old: doc("eu", pt("1", plan[0]),
			diff.Point{Label: "2", Text: "Ukraine's armed forces may not exceed 800,000 personnel.",
				Lineage: []diff.Ref{{Version: "us", Label: "6", Relation: "amended"}}}),
		new: doc("geneva",
			diff.Point{Label: "(army)", Text: "No cap at all applies to the armed forces of the country.",
				Lineage: []diff.Ref{{Version: "us", Label: "6", Relation: "amended"}}}),
		want: []string{"removed 1→- none", "modified 2→(army) declared"},
	},
}

// slicesMove returns a copy of s with the element at from moved to index to.
func slicesMove(s []string, from, to int) []string {
	out := append([]string(nil), s[:from]...)
	out = append(out, s[from+1:]...)
	return append(out[:to], append([]string{s[from]}, out[to:]...)...)
}

// seq formats f with (i, i+shift) for i in [from, to].
func seq(f string, from, to, shift int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, fmt.Sprintf(f, i, i+shift))
	}
	return out
}

// repeatText returns n copies of text.
func repeatText(text string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = text
	}
	return out
}

// countedTexts returns f formatted with 1, 2, ... n.
func countedTexts(f string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(f, i+1)
	}
	return out
}
