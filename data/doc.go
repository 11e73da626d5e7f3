// Package data is ceb's model of published customs figures: observations,
// periods, units, currencies, vintages, the View that selects vintages and
// derives unpublished periods, the consistency checks of validation, and
// Finding, the located problem that readers report. It uses the standard
// library only; the readers live in sub-packages:
//
//   - canonical: ceb's own long format (CSV, JSON, XLSX), its writer and the
//     embedded dataset of official figures;
//   - gacc: the tables the General Administration of Customs publishes;
//   - decl: record-level customs declarations, aggregated to series;
//   - load: the one entry point that sniffs an input and hands it to
//     exactly one of them.
//
// # Periods and vintages
//
// A Period is a span of months within one year: years, halves, quarters,
// months, year-to-date ranges and the January–February combined release.
// A View selects, for every figure, the latest vintage not after a date, and
// derives a period that was not published from complete finer periods (or
// total from export + import), never from incomplete ones.
//
// Values are held in base units (yuan, dollars) with the rounding step of
// the digits as published (see Number).
//
// Readers return errors of type *Finding, one line naming file, line and
// column: h1.csv:3:4: column value: "1,2x" is not a number. A Finding's
// remedy is a Hint, which the caller words in its own terms.
package data
