package plan

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
)

// utf8BOM is the byte order mark some editors put at the start of UTF-8 files.
const utf8BOM = "\xEF\xBB\xBF"

// checkEncoding returns an error locating the first invalid UTF-8 sequence or NUL byte in data,
// or nil when data is clean. The returned line is 1-based.
func checkEncoding(data []byte) (line int, err error) {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return lineAt(data, i), errors.New("NUL byte in text")
	}
	if utf8.Valid(data) {
		return 0, nil
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return lineAt(data, i), fmt.Errorf("invalid UTF-8 (byte 0x%02x)", data[i])
		}
		i += size
	}
	return 0, nil
}

// lineAt returns the 1-based line of byte offset i in data.
func lineAt(data []byte, i int) int {
	return bytes.Count(data[:i], []byte{'\n'}) + 1
}

// normalizeText strips a leading UTF-8 BOM and turns CRLF line ends into LF.
// It reports which of the two it found; data is returned unchanged (not copied) when clean.
func normalizeText(data []byte) (out []byte, hadBOM, hadCRLF bool) {
	if bytes.HasPrefix(data, []byte(utf8BOM)) {
		data = data[len(utf8BOM):]
		hadBOM = true
	}
	if bytes.Contains(data, []byte("\r\n")) {
		data = stripLineEndCRs(data)
		hadCRLF = true
	}
	return data, hadBOM, hadCRLF
}

// stripLineEndCRs removes every carriage return that ends a line, runs like "\r\r\n" included,
// so that normalizing twice gives what normalizing once gives.
func stripLineEndCRs(data []byte) []byte {
	out := make([]byte, 0, len(data))
	for len(data) > 0 {
		line, rest := cutLine(data)
		out = append(out, bytes.TrimRight(line, "\r")...)
		if rest != nil {
			out = append(out, '\n')
		}
		data = rest
	}
	return out
}

// cutLine splits data after the first line: line excludes the "\n", rest follows it.
func cutLine(data []byte) (line, rest []byte) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i], data[i+1:]
	}
	return data, nil
}

// isBlank reports whether s holds only spaces and tabs.
func isBlank(s []byte) bool {
	for _, c := range s {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// trimBody trims leading blank lines and trailing white space from a point body.
// It returns the trimmed text and the number of lines dropped at the start.
func trimBody(body []byte) (text string, skipped int) {
	for len(body) > 0 {
		line, rest := cutLine(body)
		if !isBlank(line) || rest == nil {
			break
		}
		body = rest
		skipped++
	}
	body = bytes.TrimRight(body, " \t\r\n")
	return string(body), skipped
}
