package decl

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/cbec-stats/ceb/data"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// How each declaration column of a Parquet file is found in its schema and
// turned into the text the record checks read.

// textOf turns one Parquet value into the text the record parser reads,
// appending to b.
type textOf func(b []byte, v parquet.Value) []byte

// parquetColumn is how one declaration column is read from a file.
type parquetColumn struct {
	index int // leaf column index; -1 for a partition value
	text  textOf
	// plain: the text is the value's own bytes (a string column), so a
	// dictionary-encoded page is read through its dictionary; maxDef is
	// the column's maximum definition level (a value below it is null).
	plain  bool
	maxDef int
	// constant is the column's value in every row when it comes from the
	// file's hive partition (province=44/part-0.parquet), not the file.
	constant []byte
	typed    typedConv // how the typed reader reads it
}

// parquetColumns finds the declaration columns in a file's schema and
// chooses how to read each by its physical and logical type:
//
//   - value: DECIMAL with its scale (INT32, INT64, FIXED_LEN_BYTE_ARRAY or
//     BYTE_ARRAY), a decimal string, or an integer of yuan; FLOAT and
//     DOUBLE are refused, since they cannot hold an exact amount;
//   - declared_on: DATE, TIMESTAMP (millis, micros, nanos; the UTC day) or a
//     string YYYY-MM-DD;
//   - every other column: a string, or an integer written out.
//
// A column the file lacks is taken from the partition values of its path,
// when it has one.
func parquetColumns(path string, schema *parquet.Schema, parts map[string]string) ([]parquetColumn, error) {
	cols := make([]parquetColumn, len(Columns))
	var miss []string
	for i, name := range Columns {
		leaf, ok := schema.Lookup(name)
		if !ok {
			if v, ok := parts[name]; ok {
				cols[i] = parquetColumn{index: -1, constant: []byte(v)}
				continue
			}
			miss = append(miss, name)
			continue
		}
		t := leaf.Node.Type()
		conv, err := converter(name, t)
		if err != nil {
			return nil, data.Fail(path, 0, "column %s: %v", name, err)
		}
		plain := name != "value" && name != "declared_on" && (t.Kind() == parquet.ByteArray || t.Kind() == parquet.FixedLenByteArray)
		cols[i] = parquetColumn{index: leaf.ColumnIndex, text: conv, plain: plain, maxDef: leaf.MaxDefinitionLevel, typed: typedConvOf(i, leaf)}
	}
	if len(miss) > 0 {
		return nil, data.Fail(path, 0, "missing declaration column(s) %s; a declarations file has the columns %s", strings.Join(miss, ", "), strings.Join(Columns, ","))
	}
	return cols, nil
}

func converter(name string, t parquet.Type) (textOf, error) {
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	kind := t.Kind()
	switch name {
	case "value":
		if d, ok := lt.(*format.DecimalType); ok {
			return decimalText(kind, int(d.Scale))
		}
		switch kind {
		case parquet.Float, parquet.Double:
			return nil, fmt.Errorf("%s cannot hold an exact amount; store money as DECIMAL(18,2) or as a decimal string", strings.ToUpper(kind.String()))
		}
	case "declared_on":
		switch lt := lt.(type) {
		case *format.DateType:
			return func(b []byte, v parquet.Value) []byte { return appendDay(b, int64(v.Int32())) }, nil
		case *format.TimestampType:
			per := int64(1e3) // units per second
			switch lt.Unit.Value.(type) {
			case *format.MicroSeconds:
				per = 1e6
			case *format.NanoSeconds:
				per = 1e9
			}
			return func(b []byte, v parquet.Value) []byte {
				return appendDay(b, floorDiv(v.Int64(), per*86400))
			}, nil
		}
	}
	switch kind {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return func(b []byte, v parquet.Value) []byte { return append(b, v.ByteArray()...) }, nil
	case parquet.Int32:
		return func(b []byte, v parquet.Value) []byte { return strconv.AppendInt(b, int64(v.Int32()), 10) }, nil
	case parquet.Int64:
		return func(b []byte, v parquet.Value) []byte { return strconv.AppendInt(b, v.Int64(), 10) }, nil
	}
	return nil, fmt.Errorf("type %s is not one ceb reads here", t)
}

// appendDay appends the date days after 1970-01-01 as YYYY-MM-DD, by the
// civil-from-days algorithm (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms"): no time.Time per value. Years outside 0–9999 are written as
// time does, and the record parser rejects them.
func appendDay(b []byte, days int64) []byte {
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	if y < 0 || y > 9999 {
		return time.Unix(days*86400, 0).UTC().AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// decimalText writes a DECIMAL's unscaled integer with its scale: 5832529760
// at scale 2 is 58325297.60. Zeros beyond the second decimal are dropped
// (1.230 at scale 3 is 1.23); other digits stay, and the record parser
// reports the over-precise amount.
func decimalText(kind parquet.Kind, scale int) (textOf, error) {
	switch kind {
	case parquet.Int32:
		return func(b []byte, v parquet.Value) []byte { return appendScaled(b, int64(v.Int32()), scale) }, nil
	case parquet.Int64:
		return func(b []byte, v parquet.Value) []byte { return appendScaled(b, v.Int64(), scale) }, nil
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return func(b []byte, v parquet.Value) []byte {
			n := twosComplement(v.ByteArray())
			if n.IsInt64() {
				return appendScaled(b, n.Int64(), scale)
			}
			return appendDigits(b, []byte(n.String()), scale)
		}, nil
	}
	return nil, fmt.Errorf("DECIMAL stored as %s is not valid Parquet", kind)
}

// appendScaled appends the unscaled integer n at scale, without allocating.
func appendScaled(b []byte, n int64, scale int) []byte {
	var buf [24]byte
	return appendDigits(b, strconv.AppendInt(buf[:0], n, 10), scale)
}

// appendDigits appends the decimal digits s (with an optional sign) as a
// number at scale: 5 at scale 2 is 0.05. Zeros beyond the second decimal
// are dropped (1.230 at scale 3 is 1.23); other digits stay, and the record
// parser reports the over-precise amount.
func appendDigits(b, s []byte, scale int) []byte {
	if len(s) > 0 && s[0] == '-' {
		b = append(b, '-')
		s = s[1:]
	}
	if scale <= 0 {
		return append(b, s...)
	}
	var buf [64]byte
	d := buf[:0]
	for i := len(s); i <= scale; i++ {
		d = append(d, '0')
	}
	d = append(d, s...)
	intPart, frac := d[:len(d)-scale], d[len(d)-scale:]
	for len(frac) > 2 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	b = append(b, intPart...)
	b = append(b, '.')
	return append(b, frac...)
}

// twosComplement reads a big-endian two's complement integer.
func twosComplement(b []byte) *big.Int {
	n := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return n
}
