package render

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/plandiff/plandiff/internal/plan"
)

// safeURL returns raw as a link target when it is an absolute http or https URL with a host,
// with spaces, quotes, angle brackets, backslashes and non-ASCII bytes percent-encoded.
// Anything else (javascript:, data:, relative paths) is not a link: ok is false.
func safeURL(raw string) (link string, ok bool) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", false
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return "", false
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("<>\"'`\\{}|^", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// footnotes assigns stable footnote labels to the sources of the compared versions.
type footnotes struct {
	ids   map[footnoteKey]string
	taken map[string]bool
	defs  []footnoteDef   // in order of assignment
	used  map[string]bool // the labels the report cites
}

type footnoteKey struct{ version, rev, key string }

type footnoteDef struct {
	id      string
	version string // the version's name, "us-28" or "us-28@HEAD~1"
	source  plan.Source
}

func newFootnotes() *footnotes {
	return &footnotes{ids: make(map[footnoteKey]string), taken: make(map[string]bool), used: make(map[string]bool)}
}

// add assigns labels to all sources of the side's version, in manifest order.
func (f *footnotes) add(s Side) {
	for _, src := range s.Version.Sources {
		k := footnoteKey{s.Version.ID, s.Rev, src.Key}
		if _, ok := f.ids[k]; ok {
			continue
		}
		base := mdSlug(s.Version.ID)
		if s.Rev != "" {
			base += "-" + mdSlug(s.Rev)
		}
		base += "-" + mdSlug(src.Key)
		id := base
		for n := 2; f.taken[id]; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		f.taken[id] = true
		f.ids[k] = id
		f.defs = append(f.defs, footnoteDef{id: id, version: s.Name(), source: src})
	}
}

// use marks the sources of the side's version that cs cite as cited.
func (f *footnotes) use(s Side, cs []citation) {
	for _, c := range cs {
		if id, ok := f.ref(s, c.Key); ok {
			f.used[id] = true
		}
	}
}

// ref returns the footnote label of a source of the side's version; ok is false for unknown keys.
func (f *footnotes) ref(s Side, key string) (id string, ok bool) {
	id, ok = f.ids[footnoteKey{s.Version.ID, s.Rev, key}]
	return id, ok
}

// sourceLine describes a source in one line of plain text (without its URL).
func sourceLine(src plan.Source) string {
	title := ""
	if src.Title != "" {
		title = "“" + src.Title + "”"
	}
	return joinNonEmpty(", ", src.Outlet, title, src.Date)
}
