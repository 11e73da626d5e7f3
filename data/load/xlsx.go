package load

import (
	"errors"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/internal/xlsxin"
)

// readXLSX reads the first sheet (or opt.Sheet) of a workbook in the
// canonical format: the workbook is opened here, with the size limits of
// internal/xlsxin, and its rows are read by package canonical.
func readXLSX(ds *data.Dataset, f *data.Findings, name string, b []byte, opt canonical.Options) error {
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
	canonical.ReadSheet(ds, f, name, sheet, rows, func(ref string) string {
		fm, _ := wb.GetCellFormula(sheet, ref)
		return fm
	}, opt)
	return nil
}
