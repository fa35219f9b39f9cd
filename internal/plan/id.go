package plan

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxIDLen is the longest allowed version id in bytes.
const maxIDLen = 64

// reservedID cannot be a version id: the go tool treats a directory of that name as test data.
const reservedID = "testdata"

// ValidateID reports whether id is a valid version id (lowercase slug, not reserved, not path-like).
func ValidateID(id string) error {
	switch {
	case id == "":
		return errors.New("invalid version id \"\": ids are lowercase slugs like us-28")
	case len(id) > maxIDLen:
		return fmt.Errorf("invalid version id %q: longer than %d bytes", id, maxIDLen)
	case !isSlug(id):
		return fmt.Errorf("invalid version id %q: ids are lowercase slugs like us-28", id)
	case id == reservedID:
		return fmt.Errorf("invalid version id %q: the name is reserved", id)
	}
	return nil
}

// isSlug reports whether s matches ^[a-z0-9]+(-[a-z0-9]+)*$.
func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// ParseRef splits "ID" or "ID@REV" into id and rev (rev empty when absent) and validates both parts.
func ParseRef(s string) (id, rev string, err error) {
	id, rev, hasRev := strings.Cut(s, "@")
	if err := ValidateID(id); err != nil {
		if hasRev {
			return "", "", fmt.Errorf("invalid version ref %q: %w", s, err)
		}
		return "", "", err
	}
	if !hasRev {
		return id, "", nil
	}
	if rev == "" {
		return "", "", fmt.Errorf("invalid version ref %q: empty revision after \"@\"", s)
	}
	if !utf8.ValidString(rev) {
		return "", "", fmt.Errorf("invalid version ref %q: revision is not valid UTF-8", s)
	}
	for _, r := range rev {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return "", "", fmt.Errorf("invalid version ref %q: revision contains control character %U", s, r)
		}
	}
	return id, rev, nil
}

// PointFileName returns the file name of the point at 0-based position pos among total points.
//
// The name is the 1-based position zero-padded to max(2, digits(total)), followed by
// "-<label slug>" unless the slug equals the unpadded position, and ".md".
func PointFileName(pos, total int, label string) string {
	n := pos + 1
	width := max(2, len(strconv.Itoa(max(total, n))))
	num := strconv.Itoa(n)
	if pad := width - len(num); pad > 0 {
		num = strings.Repeat("0", pad) + num
	}
	slug := labelSlug(label)
	if slug == strconv.Itoa(n) {
		return num + ".md"
	}
	return num + "-" + slug + ".md"
}

// labelSlug reduces a label to ASCII lowercase letters and digits; other runs become "-".
// An empty result becomes "point".
func labelSlug(label string) string {
	var b strings.Builder
	dash := false
	for i := 0; i < len(label); i++ {
		c := label[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte(c)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "point"
	}
	return b.String()
}
