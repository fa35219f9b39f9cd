package diff_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/plandiff/plandiff/diff"
)

// BenchmarkCompareBGB aligns the Civil Code of 2013 with that of 2022 and word-diffs every
// changed pair: the work of plandiff compare between reading and writing.
func BenchmarkCompareBGB(b *testing.B) {
	old, new := loadBGB(b, "2013"), loadBGB(b, "2022")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := diff.Compare(old, new, diff.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareScaled compares the Civil Code concatenated with relabelled copies of
// itself, 1, 2 and 4 times: time per op should grow about in proportion.
func BenchmarkCompareScaled(b *testing.B) {
	old, new := loadBGB(b, "2013"), loadBGB(b, "2022")
	for _, times := range []int{1, 2, 4} {
		o, n := repeat(old, times), repeat(new, times)
		b.Run(fmt.Sprintf("%dx", times), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := diff.Compare(o, n, diff.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(o.Points)+len(n.Points)), "ns/point")
		})
	}
}

// repeat concatenates d with times-1 relabelled copies of itself.
func repeat(d diff.Document, times int) diff.Document {
	out := diff.Document{ID: d.ID}
	for k := range times {
		for _, p := range d.Points {
			if k > 0 {
				p.Label = fmt.Sprintf("%s (copy %d)", p.Label, k)
			}
			out.Points = append(out.Points, p)
		}
	}
	return out
}

// BenchmarkWords word-diffs two long texts that differ in a few places.
func BenchmarkWords(b *testing.B) {
	old := longText(6000)
	new := strings.NewReplacer("100 days", "as soon as possible", "600,000", "800,000", "Crimea", "The Crimea").Replace(old)
	b.SetBytes(int64(len(old) + len(new)))
	b.ReportAllocs()
	for b.Loop() {
		diff.Words(old, new)
	}
}
