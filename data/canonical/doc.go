// Package canonical reads and writes ceb's own format and holds the
// embedded dataset of official figures.
//
// A canonical file is a long table, one published figure a row, as CSV
// (UTF-8 with or without BOM, or GB18030/GBK, detected), JSON (an array of
// objects with the same keys) or XLSX (first sheet). Columns may come in any
// order and unknown columns are ignored:
//
//	series,flow,period,value,unit,currency,vintage,reported_yoy,source,note
//	cbec,total,2024H1,"12,200",100m,CNY,2024-07-30,10.5,SCIO,preliminary
//
// series, flow, period and value are required; value may be empty when
// reported_yoy (the published growth rate, percent) is given. Units are
// codes (1, 1k, 10k, 1m, 100m, 1b, 1t) or Chinese names (万元, 亿元, 万亿元,
// 千美元, 百万美元, 亿美元); the currency is CNY (RMB) or USD, never converted.
//
// The embedded dataset, builtin.csv, is generated from reference/figures.csv
// in this package by `go generate` (internal/genbuiltin).
package canonical
