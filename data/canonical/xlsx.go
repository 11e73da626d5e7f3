package canonical

import (
	"errors"
	"strings"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/internal/xlsxin"
	"github.com/xuri/excelize/v2"
)

// ReadXLSX reads the first sheet (or opt.Sheet) of a workbook whose first row
// is the canonical header. Cell values are read raw, so numbers keep the
// digits Excel stored; a formula cell with no cached value is an error rather
// than an empty figure.
func ReadXLSX(ds *data.Dataset, f *data.Findings, name string, b []byte, opt Options) error {
	from := len(ds.Obs)
	defer func() { data.RefineSteps(ds.Obs[from:]) }()
	wb, err := xlsxin.OpenXLSX(b)
	if err != nil {
		if errors.Is(err, xlsxin.ErrTooLarge) || strings.Contains(err.Error(), "unzip size exceeds") {
			return data.Fail(name, 0, "the workbook inflates beyond %d MiB; refusing it as a possible zip bomb", xlsxin.UnzipLimit>>20)
		}
		return data.Fail(name, 0, "not a readable XLSX workbook (%v); re-save it from Excel or LibreOffice", err)
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	sheet := opt.Sheet
	if sheet == "" {
		if len(sheets) == 0 {
			return data.Fail(name, 0, "the workbook has no sheets")
		}
		sheet = sheets[0]
	} else if idx, _ := wb.GetSheetIndex(sheet); idx < 0 {
		return data.Fail(name, 0, "no sheet %q; the workbook has %s", sheet, strings.Join(sheets, ", "))
	}
	rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return data.Fail(name, 0, "sheet %q: %v", sheet, err)
	}
	if len(rows) == 0 {
		f.Add(data.SevError, name, 0, 0, nil, "sheet %q is empty; expected a header row series,flow,period,value,…", sheet)
		return nil
	}
	cols := map[string]int{}
	for i, h := range rows[0] {
		c := canonicalColumn(h)
		if c == "" {
			continue
		}
		if j, dup := cols[c]; dup {
			f.Add(data.SevError, name, 1, i+1, nil, "column %q appears twice (also column %d); keep one", c, j+1)
			return nil
		}
		cols[c] = i
	}
	if missingColumns(f, name, cols) {
		return nil
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
		formula := false
		for c, i := range cols {
			v := ""
			if i < len(rec) {
				v = rec[i]
			}
			if strings.TrimSpace(v) == "" {
				ref, _ := excelize.CoordinatesToCellName(i+1, line)
				if fm, _ := wb.GetCellFormula(sheet, ref); fm != "" {
					f.Add(data.SevError, name, line, i+1, nil, "cell %s holds the formula =%s with no cached value; open and save the workbook in Excel or LibreOffice, or export it to CSV", ref, fm)
					formula = true
				}
			}
			row[c] = cell{text: v, line: line, col: i + 1}
		}
		if formula {
			continue
		}
		if o, ok := parseRow(f, name, line, row, opt); ok {
			ds.Obs = append(ds.Obs, o)
		}
	}
	if n == 0 {
		f.Add(data.SevError, name, 1, 0, nil, "header only, no data rows")
	}
	return nil
}
