package plan

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestValidateClean(t *testing.T) {
	findings, err := Validate(testRepo())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("unexpected finding: %s", f)
	}
}

// brokenManifest breaks almost every manifest rule.
const brokenManifest = `id: ua-21
date: 2025-13-01
status: draft
completeness: most
declared_points: -1
derived_from: [us-28, nope, ua-20]
sources:
  - key: a
    outlet: X
    title: T
    date: ~2025-11
    url: https://example.com/a
  - key: a
    outlet: Y
    title: T
    date: yesterday
    url: ftp://example.com/b
  - outlet: Z
    title: T
  - key: c
    outlet: C
    title: Undated
`

// brokenRepo is testRepo plus a version ua-20 with many problems and two broken directories.
func brokenRepo() fstest.MapFS {
	fsys := testRepo()
	add := func(name, data string) { fsys[name] = &fstest.MapFile{Data: []byte(data)} }
	add("plans/orphan/01.md", "---\nlabel: \"1\"\n---\nx\n")
	add("plans/Bad/plan.yaml", "id: Bad\ntitle: T\ndate: 2025\nstatus: reported\ncompleteness: full\nsources: []\n")
	add("plans/ua-20/plan.yaml", brokenManifest)
	add("plans/ua-20/01.md", "\xEF\xBB\xBF---\r\nlabel: \"1\"\r\nsources: [a]\r\n---\r\nText.\r\n")
	add("plans/ua-20/02.md", `---
label: "1"
fidelity: exact
status: gone
sources:
  - key: missing
  - key: a
lineage:
  - version: us-28
    label: "99"
    relation: same
  - version: nope
    label: "1"
    relation: copied
  - version: ""
    label: ""
    relation: ""
  - version: eu-24
    label: "1"
    relation: merged
---
`)
	add("plans/ua-20/03.md", "---\nlabel: \"3\"\nsource: [a]\n---\nText.\n")
	add("plans/ua-20/04.md", "---\nlabel: \"4\"\nsources: [a]\n---\nText \xff.\n")
	add("plans/ua-20/05.md", "---\nstatus: not-reported\n---\n")
	add("plans/ua-20/06.md", "---\nlabel: \"6\"\n---\nNUL\x00\n")
	add("plans/ua-20/07.md", "---\nlabel: \"7\"\nsources: [c]\n---\nText.\n")
	add("plans/ua-20/08.md", "---\nlabel: \"8\"\nsources:\n  - key: a\n  - key: \"\"\n    locator: p. 3\n---\nText.\n")
	add("plans/ua-20/09.md", "---\nlabel: \"9\"\nsources: [a]\n---\n\n\n")
	// Entries that are not read: those that look meant as point files are findings.
	add("plans/ua-20/10.MD", "---\nlabel: \"10\"\n---\nText.\n")
	add("plans/ua-20/11.markdown", "---\nlabel: \"11\"\n---\nText.\n")
	fsys["plans/ua-20/12.md"] = &fstest.MapFile{Data: []byte("07.md"), Mode: fs.ModeSymlink}
	add("plans/ua-20/extra/13.md", "---\nlabel: \"13\"\n---\nText.\n")
	add("plans/ua-20/notes.txt", "curator's notes\n")
	add("plans/ua-20/.14.md.swp", "x")
	return fsys
}

