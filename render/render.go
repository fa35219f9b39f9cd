// Package render writes comparisons of document versions as Markdown, terminal text, JSON and HTML.
package render

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

// Side is one side of a comparison: a version as read, and the git revision it was read at.
type Side struct {
	// Version is the version as read from the plan repository.
	Version *plan.Version
	// Rev is the git revision the user named, or "" for the working tree or the bundled dataset.
	Rev string
}

// Name returns the side as the user would name it: "us-28" or "us-28@HEAD~1".
func (s Side) Name() string {
	id := ""
	if s.Version != nil {
		id = s.Version.ID
	}
	if s.Rev == "" {
		return id
	}
	return id + "@" + s.Rev
}

// Comparison is a comparison of two versions ready to be rendered.
type Comparison struct {
	From, To Side
	// Result is the diff of From to To; its indexes refer to the versions' Points.
	Result diff.Result
	// Options are the options the comparison was made with.
	Options diff.Options
}

// Options tune the Markdown, JSON and HTML reports.
type Options struct {
	// OnlyChanged leaves out unchanged points (the summary still counts them).
	OnlyChanged bool
}

// NewComparison compares two versions with diff.Compare.
func NewComparison(from, to Side, opt diff.Options) (*Comparison, error) {
	if from.Version == nil || to.Version == nil {
		return nil, errors.New("compare: missing version")
	}
	res, err := diff.Compare(Document(from.Version), Document(to.Version), opt)
	if err != nil {
		return nil, fmt.Errorf("compare %s with %s: %w", from.Name(), to.Name(), err)
	}
	return &Comparison{From: from, To: to, Result: res, Options: opt}, nil
}

// Document converts a version to the diff engine's view of it, one diff point per version point,
// so that the indexes of a diff.Result refer to v.Points. A version whose completeness is
// partial or changes-only is a partial document.
func Document(v *plan.Version) diff.Document {
	doc := diff.Document{
		ID:          v.ID,
		Points:      make([]diff.Point, len(v.Points)),
		Partial:     v.Completeness == "partial" || v.Completeness == "changes-only",
		UTF8Checked: v.UTF8Checked,
	}
	for i, p := range v.Points {
		var refs []diff.Ref
		for _, l := range p.Lineage {
			refs = append(refs, diff.Ref{Version: l.Version, Label: l.Label, Relation: l.Relation})
		}
		doc.Points[i] = diff.Point{
			Label:   p.Label,
			Text:    p.Text,
			Status:  diff.PointStatus(p.EffectiveStatus()),
			Lineage: refs,
		}
	}
	return doc
}

// kinds lists every change kind in the order reports print them.
var kinds = [...]diff.Kind{
	diff.Unchanged, diff.Modified, diff.Renumbered, diff.Moved, diff.Split,
	diff.Merged, diff.Removed, diff.Added, diff.NotReported, diff.MovedOut,
}

// check reports whether c can be rendered: both versions present and every index in range.
func (c *Comparison) check() error {
	if c == nil || c.From.Version == nil || c.To.Version == nil {
		return errors.New("render: missing version")
	}
	return checkResult(c.Result, c.From.Version, c.To.Version)
}

func checkResult(r diff.Result, from, to *plan.Version) error {
	for i, ch := range r.Changes {
		for _, j := range ch.From {
			if j < 0 || j >= len(from.Points) {
				return fmt.Errorf("render: change %d: point index %d out of range in %s", i, j, from.ID)
			}
		}
		for _, j := range ch.To {
			if j < 0 || j >= len(to.Points) {
				return fmt.Errorf("render: change %d: point index %d out of range in %s", i, j, to.ID)
			}
		}
	}
	return nil
}

// counts returns the number of changes of each kind.
func counts(r diff.Result) map[diff.Kind]int {
	n := make(map[diff.Kind]int)
	for _, ch := range r.Changes {
		n[ch.Kind]++
	}
	return n
}

