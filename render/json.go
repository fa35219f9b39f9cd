package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync/atomic"

	"github.com/plandiff/plandiff/diff"
	"github.com/plandiff/plandiff/internal/plan"
)

// JSON writes the comparison as a JSON document with a stable schema (version 1).
// The output is UTF-8, indented by two spaces, ends with a newline, and is the same for the same input.
// Fields always appear in the order below; lists are [] rather than null when empty.
//
//	{
//	  "schema": 1,
//	  "from": VERSION,              // the old version
//	  "to": VERSION,                // the new version
//	  "options": {
//	    "threshold": 0,             // diff.Options.Threshold; 0 means the engine's default
//	    "ignore_trivial": false,    // diff.Options.IgnoreTrivial
//	    "only_changed": false       // unchanged points were left out of "changes"
//	  },
//	  "summary": {                  // number of changes of each kind, every kind listed, in this order;
//	    "unchanged": 0,             // counts all changes, also those left out by only_changed
//	    "modified": 0, "renumbered": 0, "moved": 0, "split": 0, "merged": 0,
//	    "removed": 0, "added": 0, "not-reported": 0, "moved-out": 0
//	  },
//	  "changes": [                  // in the order of the new version, removed points at their old position
//	    {
//	      "kind": "modified",       // one of the summary's kinds
//	      "from": ["6"],            // labels of the old points, as printed; [] for an added point
//	      "to": ["6"],              // labels of the new points; [] for a removed point
//	      "basis": "declared",      // declared | identical | inferred | none
//	      "similarity": 0.857,      // 0..1, rounded to 3 decimals
//	      "relabelled": false,      // the labels differ
//	      "reordered": false,       // the order relative to the neighbours changed
//	      "text_changed": true,     // the words differ
//	      "words": [                // word diff from the old text to the new; rebuilds both texts
//	                                // (for a point without counterpart, its text as one delete or insert)
//	        {"op": "equal", "text": "Ukraine's armed forces may not exceed "},
//	        {"op": "delete", "text": "600,000"},
//	        {"op": "insert", "text": "800,000"}
//	      ],
//	      "figures": [{"old": "600,000", "new": "800,000"}], // changed key figures; "" for none
//	      "sources": {"from": [CITATION], "to": [CITATION]}  // the sources each side's points cite
//	    }
//	  ]
//	}
//
// VERSION is
//
//	{"id": "us-28", "rev": "",      // rev: the git revision named by the user, "" for none
//	 "title": "…", "date": "2025-11-20", "parties": ["United States"],
//	 "status": "leaked-draft", "completeness": "full",
//	 "declared_points": 28,         // as the document declares; 0 when unknown
//	 "points": 28,                  // points present: reported and not-reported, not removed or moved-out placeholders
//	 "sources": [{"key": "axios-1120", "outlet": "Axios", "title": "…", "date": "2025-11-20",
//	              "url": "https://…", "note": "…"}]}
//
// and CITATION is a source as cited by a point:
//
//	{"key": "rbc", "outlet": "RBC", "title": "…", "date": "2025-11-20", "url": "https://…",
//	 "locator": "point 6",          // where in the source
//	 "note": "…"}                   // the citation's note, then the source's note, joined by "; "
//
// A citation whose key the manifest lacks has only its key, locator and note set.
func JSON(w io.Writer, c *Comparison, opt Options) error {
	if err := c.check(); err != nil {
		return err
	}
	// The changes are most of the document: contiguous runs of them are encoded on all
	// cores, each record indented as it would be in place, while this goroutine encodes the
	// rest of the document; the runs are then spliced into its empty "changes" array and
	// written in order as soon as they are ready.
	changes := visible(c.Result, opt.OnlyChanged)
	runs := startJSONRuns(c, changes)
	head, err := jsonHead(c, opt)
	if err != nil {
		runs.discard()
		return err
	}
	ew := &errWriter{w: w}
	ew.write(head)
	if len(changes) == 0 {
		ew.write([]byte("[]\n}\n"))
		return ew.err
	}
	ew.write([]byte("[\n"))
	runs.writeTo(ew)
	ew.write([]byte("  ]\n}\n"))
	return ew.err
}

// jsonHead encodes the document without its changes: everything up to the value of
// "changes".
func jsonHead(c *Comparison, opt Options) ([]byte, error) {
	n := counts(c.Result)
	doc := jsonDoc{
		Schema: 1,
		From:   jsonVersionOf(c.From),
		To:     jsonVersionOf(c.To),
		Options: jsonOptions{
			Threshold:     jsonFloat(c.Options.Threshold),
			IgnoreTrivial: c.Options.IgnoreTrivial,
			OnlyChanged:   opt.OnlyChanged,
		},
		Changes: []jsonChange{},
	}
	for _, k := range summaryKinds(n) {
		doc.Summary = append(doc.Summary, jsonCount{Kind: k, N: n[k]})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("render json: %w", err)
	}
	head, ok := bytes.CutSuffix(buf.Bytes(), []byte("[]\n}\n"))
	if !ok {
		return nil, fmt.Errorf("render json: unexpected document layout")
	}
	return head, nil
}

