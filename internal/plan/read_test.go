package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// addVersion writes a version with the given points into fsys, as an import would.
func addVersion(fsys fstest.MapFS, m Manifest, points []Point) {
	dir := "plans/" + m.ID + "/"
	fsys[dir+ManifestName] = &fstest.MapFile{Data: EncodeManifest(m)}
	for i, p := range points {
		fsys[dir+PointFileName(i, len(points), p.Label)] = &fstest.MapFile{Data: EncodePoint(p)}
	}
}

// testSource is a source with a URL and a date, as every point must cite one.
var testSource = Source{Key: "src", Outlet: "Outlet", Title: "Article", Date: "2025-11-20", URL: "https://example.com/a"}

// testRepo is a small repository of two versions, the second derived from the first.
func testRepo() fstest.MapFS {
	fsys := fstest.MapFS{
		"plans/format.go":          {Data: []byte("package plans\n")},
		"plans/_drafts/notes.md":   {Data: []byte("scratch\n")},
		"plans/.hidden/plan.yaml":  {Data: []byte("id: hidden\n")},
		"plans/testdata/plan.yaml": {Data: []byte("id: testdata\n")},
	}
	addVersion(fsys, Manifest{ID: "us-28", Title: "US plan", Date: "2025-11-20", Status: "leaked-draft",
		Completeness: "full", Sources: []Source{testSource}}, []Point{
		{Label: "1", Text: "One.", Sources: []SourceRef{{Key: "src"}}},
		{Label: "2", Title: "Two", Text: "Two.", Sources: []SourceRef{{Key: "src", Locator: "point 2"}}},
		{Label: "12b", Text: "Twelve b.", Sources: []SourceRef{{Key: "src"}}},
	})
	addVersion(fsys, Manifest{ID: "eu-24", Title: "EU counter-proposal", Date: "2025-11-23", Status: "reported",
		Completeness: "partial", DerivedFrom: []string{"us-28"}, Sources: []Source{testSource}}, []Point{
		{Label: "1", Text: "One, amended.", Sources: []SourceRef{{Key: "src"}},
			Lineage: []Lineage{{Version: "us-28", Label: "1", Relation: RelationAmended}}},
	})
	fsys["plans/us-28/README.txt"] = &fstest.MapFile{Data: []byte("not a point\n")}
	fsys["plans/us-28/.01.md.swp"] = &fstest.MapFile{Data: []byte("editor junk\n")}
	fsys["plans/us-28/.draft.md"] = &fstest.MapFile{Data: []byte("editor junk\n")}
	return fsys
}

func TestReadVersion(t *testing.T) {
	v, err := ReadVersion(testRepo(), "us-28")
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != "us-28" || v.Title != "US plan" || v.Dir != "plans/us-28" {
		t.Errorf("version = %q %q %q", v.ID, v.Title, v.Dir)
	}
	want := []Point{
		{File: "plans/us-28/01.md", Label: "1", Sources: []SourceRef{{Key: "src"}}, Text: "One.", BodyLine: 6},
		{File: "plans/us-28/02.md", Label: "2", Title: "Two", Sources: []SourceRef{{Key: "src", Locator: "point 2"}}, Text: "Two.", BodyLine: 8},
		{File: "plans/us-28/03-12b.md", Label: "12b", Sources: []SourceRef{{Key: "src"}}, Text: "Twelve b.", BodyLine: 6},
	}
	if !reflect.DeepEqual(v.Points, want) {
		t.Errorf("points:\n got %#v\nwant %#v", v.Points, want)
	}
}

func TestReadVersionErrors(t *testing.T) {
	many := testRepo()
	for i := range 13 {
		addVersion(many, Manifest{ID: fmt.Sprintf("v%02d", i)}, nil)
	}
	mismatch := testRepo()
	mismatch["plans/us-28/plan.yaml"] = &fstest.MapFile{Data: []byte("title: US plan\nid: us-29\n")}
	broken := testRepo()
	broken["plans/us-28/02.md"] = &fstest.MapFile{Data: []byte("---\nlabel: \"2\"\nlabl: x\n---\n")}
	dup := testRepo()
	dup["plans/us-28/04.md"] = &fstest.MapFile{Data: []byte("---\ntitle: x\nlabel: \"2\"\n---\nagain\n")}
	nolabel := testRepo()
	nolabel["plans/us-28/04.md"] = &fstest.MapFile{Data: []byte("---\ntitle: x\n---\ntext\n")}
	nomanifest := testRepo()
	nomanifest["plans/ua-20/01.md"] = &fstest.MapFile{Data: []byte("---\nlabel: \"1\"\n---\n")}
	tests := []struct {
		name string
		fsys fs.FS
		id   string
		want string
	}{
		{"unknown", testRepo(), "ua-20", `unknown version "ua-20" (available: eu-24, us-28)`},
		{"unknown among many", many, "ua-20", `unknown version "ua-20" (15 versions available)`},
		{"unknown in empty", fstest.MapFS{"plans/x.go": {}}, "ua-20", `unknown version "ua-20": the repository has no versions`},
		{"directory without manifest", nomanifest, "ua-20", `plans/ua-20: no plan.yaml, so not a version directory`},
		{"invalid id", testRepo(), "../us-28", `invalid version id "../us-28": ids are lowercase slugs like us-28`},
		{"reserved id", testRepo(), "testdata", `invalid version id "testdata": the name is reserved`},
		{"no plans", fstest.MapFS{"README.md": {}}, "us-28", `no plans directory: not a plandiff repository? open plans: file does not exist`},
		{"plans is a file", fstest.MapFS{"plans": {Data: []byte("x")}}, "us-28", `plans is a file, not a directory of versions`},
		{"id mismatch", mismatch, "us-28", `plans/us-28/plan.yaml:2: manifest id "us-29" does not match the directory name "us-28"`},
		{"broken point", broken, "us-28", `plans/us-28/02.md:3: unknown key "labl" (known keys: label, title, topics, fidelity, status, sources, lineage, note, section)`},
		{"duplicate label", dup, "us-28", `plans/us-28/04.md:3: duplicate label "2" (also in plans/us-28/02.md)`},
		{"missing label", nolabel, "us-28", `plans/us-28/04.md:1: missing label`},
	}
	for _, tt := range tests {
		_, err := ReadVersion(tt.fsys, tt.id)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: ReadVersion error\n got %v\nwant %s", tt.name, err, tt.want)
		}
	}
	if _, err := ReadVersion(fstest.MapFS{}, "us-28"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing plans: error %v does not wrap fs.ErrNotExist", err)
	}
}

