// Package gacc reads the tables the General Administration of Customs of
// China publishes, as users save them: an HTML page, a CSV or XLSX export.
// Every source is first turned into one Grid (the lines around the table
// and its rows of cells); each table kind then reads the grid.
//
// The layouts, their units, missing-value marks and footnotes are described
// in docs/design.md (Published customs tables).
package gacc
