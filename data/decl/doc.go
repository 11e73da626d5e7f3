// Package decl is the record-level engine: it aggregates customs
// declarations (CSV per RFC 4180, optionally gzip or zstd, or Parquet) to monthly
// series per flow and class (cbec by supervision mode, and all trade),
// summed exactly in integer fen, on every core, with memory that grows with
// the number of groups and not of records.
package decl