func TestVersionIDs(t *testing.T) {
	fsys := testRepo()
	fsys["plans/Bad/plan.yaml"] = &fstest.MapFile{Data: []byte("id: Bad\n")}
	fsys["plans/empty-dir/01.md"] = &fstest.MapFile{Data: []byte("---\n---\n")}
	fsys["plans/a-1/plan.yaml"] = &fstest.MapFile{Data: []byte("id: a-1\n")}
	got, err := VersionIDs(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"a-1", "eu-24", "us-28"}; !reflect.DeepEqual(got, want) {
		t.Errorf("VersionIDs = %q, want %q", got, want)
	}
	if _, err := VersionIDs(fstest.MapFS{"plans": {Data: []byte("x")}}); err == nil || !strings.Contains(err.Error(), "plans is a file") {
		t.Errorf("VersionIDs with a plans file: %v", err)
	}
	if got, err := VersionIDs(fstest.MapFS{"plans/x.go": {}}); err != nil || got != nil {
		t.Errorf("VersionIDs without versions = %q, %v", got, err)
	}
}

// importCorpus imports a statute into fsys as version id, as an import by headings would.
func importCorpus(tb testing.TB, fsys fstest.MapFS, file, id, date string) int {
	tb.Helper()
	split, err := Split(file, readCorpus(tb, file), SplitHeadings)
	if err != nil {
		tb.Fatal(err)
	}
	points := make([]Point, len(split))
	for i, sp := range split {
		points[i] = pointFromSplit(sp)
	}
	addVersion(fsys, Manifest{ID: id, Title: "Bürgerliches Gesetzbuch", Date: date,
		Status: "official-text", Completeness: "full", Sources: []Source{{Key: "gesetze-im-internet",
			Outlet: "bundestag/gesetze", Title: "BGB", Date: date, URL: "https://github.com/bundestag/gesetze"}}}, points)
	return len(points)
}

// bgbRepo imports the 2013 Civil Code into an in-memory repository as version bgb-2013.
func bgbRepo(tb testing.TB) (fstest.MapFS, int) {
	tb.Helper()
	fsys := fstest.MapFS{}
	n := importCorpus(tb, fsys, bgb2013, "bgb-2013", "2013-01-11")
	return fsys, n
}

// TestReadVersionCorpus reads back a whole imported Civil Code.
func TestReadVersionCorpus(t *testing.T) {
	fsys, n := bgbRepo(t)
	v, err := ReadVersion(fsys, "bgb-2013")
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Points) != n {
		t.Fatalf("%d points, want %d", len(v.Points), n)
	}
	p, ok := v.Point("§ 312a")
	if !ok || p.Title != "Verhältnis zu anderen Vorschriften" || p.File != "plans/bgb-2013/0315-312a.md" ||
		!strings.HasPrefix(p.Text, "Steht dem Verbraucher zugleich") {
		t.Errorf("§ 312a = %#v", p)
	}
}

// BenchmarkReadVersion reads a BGB-sized version (about 2,400 point files) from memory.
func BenchmarkReadVersion(b *testing.B) {
	fsys, _ := bgbRepo(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ReadVersion(fsys, "bgb-2013"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadVersionDisk reads two Civil Code versions (about 4,950 point files) from disk,
// as a compare of bgb-2013 with bgb-2018 does.
func BenchmarkReadVersionDisk(b *testing.B) {
	mem := fstest.MapFS{}
	importCorpus(b, mem, bgb2013, "bgb-2013", "2013-01-11")
	importCorpus(b, mem, bgb2018, "bgb-2018", "2018-11-08")
	dir := b.TempDir()
	for name, f := range mem {
		file := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(file, f.Data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	b.ResetTimer()
	for b.Loop() {
		for _, id := range []string{"bgb-2013", "bgb-2018"} {
			if _, err := ReadVersion(fsys, id); err != nil {
				b.Fatal(err)
			}
		}
	}
}
