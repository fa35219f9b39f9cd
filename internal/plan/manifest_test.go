package plan

import (
	"errors"
	"reflect"
	"testing"
)

// formatManifest is the manifest example of the format documentation, comments included.
const formatManifest = `id: us-28
title: US 28-point draft peace plan
date: 2025-11-20
parties: [United States]
status: leaked-draft            # leaked-draft | official-text | reported
declared_points: 28             # 0/omitted when unknown
completeness: full              # full | partial | changes-only
derived_from: []                # parent version ids
note: Free text.
sources:
  - key: axios-1120
    outlet: Axios
    title: Full text of the 28-point plan
    date: 2025-11-20            # YYYY-MM-DD, YYYY-MM or YYYY, optional leading "~" for approximate
    url: https://www.axios.com/2025/11/20/trump-ukraine-peace-plan-28-points-russia
    note: original full text
`

// sampleManifest is the manifest formatManifest describes.
func sampleManifest() Manifest {
	return Manifest{ID: "us-28", Title: "US 28-point draft peace plan", Date: "2025-11-20",
		Parties: []string{"United States"}, Status: "leaked-draft", DeclaredPoints: 28, Completeness: "full",
		Note: "Free text.", Sources: []Source{{Key: "axios-1120", Outlet: "Axios", Title: "Full text of the 28-point plan",
			Date: "2025-11-20", URL: "https://www.axios.com/2025/11/20/trump-ukraine-peace-plan-28-points-russia",
			Note: "original full text"}}}
}

func TestParseManifest(t *testing.T) {
	got, err := ParseManifest("plan.yaml", []byte(formatManifest))
	if err != nil {
		t.Fatal(err)
	}
	if want := sampleManifest(); !reflect.DeepEqual(got, want) {
		t.Errorf("ParseManifest:\n got %#v\nwant %#v", got, want)
	}
	got, err = ParseManifest("plan.yaml", []byte("\xEF\xBB\xBFid: x\r\ntitle: T\r\n"))
	if err != nil || got.ID != "x" || got.Title != "T" {
		t.Errorf("ParseManifest with BOM and CRLF = %#v, %v", got, err)
	}
	got, err = ParseManifest("plan.yaml", []byte("# nothing yet\n"))
	if err != nil || !reflect.DeepEqual(got, Manifest{}) {
		t.Errorf("ParseManifest of a comment = %#v, %v", got, err)
	}
}

func TestParseManifestErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"id: x\nowner: me\n", `plan.yaml:2: unknown key "owner" (known keys: id, title, date, parties, status, declared_points, completeness, derived_from, note, sources)`},
		{"id: x\ndeclared_points: \"28\"\n", `plan.yaml:2: declared_points: want a whole number, got "28"`},
		{"id: x\ndeclared_points: 2.5\n", `plan.yaml:2: declared_points: want a whole number, got "2.5"`},
		{"id: x\nparties: United States\n", `plan.yaml:2: parties: want a list of strings, got "United States"`},
		{"id: x\nsources: [axios]\n", `plan.yaml:2: sources entry 1: want a mapping, got "axios"`},
		{"id: x\nsources:\n  - key: a\n    link: u\n", `plan.yaml:4: sources entry 1: unknown key "link" (known keys: key, outlet, title, date, url, note)`},
		{"id: x\ntitle: a\ntitle: b\n", `plan.yaml:3: manifest: duplicate key "title" (first at line 2)`},
		{"id: [x]\n", `plan.yaml:1: id: want a string, got a list`},
		{"id: x\n  title: y\n", `plan.yaml:2: invalid YAML: mapping values are not allowed in this context`},
		{"just a string\n", `plan.yaml:1: want a mapping of keys to values, got "just a string"`},
		{"id: x\nnote: \xff\n", `plan.yaml:2: invalid UTF-8 (byte 0xff)`},
	}
	for _, tt := range tests {
		_, err := ParseManifest("plan.yaml", []byte(tt.in))
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseManifest(%q) error\n got %v\nwant %s", tt.in, err, tt.want)
		}
		if err != nil && !errors.As(err, new(*FileError)) {
			t.Errorf("ParseManifest(%q) error %v is not a *FileError", tt.in, err)
		}
	}
}

func TestEncodeManifest(t *testing.T) {
	got := string(EncodeManifest(sampleManifest()))
	want := `id: us-28
title: US 28-point draft peace plan
date: 2025-11-20
parties: [United States]
status: leaked-draft
declared_points: 28
completeness: full
note: Free text.
sources:
  - key: axios-1120
    outlet: Axios
    title: Full text of the 28-point plan
    date: 2025-11-20
    url: https://www.axios.com/2025/11/20/trump-ukraine-peace-plan-28-points-russia
    note: original full text
`
	if got != want {
		t.Errorf("EncodeManifest:\n%s\nwant:\n%s", got, want)
	}
	if got, want := string(EncodeManifest(Manifest{ID: "x"})), "id: x\ntitle: \"\"\ndate: \"\"\nstatus: \"\"\ncompleteness: \"\"\nsources: []\n"; got != want {
		t.Errorf("EncodeManifest(empty):\n%s\nwant:\n%s", got, want)
	}
}

func TestManifestRoundTrip(t *testing.T) {
	for _, m := range []Manifest{
		sampleManifest(),
		{ID: "gg-2018", Title: "Grundgesetz: Stand 2018", Date: "~2018", DerivedFrom: []string{"gg-2012"},
			Parties: []string{"Bundestag, Bundesrat", "no"}, Note: "line\nbreak", Sources: []Source{{Key: "a"}, {Key: "b: c"}}},
	} {
		data := EncodeManifest(m)
		got, err := ParseManifest("plan.yaml", data)
		if err != nil {
			t.Errorf("ParseManifest(EncodeManifest(%#v)): %v\n%s", m, err, data)
			continue
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("round trip\n got %#v\nwant %#v\nfile:\n%s", got, m, data)
		}
	}
}

// FuzzParseManifest checks that ParseManifest never panics, locates its errors and that a
// parsed manifest survives EncodeManifest and ParseManifest unchanged.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(formatManifest))
	f.Add(EncodeManifest(sampleManifest()))
	f.Add([]byte("id: x\nsources:\n  - key: &k a\n    title: *k\n"))
	f.Add([]byte("id: x\ndeclared_points: 0x1C\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseManifest("plan.yaml", data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != "plan.yaml" || fe.Line < 1 {
				t.Fatalf("error %v is not a located *FileError", err)
			}
			return
		}
		encoded := EncodeManifest(m)
		got, err := ParseManifest("plan.yaml", encoded)
		if err != nil {
			t.Fatalf("re-parsing the encoded manifest: %v\n%s", err, encoded)
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("round trip changed the manifest\n got %#v\nwant %#v\nfile:\n%s", got, m, encoded)
		}
	})
}