func TestValidateFindings(t *testing.T) {
	findings, err := Validate(brokenRepo())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range findings {
		got = append(got, f.String())
	}
	want := []string{
		`plans/Bad: invalid version id "Bad": ids are lowercase slugs like us-28`,
		`plans/orphan: directory has no plan.yaml (a version needs a manifest; names starting with _ are ignored)`,
		`plans/ua-20/01.md:1: CRLF line ends (use LF)`,
		`plans/ua-20/01.md:1: byte order mark at the start of the file (save as UTF-8 without BOM)`,
		`plans/ua-20/02.md:2: duplicate label "1" (also in plans/ua-20/01.md)`,
		`plans/ua-20/02.md:3: invalid fidelity "exact" (want verbatim, translation, paraphrase, summary)`,
		`plans/ua-20/02.md:4: invalid status "gone" (want reported, not-reported, removed, moved-out)`,
		`plans/ua-20/02.md:6: source "missing" is not in plans/ua-20/plan.yaml`,
		`plans/ua-20/02.md:9: lineage entry 1: version "us-28" has no point labelled "99"`,
		`plans/ua-20/02.md:12: lineage entry 2: invalid relation "copied" (want same, amended, split, merged)`,
		`plans/ua-20/02.md:12: lineage entry 2: unknown version "nope"`,
		`plans/ua-20/02.md:15: lineage entry 3: missing relation`,
		`plans/ua-20/02.md:15: lineage entry 3: missing version`,
		`plans/ua-20/03.md:3: unknown key "source" (known keys: label, title, topics, fidelity, status, sources, lineage, note, section)`,
		`plans/ua-20/04.md:5: invalid UTF-8 (byte 0xff)`,
		`plans/ua-20/05.md:1: cites no source (every point needs a source with a URL and a date)`,
		`plans/ua-20/05.md:1: missing label`,
		`plans/ua-20/06.md:4: NUL byte in text`,
		`plans/ua-20/07.md:3: cites no source that has both a URL and a date`,
		`plans/ua-20/08.md:5: sources entry 2 has no key`,
		`plans/ua-20/09.md:5: reported point has no text (use status: not-reported when no source reports it)`,
		`plans/ua-20/10.MD: not read: point files are named *.md (lower case)`,
		`plans/ua-20/11.markdown: not read: point files are named *.md (lower case)`,
		`plans/ua-20/12.md: not read: a point file must be a regular file, not a symbolic link`,
		`plans/ua-20/extra: not read: a version directory holds no subdirectories`,
		`plans/ua-20/plan.yaml:1: manifest id "ua-21" does not match the directory name "ua-20"`,
		`plans/ua-20/plan.yaml:1: missing title`,
		`plans/ua-20/plan.yaml:2: invalid date "2025-13-01" (want YYYY-MM-DD, YYYY-MM or YYYY, optionally after ~)`,
		`plans/ua-20/plan.yaml:3: invalid status "draft" (want leaked-draft, official-text, reported)`,
		`plans/ua-20/plan.yaml:4: invalid completeness "most" (want full, partial, changes-only)`,
		`plans/ua-20/plan.yaml:5: invalid declared_points -1 (want 0 when unknown)`,
		`plans/ua-20/plan.yaml:6: derived_from names the version itself ("ua-20")`,
		`plans/ua-20/plan.yaml:6: derived_from names unknown version "nope"`,
		`plans/ua-20/plan.yaml:13: duplicate source key "a" (first at line 8)`,
		`plans/ua-20/plan.yaml:16: source "a": invalid date "yesterday" (want YYYY-MM-DD, YYYY-MM or YYYY, optionally after ~)`,
		`plans/ua-20/plan.yaml:17: source "a": invalid url "ftp://example.com/b" (want http or https)`,
		`plans/ua-20/plan.yaml:18: sources entry 3 has no key`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\n\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidateErrors(t *testing.T) {
	if _, err := Validate(fstest.MapFS{}); err == nil || !strings.HasPrefix(err.Error(), "no plans directory") {
		t.Errorf("Validate without plans: %v", err)
	}
	if _, err := Validate(fstest.MapFS{"plans": {Data: []byte("x")}}); err == nil || err.Error() != "plans is a file, not a directory of versions" {
		t.Errorf("Validate with a plans file: %v", err)
	}
}

func TestValidDate(t *testing.T) {
	for s, want := range map[string]bool{
		"2025-11-20": true, "2025-11": true, "2025": true, "~2025-11-20": true, "~2025": true,
		"2025-02-29": false, "2024-02-29": true, "2025-13": false, "25-11-20": false, "2025/11/20": false,
		"": false, "~": false, "2025-1-2": false, "+025": false, "20251": false, "2025-11-20T10:00": false,
	} {
		if got := validDate(s); got != want {
			t.Errorf("validDate(%q) = %v, want %v", s, got, want)
		}
	}
}
