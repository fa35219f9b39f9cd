package plan

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParsePoint parses one point file (front matter and body). file is used in errors and stored in Point.File.
//
// Errors are *FileError values carrying the file line of the problem. A UTF-8 byte order mark and
// CRLF line ends are tolerated (Validate reports them); invalid UTF-8 and NUL bytes are errors.
func ParsePoint(file string, data []byte) (Point, error) {
	return parsePoint(file, data, nil)
}

// parsePoint is ParsePoint that also records the file line of every front-matter key and list
// entry in lines when lines is non-nil.
func parsePoint(file string, data []byte, lines map[string]int) (Point, error) {
	if line, err := checkEncoding(data); err != nil {
		return Point{}, &FileError{File: file, Line: line, Err: err}
	}
	data, _, _ = normalizeText(data)
	parts, err := splitFrontMatter(file, data)
	if err != nil {
		return Point{}, err
	}
	p, ok := fastPoint(parts.front, parts.frontLine, lines)
	if !ok {
		if lines != nil {
			clear(lines)
		}
		if p, err = decodePointYAML(file, parts.front, parts.frontLine, lines); err != nil {
			return Point{}, err
		}
	}
	normalizePoint(&p)
	p.File = file
	text, skipped := trimBody(parts.body)
	p.Text = text
	p.BodyLine = parts.bodyLine
	if text != "" {
		p.BodyLine += skipped
	}
	return p, nil
}

// normalizePoint turns empty lists into nil so that "topics: []" and no topics compare equal.
func normalizePoint(p *Point) {
	if len(p.Topics) == 0 {
		p.Topics = nil
	}
	if len(p.Section) == 0 {
		p.Section = nil
	}
	if len(p.Sources) == 0 {
		p.Sources = nil
	}
	if len(p.Lineage) == 0 {
		p.Lineage = nil
	}
}

// EncodePoint renders a point as a point file; ParsePoint(EncodePoint(p)) returns p.
//
// The output is deterministic and meant for git diffs and hand editing: one key per line in a
// fixed order, flow lists for topics and section, block lists for sources and lineage, labels
// always quoted and other strings quoted only where YAML needs it. The round trip holds for
// points whose strings are valid UTF-8 and whose Text has no leading blank lines, trailing white
// space or carriage returns; File and BodyLine are not encoded.
func EncodePoint(p Point) []byte {
	var b []byte
	b = append(b, "---\n"...)
	b = append(b, "label: "...)
	b = appendQuoted(b, p.Label)
	b = appendField(b, "title", p.Title)
	b = appendFlowList(b, "topics", p.Topics)
	b = appendField(b, "fidelity", p.Fidelity)
	b = appendField(b, "status", p.Status)
	if len(p.Sources) > 0 {
		b = append(b, "\nsources:"...)
		for _, s := range p.Sources {
			b = append(b, "\n  - key: "...)
			b = appendScalar(b, s.Key, false)
			b = appendItemField(b, "locator", s.Locator, false)
			b = appendItemField(b, "note", s.Note, false)
		}
	}
	if len(p.Lineage) > 0 {
		b = append(b, "\nlineage:"...)
		for _, l := range p.Lineage {
			b = append(b, "\n  - version: "...)
			b = appendScalar(b, l.Version, false)
			b = append(b, "\n    label: "...)
			b = appendQuoted(b, l.Label)
			b = appendItemField(b, "relation", l.Relation, true)
		}
	}
	b = appendField(b, "note", p.Note)
	b = appendFlowList(b, "section", p.Section)
	b = append(b, "\n---\n"...)
	if p.Text != "" {
		b = append(b, strings.ToValidUTF8(p.Text, "\uFFFD")...)
		b = append(b, '\n')
	}
	return b
}

// appendField appends "\nkey: value" unless value is empty.
func appendField(b []byte, key, value string) []byte {
	if value == "" {
		return b
	}
	b = append(b, '\n')
	b = append(b, key...)
	b = append(b, ": "...)
	return appendScalar(b, value, false)
}

// appendItemField appends a key of a block-list mapping entry; empty values only when always.
func appendItemField(b []byte, key, value string, always bool) []byte {
	if value == "" && !always {
		return b
	}
	b = append(b, "\n    "...)
	b = append(b, key...)
	b = append(b, ": "...)
	return appendScalar(b, value, false)
}

// appendFlowList appends "\nkey: [a, b]" unless list is empty.
func appendFlowList(b []byte, key string, list []string) []byte {
	if len(list) == 0 {
		return b
	}
	b = append(b, '\n')
	b = append(b, key...)
	b = append(b, ": ["...)
	for i, s := range list {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendScalar(b, s, true)
	}
	return append(b, ']')
}

// appendScalar appends s as a plain scalar when YAML reads it back unchanged as a string, else
// double-quoted. flow selects the stricter rules inside [ ] lists.
func appendScalar(b []byte, s string, flow bool) []byte {
	if plainSafe(s, flow) {
		return append(b, s...)
	}
	return appendQuoted(b, s)
}

// plainSafe reports whether s can be written as a plain scalar: the fast decoder reads it back
// as s, and YAML tools do not read it as null or a boolean.
func plainSafe(s string, flow bool) bool {
	if s == "" || !plainStart(s[0]) || s[len(s)-1] == ' ' || isNullWord(s) || isBoolWord(s) {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !fastRune(r, size) {
				return false
			}
			i += size
			continue
		}
		switch {
		case c < 0x20 || c == 0x7f:
			return false
		case c == ':' && (flow || i+1 == len(s) || s[i+1] == ' '):
			return false
		case c == '#' && (flow || s[i-1] == ' '):
			return false
		case flow && strings.IndexByte(",[]{}?", c) >= 0:
			return false
		}
		i++
	}
	return true
}

// isBoolWord reports whether YAML 1.1 tools would read the plain scalar as a boolean.
func isBoolWord(s string) bool {
	switch strings.ToLower(s) {
	case "y", "yes", "n", "no", "on", "off", "true", "false":
		return true
	}
	return false
}

// appendQuoted appends s as a double-quoted scalar on one line.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			b = fmt.Appendf(b, `\x%02X`, r)
		case r == 0x2028 || r == 0x2029 || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF:
			b = fmt.Appendf(b, `\u%04X`, r)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
