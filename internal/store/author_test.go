package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestAuthor(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "xdg"))
	for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE"} {
		t.Setenv(k, "")
	}
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(home, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	r, err := InitMemory()
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		do   func()
		want Signature
		err  string
	}{
		{"nothing configured", func() {}, Signature{}, errNoIdentity.Error()},
		{"XDG config", func() { write("xdg/git/config", "[user]\n\tname = Xdg User\n\temail = xdg@example.org\n") },
			Signature{Name: "Xdg User", Email: "xdg@example.org"}, ""},
		{"~/.gitconfig wins over XDG", func() { write(".gitconfig", "[user]\n\tname = Home User\n") },
			Signature{Name: "Home User", Email: "xdg@example.org"}, ""},
		{"repository config wins", func() {
			cfg, err := r.store.Config()
			if err != nil {
				t.Fatal(err)
			}
			cfg.User.Email = "local@example.org"
			if err := r.store.SetConfig(cfg); err != nil {
				t.Fatal(err)
			}
		}, Signature{Name: "Home User", Email: "local@example.org"}, ""},
		{"author.name wins over user.name", func() { write(".gitconfig", "[user]\n\tname = Home User\n[author]\n\tname = Home Author\n") },
			Signature{Name: "Home Author", Email: "local@example.org"}, ""},
		{"environment wins", func() {
			t.Setenv("GIT_AUTHOR_NAME", "Env Author")
			t.Setenv("GIT_AUTHOR_DATE", "@1763640000 +0100")
		}, Signature{Name: "Env Author", Email: "local@example.org", When: time.Unix(1763640000, 0)}, ""},
		{"invalid date", func() { t.Setenv("GIT_AUTHOR_DATE", "yesterday") }, Signature{},
			`GIT_AUTHOR_DATE: date "yesterday" is not in a format git accepts (RFC 2822, ISO 8601 or @UNIX +ZONE)`},
	}
	for _, st := range steps {
		st.do()
		got, err := r.Author()
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if gotErr != st.err || got.Name != st.want.Name || got.Email != st.want.Email || !got.When.Equal(st.want.When) {
			t.Errorf("%s: Author() = %+v, %q; want %+v, %q", st.name, got, gotErr, st.want, st.err)
		}
	}
}

func TestParseGitDate(t *testing.T) {
	instant := time.Date(2025, 11, 20, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in     string
		want   time.Time
		offset int // seconds east of UTC
	}{
		{"@1763640000 +0100", instant, 3600},
		{"1763640000 -0530", instant, -(5*3600 + 30*60)},
		{"@1763640000", instant, 0},
		{"Thu, 20 Nov 2025 13:00:00 +0100", instant, 3600},
		{"20 Nov 2025 13:00:00 +0100", instant, 3600},
		{"Thu Nov 20 13:00:00 2025 +0100", instant, 3600},
		{"2025-11-20T13:00:00+01:00", instant, 3600},
		{"2025-11-20T12:00:00Z", instant, 0},
		{"2025-11-20 13:00:00 +0100", instant, 3600},
		{"2025-11-20T13:00:00+0100", instant, 3600},
		{" 2025-11-20 12:00:00.250 +0000 ", instant.Add(250 * time.Millisecond), 0},
	} {
		got, err := ParseGitDate(tc.in)
		if err != nil {
			t.Errorf("ParseGitDate(%q): %v", tc.in, err)
			continue
		}
		if _, off := got.Zone(); !got.Equal(tc.want) || off != tc.offset {
			t.Errorf("ParseGitDate(%q) = %v (offset %d); want %v (offset %d)", tc.in, got, off, tc.want, tc.offset)
		}
	}
	for _, in := range []string{"", "yesterday", "1763640000", "@x", "@1 +01", "@1 +0199", "2025-11-20", "2025-11-20 12:00"} {
		if got, err := ParseGitDate(in); err == nil {
			t.Errorf("ParseGitDate(%q) = %v; want an error", in, got)
		}
	}
}

func FuzzParseGitDate(f *testing.F) {
	for _, s := range []string{"@1763640000 +0100", "Thu, 20 Nov 2025 13:00:00 +0100", "2025-11-20T13:00:00+01:00", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseGitDate(s)
		if err != nil {
			return
		}
		// What parses names one instant: git's internal form of it parses back to it.
		_, off := got.Zone()
		sign, off := '+', off/60
		if off < 0 {
			sign, off = '-', -off
		}
		raw := fmt.Sprintf("@%d %c%02d%02d", got.Unix(), sign, off/60, off%60)
		again, err := ParseGitDate(raw)
		if err != nil || !again.Equal(got.Truncate(time.Second)) {
			t.Errorf("ParseGitDate(%q) = %v; its raw form %q parses to %v, %v", s, got, raw, again, err)
		}
	})
}