// jsonRuns are change records being encoded in runs on all cores. A few buffers go round
// between the encoders and the writer, so that the report is never held in memory: an
// encoder takes a free buffer before it takes a run, so the lowest run not yet written
// always has one.
type jsonRuns struct {
	encoded [][]byte        // per run, once ready
	ready   []chan struct{} // closed when the run is encoded
	free    chan []byte
}

// startJSONRuns starts encoding the records of changes, in runs of about jsonRunBytes by
// the records' estimated sizes: the buffers going round stay that small, where runs of so
// many changes each made some buffers grow to hold the longest texts (1.4 MB allocated on
// the Civil Code, against 0.45 MB).
func startJSONRuns(c *Comparison, changes []diff.Change) *jsonRuns {
	sizes := make([]int, len(changes))
	starts := []int{0} // first change of each run, then len(changes)
	run := 0
	for i, ch := range changes {
		sizes[i] = jsonSize(c, ch)
		if run > 0 && run+sizes[i] > jsonRunBytes {
			starts, run = append(starts, i), 0
		}
		run += sizes[i]
	}
	if len(changes) > 0 {
		starts = append(starts, len(changes))
	}
	runs := len(starts) - 1
	workers := min(runtime.GOMAXPROCS(0), runs)
	rs := &jsonRuns{encoded: make([][]byte, runs), ready: make([]chan struct{}, runs), free: make(chan []byte, 2*workers)}
	for r := range rs.ready {
		rs.ready[r] = make(chan struct{})
	}
	for range cap(rs.free) {
		rs.free <- nil
	}
	var next atomic.Int32
	for range workers {
		go func() {
			var record jsonChange
			for {
				b := <-rs.free
				r := int(next.Add(1)) - 1
				if r >= runs {
					rs.free <- b
					return
				}
				first, end := starts[r], starts[r+1]
				size := 0
				for _, n := range sizes[first:end] {
					size += n
				}
				if cap(b) < size {
					b = make([]byte, 0, size)
				}
				for i := first; i < end; i++ {
					jsonChangeOf(&record, c, changes[i])
					b = append(b, "    "...)
					b = appendChange(b, "    ", record)
					if i < len(changes)-1 {
						b = append(b, ",\n"...)
					} else {
						b = append(b, '\n')
					}
				}
				rs.encoded[r] = b
				close(rs.ready[r])
			}
		}()
	}
	return rs
}

// writeTo writes the runs in order as they become ready.
func (rs *jsonRuns) writeTo(ew *errWriter) {
	for r := range rs.encoded {
		<-rs.ready[r]
		ew.write(rs.encoded[r])
		rs.free <- rs.encoded[r][:0]
		rs.encoded[r] = nil
	}
}

// discard lets the encoders finish, writing nothing.
func (rs *jsonRuns) discard() { rs.writeTo(&errWriter{w: io.Discard}) }

// jsonRunBytes is about how many bytes of change records one run of the JSON encoder holds,
// unless a single record is larger.
const jsonRunBytes = 32 << 10

// jsonSize estimates the length of a change record: its texts, with room for a few
// escapes, and the fixed members.
func jsonSize(c *Comparison, ch diff.Change) int {
	n := 640
	for s, idx := range [2][]int{ch.From, ch.To} {
		v := [2]*plan.Version{c.From.Version, c.To.Version}[s]
		for _, i := range idx {
			for _, ref := range v.Points[i].Sources {
				src, _ := v.Source(ref.Key)
				n += 200 + len(ref.Key) + len(ref.Locator) + len(ref.Note) + len(src.Outlet) + len(src.Title) + len(src.URL) + len(src.Note)
			}
		}
	}
	if len(ch.Words) > 0 {
		for _, e := range ch.Words {
			n += len(e.Text) + len(e.Text)/32 + 48
		}
		return n
	}
	// Without a word diff, the texts are equal or one side has none: one text is written.
	oldLen, newLen := 0, 0
	for _, i := range ch.From {
		oldLen += len(c.From.Version.Points[i].Text)
	}
	for _, j := range ch.To {
		newLen += len(c.To.Version.Points[j].Text)
	}
	n += max(oldLen, newLen)
	return n + n/32
}

// errWriter writes until the first error and keeps it.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) write(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
}

type jsonDoc struct {
	Schema  int          `json:"schema"`
	From    jsonVersion  `json:"from"`
	To      jsonVersion  `json:"to"`
	Options jsonOptions  `json:"options"`
	Summary jsonSummary  `json:"summary"`
	Changes []jsonChange `json:"changes"`
}

type jsonVersion struct {
	ID             string       `json:"id"`
	Rev            string       `json:"rev"`
	Title          string       `json:"title"`
	Date           string       `json:"date"`
	Parties        []string     `json:"parties"`
	Status         string       `json:"status"`
	Completeness   string       `json:"completeness"`
	DeclaredPoints int          `json:"declared_points"`
	Points         int          `json:"points"`
	Sources        []jsonSource `json:"sources"`
}

