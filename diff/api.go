// Package diff aligns the points of two document versions and diffs changed points word by word.
package diff

// PointStatus says whether and how a point's content is known.
type PointStatus string

// Point statuses; they mirror the statuses of point files.
const (
	StatusReported    PointStatus = "reported"
	StatusNotReported PointStatus = "not-reported"
	StatusRemoved     PointStatus = "removed"
	StatusMovedOut    PointStatus = "moved-out"
)

// Ref names a point of another version, with the relation a curator declared.
type Ref struct {
	Version  string
	Label    string
	Relation string // same, amended, split, merged
}

// Point is one point as the engine sees it.
type Point struct {
	Label   string
	Text    string
	Status  PointStatus // empty means reported
	Lineage []Ref       // declared lineage, in either direction
}

// Document is one version: its id and its points in document order.
type Document struct {
	ID     string
	Points []Point
	// Partial is true when the version is only partly reported (completeness partial or
	// changes-only): an old point with no counterpart in a partial new version is NotReported,
	// not Removed, since its absence proves nothing.
	Partial bool
	// UTF8Checked says that the caller has already checked every string of the document for
	// valid UTF-8, as plans does for each version it reads; Compare then does not check again.
	// (Given invalid UTF-8 anyway, Compare neither fails nor panics: its word diffs still
	// rebuild both texts byte for byte.)
	UTF8Checked bool
}

// Options tune a comparison.
type Options struct {
	// Threshold is the minimum similarity (0..1) for an inferred match; 0 means the default.
	Threshold float64
	// IgnoreTrivial treats edits of whitespace, case and punctuation only as unchanged.
	IgnoreTrivial bool
	// Step, when set, is called as each step of a comparison ends, with the step's name, from
	// the goroutine that called Compare; it lets a caller time the steps and has no effect on
	// the result. The steps, in order: "prepare" (UTF-8 check, set-up), "declared" (lineage), "exact"
	// (byte-identical texts), "normalise" (word hashes of the points left), "identical" (texts
	// equal after normalisation), "vectors", "similar" (inferred matches), "splits",
	// "merges", "labels" (points left over that kept their label), "classify" and "words"
	// (word diffs and key figures).
	Step func(name string)
}

// Kind classifies what became of a point.
type Kind string

// Change kinds.
const (
	Unchanged   Kind = "unchanged"
	Modified    Kind = "modified"
	Renumbered  Kind = "renumbered"
	Moved       Kind = "moved"
	Split       Kind = "split"
	Merged      Kind = "merged"
	Removed     Kind = "removed"
	Added       Kind = "added"
	NotReported Kind = "not-reported"
	MovedOut    Kind = "moved-out"
)

// Basis says why two points were matched.
type Basis string

// Bases of a match.
const (
	Declared  Basis = "declared"  // the curator's lineage
	Identical Basis = "identical" // same text after normalisation
	Inferred  Basis = "inferred"  // similarity or containment
	None      Basis = "none"      // no counterpart (added, removed without declaration)
)

// Op is a word-diff operation.
type Op string

// Word-diff operations.
const (
	Equal  Op = "equal"
	Delete Op = "delete"
	Insert Op = "insert"
)

// Edit is one run of a word diff.
type Edit struct {
	Op   Op
	Text string
}

// Figure pairs a number, amount, percentage, duration or date that changed.
type Figure struct {
	Old string // as in the old text; empty when the figure was added
	New string // as in the new text, or the wording that replaced it; empty when removed
}

// Change says what became of one or more old points in the new version.
type Change struct {
	Kind Kind
	// From and To index the old and new documents' Points, ascending; either may be empty.
	From []int
	To   []int
	// Basis says why the sides were matched.
	Basis Basis
	// Similarity of the two sides' texts, 0..1 (1 for identical text, 0 without a counterpart).
	Similarity float64
	// Relabelled is true when the labels on the two sides differ.
	Relabelled bool
	// Reordered is true when the point's order changed relative to its neighbours.
	Reordered bool
	// TextChanged is true when the words differ.
	TextChanged bool
	// Words is the word diff from the old side's text to the new side's text (texts of several
	// points joined by a blank line); it rebuilds both texts exactly.
	Words []Edit
	// Figures are the key figures that changed, in text order.
	Figures []Figure
}

// Result is the outcome of a comparison: every old and new point accounted for exactly once,
// in the order of the new document with removed points at their old position.
type Result struct {
	Changes []Change
}

// Differs reports whether any point changed, in any way, between the two versions.
func (r Result) Differs() bool {
	for _, c := range r.Changes {
		if c.Kind != Unchanged {
			return true
		}
	}
	return false
}
