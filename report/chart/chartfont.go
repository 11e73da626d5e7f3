package chart

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"sync"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// cebSans is the font charts are drawn with: Latin, digits and punctuation
// from DejaVu Sans and the Chinese characters of GB2312 from Droid Sans
// Fallback (Apache-2.0), merged by font/build.sh. gonum/plot's own font
// silently drops CJK glyphs, so ceb carries one that has them.
//
//go:embed font/cebsans.ttf
var cebSans []byte

// FontName is the typeface name charts use.
const FontName = "ceb Sans"

var (
	fontMu    sync.Mutex
	fontCache = map[string]*opentype.Font{}
)

// parseFont parses TTF/OTF bytes once per key.
func parseFont(key string, b []byte) (*opentype.Font, error) {
	fontMu.Lock()
	defer fontMu.Unlock()
	if f, ok := fontCache[key]; ok {
		return f, nil
	}
	f, err := opentype.Parse(b)
	if err != nil {
		coll, cerr := opentype.ParseCollection(b)
		if cerr != nil || coll.NumFonts() == 0 {
			return nil, fmt.Errorf("not a TrueType or OpenType font: %v", err)
		}
		if f, err = coll.Font(0); err != nil {
			return nil, err
		}
	}
	fontCache[key] = f
	return f, nil
}

// fontKey names a user font in the cache by its content.
func fontKey(b []byte) string {
	sum := sha256.Sum256(b)
	return "user:" + hex.EncodeToString(sum[:8])
}

// MissingGlyphs returns the runes of s that the font (ceb's own when b is
// nil) has no glyph for; spaces and line breaks are ignored.
func MissingGlyphs(b []byte, s string) ([]rune, error) {
	key := "builtin"
	if b == nil {
		b = cebSans
	} else {
		key = fontKey(b)
	}
	f, err := parseFont(key, b)
	if err != nil {
		return nil, err
	}
	var buf sfnt.Buffer
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if r == ' ' || r == '\n' || seen[r] {
			continue
		}
		seen[r] = true
		if idx, err := f.GlyphIndex(&buf, r); err != nil || idx == 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// pathTextCanvas is an SVG canvas that draws text as glyph outlines, so an
// SVG chart shows its Chinese labels on a machine without CJK fonts, stays
// small (only the glyphs used, no embedded font file) and is byte-identical
// from run to run. The outlines of each text run are drawn in a group of
// their own, and runs records the run's words, so that Write can label the
// group with them (aria-label): the words stay findable as text.
type pathTextCanvas struct {
	*vgsvg.Canvas
	runs []string
}

// FillString draws str with the glyph outlines of f, starting at pt on the
// baseline. Advances match font.Face.Width, so gonum/plot's layout holds.
func (c *pathTextCanvas) FillString(f font.Face, pt vg.Point, str string) {
	c.runs = append(c.runs, str)
	c.Canvas.Push()
	c.Canvas.Scale(1, 1) // opens the group, svgMarker
	defer c.Canvas.Pop()
	var buf sfnt.Buffer
	upem := fixed.Int26_6(f.Face.UnitsPerEm())
	scale := float64(f.Font.Size) / float64(upem)
	x := 0.0
	for _, r := range str {
		idx, err := f.Face.GlyphIndex(&buf, r)
		if err != nil {
			continue
		}
		segs, err := f.Face.LoadGlyph(&buf, idx, upem, nil)
		if err == nil && len(segs) > 0 {
			var p vg.Path
			at := func(a fixed.Point26_6) vg.Point {
				return vg.Point{X: pt.X + vg.Length(x+float64(a.X)*scale), Y: pt.Y - vg.Length(float64(a.Y)*scale)}
			}
			for _, s := range segs {
				switch s.Op {
				case sfnt.SegmentOpMoveTo:
					if len(p) > 0 {
						p.Close()
					}
					p.Move(at(s.Args[0]))
				case sfnt.SegmentOpLineTo:
					p.Line(at(s.Args[0]))
				case sfnt.SegmentOpQuadTo:
					p.QuadTo(at(s.Args[0]), at(s.Args[1]))
				case sfnt.SegmentOpCubeTo:
					p.CubeTo(at(s.Args[0]), at(s.Args[1]), at(s.Args[2]))
				}
			}
			p.Close()
			c.Fill(p)
		}
		adv, err := f.Face.GlyphAdvance(&buf, idx, upem, 0)
		if err == nil {
			x += float64(adv) * scale
		}
	}
}
