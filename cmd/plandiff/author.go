package main

import (
	"strings"
	"unicode/utf8"
)

// parseAuthor reads the --author flag, "Name <email>", into its name and e-mail address.
// It accepts what net/mail's ParseAddress accepted for such a flag, less what nobody types
// there (comments in parentheses, RFC 2047 encoded words, quoted words among unquoted
// ones, quoted or bracketed address parts), so that the binary need not link net:
//
//   - the name is a quoted string ("Doe, Jane", with \" and \\ escapes, kept as written) or
//     words separated by spaces or tabs (joined by single spaces), not blank; unquoted words
//     may not hold ( ) < > [ ] : ; @ \ , or ", and no name may hold < or > (git's commit
//     format could not record it);
//   - the address follows in angle brackets that end the flag: local@domain, where each part
//     is one or more dot-separated non-empty runs of characters other than ( ) < > [ ] : ;
//     @ \ , ", spaces and control characters;
//   - spaces and tabs around the name, after the < and around the whole flag are ignored
//     (net/mail also allowed them around the @ and the dots of the address; parseAuthor
//     refuses spaces anywhere else in the brackets); control
//     characters and invalid UTF-8 are refused everywhere.
func parseAuthor(s string) (name, email string, ok bool) {
	if !utf8.ValidString(s) {
		return "", "", false
	}
	s = strings.Trim(s, " \t")
	rest, found := strings.CutSuffix(s, ">")
	if !found {
		return "", "", false
	}
	open := strings.LastIndexByte(rest, '<')
	if open < 0 {
		return "", "", false
	}
	email = strings.TrimLeft(rest[open+1:], " \t")
	if !validAddress(email) {
		return "", "", false
	}
	name, ok = parseName(strings.Trim(rest[:open], " \t"))
	if !ok || strings.Trim(name, " \t") == "" || strings.ContainsAny(name, "<>") {
		return "", "", false
	}
	return name, email, true
}

// authorSpecials are the characters that neither unquoted names nor addresses may hold.
const authorSpecials = `()<>[]:;@\,"`

// parseName reads the name part of the flag (already trimmed): one quoted string, or
// unquoted words.
func parseName(s string) (string, bool) {
	if q, found := strings.CutPrefix(s, `"`); found {
		var b strings.Builder
		for i := 0; i < len(q); i++ {
			c := q[i]
			switch {
			case c == '\\' && i+1 < len(q):
				i++
				c = q[i]
			case c == '"':
				// The closing quote must end the name.
				return b.String(), i == len(q)-1 && noControls(b.String())
			}
			b.WriteByte(c)
		}
		return "", false
	}
	if strings.ContainsAny(s, authorSpecials) || !noControls(strings.ReplaceAll(s, "\t", " ")) {
		return "", false
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' }), " "), true
}

// validAddress reports whether s is local@domain as parseAuthor describes it.
func validAddress(s string) bool {
	local, domain, found := strings.Cut(s, "@")
	return found && dotAtom(local) && dotAtom(domain)
}

// dotAtom reports whether s is one or more dot-separated non-empty runs of characters
// other than specials, spaces and control characters.
func dotAtom(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if part == "" || strings.ContainsAny(part, authorSpecials+" \t") || !noControls(part) {
			return false
		}
	}
	return true
}

// noControls reports whether s has no control characters (C0, DEL or C1) and no tabs.
func noControls(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return false
		}
	}
	return true
}