// summaryKinds returns the kinds in print order followed by any unknown kinds, sorted.
func summaryKinds(n map[diff.Kind]int) []diff.Kind {
	out := append([]diff.Kind(nil), kinds[:]...)
	var extra []diff.Kind
	for k := range n {
		if !slices.Contains(out, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// visible returns the changes a report shows.
func visible(r diff.Result, onlyChanged bool) []diff.Change {
	if !onlyChanged {
		return r.Changes
	}
	var out []diff.Change
	for _, ch := range r.Changes {
		if ch.Kind != diff.Unchanged {
			out = append(out, ch)
		}
	}
	return out
}

// labels returns the labels of the points at the given indexes.
func labels(v *plan.Version, idx []int) []string {
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		out = append(out, v.Points[i].Label)
	}
	return out
}

// presentPoints counts the points that belong to the version's text: reported and not-reported
// points, but not placeholders of removed or moved-out points.
func presentPoints(v *plan.Version) int {
	n := 0
	for _, p := range v.Points {
		switch p.EffectiveStatus() {
		case plan.StatusRemoved, plan.StatusMovedOut:
		default:
			n++
		}
	}
	return n
}

// reportedPoints counts the points whose content is known.
func reportedPoints(v *plan.Version) int {
	n := 0
	for _, p := range v.Points {
		if p.EffectiveStatus() == plan.StatusReported {
			n++
		}
	}
	return n
}

// citation is a point's reference to a source, resolved against its version's manifest.
type citation struct {
	Key     string
	Known   bool // the key names a source of the manifest
	Source  plan.Source
	Locator string
	Note    string // the reference's note, then the source's note
}

// citations returns the citations of the points at idx, in order, without duplicates.
func citations(v *plan.Version, idx []int) []citation {
	var out []citation
	seen := make(map[[3]string]bool)
	for _, i := range idx {
		for _, ref := range v.Points[i].Sources {
			k := [3]string{ref.Key, ref.Locator, ref.Note}
			if seen[k] {
				continue
			}
			seen[k] = true
			src, ok := v.Source(ref.Key)
			out = append(out, citation{
				Key:     ref.Key,
				Known:   ok,
				Source:  src,
				Locator: ref.Locator,
				Note:    joinNonEmpty("; ", ref.Note, src.Note),
			})
		}
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

// sideState says what a report can show for one side of a change.
type sideState int

const (
	sideKnown       sideState = iota // every point's content is reported
	sideAbsent                       // no point on this side
	sideNotReported                  // the content is not reported in any source
	sideRemoved                      // struck out in this version
	sideMovedOut                     // moved into a separate document
)

// state returns what is known about the points at idx.
func state(v *plan.Version, idx []int) sideState {
	if len(idx) == 0 {
		return sideAbsent
	}
	st := sideKnown
	for _, i := range idx {
		switch v.Points[i].EffectiveStatus() {
		case plan.StatusReported:
		case plan.StatusRemoved:
			return sideRemoved
		case plan.StatusMovedOut:
			return sideMovedOut
		default:
			st = sideNotReported
		}
	}
	return st
}

// absence explains a side without known content, in a sentence without final punctuation.
// id is the version of that side; kind is the change's kind; isNew tells the sides apart.
func absence(st sideState, kind diff.Kind, id string, isNew bool) string {
	switch st {
	case sideNotReported:
		return "content not reported in any source"
	case sideRemoved:
		return "removed in " + id
	case sideMovedOut:
		return "moved to a separate document"
	}
	if !isNew {
		return "not in " + id
	}
	switch kind {
	case diff.Removed:
		return "removed in " + id
	case diff.MovedOut:
		return "moved to a separate document"
	case diff.NotReported:
		return "content not reported in any source"
	}
	return "no counterpart in " + id
}

// texts joins the texts of the points at idx with a blank line, as the diff engine does.
func texts(v *plan.Version, idx []int) string {
	parts := make([]string, 0, len(idx))
	for _, i := range idx {
		parts = append(parts, v.Points[i].Text)
	}
	return strings.Join(parts, "\n\n")
}

// words returns the change's word diff for display: rawWords with whitespace shared by a
// replacement moved out of it, so "exceed [-600,000 -]{+800,000 +}personnel" reads
// "exceed [-600,000-]{+800,000+} personnel".
func words(from, to *plan.Version, ch diff.Change) []diff.Edit {
	return tidy(rawWords(from, to, ch))
}

// rawWords returns the change's word diff, or one built from the texts when the result carries none.
func rawWords(from, to *plan.Version, ch diff.Change) []diff.Edit {
	if len(ch.Words) > 0 {
		return ch.Words
	}
	old, nw := texts(from, ch.From), texts(to, ch.To)
	switch {
	case old == nw && old != "":
		return []diff.Edit{{Op: diff.Equal, Text: old}}
	case old == "" && nw == "":
		return nil
	}
	var out []diff.Edit
	if old != "" {
		out = append(out, diff.Edit{Op: diff.Delete, Text: old})
	}
	if nw != "" {
		out = append(out, diff.Edit{Op: diff.Insert, Text: nw})
	}
	return out
}

// sideEdits keeps the edits one side of a side-by-side view shows: equal runs and that side's op.
func sideEdits(ws []diff.Edit, op diff.Op) []diff.Edit {
	var out []diff.Edit
	for _, e := range ws {
		if e.Op == diff.Equal || e.Op == op {
			out = append(out, e)
		}
	}
	return out
}

// labelList prints labels as "6" or "6, 7", and "—" when there are none.
func labelList(ls []string) string {
	if len(ls) == 0 {
		return "—"
	}
	return strings.Join(ls, ", ")
}

// similarity formats a similarity with at most three decimals.
func similarity(f float64) string {
	return fmt.Sprintf("%.3f", round3(f))
}

// round3 rounds to three decimals.
func round3(f float64) float64 {
	return math.Round(f*1000) / 1000
}

// oneLine sanitises s and puts it on one line, collapsing runs of whitespace.
func oneLine(s string) string {
	return strings.Join(strings.Fields(sanitize(s)), " ")
}

// tidy moves whitespace that both halves of a replacement (a deletion next to an insertion)
// begin or end with out of the replacement, and merges adjacent runs of one operation.
// The result rebuilds the same old and new texts.
func tidy(ws []diff.Edit) []diff.Edit {
	var out []diff.Edit
	add := func(e diff.Edit) {
		if e.Text == "" {
			return
		}
		if n := len(out); n > 0 && out[n-1].Op == e.Op {
			out[n-1].Text += e.Text
			return
		}
		out = append(out, e)
	}
	for i := 0; i < len(ws); i++ {
		a := ws[i]
		if i+1 == len(ws) || a.Op == diff.Equal || ws[i+1].Op == diff.Equal || ws[i+1].Op == a.Op {
			add(a)
			continue
		}
		b := ws[i+1]
		i++
		pre := commonSpace(a.Text, b.Text, false)
		suf := commonSpace(a.Text[pre:], b.Text[pre:], true)
		add(diff.Edit{Op: diff.Equal, Text: a.Text[:pre]})
		add(diff.Edit{Op: a.Op, Text: a.Text[pre : len(a.Text)-suf]})
		add(diff.Edit{Op: b.Op, Text: b.Text[pre : len(b.Text)-suf]})
		add(diff.Edit{Op: diff.Equal, Text: a.Text[len(a.Text)-suf:]})
	}
	return out
}

// commonSpace returns the length in bytes of the whitespace both a and b begin with (or end
// with, if suffix), leaving at least one byte of each.
func commonSpace(a, b string, suffix bool) int {
	n := 0
	for n < len(a)-1 && n < len(b)-1 {
		var x, y byte
		if suffix {
			x, y = a[len(a)-1-n], b[len(b)-1-n]
		} else {
			x, y = a[n], b[n]
		}
		if x != y || (x != ' ' && x != '\n' && x != '\t') {
			break
		}
		n++
	}
	return n
}

// changeFacts lists what every report says of a change after its kind and basis: the
// similarity when both sides exist, relabelled, reordered, and the points' fidelity written
// "fidelity" + sep + value, with escape (when not nil) applied to the value.
func changeFacts(c *Comparison, ch diff.Change, sep string, escape func(string) string) []string {
	var facts []string
	if len(ch.From) > 0 && len(ch.To) > 0 {
		facts = append(facts, "similarity "+similarity(ch.Similarity))
	}
	if ch.Relabelled {
		facts = append(facts, "relabelled")
	}
	if ch.Reordered {
		facts = append(facts, "reordered")
	}
	if f := fidelities(c.From.Version, ch.From, c.To.Version, ch.To); f != "" {
		if escape != nil {
			f = escape(f)
		}
		facts = append(facts, "fidelity"+sep+f)
	}
	return facts
}
