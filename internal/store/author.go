package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/config"
)

// errNoIdentity is the error of Author when no name or e-mail address is configured.
var errNoIdentity = errors.New(`no author identity: set GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL, or run git config --global user.name "Your Name" and git config --global user.email you@example.org`)

// Author returns the author of new commits as git would choose it: GIT_AUTHOR_NAME,
// GIT_AUTHOR_EMAIL and GIT_AUTHOR_DATE from the environment, else author.name/email and
// then user.name/email from the repository's config, then from the global config
// (~/.gitconfig, then $XDG_CONFIG_HOME/git/config). When is zero unless GIT_AUTHOR_DATE
// is set; it accepts git's formats: RFC 2822, ISO 8601 and "@UNIX +ZONE".
func (r *Repo) Author() (Signature, error) {
	var configs []*config.Config
	if local, err := r.store.Config(); err == nil {
		configs = append(configs, local)
	}
	configs = append(configs, globalConfigs()...)
	name := firstSet(os.Getenv("GIT_AUTHOR_NAME"), configs,
		func(c *config.Config) string { return c.Author.Name },
		func(c *config.Config) string { return c.User.Name })
	email := firstSet(os.Getenv("GIT_AUTHOR_EMAIL"), configs,
		func(c *config.Config) string { return c.Author.Email },
		func(c *config.Config) string { return c.User.Email })
	if name == "" || email == "" {
		return Signature{}, errNoIdentity
	}
	sig := Signature{Name: name, Email: email}
	if d := os.Getenv("GIT_AUTHOR_DATE"); d != "" {
		t, err := ParseGitDate(d)
		if err != nil {
			return Signature{}, fmt.Errorf("GIT_AUTHOR_DATE: %w", err)
		}
		sig.When = t
	}
	return sig, nil
}

// firstSet returns env when set, else the first non-empty value that a getter (tried in
// order) finds in the configs (tried in order).
func firstSet(env string, configs []*config.Config, getters ...func(*config.Config) string) string {
	if env != "" {
		return env
	}
	for _, get := range getters {
		for _, c := range configs {
			if v := get(c); v != "" {
				return v
			}
		}
	}
	return ""
}

// globalConfigs reads the user's global git configuration files, most important first.
// Files that are missing or unreadable are skipped, as they would not name an author.
func globalConfigs() []*config.Config {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil
	}
	files := []string{filepath.Join(home, ".gitconfig")}
	if xdg := os.Getenv("XDG_CONFIG_HOME"); xdg != "" {
		files = append(files, filepath.Join(xdg, "git", "config"))
	} else {
		files = append(files, filepath.Join(home, ".config", "git", "config"))
	}
	var out []*config.Config
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			continue
		}
		c, err := config.ReadConfig(f)
		f.Close()
		if err == nil {
			out = append(out, c)
		}
	}
	return out
}

// gitDateLayouts are the layouts of RFC 2822, ISO 8601 and git's own default date format.
var gitDateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 2006 -0700",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05 -0700",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05-0700",
}

// ParseGitDate parses a date as git accepts it in GIT_AUTHOR_DATE and
// GIT_COMMITTER_DATE: RFC 2822 ("Thu, 20 Nov 2025 12:00:00 +0100"), ISO 8601
// ("2025-11-20T12:00:00+01:00", "2025-11-20 12:00:00 +0100") or git's internal
// format ("@1763636400 +0100", the "@" and the zone being optional).
func ParseGitDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, ok := parseUnixDate(s); ok {
		return t, nil
	}
	for _, layout := range gitDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not in a format git accepts (RFC 2822, ISO 8601 or @UNIX +ZONE)", s)
}

// parseUnixDate parses "@1763636400 +0100", "1763636400 +0100" or "@1763636400".
func parseUnixDate(s string) (time.Time, bool) {
	at := strings.HasPrefix(s, "@")
	secs, zone, hasZone := strings.Cut(strings.TrimPrefix(s, "@"), " ")
	n, err := strconv.ParseInt(secs, 10, 64)
	if err != nil || (!at && !hasZone) {
		return time.Time{}, false
	}
	loc := time.UTC
	if hasZone {
		if len(zone) != 5 || (zone[0] != '+' && zone[0] != '-') {
			return time.Time{}, false
		}
		hh, err1 := strconv.Atoi(zone[1:3])
		mm, err2 := strconv.Atoi(zone[3:5])
		if err1 != nil || err2 != nil || mm > 59 {
			return time.Time{}, false
		}
		offset := (hh*60 + mm) * 60
		if zone[0] == '-' {
			offset = -offset
		}
		loc = time.FixedZone("", offset)
	}
	return time.Unix(n, 0).In(loc), true
}
