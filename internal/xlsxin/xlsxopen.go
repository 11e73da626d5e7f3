// Package xlsxin opens untrusted XLSX input with size limits, after checking
// that the archive is whole: every entry's bytes match their CRC-32 and
// their declared size.
package xlsxin

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// UnzipLimit caps how far an XLSX input may inflate: a zip bomb is
// refused long before it exhausts memory (excelize's own default is about
// 15 GiB), while any real statistical workbook stays far below it.
const UnzipLimit = 256 << 20

// xmlLimit caps one XML part as excelize reads it in memory.
const xmlLimit = 16 << 20

// ErrTooLarge is the cause of OpenXLSX's error for a workbook whose entries
// declare more than UnzipLimit bytes in all.
var ErrTooLarge = errors.New("the workbook inflates beyond the size limit")

// ErrDamaged is the cause of OpenXLSX's error for an archive entry whose
// bytes do not match their checksum or declared size, or a name given to
// two entries.
var ErrDamaged = errors.New("damaged archive")

// OpenXLSX opens an untrusted workbook with the size limits. The archive is
// verified first (Verify): excelize itself ignores a wrong CRC-32, so a
// flipped byte would be read as another digit, and it trusts an entry's
// declared size, so a part declaring fewer bytes than it holds is read cut
// short.
func OpenXLSX(b []byte) (*excelize.File, error) {
	if err := Verify(b); err != nil {
		return nil, err
	}
	return excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: UnzipLimit, UnzipXMLSizeLimit: xmlLimit})
}

// Verify checks that b is a whole zip archive: the sizes its entries
// declare add up to at most UnzipLimit, no two entries have one name, and
// every entry inflates to exactly its declared size with a matching CRC-32
// (archive/zip checks both while an entry is read to its end). Entries are
// inflated into io.Discard, so memory stays small; the work is bounded by
// UnzipLimit.
func Verify(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	var total uint64
	names := map[string]bool{}
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > UnzipLimit || total > UnzipLimit {
			return fmt.Errorf("%w (%d MiB)", ErrTooLarge, UnzipLimit>>20)
		}
		if names[f.Name] {
			return fmt.Errorf("%w: two entries named %q", ErrDamaged, f.Name)
		}
		names[f.Name] = true
	}
	for _, f := range zr.File {
		if err := verifyEntry(f); err != nil {
			return fmt.Errorf("%w: entry %q: %v", ErrDamaged, f.Name, err)
		}
	}
	return nil
}

// verifyEntry reads f to its end. archive/zip fails the read with
// zip.ErrChecksum when the CRC-32 differs, zip.ErrFormat when the entry
// holds more bytes than it declares, and io.ErrUnexpectedEOF when fewer.
func verifyEntry(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, int64(f.UncompressedSize64)+1))
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return errors.New("its bytes do not match their CRC-32 checksum")
	case errors.Is(err, zip.ErrFormat) || err == nil && uint64(n) > f.UncompressedSize64:
		return fmt.Errorf("it holds more than the %d bytes it declares", f.UncompressedSize64)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("it holds fewer than the %d bytes it declares", f.UncompressedSize64)
	case err != nil:
		return err
	}
	return nil
}
