package canonical

import (
	"strconv"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// ReadSheet reads the rows of a spreadsheet whose first row is the
// canonical header (an XLSX sheet, read by data/load). Cell values are the
// raw ones, so numbers keep the digits the spreadsheet stored. formula
// returns the formula of an empty cell (such as "B3"), if it holds one: a
// formula with no cached value is an error rather than an empty figure.
// The package itself links no spreadsheet library.
func ReadSheet(ds *data.Dataset, f *data.Findings, name, sheet string, rows [][]string, formula func(ref string) string, opt Options) {
	from := len(ds.Obs)
	defer func() { data.RefineSteps(ds.Obs[from:]) }()
	if len(rows) == 0 {
		f.Add(data.SevError, name, 0, 0, nil, "sheet %q is empty; expected a header row series,flow,period,value,…", sheet)
		return
	}
	cols, ok := headerColumns(f, name, rows[0])
	if !ok {
		return
	}
	n := 0
	for r := 1; r < len(rows); r++ {
		rec := rows[r]
		blank := true
		for _, v := range rec {
			if strings.TrimSpace(v) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue
		}
		n++
		line := r + 1
		row := map[string]cell{}
		hasFormula := false
		for c, i := range cols {
			v := ""
			if i < len(rec) {
				v = rec[i]
			}
			if strings.TrimSpace(v) == "" {
				ref := cellRef(i+1, line)
				if fm := formula(ref); fm != "" {
					f.Add(data.SevError, name, line, i+1, nil, "cell %s holds the formula =%s with no cached value; open and save the workbook in Excel or LibreOffice, or export it to CSV", ref, fm)
					hasFormula = true
				}
			}
			row[c] = cell{text: v, line: line, col: i + 1}
		}
		if hasFormula {
			continue
		}
		if o, ok := parseRow(f, name, line, row, opt); ok {
			ds.Obs = append(ds.Obs, o)
		}
	}
	if n == 0 {
		f.Add(data.SevError, name, 1, 0, nil, "header only, no data rows")
	}
}

// cellRef is a spreadsheet cell's name: column 1, row 3 is A3.
func cellRef(col, row int) string {
	var letters []byte
	for col > 0 {
		col--
		letters = append([]byte{byte('A' + col%26)}, letters...)
		col /= 26
	}
	return string(letters) + strconv.Itoa(row)
}
