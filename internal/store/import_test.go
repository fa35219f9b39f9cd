package store

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/plandiff/plandiff/internal/plan"
)

// bgbCorpus reads a BGB text from the shared corpora, skipping the test when absent.
func bgbCorpus(tb testing.TB, year string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpora", "bgb", "bgb-"+year+".md"))
	if err != nil {
		tb.Skipf("the BGB corpus is not available: %v", err)
	}
	return data
}

func bgbRequest(data []byte, year string) ImportRequest {
	return ImportRequest{
		ID: "bgb", Title: "Bürgerliches Gesetzbuch", Date: year + "-01-01", Parties: []string{"Bundestag"},
		SourceURL: "https://www.gesetze-im-internet.de/bgb/", Mode: plan.SplitHeadings,
		Name: "bgb-" + year + ".md", Data: data, Author: testAuthor,
	}
}

// TestImportBGB imports three versions of the German Civil Code (about 2,400 points
// each) and reads them back, their history and the history of one section.
func TestImportBGB(t *testing.T) {
	r, err := Init(filepath.Join(t.TempDir(), "repo"))
	if err != nil {
		t.Fatal(err)
	}
	r.Now = func() time.Time { return testClock }
	counts := map[string]int{}
	for _, year := range []string{"2013", "2018", "2022"} {
		data := bgbCorpus(t, year)
		split, err := plan.Split("bgb-"+year+".md", data, plan.SplitHeadings)
		if err != nil {
			t.Fatal(err)
		}
		res, err := r.Import(bgbRequest(data, year))
		if err != nil {
			t.Fatal(err)
		}
		if res.Points != len(split) {
			t.Errorf("%s: imported %d points; plan.Split found %d", year, res.Points, len(split))
		}
		counts[year] = res.Points
	}
	for rev, year := range map[string]string{"HEAD~2": "2013", "HEAD~1": "2018", "": "2022"} {
		v, err := r.Version("bgb", rev)
		if err != nil {
			t.Fatalf("Version(bgb, %q): %v", rev, err)
		}
		if len(v.Points) != counts[year] || v.Date != year+"-01-01" {
			t.Errorf("Version(bgb, %q): %d points dated %s; want %d dated %s-01-01", rev, len(v.Points), v.Date, counts[year], year)
		}
	}
	log, err := r.Log("bgb", "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Summary)
	}
	want := []string{"3 changed, manifest changed", "133 added, 18 removed, 332 changed, 2049 moved, manifest changed", "+2419 points"}
	if !slices.Equal(got, want) {
		t.Errorf("Log(bgb) summaries %q; want %q", got, want)
	}
	log, err = r.Log("bgb", "§ 312a")
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, e := range log {
		got = append(got, e.Summary)
	}
	// § 312a was rewritten in the 2014 consumer-rights reform and moved down by three.
	want = []string{"text, title, section changed; moved 315 → 318", "added"}
	if !slices.Equal(got, want) {
		t.Errorf("Log(bgb, § 312a) summaries %q; want %q", got, want)
	}
}

// BenchmarkImportBGB measures importing the 2013 BGB (about 2,400 points, 1.3 MB) into
// a new repository on disk.
func BenchmarkImportBGB(b *testing.B) {
	data := bgbCorpus(b, "2013")
	req := bgbRequest(data, "2013")
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r, err := Init(filepath.Join(b.TempDir(), "repo"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := r.Import(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReimportBGB measures updating the 2013 BGB to the 2018 one.
func BenchmarkReimportBGB(b *testing.B) {
	req2013, req2018 := bgbRequest(bgbCorpus(b, "2013"), "2013"), bgbRequest(bgbCorpus(b, "2018"), "2018")
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r, err := Init(filepath.Join(b.TempDir(), "repo"))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := r.Import(req2013); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := r.Import(req2018); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLogBGB measures the history of the BGB and of one of its sections over
// six imports (2013, 2018, 2022, then the same again).
func BenchmarkLogBGB(b *testing.B) {
	r, err := Init(filepath.Join(b.TempDir(), "repo"))
	if err != nil {
		b.Fatal(err)
	}
	for range 2 {
		for _, year := range []string{"2013", "2018", "2022"} {
			if _, err := r.Import(bgbRequest(bgbCorpus(b, year), year)); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, tc := range []struct{ name, label string }{{"version", ""}, {"point", "§ 312a"}} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				log, err := r.Log("bgb", tc.label)
				if err != nil || len(log) == 0 {
					b.Fatal(len(log), err)
				}
			}
		})
	}
}

// TestImportTitleDefault names a new version imported without a title after the
// document's own title heading, else after its id; an existing title is kept.
func TestImportTitleDefault(t *testing.T) {
	tests := []struct {
		name, id, data, want string
	}{
		{"title heading", "treaty", "# Treaty of Example\n\n1. One.\n2. Two.\n", "Treaty of Example"},
		{"no heading", "draft", "1. One.\n2. Two.\n", "draft"},
		{"two level-1 headings", "two", "# A\n\n1. One.\n\n# B\n\n2. Two.\n", "two"},
		{"labelled heading is no title", "act", "# § 1 Scope\n\nText.\n", "act"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := InitMemory()
			if err != nil {
				t.Fatal(err)
			}
			r.Now = func() time.Time { return testClock }
			mode := plan.SplitNumbered
			if strings.Contains(tt.data, "§") {
				mode = plan.SplitHeadings
			}
			req := ImportRequest{ID: tt.id, Mode: mode, Name: "doc.md", Data: []byte(tt.data), Author: testAuthor}
			if _, err := r.Import(req); err != nil {
				t.Fatal(err)
			}
			v, err := r.Version(tt.id, "")
			if err != nil {
				t.Fatal(err)
			}
			if v.Title != tt.want {
				t.Errorf("title = %q; want %q", v.Title, tt.want)
			}
			req.Data = append(req.Data, "\nMore text.\n"...)
			if _, err := r.Import(req); err != nil {
				t.Fatal(err)
			}
			if v, err = r.Version(tt.id, ""); err != nil || v.Title != tt.want {
				t.Errorf("after re-import: title = %q, %v; want %q kept", v.Title, err, tt.want)
			}
		})
	}
}
