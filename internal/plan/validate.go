package plan

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Allowed values of the enumerated fields.
var (
	ManifestStatuses = []string{"leaked-draft", "official-text", "reported"}
	completenesses   = []string{"full", "partial", "changes-only"}
	fidelities       = []string{FidelityVerbatim, FidelityTranslation, FidelityParaphrase, FidelitySummary}
	pointStatuses    = []string{StatusReported, StatusNotReported, StatusRemoved, StatusMovedOut}
	relations        = []string{RelationSame, RelationAmended, RelationSplit, RelationMerged}
)

// Validate checks every version under plans/ in fsys and returns the findings, sorted by file and line.
//
// It applies every rule of the point-file format and goes on after each problem: a file that
// does not parse is one finding. The error is for a repository that cannot be read at all.
func Validate(fsys fs.FS) ([]Finding, error) {
	if err := checkPlansDir(fsys); err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, RootDir)
	if err != nil {
		return nil, fmt.Errorf("listing versions: %w", err)
	}
	v := &validator{fsys: fsys}
	var dirs []string
	for _, e := range entries {
		if !isVersionDirCandidate(e) {
			continue
		}
		dir := RootDir + "/" + e.Name()
		if err := ValidateID(e.Name()); err != nil {
			v.add(dir, 0, err.Error())
		}
		if _, err := fs.Stat(fsys, dir+"/"+ManifestName); err != nil {
			v.add(dir, 0, "directory has no "+ManifestName+" (a version needs a manifest; names starting with _ are ignored)")
			continue
		}
		dirs = append(dirs, dir)
	}
	versions := make(map[string]*checkedVersion, len(dirs))
	for _, dir := range dirs {
		versions[path.Base(dir)] = v.readVersion(dir)
	}
	for _, dir := range dirs {
		v.checkVersion(versions[path.Base(dir)], versions)
	}
	slices.SortFunc(v.findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Message, b.Message))
	})
	return v.findings, nil
}

// validator collects findings.
type validator struct {
	fsys     fs.FS
	findings []Finding
}

func (v *validator) add(file string, line int, msg string) {
	v.findings = append(v.findings, Finding{File: file, Line: line, Message: msg})
}

// addError records an error as a finding, at its file and line when it is a FileError.
func (v *validator) addError(file string, err error) {
	var fe *FileError
	if errors.As(err, &fe) {
		v.add(fe.File, fe.Line, fe.Err.Error())
		return
	}
	v.add(file, 0, err.Error())
}

// checkUnread reports the entries of a version directory that look meant as point files but
// are not read as such: subdirectories, symbolic links named *.md and names ending in .MD or
// .markdown. Hidden files and other names (notes.txt) are left alone without a finding.
func (v *validator) checkUnread(dir string) {
	entries, err := fs.ReadDir(v.fsys, dir)
	if err != nil {
		return // reported by the listing of point files
	}
	for _, e := range entries {
		name := e.Name()
		lower := strings.ToLower(name)
		switch {
		case strings.HasPrefix(name, "."), name == ManifestName, isPointFile(e):
		case e.IsDir():
			v.add(path.Join(dir, name), 0, "not read: a version directory holds no subdirectories")
		case strings.HasSuffix(name, ".md") && e.Type()&fs.ModeSymlink != 0:
			v.add(path.Join(dir, name), 0, "not read: a point file must be a regular file, not a symbolic link")
		case strings.HasSuffix(lower, ".md") || strings.HasSuffix(lower, ".markdown"):
			v.add(path.Join(dir, name), 0, "not read: point files are named *.md (lower case)")
		}
	}
}

// checkedVersion is a version as far as it could be read.
type checkedVersion struct {
	id           string
	dir          string
	manifest     *Manifest // nil when plan.yaml does not parse
	manifestRefs map[string]int
	points       []checkedPoint
	labels       map[string]bool
	complete     bool // every point parsed, so labels is the full set
}

// checkedPoint is a parsed point with the file lines of its keys and list entries.
type checkedPoint struct {
	Point
	lines map[string]int
}

