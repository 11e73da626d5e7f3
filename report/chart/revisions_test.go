package chart

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/cbec-stats/ceb/report/vocab"
)

// The revisions chart pairs each period's first release with its latest,
// labelled with their levels, and labels the growth revision in points
// above the pair (the embedded data, as ceb stats revisions prints it:
// CBEC 2020 1.69 → 1.62 trillion, +31.1% → +25.7%, −5.4 pp; H1 2024
// 1.22 → 1.25 trillion, +10.5% → +13.0%, +2.5 pp).
func TestRevisionsChart(t *testing.T) {
	tests := []struct {
		lang  vocab.Lang
		title string
		want  []string
	}{
		{vocab.En, "Cross-border e-commerce, imports and exports: first release and latest",
			[]string{"2020", "H1 2024", "1.69", "1.62", "1.22", "1.25", "−5.4 pp", "+2.5 pp", "First release", "Latest", "CNY trillion"}},
		{vocab.Zh, "跨境电商进出口首次公布与最新数据",
			[]string{"2020年", "2024年上半年", "1.69", "1.62", "1.22", "1.25", "−5.4个百分点", "+2.5个百分点", "首次公布", "最新公布", "万亿元"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang.String(), func(t *testing.T) {
			rows := revisionRows(t, testkit.BuiltinView(t, "2026-11-23"))
			p, err := Revisions(rows, Options{Lang: tt.lang, Format: "svg"})
			if err != nil {
				t.Fatal(err)
			}
			doc := svgOf(t, p)
			if doc.title != tt.title {
				t.Errorf("title %q, want %q", doc.title, tt.title)
			}
			labels := doc.labels()
			for _, w := range tt.want {
				if !labels[w] {
					t.Errorf("no label %q", w)
				}
			}
			for _, w := range []string{"−5.4", "+2.5"} {
				if !strings.Contains(doc.desc, w) {
					t.Errorf("<desc> %q lacks the growth revision %s", doc.desc, w)
				}
			}
			var b bytes.Buffer
			if err := Write(&b, p, Options{Format: "png", Width: 800, Height: 450, DPI: 100}); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(&b)
			if err != nil {
				t.Fatalf("the PNG does not decode: %v", err)
			}
			if r := img.Bounds(); r.Dx() != 800 || r.Dy() != 450 {
				t.Errorf("PNG size %v, want 800×450", r)
			}
		})
	}
	if _, err := Revisions(nil, Options{}); err == nil {
		t.Error("no revisions were charted")
	}
}
