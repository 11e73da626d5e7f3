package chart

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cbec-stats/ceb/report/vocab"
)

// Text colours: ink for every word of a chart (title, tick labels, axis
// titles, legend, value labels), near-black so that it stays legible when
// printed; muted for the notes and n/a labels, dark grey still. Grid lines
// stay light.
var (
	ink   color.Color = color.RGBA{0x22, 0x22, 0x22, 0xFF}
	muted color.Color = color.RGBA{0x44, 0x44, 0x44, 0xFF}
)

// about is what a chart says besides its labels: the source line drawn
// under it and, for an SVG's description, what it charts in a few
// sentences. It travels with the plot as a plotter that draws nothing:
// when Write draws the plot, about hands itself to Write's canvas.
type about struct {
	lang vocab.Lang
	// computed says that the chart draws a figure ceb computed rather than
	// one GACC published: a growth rate of basis computed, a gap, a share,
	// a multiple, a level summed from finer periods.
	computed bool
	what     []string // the axis or unit, then one sentence per series
}

// newAbout adds an about in lang to p and returns it for the chart to fill
// in.
func newAbout(p *plot.Plot, lang vocab.Lang) *about {
	a := &about{lang: lang}
	p.Add(a)
	return a
}

// source is the line under the chart.
func (a *about) source() string { return a.lang.ChartSource(a.computed) }

// describe adds a series and its points to the description.
func (a *about) describe(name string, points []vocab.ChartPoint) {
	a.what = append(a.what, a.lang.ChartSeries(name, points))
}

// Plot implements plot.Plotter: it draws nothing and hands a to the canvas
// of Write, which draws the source line and describes the SVG.
// gonum/plot hands plotters a draw.Canvas wrapped in others (padX, padY),
// so the canvas is unwrapped to find Write's.
func (a *about) Plot(c draw.Canvas, _ *plot.Plot) {
	var cv vg.Canvas = c
	for {
		switch x := cv.(type) {
		case *aboutCanvas:
			x.about = a
			return
		case draw.Canvas:
			cv = x.Canvas
		default:
			return
		}
	}
}

// aboutCanvas is the canvas Write draws on: it receives the plot's about.
type aboutCanvas struct {
	vg.CanvasSizer
	about *about
}

// svgMarker opens the group pathTextCanvas draws a text run's glyphs in
// (an identity transform, which gonum/plot never writes itself); Write
// replaces it with the group's label.
const svgMarker = `<g transform="scale(1,1)">`

// accessible makes an SVG chart readable by machines: the root element
// gets role="img" and aria-labelledby, and as its first children a <title>
// and a <desc>; the group of each text run's glyph outlines (in the order
// they were drawn, runs) gets an aria-label with its words. The ids of
// title and description derive from their text, so that several charts can
// share a page and reruns stay byte-identical.
func accessible(svg []byte, title, desc string, runs []string) ([]byte, error) {
	parts := bytes.Split(svg, []byte(svgMarker))
	if len(parts)-1 != len(runs) {
		return nil, fmt.Errorf("svg has %d text groups for %d text runs", len(parts)-1, len(runs))
	}
	var b bytes.Buffer
	b.Grow(len(svg) + 64*len(runs))
	b.Write(parts[0])
	for i, r := range runs {
		b.WriteString(`<g aria-label="`)
		b.WriteString(escape(r))
		b.WriteString(`">`)
		b.Write(parts[i+1])
	}
	out := b.Bytes()
	i := bytes.Index(out, []byte("<svg"))
	if i < 0 {
		return nil, fmt.Errorf("svg has no root element")
	}
	j := bytes.IndexByte(out[i:], '>')
	if j < 0 {
		return nil, fmt.Errorf("svg root element is not closed")
	}
	end := i + j
	sum := sha256.Sum256([]byte(title + "\x00" + desc))
	id := "ceb-chart-" + hex.EncodeToString(sum[:4])
	labelledBy := id + "-title"
	if desc != "" {
		labelledBy += " " + id + "-desc"
	}
	head := fmt.Sprintf("\n<title id=\"%s-title\">%s</title>\n", id, escape(title))
	if desc != "" {
		head += fmt.Sprintf("<desc id=\"%s-desc\">%s</desc>", id, escape(desc))
	}
	var res bytes.Buffer
	res.Grow(len(out) + len(head) + 64)
	res.Write(out[:end])
	fmt.Fprintf(&res, ` role="img" aria-labelledby="%s"`, labelledBy)
	res.WriteByte('>')
	res.WriteString(head)
	res.Write(out[end+1:])
	return res.Bytes(), nil
}

func escape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
