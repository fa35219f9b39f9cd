package diff_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden prints chosen comparisons of the shared cases in full, words and figures
// included, and compares them with testdata/NAME.golden.
func TestGolden(t *testing.T) {
	for _, name := range []string{
		"edited, moved and removed",
		"split into three",
		"merge of two",
		"statuses",
		"cyrillic, cjk and section signs",
		"identical duplicate points",
	} {
		var tc *compareCase
		for k := range hardCases {
			if hardCases[k].name == name {
				tc = &hardCases[k]
			}
		}
		if tc == nil {
			t.Fatalf("no case %q", name)
		}
		t.Run(name, func(t *testing.T) {
			r, err := diff.Compare(tc.old, tc.new, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := render(r, tc.old, tc.new)
			file := filepath.Join("testdata", strings.NewReplacer(" ", "-", ",", "").Replace(name)+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run with -update to rewrite it):\n--- got\n%s--- want\n%s", file, got, want)
			}
		})
	}
}

// render prints a result compactly: one line per change, then its word diff with deletions
// in [-…-] and insertions in {+…+}, then its figures.
func render(r diff.Result, old, new diff.Document) string {
	var b strings.Builder
	lines := summary(r, old, new)
	for k, c := range r.Changes {
		fmt.Fprintf(&b, "%s sim=%.2f", lines[k], c.Similarity)
		for _, flag := range []struct {
			on   bool
			name string
		}{{c.Relabelled, "relabelled"}, {c.Reordered, "reordered"}, {c.TextChanged, "text-changed"}} {
			if flag.on {
				b.WriteString(" " + flag.name)
			}
		}
		b.WriteString("\n")
		if c.Words != nil {
			b.WriteString("\t")
			for _, e := range c.Words {
				text := strings.ReplaceAll(e.Text, "\n", "\n\t")
				switch e.Op {
				case diff.Delete:
					fmt.Fprintf(&b, "[-%s-]", text)
				case diff.Insert:
					fmt.Fprintf(&b, "{+%s+}", text)
				default:
					b.WriteString(text)
				}
			}
			b.WriteString("\n")
		}
		for _, f := range c.Figures {
			fmt.Fprintf(&b, "\tfigure %q → %q\n", f.Old, f.New)
		}
	}
	return b.String()
}
