package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// pointParts is a point file cut at its front-matter delimiters.
type pointParts struct {
	front     []byte // the YAML between the delimiter lines
	frontLine int    // file line of the opening "---"
	body      []byte // everything after the closing "---" line
	bodyLine  int    // file line following the closing "---"
}

// isDelimiter reports whether line is a front-matter delimiter: "---", maybe followed by blanks.
func isDelimiter(line []byte) bool {
	return bytes.HasPrefix(line, []byte("---")) && isBlank(line[3:])
}

// splitFrontMatter cuts a normalized point file into front matter and body.
func splitFrontMatter(file string, data []byte) (pointParts, error) {
	first, rest := cutLine(data)
	if !isDelimiter(first) {
		return pointParts{}, &FileError{File: file, Line: 1,
			Err: errors.New("missing front matter: a point file starts with a \"---\" line")}
	}
	start := len(data) - len(rest)
	for line := 2; rest != nil; line++ {
		var l []byte
		at := len(data) - len(rest)
		l, rest = cutLine(rest)
		if isDelimiter(l) {
			return pointParts{front: data[start:at], frontLine: 1, body: rest, bodyLine: line + 1}, nil
		}
	}
	return pointParts{}, &FileError{File: file, Line: 1,
		Err: errors.New("unterminated front matter: no closing \"---\" line")}
}

// yamlReader turns yaml.v3 nodes into plans types strictly: unknown keys, duplicate keys and
// values of the wrong kind are errors located at the offending line of the file.
type yamlReader struct {
	file   string
	offset int            // file line = YAML line + offset
	lines  map[string]int // when non-nil, receives the file line of each key and list entry
}

// errorf returns a FileError at node n.
func (r *yamlReader) errorf(n *yaml.Node, format string, args ...any) error {
	return &FileError{File: r.file, Line: n.Line + r.offset, Err: fmt.Errorf(format, args...)}
}

// record notes the file line of a key or list entry for Validate.
func (r *yamlReader) record(path string, n *yaml.Node) {
	if r.lines != nil {
		r.lines[path] = n.Line + r.offset
	}
}

// entryPath names list entry i of field for record.
func entryPath(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// parse parses one YAML document and returns its root node, nil when the document is empty.
func (r *yamlReader) parse(data []byte) (root *yaml.Node, err error) {
	// yaml.v3 is no longer maintained and has panicked on malformed input before; a file
	// that trips it is reported like any other invalid YAML.
	defer func() {
		if p := recover(); p != nil {
			root, err = nil, &FileError{File: r.file, Line: r.offset + 1, Err: fmt.Errorf("invalid YAML: the parser failed: %v", p)}
		}
	}()
	if line, bad := yamlControlChar(data); bad != 0 {
		return nil, &FileError{File: r.file, Line: line + r.offset,
			Err: fmt.Errorf("invalid YAML: control character %U is not allowed", bad)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, nil
		}
		return nil, r.yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		if err != nil {
			return nil, r.yamlError(err)
		}
		return nil, r.errorf(&extra, "invalid YAML: more than one document")
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root = resolveAlias(doc.Content[0])
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, r.errorf(root, "want a mapping of keys to values, got %s", describe(root))
	}
	return root, nil
}

// yamlError locates a yaml.v3 syntax error ("yaml: line N: message") in the file.
func (r *yamlReader) yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, convErr := strconv.Atoi(num); convErr == nil {
				line, msg = n, text
			}
		}
	}
	return &FileError{File: r.file, Line: line + r.offset, Err: errors.New("invalid YAML: " + msg)}
}

// yamlControlChar finds the first character yaml.v3 refuses to read and returns its 1-based line.
// It returns bad == 0 when there is none. data must be valid UTF-8.
func yamlControlChar(data []byte) (line int, bad rune) {
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return lineAt(data, i), rune(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if !(r == 0x85 || r >= 0xA0 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return lineAt(data, i), r
		}
		i += size
	}
	return 0, 0
}

// resolveAlias follows an alias to the node it names.
func resolveAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// describe names a node's kind and value for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if v := []rune(n.Value); len(v) > 40 {
			return strconv.Quote(string(v[:40]) + "...")
		}
		return strconv.Quote(n.Value)
	}
	return "nothing"
}

// mapping calls each for every key of a mapping node, rejecting duplicate and non-scalar keys.
func (r *yamlReader) mapping(n *yaml.Node, what string, each func(key string, k, v *yaml.Node) error) error {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		return r.errorf(n, "%s: want a mapping, got %s", what, describe(n))
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolveAlias(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return r.errorf(k, "%s: want a key name, got %s", what, describe(k))
		}
		if first, dup := seen[k.Value]; dup {
			return r.errorf(k, "%s: duplicate key %q (first at line %d)", what, k.Value, first)
		}
		seen[k.Value] = k.Line + r.offset
		if err := each(k.Value, k, v); err != nil {
			return err
		}
	}
	return nil
}

