package xlsxin

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const sheetPart = "xl/worksheets/sheet1.xml"

// goodXLSX is a workbook of three rows, a1 123, a2 456, a3 789, written by
// excelize; stored rewrites every entry uncompressed (method Store) with its
// sizes and CRC-32 in the local header, so that a byte of the sheet can be
// changed in place.
func goodXLSX(t *testing.T, stored bool) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, v := range []int{123, 456, 789} {
		r := []any{"a" + string(rune('1'+i)), v}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !stored {
		return b.Bytes()
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Store, CRC32: crc32.ChecksumIEEE(body),
			CompressedSize64: uint64(len(body)), UncompressedSize64: uint64(len(body))})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// entry returns the offsets of name's local header and central directory
// record in the archive b, found by their signatures and names.
func entry(t *testing.T, b []byte, name string) (local, central int) {
	t.Helper()
	find := func(sig string, nameLen, nameAt int) int {
		for i := 0; ; i++ {
			j := bytes.Index(b[i:], []byte(sig))
			if j < 0 {
				t.Fatalf("no %q record for %s", sig, name)
			}
			i += j
			n := int(binary.LittleEndian.Uint16(b[i+nameLen:]))
			if i+nameAt+n <= len(b) && string(b[i+nameAt:i+nameAt+n]) == name {
				return i
			}
		}
	}
	return find("PK\x03\x04", 26, 30), find("PK\x01\x02", 28, 46)
}

// setSize patches the uncompressed size name declares, in its local header
// (when one is given there) and its central directory record.
func setSize(t *testing.T, b []byte, name string, size uint32) []byte {
	t.Helper()
	b = bytes.Clone(b)
	local, central := entry(t, b, name)
	if binary.LittleEndian.Uint32(b[local+22:]) != 0 {
		binary.LittleEndian.PutUint32(b[local+22:], size)
	}
	binary.LittleEndian.PutUint32(b[central+24:], size)
	return b
}

func size(t *testing.T, b []byte, name string) uint32 {
	t.Helper()
	_, central := entry(t, b, name)
	return binary.LittleEndian.Uint32(b[central+24:])
}

// TestDamagedArchives: an entry whose bytes fail their CRC-32, or that
// holds more or fewer bytes than it declares, is refused before excelize
// reads it (it read the flipped digit, or one row of three); so are two
// entries of one name and declared sizes past the limit. The damaged
// workbooks are made from a good one here.
func TestDamagedArchives(t *testing.T) {
	stored := goodXLSX(t, true)
	deflated := goodXLSX(t, false)
	tests := []struct {
		name  string
		b     []byte
		cause error  // nil: opens and reads 123, 456, 789
		want  string // in the error
	}{
		{"good, stored", stored, nil, ""},
		{"good, deflated", deflated, nil, ""},
		{"a digit flipped in a stored sheet", func() []byte {
			b := bytes.Clone(stored)
			i := bytes.Index(b, []byte("<v>456</v>"))
			if i < 0 {
				t.Fatal("no 456 in the stored sheet")
			}
			b[i+4] = '9' // 456 → 496, the CRC-32 left as it was
			return b
		}(), ErrDamaged, `entry "xl/worksheets/sheet1.xml": its bytes do not match their CRC-32 checksum`},
		{"a byte flipped in a deflated sheet", func() []byte {
			b := bytes.Clone(deflated)
			local, _ := entry(t, b, sheetPart)
			data := local + 30 + int(binary.LittleEndian.Uint16(b[local+26:])) + int(binary.LittleEndian.Uint16(b[local+28:]))
			b[data+40] ^= 0x01
			return b
		}(), ErrDamaged, `entry "xl/worksheets/sheet1.xml"`},
		{"stored sheet declares fewer bytes than it holds", setSize(t, stored, sheetPart, size(t, stored, sheetPart)-60), ErrDamaged,
			"holds more than the"},
		{"deflated sheet declares fewer bytes than it holds", setSize(t, deflated, sheetPart, size(t, deflated, sheetPart)-60), ErrDamaged,
			"holds more than the"},
		{"deflated sheet declares more bytes than it holds", setSize(t, deflated, sheetPart, size(t, deflated, sheetPart)+60), ErrDamaged,
			"holds fewer than the"},
		{"declared size past the limit", setSize(t, deflated, sheetPart, UnzipLimit+1), ErrTooLarge, "size limit"},
		{"two entries of one name", func() []byte {
			var out bytes.Buffer
			zw := zip.NewWriter(&out)
			zr, _ := zip.NewReader(bytes.NewReader(deflated), int64(len(deflated)))
			for _, f := range zr.File {
				zw.Copy(f)
				if f.Name == sheetPart {
					zw.Copy(f)
				}
			}
			zw.Close()
			return out.Bytes()
		}(), ErrDamaged, `two entries named "xl/worksheets/sheet1.xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := OpenXLSX(tt.b)
			if tt.cause == nil {
				if err != nil {
					t.Fatal(err)
				}
				defer wb.Close()
				rows, err := wb.GetRows("Sheet1")
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rows {
					got = append(got, strings.Join(r, "="))
				}
				if strings.Join(got, " ") != "a1=123 a2=456 a3=789" {
					t.Errorf("rows %q", got)
				}
				return
			}
			if err == nil {
				rows, _ := wb.GetRows("Sheet1")
				wb.Close()
				t.Fatalf("opened without error; rows %q", rows)
			}
			if !errors.Is(err, tt.cause) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %v with %q", err, tt.cause, tt.want)
			}
		})
	}
}
