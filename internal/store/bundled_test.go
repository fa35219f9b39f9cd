package store

import "testing"

// TestBundledDatasetValidates holds the dataset to the rules of 'plandiff validate',
// among them that every point cites a source with both a URL and a date.
func TestBundledDatasetValidates(t *testing.T) {
	findings, err := Bundled().Validate()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("%s", f)
	}
}

// TestBundledPointsCiteDatedURLs checks the citation rule directly, point by point, so the
// dataset keeps it even if the validator's rules change.
func TestBundledPointsCiteDatedURLs(t *testing.T) {
	b := Bundled()
	ids, err := b.VersionIDs("")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		v, err := b.Version(id, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range v.Points {
			ok := false
			for _, ref := range p.Sources {
				if s, found := v.Source(ref.Key); found && s.URL != "" && s.Date != "" && s.Outlet != "" {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s: cites no source with outlet, URL and date", p.File)
			}
		}
	}
}
