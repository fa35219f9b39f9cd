package plan

import "testing"

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		in, want  string
		bom, crlf bool
	}{
		{"a\nb\n", "a\nb\n", false, false},
		{"\xEF\xBB\xBFa\n", "a\n", true, false},
		{"a\r\nb\r\n", "a\nb\n", false, true},
		{"a\r\r\nb\rc\r\n\r", "a\nb\rc\n", false, true},
		{"a\rb", "a\rb", false, false},
		{"\xEF\xBB\xBF\xEF\xBB\xBFa", "\xEF\xBB\xBFa", true, false},
	}
	for _, tt := range tests {
		got, bom, crlf := normalizeText([]byte(tt.in))
		if string(got) != tt.want || bom != tt.bom || crlf != tt.crlf {
			t.Errorf("normalizeText(%q) = %q, %v, %v; want %q, %v, %v", tt.in, got, bom, crlf, tt.want, tt.bom, tt.crlf)
		}
		again, _, _ := normalizeText(got)
		if tt.in != "\xEF\xBB\xBF\xEF\xBB\xBFa" && string(again) != string(got) {
			t.Errorf("normalizeText is not idempotent on %q: %q then %q", tt.in, got, again)
		}
	}
}

func TestCheckEncoding(t *testing.T) {
	tests := []struct {
		in   string
		line int
		err  string
	}{
		{"fine\ntext ü\n", 0, ""},
		{"a\nb\nc\x00", 3, "NUL byte in text"},
		{"a\n\xe2\x82", 2, "invalid UTF-8 (byte 0xe2)"},
		{"\xed\xa0\x80", 1, "invalid UTF-8 (byte 0xed)"},
	}
	for _, tt := range tests {
		line, err := checkEncoding([]byte(tt.in))
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if line != tt.line || msg != tt.err {
			t.Errorf("checkEncoding(%q) = %d, %q; want %d, %q", tt.in, line, msg, tt.line, tt.err)
		}
	}
}

func TestTrimBody(t *testing.T) {
	tests := []struct {
		in, want string
		skipped  int
	}{
		{"text\n", "text", 0},
		{"\n  \n\ttext\n  more  \n\n", "\ttext\n  more", 2},
		{"", "", 0},
		{"\n\n", "", 2},
		{"  ", "", 0},
	}
	for _, tt := range tests {
		got, skipped := trimBody([]byte(tt.in))
		if got != tt.want || skipped != tt.skipped {
			t.Errorf("trimBody(%q) = %q, %d; want %q, %d", tt.in, got, skipped, tt.want, tt.skipped)
		}
	}
}