// str decodes a scalar as yaml.v3 decodes it into a string; null gives "".
func (r *yamlReader) str(what string, n *yaml.Node) (string, error) {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode {
		return "", r.errorf(n, "%s: want a string, got %s", what, describe(n))
	}
	if n.ShortTag() == "!!null" {
		return "", nil
	}
	var s string
	if err := n.Decode(&s); err != nil {
		return "", r.errorf(n, "%s: %s", what, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return s, nil
}

// integer decodes an integer scalar; null gives 0.
func (r *yamlReader) integer(what string, n *yaml.Node) (int, error) {
	n = resolveAlias(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return 0, nil
	}
	var v int
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" || n.Decode(&v) != nil {
		return 0, r.errorf(n, "%s: want a whole number, got %s", what, describe(n))
	}
	return v, nil
}

// strList decodes a list of scalars; null gives nil.
func (r *yamlReader) strList(what string, n *yaml.Node) ([]string, error) {
	n = resolveAlias(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, r.errorf(n, "%s: want a list of strings, got %s", what, describe(n))
	}
	list := make([]string, 0, len(n.Content))
	for i, item := range n.Content {
		r.record(entryPath(what, i), item)
		s, err := r.str(what, item)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	return list, nil
}

// entries calls each for every entry of a list; null is an empty list.
func (r *yamlReader) entries(what string, n *yaml.Node, each func(i int, item *yaml.Node) error) error {
	n = resolveAlias(n)
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return r.errorf(n, "%s: want a list, got %s", what, describe(n))
	}
	for i, item := range n.Content {
		r.record(entryPath(what, i), item)
		if err := each(i, resolveAlias(item)); err != nil {
			return err
		}
	}
	return nil
}

// pointKeys are the front-matter keys of a point file, in the order EncodePoint writes them.
const pointKeys = "label, title, topics, fidelity, status, sources, lineage, note, section"

// decodePointYAML decodes point front matter with yaml.v3.
func decodePointYAML(file string, front []byte, offset int, lines map[string]int) (Point, error) {
	r := &yamlReader{file: file, offset: offset, lines: lines}
	root, err := r.parse(front)
	if err != nil || root == nil {
		return Point{}, err
	}
	var p Point
	err = r.mapping(root, "front matter", func(key string, k, v *yaml.Node) error {
		r.record(key, k)
		var err error
		switch key {
		case "label":
			p.Label, err = r.str(key, v)
		case "title":
			p.Title, err = r.str(key, v)
		case "topics":
			p.Topics, err = r.strList(key, v)
		case "section":
			p.Section, err = r.strList(key, v)
		case "fidelity":
			p.Fidelity, err = r.str(key, v)
		case "status":
			p.Status, err = r.str(key, v)
		case "note":
			p.Note, err = r.str(key, v)
		case "sources":
			p.Sources, err = r.sourceRefs(v)
		case "lineage":
			p.Lineage, err = r.lineage(v)
		default:
			return r.errorf(k, "unknown key %q (known keys: %s)", key, pointKeys)
		}
		return err
	})
	return p, err
}

// sourceRefs decodes a point's sources: bare keys or mappings with key, locator and note.
func (r *yamlReader) sourceRefs(n *yaml.Node) ([]SourceRef, error) {
	var refs []SourceRef
	err := r.entries("sources", n, func(i int, item *yaml.Node) error {
		what := "sources entry " + strconv.Itoa(i+1)
		if item.Kind == yaml.ScalarNode {
			key, err := r.str(what, item)
			if err == nil && key == "" {
				err = r.errorf(item, "%s is empty", what)
			}
			refs = append(refs, SourceRef{Key: key})
			return err
		}
		var ref SourceRef
		err := r.mapping(item, what, func(key string, k, v *yaml.Node) error {
			var err error
			switch key {
			case "key":
				ref.Key, err = r.str(what+" key", v)
			case "locator":
				ref.Locator, err = r.str(what+" locator", v)
			case "note":
				ref.Note, err = r.str(what+" note", v)
			default:
				return r.errorf(k, "%s: unknown key %q (known keys: key, locator, note)", what, key)
			}
			return err
		})
		refs = append(refs, ref)
		return err
	})
	return refs, err
}

// lineage decodes a point's lineage: mappings with version, label and relation.
func (r *yamlReader) lineage(n *yaml.Node) ([]Lineage, error) {
	var links []Lineage
	err := r.entries("lineage", n, func(i int, item *yaml.Node) error {
		what := "lineage entry " + strconv.Itoa(i+1)
		var l Lineage
		err := r.mapping(item, what, func(key string, k, v *yaml.Node) error {
			var err error
			switch key {
			case "version":
				l.Version, err = r.str(what+" version", v)
			case "label":
				l.Label, err = r.str(what+" label", v)
			case "relation":
				l.Relation, err = r.str(what+" relation", v)
			default:
				return r.errorf(k, "%s: unknown key %q (known keys: version, label, relation)", what, key)
			}
			return err
		})
		links = append(links, l)
		return err
	})
	return links, err
}
