package render

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

// Matrix compares several versions in sequence, like the four-column documents of EU law-making:
// one column per version, one row per point followed through the versions.
type Matrix struct {
	// Versions are the columns, oldest first.
	Versions []Side
	// Steps[i] compares Versions[i] with Versions[i+1].
	Steps []diff.Result
}

// NewMatrix compares each version with the next one with diff.Compare.
func NewMatrix(versions []Side, opt diff.Options) (*Matrix, error) {
	if len(versions) < 2 {
		return nil, errors.New("matrix: need at least two versions")
	}
	for _, s := range versions {
		if s.Version == nil {
			return nil, errors.New("matrix: missing version")
		}
	}
	m := &Matrix{Versions: versions}
	for i := 0; i+1 < len(versions); i++ {
		from, to := versions[i], versions[i+1]
		res, err := diff.Compare(Document(from.Version), Document(to.Version), opt)
		if err != nil {
			return nil, fmt.Errorf("matrix: compare %s with %s: %w", from.Name(), to.Name(), err)
		}
		m.Steps = append(m.Steps, res)
	}
	return m, nil
}

// check reports whether m can be rendered.
func (m *Matrix) check() error {
	if m == nil || len(m.Versions) == 0 {
		return errors.New("render matrix: no versions")
	}
	if len(m.Steps) != len(m.Versions)-1 {
		return fmt.Errorf("render matrix: %d versions need %d steps, have %d", len(m.Versions), len(m.Versions)-1, len(m.Steps))
	}
	for _, s := range m.Versions {
		if s.Version == nil {
			return errors.New("render matrix: missing version")
		}
	}
	for i, st := range m.Steps {
		if err := checkResult(st, m.Versions[i].Version, m.Versions[i+1].Version); err != nil {
			return err
		}
	}
	return nil
}

// mcell is one cell of the matrix: a point of the column's version, or why there is none.
type mcell struct {
	point int       // index into the column's version's Points; -1 when the cell is empty
	kind  diff.Kind // how the point came from the previous column; "" where the row starts
	edits []diff.Edit
	// diffed is true when edits mark changes against the previous column; else edits are plain text.
	diffed bool
	// ref is true when the point is shown in full in another row, which this cell refers to.
	ref  bool
	note string // what happened: "removed in geneva-19", "split from 5", "merged into 7"
}

// mrow is one row of the matrix; rows form a list in display order.
type mrow struct {
	cells []mcell
	next  *mrow
}

// mrows follows the points through the steps and returns the rows in display order.
// A row starts at a version's point and continues through its counterparts; a split continues
// the row with its first part and starts a row per further part; a merge continues the row of
// its first old point and ends the others with a note.
func (m *Matrix) rows() []*mrow {
	cols := len(m.Versions)
	newRow := func() *mrow {
		r := &mrow{cells: make([]mcell, cols)}
		for i := range r.cells {
			r.cells[i].point = -1
		}
		return r
	}
	var head, tail *mrow
	at := make(map[int]*mrow) // point of the current column → its row
	for i := range m.Versions[0].Version.Points {
		r := newRow()
		r.cells[0].point = i
		if head == nil {
			head = r
		} else {
			tail.next = r
		}
		tail = r
		at[i] = r
	}
	insertAfter := func(prev, r *mrow) {
		if prev == nil {
			r.next, head = head, r
			return
		}
		r.next, prev.next = prev.next, r
	}
	// Rows whose point a version did not report wait there: a later version's new point that
	// declares lineage to the row (directly or through a shared ancestor) continues the row.
	var dormant []*mrow
	for k, step := range m.Steps {
		from, to := m.Versions[k].Version, m.Versions[k+1].Version
		next := make(map[int]*mrow)
		var prev *mrow // the row of the change before, where new rows go
		for _, ch := range step.Changes {
			var fromRows []*mrow
			for _, f := range ch.From {
				r := at[f]
				if r == nil || slices.Contains(fromRows, r) {
					// A point no earlier step placed, or a point placed twice: give it a row of its own.
					r = newRow()
					r.cells[k].point = f
					insertAfter(prev, r)
				}
				fromRows = append(fromRows, r)
				prev = r
			}
			if len(ch.To) == 0 {
				for _, r := range fromRows {
					r.cells[k+1].kind = ch.Kind
					r.cells[k+1].note = absence(sideAbsent, ch.Kind, to.ID, true)
					if ch.Kind == diff.NotReported {
						dormant = append(dormant, r)
					}
				}
				continue
			}
			if len(ch.From) == 0 && len(ch.To) == 1 {
				if n := m.wakeRow(dormant, k+1, ch.To[0]); n >= 0 {
					r := dormant[n]
					dormant = slices.Delete(dormant, n, n+1)
					r.cells[k+1] = m.bridgeCell(r, k+1, ch.To[0], ch.Kind)
					next[ch.To[0]] = r
					prev = r
					continue
				}
			}
			var parts [][]diff.Edit
			diffed := len(ch.From) > 0 && state(from, ch.From) == sideKnown && state(to, ch.To) == sideKnown
			if diffed {
				ws := words(from, to, ch)
				var ok bool
				if parts, ok = splitNew(ws, textsOf(to, ch.To)); !ok {
					diffed = false
				}
			}
			for n, j := range ch.To {
				var r *mrow
				if n < len(fromRows) {
					r = fromRows[n]
				} else {
					r = newRow()
					if len(fromRows) > 0 {
						r.cells[k] = mcell{point: fromRows[0].cells[k].point, ref: true,
							note: "split; text in the row above"}
					}
					insertAfter(prev, r)
				}
				prev = r
				cell := mcell{point: j, kind: ch.Kind}
				if diffed {
					cell.edits, cell.diffed = parts[n], true
				}
				switch {
				case len(ch.To) > 1 && len(ch.From) > 0:
					cell.note = "split from " + labelList(labels(from, ch.From))
				case len(ch.From) > 1:
					cell.note = "merged from " + labelList(labels(from, ch.From))
				}
				r.cells[k+1] = cell
				next[j] = r
			}
			for n := len(ch.To); n < len(fromRows); n++ {
				fromRows[n].cells[k+1] = mcell{point: ch.To[0], kind: ch.Kind, ref: true,
					note: "merged into " + labelList(labels(to, ch.To)) + "; text in the row above"}
			}
		}
		// Points the step did not account for get rows of their own at the end.
		for j := range to.Points {
			if next[j] == nil {
				r := newRow()
				r.cells[k+1].point = j
				for tail = head; tail != nil && tail.next != nil; tail = tail.next {
				}
				insertAfter(tail, r)
				next[j] = r
			}
		}
		at = next
	}
	var out []*mrow
	for r := head; r != nil; r = r.next {
		out = append(out, r)
	}
	return out
}