// readVersion reads and parses a version directory, reporting encoding and parse problems.
func (v *validator) readVersion(dir string) *checkedVersion {
	cv := &checkedVersion{id: path.Base(dir), dir: dir, labels: map[string]bool{}, complete: true}
	file := dir + "/" + ManifestName
	if data, ok := v.readFile(file); ok {
		lines := map[string]int{}
		if m, err := parseManifest(file, data, lines); err != nil {
			v.addError(file, err)
		} else {
			cv.manifest, cv.manifestRefs = &m, lines
		}
	}
	names, err := pointFileNames(v.fsys, dir)
	if err != nil {
		v.add(dir, 0, "cannot list point files: "+err.Error())
		cv.complete = false
	}
	v.checkUnread(dir)
	for _, file := range names {
		data, ok := v.readFile(file)
		if !ok {
			cv.complete = false
			continue
		}
		lines := map[string]int{}
		p, err := parsePoint(file, data, lines)
		if err != nil {
			v.addError(file, err)
			cv.complete = false
			continue
		}
		cv.points = append(cv.points, checkedPoint{Point: p, lines: lines})
		if p.Label != "" {
			cv.labels[p.Label] = true
		}
	}
	return cv
}

// readFile reads a file and reports a byte order mark and CRLF line ends.
func (v *validator) readFile(file string) ([]byte, bool) {
	data, err := fs.ReadFile(v.fsys, file)
	if err != nil {
		v.add(file, 0, "cannot read: "+err.Error())
		return nil, false
	}
	if bytes.HasPrefix(data, []byte(utf8BOM)) {
		v.add(file, 1, "byte order mark at the start of the file (save as UTF-8 without BOM)")
	}
	if i := bytes.Index(data, []byte("\r\n")); i >= 0 {
		v.add(file, lineAt(data, i), "CRLF line ends (use LF)")
	}
	return data, true
}

// checkVersion applies the manifest and point rules to one version.
func (v *validator) checkVersion(cv *checkedVersion, versions map[string]*checkedVersion) {
	if cv.manifest != nil {
		v.checkManifest(cv, versions)
	}
	first := map[string]string{}
	for _, p := range cv.points {
		v.checkPoint(cv, p, versions)
		if p.Label == "" {
			continue
		}
		if other, dup := first[p.Label]; dup {
			v.add(p.File, lineOr(p.lines, "label", 1), fmt.Sprintf("duplicate label %q (also in %s)", p.Label, other))
			continue
		}
		first[p.Label] = p.File
	}
}

// lineOr returns the recorded line of key, or def when there is none.
func lineOr(lines map[string]int, key string, def int) int {
	if l, ok := lines[key]; ok {
		return l
	}
	return def
}

// checkManifest applies the manifest rules.
func (v *validator) checkManifest(cv *checkedVersion, versions map[string]*checkedVersion) {
	m, lines, file := cv.manifest, cv.manifestRefs, cv.dir+"/"+ManifestName
	at := func(key string) int { return lineOr(lines, key, 1) }
	switch {
	case m.ID == "":
		v.add(file, 1, "missing id")
	case m.ID != cv.id:
		v.add(file, at("id"), fmt.Sprintf("manifest id %q does not match the directory name %q", m.ID, cv.id))
	}
	required(v, file, at, "title", m.Title)
	if required(v, file, at, "date", m.Date) && !validDate(m.Date) {
		v.add(file, at("date"), fmt.Sprintf("invalid date %q (want YYYY-MM-DD, YYYY-MM or YYYY, optionally after ~)", m.Date))
	}
	if required(v, file, at, "status", m.Status) {
		checkEnum(v, file, at("status"), "", "status", m.Status, ManifestStatuses)
	}
	if required(v, file, at, "completeness", m.Completeness) {
		checkEnum(v, file, at("completeness"), "", "completeness", m.Completeness, completenesses)
	}
	if m.DeclaredPoints < 0 {
		v.add(file, at("declared_points"), fmt.Sprintf("invalid declared_points %d (want 0 when unknown)", m.DeclaredPoints))
	}
	for i, id := range m.DerivedFrom {
		line := lineOr(lines, entryPath("derived_from", i), at("derived_from"))
		switch {
		case id == cv.id:
			v.add(file, line, fmt.Sprintf("derived_from names the version itself (%q)", id))
		case versions[id] == nil:
			v.add(file, line, fmt.Sprintf("derived_from names unknown version %q", id))
		}
	}
	keys := map[string]int{}
	for i, s := range m.Sources {
		entry := entryPath("sources", i)
		line := lineOr(lines, entry, at("sources"))
		if s.Key == "" {
			v.add(file, line, fmt.Sprintf("sources entry %d has no key", i+1))
		} else if first, dup := keys[s.Key]; dup {
			v.add(file, line, fmt.Sprintf("duplicate source key %q (first at line %d)", s.Key, first))
		} else {
			keys[s.Key] = line
		}
		if s.Date != "" && !validDate(s.Date) {
			v.add(file, lineOr(lines, entry+".date", line),
				fmt.Sprintf("source %q: invalid date %q (want YYYY-MM-DD, YYYY-MM or YYYY, optionally after ~)", s.Key, s.Date))
		}
		if s.URL != "" && !validURL(s.URL) {
			v.add(file, lineOr(lines, entry+".url", line), fmt.Sprintf("source %q: invalid url %q (want http or https)", s.Key, s.URL))
		}
	}
}

