// Package data is ceb's model of published customs figures: observations,
// periods, units, currencies and vintages, the loaders for canonical files,
// the consistency checks of `ceb data validate`, and the embedded default
// dataset of official figures.
//
// # The canonical format
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
// Values are held in base units (yuan, dollars) with the rounding step of
// the digits as published (see Number).
//
// # Periods and vintages
//
// A Period is a span of months within one year: years, halves, quarters,
// months, year-to-date ranges and the January–February combined release.
// A View selects, for every figure, the latest vintage not after a date, and
// derives a period that was not published from complete finer periods (or
// total from export + import), never from incomplete ones.
//
// Loaders return errors of type *Finding, one line naming file, line and
// column: h1.csv:3:4: column value: "1,2x" is not a number.
package data
