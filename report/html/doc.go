// Package html writes a report package as one self-contained HTML release
// page: the embargo stamp, the press text, the headline, comparison,
// five-year and trend tables (and the ranked breakdowns the data has), the
// charts, notes, sources and a footer naming the publisher, the date the
// figures were published by and ceb's version.
//
// The page makes no request of its own: its CSS is inline, its charts are
// inline SVG, and it has no scripts, web fonts, images or links out of the
// page. Tables are semantic (a caption, th scope="col" and scope="row",
// numbers right-aligned and written as the terminal tables write them, by
// vocab.Lang.TableNumber), wrapped so that a table wider than a phone
// scrolls sideways instead of widening the page. Print CSS sets A4 pages
// without backgrounds and keeps a table on one page where it fits.
//
// Every word comes from package report/vocab. With both languages the page
// holds a complete section per language, Chinese first as the report's
// languages are ordered, each with its own lang attribute, so that a
// reader of either reads one language throughout and browsers pick fonts
// and voices per section; the html element's lang is the first language.
//
// Like the other renderers it imports none of them: the charts are drawn
// by the caller (package report/chart writes SVG) and handed in as Chart
// values. The same package and charts give the same bytes.
package html
