// Package xlsxin opens untrusted XLSX input with size limits.
package xlsxin

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// UnzipLimit caps how far an XLSX input may inflate: a zip bomb is
// refused long before it exhausts memory (excelize's own default is about
// 15 GiB), while any real statistical workbook stays far below it.
const UnzipLimit = 256 << 20

// OpenXLSX opens an untrusted workbook with the size limits.
func OpenXLSX(b []byte) (*excelize.File, error) {
	return excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: UnzipLimit, UnzipXMLSizeLimit: 16 << 20})
}