// textsOf returns the texts of the points at idx.
func textsOf(v *plan.Version, idx []int) []string {
	out := make([]string, 0, len(idx))
	for _, i := range idx {
		out = append(out, v.Points[i].Text)
	}
	return out
}

// splitNew cuts a word diff whose new side is several texts joined by blank lines into one word
// diff per text. Deletions go with the text at whose position they occur. ok is false when the
// diff does not rebuild the joined texts.
func splitNew(ws []diff.Edit, parts []string) (out [][]diff.Edit, ok bool) {
	var nw strings.Builder
	for _, e := range ws {
		if e.Op != diff.Delete {
			nw.WriteString(e.Text)
		}
	}
	if nw.String() != strings.Join(parts, "\n\n") {
		return nil, false
	}
	// ends[p] is the offset in the new text where part p ends; starts[p] where it begins.
	starts := make([]int, len(parts))
	ends := make([]int, len(parts))
	pos := 0
	for p, t := range parts {
		starts[p], ends[p] = pos, pos+len(t)
		pos = ends[p] + len("\n\n")
	}
	out = make([][]diff.Edit, len(parts))
	partAt := func(pos int) int {
		for p := range parts {
			if pos <= ends[p] {
				return p
			}
		}
		return len(parts) - 1
	}
	pos = 0
	for _, e := range ws {
		if e.Op == diff.Delete {
			p := partAt(pos)
			out[p] = append(out[p], e)
			continue
		}
		end := pos + len(e.Text)
		for p := range parts {
			lo, hi := max(pos, starts[p]), min(end, ends[p])
			if lo < hi {
				out[p] = append(out[p], diff.Edit{Op: e.Op, Text: e.Text[lo-pos : hi-pos]})
			}
		}
		pos = end
	}
	return out, true
}

// wakeRow returns the index of the first dormant row that the point j of column col declares
// lineage to, directly (to a point the row holds) or through an ancestor the row's points
// also declare, or -1.
func (m *Matrix) wakeRow(dormant []*mrow, col, j int) int {
	refs := m.Versions[col].Version.Points[j].Lineage
	if len(refs) == 0 {
		return -1
	}
	for n, r := range dormant {
		for c := 0; c < col; c++ {
			if r.cells[c].point < 0 || r.cells[c].ref {
				continue
			}
			p := m.Versions[c].Version.Points[r.cells[c].point]
			for _, ref := range refs {
				if ref.Version == m.Versions[c].Version.ID && ref.Label == p.Label {
					return n
				}
				for _, anc := range p.Lineage {
					if anc.Version == ref.Version && anc.Label == ref.Label {
						return n
					}
				}
			}
		}
	}
	return -1
}

// bridgeCell is the cell of point j in column col continuing row r across columns that did
// not report it: its words are marked against the row's last known point.
func (m *Matrix) bridgeCell(r *mrow, col, j int, kind diff.Kind) mcell {
	cell := mcell{point: j, kind: kind}
	for c := col - 1; c >= 0; c-- {
		if r.cells[c].point < 0 || r.cells[c].ref {
			continue
		}
		v := m.Versions[c].Version
		last := v.Points[r.cells[c].point]
		cur := m.Versions[col].Version.Points[j]
		cell.note = "continues " + v.ID + " " + last.Label + ", against which changes are marked"
		if last.EffectiveStatus() == plan.StatusReported && cur.EffectiveStatus() == plan.StatusReported {
			if ws := diff.Words(last.Text, cur.Text); ws != nil {
				cell.edits, cell.diffed = ws, true
			}
		}
		break
	}
	return cell
}
