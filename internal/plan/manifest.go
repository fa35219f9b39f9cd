package plan

import (
	"strconv"

	"gopkg.in/yaml.v3"
)

// manifestKeys are the keys of plan.yaml, in the order EncodeManifest writes them.
const manifestKeys = "id, title, date, parties, status, declared_points, completeness, derived_from, note, sources"

// ParseManifest parses a version manifest (plan.yaml).
//
// Unknown keys, duplicate keys and values of the wrong type are errors; errors are *FileError
// values carrying the file line of the problem.
func ParseManifest(file string, data []byte) (Manifest, error) {
	return parseManifest(file, data, nil)
}

// parseManifest is ParseManifest that also records the file line of every key and list entry
// in lines when lines is non-nil.
func parseManifest(file string, data []byte, lines map[string]int) (Manifest, error) {
	if line, err := checkEncoding(data); err != nil {
		return Manifest{}, &FileError{File: file, Line: line, Err: err}
	}
	data, _, _ = normalizeText(data)
	r := &yamlReader{file: file, lines: lines}
	root, err := r.parse(data)
	if err != nil || root == nil {
		return Manifest{}, err
	}
	var m Manifest
	err = r.mapping(root, "manifest", func(key string, k, v *yaml.Node) error {
		r.record(key, k)
		var err error
		switch key {
		case "id":
			m.ID, err = r.str(key, v)
		case "title":
			m.Title, err = r.str(key, v)
		case "date":
			m.Date, err = r.str(key, v)
		case "parties":
			m.Parties, err = r.strList(key, v)
		case "status":
			m.Status, err = r.str(key, v)
		case "declared_points":
			m.DeclaredPoints, err = r.integer(key, v)
		case "completeness":
			m.Completeness, err = r.str(key, v)
		case "derived_from":
			m.DerivedFrom, err = r.strList(key, v)
		case "note":
			m.Note, err = r.str(key, v)
		case "sources":
			m.Sources, err = r.sources(v)
		default:
			return r.errorf(k, "unknown key %q (known keys: %s)", key, manifestKeys)
		}
		return err
	})
	if err != nil {
		return Manifest{}, err
	}
	normalizeManifest(&m)
	return m, nil
}

// sources decodes the manifest's sources: mappings with key, outlet, title, date, url and note.
func (r *yamlReader) sources(n *yaml.Node) ([]Source, error) {
	var list []Source
	err := r.entries("sources", n, func(i int, item *yaml.Node) error {
		what := "sources entry " + strconv.Itoa(i+1)
		var s Source
		err := r.mapping(item, what, func(key string, k, v *yaml.Node) error {
			r.record(entryPath("sources", i)+"."+key, k)
			var err error
			switch key {
			case "key":
				s.Key, err = r.str(what+" key", v)
			case "outlet":
				s.Outlet, err = r.str(what+" outlet", v)
			case "title":
				s.Title, err = r.str(what+" title", v)
			case "date":
				s.Date, err = r.str(what+" date", v)
			case "url":
				s.URL, err = r.str(what+" url", v)
			case "note":
				s.Note, err = r.str(what+" note", v)
			default:
				return r.errorf(k, "%s: unknown key %q (known keys: key, outlet, title, date, url, note)", what, key)
			}
			return err
		})
		list = append(list, s)
		return err
	})
	return list, err
}

// normalizeManifest turns empty lists into nil so that "parties: []" and no parties compare equal.
func normalizeManifest(m *Manifest) {
	if len(m.Parties) == 0 {
		m.Parties = nil
	}
	if len(m.DerivedFrom) == 0 {
		m.DerivedFrom = nil
	}
	if len(m.Sources) == 0 {
		m.Sources = nil
	}
}

// EncodeManifest renders a manifest as plan.yaml; ParseManifest(EncodeManifest(m)) returns m.
//
// Like EncodePoint, the output is deterministic, one key per line, with strings quoted only
// where YAML needs it. Empty lists are omitted, except sources, written as "sources: []".
func EncodeManifest(m Manifest) []byte {
	var b []byte
	b = append(b, "id: "...)
	b = appendScalar(b, m.ID, false)
	b = append(b, "\ntitle: "...)
	b = appendScalar(b, m.Title, false)
	b = append(b, "\ndate: "...)
	b = appendScalar(b, m.Date, false)
	b = appendFlowList(b, "parties", m.Parties)
	b = append(b, "\nstatus: "...)
	b = appendScalar(b, m.Status, false)
	if m.DeclaredPoints != 0 {
		b = append(b, "\ndeclared_points: "...)
		b = strconv.AppendInt(b, int64(m.DeclaredPoints), 10)
	}
	b = append(b, "\ncompleteness: "...)
	b = appendScalar(b, m.Completeness, false)
	b = appendFlowList(b, "derived_from", m.DerivedFrom)
	b = appendField(b, "note", m.Note)
	if len(m.Sources) == 0 {
		b = append(b, "\nsources: []"...)
	} else {
		b = append(b, "\nsources:"...)
		for _, s := range m.Sources {
			b = append(b, "\n  - key: "...)
			b = appendScalar(b, s.Key, false)
			b = appendItemField(b, "outlet", s.Outlet, true)
			b = appendItemField(b, "title", s.Title, true)
			b = appendItemField(b, "date", s.Date, true)
			b = appendItemField(b, "url", s.URL, false)
			b = appendItemField(b, "note", s.Note, false)
		}
	}
	return append(b, '\n')
}