type jsonSource struct {
	Key    string `json:"key"`
	Outlet string `json:"outlet"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	URL    string `json:"url"`
	Note   string `json:"note"`
}

type jsonOptions struct {
	Threshold     jsonFloat `json:"threshold"`
	IgnoreTrivial bool      `json:"ignore_trivial"`
	OnlyChanged   bool      `json:"only_changed"`
}

// jsonSummary is an object whose keys keep the order of the slice.
type jsonSummary []jsonCount

type jsonCount struct {
	Kind diff.Kind
	N    int
}

func (s jsonSummary) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, c := range s {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(string(c.Kind))
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(c.N))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type jsonChange struct {
	Kind        diff.Kind    `json:"kind"`
	From        []string     `json:"from"`
	To          []string     `json:"to"`
	Basis       diff.Basis   `json:"basis"`
	Similarity  jsonFloat    `json:"similarity"`
	Relabelled  bool         `json:"relabelled"`
	Reordered   bool         `json:"reordered"`
	TextChanged bool         `json:"text_changed"`
	Words       []jsonEdit   `json:"words"`
	Figures     []jsonFigure `json:"figures"`
	Sources     jsonSides    `json:"sources"`
}

type jsonEdit struct {
	Op   diff.Op `json:"op"`
	Text string  `json:"text"`
}

type jsonFigure struct {
	Old string `json:"old"`
	New string `json:"new"`
}

type jsonSides struct {
	From []jsonCitation `json:"from"`
	To   []jsonCitation `json:"to"`
}

type jsonCitation struct {
	Key     string `json:"key"`
	Outlet  string `json:"outlet"`
	Title   string `json:"title"`
	Date    string `json:"date"`
	URL     string `json:"url"`
	Locator string `json:"locator"`
	Note    string `json:"note"`
}

// jsonFloat is a number rounded to three decimals; NaN and infinities become 0.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	x := float64(f)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		x = 0
	}
	x = round3(x)
	if x == 0 {
		x = 0 // no "-0"
	}
	return []byte(strconv.FormatFloat(x, 'f', -1, 64)), nil
}

func jsonVersionOf(s Side) jsonVersion {
	v := s.Version
	out := jsonVersion{
		ID:             v.ID,
		Rev:            s.Rev,
		Title:          v.Title,
		Date:           v.Date,
		Parties:        append([]string{}, v.Parties...),
		Status:         v.Status,
		Completeness:   v.Completeness,
		DeclaredPoints: v.DeclaredPoints,
		Points:         presentPoints(v),
		Sources:        []jsonSource{},
	}
	for _, src := range v.Sources {
		out.Sources = append(out.Sources, jsonSource{
			Key: src.Key, Outlet: src.Outlet, Title: src.Title, Date: src.Date, URL: src.URL, Note: src.Note,
		})
	}
	return out
}

// jsonChangeOf fills out with the record of change ch, reusing out's slices so that one
// record per worker serves a whole report. Lists are left empty, never nil.
func jsonChangeOf(out *jsonChange, c *Comparison, ch diff.Change) {
	*out = jsonChange{
		Kind:        ch.Kind,
		From:        appendLabels(emptied(out.From), c.From.Version, ch.From),
		To:          appendLabels(emptied(out.To), c.To.Version, ch.To),
		Basis:       ch.Basis,
		Similarity:  jsonFloat(ch.Similarity),
		Relabelled:  ch.Relabelled,
		Reordered:   ch.Reordered,
		TextChanged: ch.TextChanged,
		Words:       emptied(out.Words),
		Figures:     emptied(out.Figures),
		Sources: jsonSides{
			From: appendJSONCitations(emptied(out.Sources.From), c.From.Version, ch.From),
			To:   appendJSONCitations(emptied(out.Sources.To), c.To.Version, ch.To),
		},
	}
	if len(ch.Words) == 0 {
		for _, e := range rawWords(c.From.Version, c.To.Version, ch) {
			out.Words = append(out.Words, jsonEdit{Op: e.Op, Text: e.Text})
		}
	}
	for _, e := range ch.Words {
		out.Words = append(out.Words, jsonEdit{Op: e.Op, Text: e.Text})
	}
	for _, f := range ch.Figures {
		out.Figures = append(out.Figures, jsonFigure{Old: f.Old, New: f.New})
	}
}

// emptied returns list with no elements, and not nil.
func emptied[T any](list []T) []T {
	if list == nil {
		return make([]T, 0, 4)
	}
	return list[:0]
}

// appendLabels appends the labels of the points idx of v.
func appendLabels(out []string, v *plan.Version, idx []int) []string {
	for _, i := range idx {
		out = append(out, v.Points[i].Label)
	}
	return out
}

// appendJSONCitations appends the citations of the points idx of v.
func appendJSONCitations(out []jsonCitation, v *plan.Version, idx []int) []jsonCitation {
	for _, ct := range citations(v, idx) {
		out = append(out, jsonCitation{
			Key:     ct.Key,
			Outlet:  ct.Source.Outlet,
			Title:   ct.Source.Title,
			Date:    ct.Source.Date,
			URL:     ct.Source.URL,
			Locator: ct.Locator,
			Note:    ct.Note,
		})
	}
	return out
}
