// Package workbook writes a report package as an XLSX workbook with
// excelize: cover, summary with the press paragraphs, growth, comparison,
// five-year, series with native charts, data, provenance and notes,
// byte-identical for the same inputs. Every sheet prints on A4 landscape,
// one page wide, its header rows repeated on each page, with the title,
// any embargo stamp, the source and the page number in its header and
// footer; numbers are numbers with number formats, never text.
package workbook
