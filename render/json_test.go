package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
)

func TestJSON(t *testing.T) {
	c := fixtureComparison()
	c.Result.Changes[1].Similarity = 0.93349
	var b bytes.Buffer
	if err := JSON(&b, c, Options{OnlyChanged: true}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasSuffix(out, "}\n") || !strings.HasPrefix(out, "{\n  \"schema\": 1,\n  \"from\": {\n    \"id\": \"us-28\",") {
		t.Errorf("layout: %.80q…", out)
	}
	if strings.Contains(out, "null") {
		t.Error("output contains null")
	}
	var doc struct {
		Schema  int            `json:"schema"`
		Summary map[string]int `json:"summary"`
		Options struct {
			Threshold   float64 `json:"threshold"`
			OnlyChanged bool    `json:"only_changed"`
		} `json:"options"`
		From struct {
			Points   int `json:"points"`
			Declared int `json:"declared_points"`
		} `json:"from"`
		Changes []struct {
			Kind       string   `json:"kind"`
			From       []string `json:"from"`
			To         []string `json:"to"`
			Similarity float64  `json:"similarity"`
			Words      []struct{ Op, Text string }
			Sources    struct {
				From []struct{ Key, Outlet, URL, Locator, Note string }
				To   []struct{ Key string }
			}
		} `json:"changes"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != 1 || doc.Options.Threshold != 0.5 || !doc.Options.OnlyChanged {
		t.Errorf("schema %d, options %+v", doc.Schema, doc.Options)
	}
	if len(doc.Summary) != len(kinds) || doc.Summary["unchanged"] != 1 || doc.Summary["modified"] != 2 {
		t.Errorf("summary %v", doc.Summary)
	}
	if doc.From.Points != 11 || doc.From.Declared != 28 {
		t.Errorf("from points %d of %d", doc.From.Points, doc.From.Declared)
	}
	if len(doc.Changes) != len(c.Result.Changes)-1 {
		t.Fatalf("%d changes, want all but the unchanged one", len(doc.Changes))
	}
	first := doc.Changes[0]
	if first.Kind != "modified" || first.Similarity != 0.933 || first.From[0] != "2" || first.Words[1].Op != "delete" {
		t.Errorf("first change %+v", first)
	}
	merged := doc.Changes[1]
	if strings.Join(merged.From, ",") != "3,14" || strings.Join(merged.To, ",") != "3" {
		t.Errorf("merged change labels %v → %v", merged.From, merged.To)
	}
	six := doc.Changes[2].Sources.From
	if len(six) != 2 || six[0].Key != "axios-1120" || six[0].Locator != "point 6" || six[0].Note != "original full text" || six[1].Outlet != "RBC" {
		t.Errorf("citations of 6: %+v", six)
	}
	if added := doc.Changes[7]; added.Kind != "added" || len(added.From) != 0 || added.From == nil {
		t.Errorf("added change %+v", added)
	}
}

func TestJSONFloat(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{{0, "0"}, {1, "1"}, {0.5, "0.5"}, {0.12345, "0.123"}, {0.9996, "1"}, {-0.0001, "0"}, {2.0 / 3, "0.667"}}
	for _, tt := range tests {
		got, _ := jsonFloat(tt.in).MarshalJSON()
		if string(got) != tt.want {
			t.Errorf("jsonFloat(%v) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestRenderRejectsBadResult(t *testing.T) {
	c := fixtureComparison()
	c.Result.Changes = append(c.Result.Changes, diff.Change{Kind: diff.Added, To: []int{len(c.To.Version.Points)}})
	var b bytes.Buffer
	for name, err := range map[string]error{
		"json":     JSON(&b, c, Options{}),
		"markdown": Markdown(&b, c, Options{}),
		"terminal": Terminal(&b, c, TermOptions{}),
		"html":     HTML(&b, c, Options{}),
	} {
		if err == nil {
			t.Errorf("%s accepted an index out of range", name)
		}
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes for a bad comparison", b.Len())
	}
	if err := JSON(&b, &Comparison{}, Options{}); err == nil {
		t.Error("json accepted a comparison without versions")
	}
}
