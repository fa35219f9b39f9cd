// Package plans stores versions of negotiated documents as cited point files in a git repository.
package plan

// Version is one version of a document: its manifest and its points in document order.
type Version struct {
	Manifest
	// Dir is the version's directory relative to the repository root, e.g. "plans/us-28".
	Dir string
	// Points are the version's points in document order (the order of their file names).
	Points []Point
	// UTF8Checked is true for every version plans reads, from files, git or its parse cache:
	// all its strings are then valid UTF-8, since the parser refuses anything else. A
	// Version built by hand has it false, unless its maker has checked it too.
	UTF8Checked bool
}

// Manifest is the content of a version's plan.yaml.
type Manifest struct {
	// ID is the version id, a lowercase slug that equals the directory name.
	ID string `yaml:"id"`
	// Title is the document's title.
	Title string `yaml:"title"`
	// Date is the version's date as YYYY-MM-DD.
	Date string `yaml:"date"`
	// Parties names the authors or parties of the version.
	Parties []string `yaml:"parties,omitempty"`
	// Status says what kind of text this is: leaked-draft, official-text or reported.
	Status string `yaml:"status"`
	// DeclaredPoints is the number of points the document itself declares (0 when unknown).
	DeclaredPoints int `yaml:"declared_points,omitempty"`
	// Completeness says how much of the text is known: full, partial or changes-only.
	Completeness string `yaml:"completeness"`
	// DerivedFrom lists the ids of the versions this one was drafted from.
	DerivedFrom []string `yaml:"derived_from,omitempty"`
	// Note is free text about the version, e.g. what is missing and why.
	Note string `yaml:"note,omitempty"`
	// Sources are the citable sources of this version, referenced by key from the points.
	Sources []Source `yaml:"sources"`
}

// Source is one citable source: an article, a published text, a statement.
type Source struct {
	// Key is the short name points use to cite this source, unique within the version.
	Key string `yaml:"key"`
	// Outlet is the publisher, e.g. "Reuters".
	Outlet string `yaml:"outlet"`
	// Title is the headline or document title as published.
	Title string `yaml:"title"`
	// Date is the publication date as YYYY-MM-DD.
	Date string `yaml:"date"`
	// URL is where the source can be read.
	URL string `yaml:"url,omitempty"`
	// Note qualifies the source, e.g. its reliability.
	Note string `yaml:"note,omitempty"`
}

// Point statuses: whether and how a point's content is known.
const (
	// StatusReported is the default: the content is known at the stated fidelity.
	StatusReported = "reported"
	// StatusNotReported marks a point the document has but whose content no source reports.
	StatusNotReported = "not-reported"
	// StatusRemoved marks a point this version struck out or was reported to have dropped.
	StatusRemoved = "removed"
	// StatusMovedOut marks a point moved out of this document into a separate one or a separate track.
	StatusMovedOut = "moved-out"
)

// Fidelity values: how close a point's text is to the original wording.
const (
	FidelityVerbatim    = "verbatim"
	FidelityTranslation = "translation"
	FidelityParaphrase  = "paraphrase"
	FidelitySummary     = "summary"
)

// Lineage relations: how a point relates to a point of another version.
const (
	RelationSame    = "same"
	RelationAmended = "amended"
	RelationSplit   = "split"
	RelationMerged  = "merged"
)

// Point is one point of a version: front matter plus body text.
type Point struct {
	// File is the point file's path relative to the repository root, e.g. "plans/us-28/06.md".
	File string `yaml:"-"`
	// Label is the point's number as the document prints it: "6", "12b", "§ 312a".
	Label string `yaml:"label"`
	// Title is a short heading for the point.
	Title string `yaml:"title,omitempty"`
	// Topics are free topic tags.
	Topics []string `yaml:"topics,omitempty"`
	// Section is the path of unlabelled headings above the point (Book, Part, Title, ...).
	Section []string `yaml:"section,omitempty"`
	// Fidelity is one of verbatim, translation, paraphrase, summary.
	Fidelity string `yaml:"fidelity,omitempty"`
	// Status is one of reported (default, may be omitted), not-reported, removed, moved-out.
	Status string `yaml:"status,omitempty"`
	// Sources cite the version's sources by key.
	Sources []SourceRef `yaml:"sources,omitempty"`
	// Lineage says which points of other versions this point comes from.
	Lineage []Lineage `yaml:"lineage,omitempty"`
	// Note is free text about the point, e.g. discrepancies between sources.
	Note string `yaml:"note,omitempty"`
	// Text is the point's body, without the front matter.
	Text string `yaml:"-"`
	// BodyLine is the 1-based line in File where the body starts.
	BodyLine int `yaml:"-"`
}

// SourceRef cites one source of the version by key, with an optional locator or note.
type SourceRef struct {
	// Key names a source in the version's manifest.
	Key string `yaml:"key"`
	// Locator says where in the source, e.g. "point 6" or "third paragraph".
	Locator string `yaml:"locator,omitempty"`
	// Note qualifies the citation.
	Note string `yaml:"note,omitempty"`
}

// Lineage links a point to a point of another version.
type Lineage struct {
	// Version is the other version's id.
	Version string `yaml:"version"`
	// Label is the other point's label.
	Label string `yaml:"label"`
	// Relation is one of same, amended, split, merged.
	Relation string `yaml:"relation"`
}

// EffectiveStatus returns the point's status, StatusReported when none is set.
func (p Point) EffectiveStatus() string {
	if p.Status == "" {
		return StatusReported
	}
	return p.Status
}

// Source returns the manifest source with the given key.
func (m Manifest) Source(key string) (Source, bool) {
	for _, s := range m.Sources {
		if s.Key == key {
			return s, true
		}
	}
	return Source{}, false
}

// Point returns the point with the given label.
func (v *Version) Point(label string) (Point, bool) {
	for _, p := range v.Points {
		if p.Label == label {
			return p, true
		}
	}
	return Point{}, false
}
