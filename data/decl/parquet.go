package decl

import (
	"bytes"
	"context"
	"io"
	"os"
	"strconv"

	"github.com/cbec-stats/ceb/data"
	"github.com/parquet-go/parquet-go"
)

// declRow is the Parquet schema of declarations: the CSV columns, value as
// a decimal string (so that money stays exact), pieces as an integer.
type declRow struct {
	DeclarationID string `parquet:"declaration_id"`
	DeclaredOn    string `parquet:"declared_on"`
	Flow          string `parquet:"flow"`
	TradeMode     string `parquet:"trade_mode"`
	HSCode        string `parquet:"hs_code"`
	Partner       string `parquet:"partner"`
	Province      string `parquet:"province"`
	Currency      string `parquet:"currency"`
	Value         string `parquet:"value"`
	Pieces        int64  `parquet:"pieces"`
}

var ParquetMagic = []byte("PAR1")

// isParquet reports whether a regular file starts with Parquet's magic
// bytes. It reads them in place, so a stream is never consumed (and never
// Parquet: that format is read from its end).
func isParquet(f *os.File) bool {
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return false
	}
	var b [4]byte
	if _, err := f.ReadAt(b[:], 0); err != nil {
		return false
	}
	return bytes.Equal(b[:], ParquetMagic)
}

// aggregateParquet reads a Parquet file of declarations through the same
// validation as CSV; a record's "line" is its row number (header = 1).
func aggregateParquet(ctx context.Context, path string, fh *os.File, opt Options, modes *modeSet, dimRoles []int, read *int64) ([]*aggWorker, error) {
	info, err := fh.Stat()
	if err != nil {
		return nil, data.FileError(path, err)
	}
	pf, err := parquet.OpenFile(fh, info.Size())
	if err != nil {
		return nil, data.Fail(path, 0, "not a readable Parquet file: %v", err)
	}
	r := parquet.NewGenericReader[declRow](pf)
	defer r.Close()
	w := newWorker([]int{roleID, roleDate, roleFlow, roleMode, roleHS, rolePartner, roleProvince, roleCurrency, roleValue, rolePieces}, modes, dimRoles, path)
	rows := make([]declRow, 4096)
	line := 2
	var pieces []byte
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := r.Read(rows)
		for i := 0; i < n; i++ {
			d := &rows[i]
			pieces = strconv.AppendInt(pieces[:0], d.Pieces, 10)
			f := [10][]byte{[]byte(d.DeclarationID), []byte(d.DeclaredOn), []byte(d.Flow), []byte(d.TradeMode), []byte(d.HSCode),
				[]byte(d.Partner), []byte(d.Province), []byte(d.Currency), []byte(d.Value), pieces}
			if d.Pieces < 0 {
				w.addBad(line, "pieces %d is negative", d.Pieces)
			} else {
				w.record(&f, line)
			}
			line++
			if len(w.bad) > opt.SkipBad {
				return []*aggWorker{w}, errBadLimit
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, data.Fail(path, line, "reading Parquet: %v", err)
		}
	}
	*read += info.Size()
	if opt.Progress != nil {
		opt.Progress(*read)
	}
	return []*aggWorker{w}, nil
}