// required reports a missing value and returns whether the value is present.
func required(v *validator, file string, at func(string) int, key, value string) bool {
	if value == "" {
		v.add(file, at(key), "missing "+key)
		return false
	}
	return true
}

// checkEnum reports a value outside the allowed ones; prefix names the entry holding key.
func checkEnum(v *validator, file string, line int, prefix, key, value string, allowed []string) {
	if !slices.Contains(allowed, value) {
		v.add(file, line, fmt.Sprintf("%sinvalid %s %q (want %s)", prefix, key, value, strings.Join(allowed, ", ")))
	}
}

// checkPoint applies the point rules.
func (v *validator) checkPoint(cv *checkedVersion, p checkedPoint, versions map[string]*checkedVersion) {
	at := func(key string) int { return lineOr(p.lines, key, 1) }
	if p.Label == "" {
		v.add(p.File, 1, "missing label")
	}
	if p.Fidelity != "" {
		checkEnum(v, p.File, at("fidelity"), "", "fidelity", p.Fidelity, fidelities)
	}
	if p.Status != "" {
		checkEnum(v, p.File, at("status"), "", "status", p.Status, pointStatuses)
	}
	if p.EffectiveStatus() == StatusReported && p.Text == "" {
		v.add(p.File, p.BodyLine, "reported point has no text (use status: not-reported when no source reports it)")
	}
	if cv.manifest != nil {
		v.checkCitations(cv, p, at)
	}
	for i, l := range p.Lineage {
		line := lineOr(p.lines, entryPath("lineage", i), at("lineage"))
		what := "lineage entry " + strconv.Itoa(i+1)
		switch {
		case l.Version == "":
			v.add(p.File, line, what+": missing version")
		case versions[l.Version] == nil:
			v.add(p.File, line, fmt.Sprintf("%s: unknown version %q", what, l.Version))
		case l.Label == "":
			v.add(p.File, line, what+": missing label")
		case versions[l.Version].complete && !versions[l.Version].labels[l.Label]:
			v.add(p.File, line, fmt.Sprintf("%s: version %q has no point labelled %q", what, l.Version, l.Label))
		}
		if l.Relation == "" {
			v.add(p.File, line, what+": missing relation")
		} else {
			checkEnum(v, p.File, line, what+": ", "relation", l.Relation, relations)
		}
	}
}

// checkCitations checks a point's sources against the manifest.
func (v *validator) checkCitations(cv *checkedVersion, p checkedPoint, at func(string) int) {
	dated := false
	for i, ref := range p.Sources {
		line := lineOr(p.lines, entryPath("sources", i), at("sources"))
		if ref.Key == "" {
			v.add(p.File, line, fmt.Sprintf("sources entry %d has no key", i+1))
			continue
		}
		s, ok := cv.manifest.Source(ref.Key)
		if !ok {
			v.add(p.File, line, fmt.Sprintf("source %q is not in %s/%s", ref.Key, cv.dir, ManifestName))
			continue
		}
		if s.URL != "" && s.Date != "" {
			dated = true
		}
	}
	switch {
	case len(p.Sources) == 0:
		v.add(p.File, 1, "cites no source (every point needs a source with a URL and a date)")
	case !dated:
		v.add(p.File, at("sources"), "cites no source that has both a URL and a date")
	}
}

// validDate reports whether s is YYYY-MM-DD, YYYY-MM or YYYY, optionally after "~".
func validDate(s string) bool {
	s = strings.TrimPrefix(s, "~")
	var layout string
	switch len(s) {
	case len("2006"):
		layout = "2006"
	case len("2006-01"):
		layout = "2006-01"
	case len("2006-01-02"):
		layout = "2006-01-02"
	default:
		return false
	}
	if strings.ContainsAny(s, "+ ") {
		return false
	}
	_, err := time.Parse(layout, s)
	return err == nil
}

// validURL reports whether s is an absolute http or https URL with a host.
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
