package decl

import (
	"encoding/binary"
	"math/bits"
)

// The fast path of the declaration parser. Nearly every record of a real
// file is ordinary: unquoted fields, or quoted ones without escaped quotes
// or newlines, and valid values. The fast path reads such a record in one
// pass, validating each field as it goes, mostly eight bytes at a time and
// with few data-dependent branches. It gives up on anything else and
// leaves the record, unread, to generalRecord, which applies RFC 4180 in
// full and reports bad records. So the fast path never decides that a
// record is bad, and it accepts a record only if generalRecord would accept
// it with the same values (FuzzFastPath checks this).
//
// Every reader below takes the index of a field's first byte and returns
// the index after the field, or -1 when the field is not ordinary; it also
// gives up when fewer than eight bytes are left, which only happens near
// the end of a chunk.

// Words for comparing several bytes at once (little-endian loads).
const (
	exportWord  = 0x74726f707865   // "export"
	importWord  = 0x74726f706d69   // "import"
	exportComma = 0x2c74726f707865 // "export,"
	importComma = 0x2c74726f706d69 // "import,"
	cnyWord     = 0x594e43         // "CNY"
	rmbWord     = 0x424d52         // "RMB"
	usdWord     = 0x445355         // "USD"

	zeros     = 0x3030303030303030 // "00000000"
	dateZero  = 0x2d30302d30303030 // "0000-00-"
	dashBytes = 0xff0000ff00000000 // the dashes of "YYYY-MM-"
	low1      = 0x0101010101010101
	low4      = 0x0f0f0f0f0f0f0f0f
	low7      = 0x7f7f7f7f7f7f7f7f
	high1     = 0x8080808080808080
	plus118   = 0x7676767676767676 // 0x80-10 in each byte
	plus83    = 0x5353535353535353 // 0x80-0x2d in each byte

	quoteBytes   = 0x2222222222222222
	newlineBytes = 0x0a0a0a0a0a0a0a0a
)

// notDigits sets the top bit of each byte of x that is not an ASCII digit.
// After the XOR a digit is 0..9; adding 118 to the low seven bits sets the
// top bit exactly for 10 and more, and bytes ≥ 0x80 keep theirs.
func notDigits(x uint64) uint64 {
	y := x ^ zeros
	return ((y&low7 + plus118) | y) & high1
}

// digitRun is how many bytes of x, from the first, are digits (0..8).
func digitRun(x uint64) int { return bits.TrailingZeros64(notDigits(x)) >> 3 }

// digitsValue is the number written by the first n (1..8) bytes of x, all
// digits: the digits are moved to the top (the bytes below become leading
// zeros), then pairs, quads and octets are combined in parallel.
func digitsValue(x uint64, n int) uint64 {
	x = (x & low4) << (64 - 8*uint(n))
	x = (x*10 + x>>8) & 0x00ff00ff00ff00ff
	x = (x*100 + x>>16) & 0x0000ffff0000ffff
	return (x*10000 + x>>32) & 0xffffffff
}

// below2D sets the top bit of each byte of x below 0x2d ('-'): the four
// bytes that end or quote a field (, " CR LF) are among them, and so are a
// few others (space, !, #…), which the callers check one by one.
func below2D(x uint64) uint64 { return ^((x&low7 + plus83) | x) & high1 }

func load64(b []byte, i int) uint64 { return binary.LittleEndian.Uint64(b[i:]) }

// readDigits reads min to max digits (1 ≤ min ≤ 8 ≤ max ≤ 18) and returns
// their value. Runs of fewer than eight digits take one word; longer ones
// go on in readDigitsLong.
func readDigits(b []byte, i, min, max int) (uint64, int) {
	if len(b)-i >= 8 {
		x := load64(b, i)
		if n := digitRun(x); n < 8 {
			if n < min {
				return 0, -1
			}
			return digitsValue(x, n), i + n
		}
	}
	return readDigitsLong(b, i, max)
}

func readDigitsLong(b []byte, i, max int) (uint64, int) {
	if len(b)-i < 8 {
		return 0, -1
	}
	v, j := digitsValue(load64(b, i), 8), i+8
	for j < len(b) && b[j]-'0' <= 9 && j-i < max {
		v = v*10 + uint64(b[j]-'0')
		j++
	}
	if j < len(b) && b[j]-'0' <= 9 {
		return 0, -1
	}
	return v, j
}

// readAmount reads a value as parseFen does: up to 15 integer digits, then
// optionally a point and one or two decimals, as fen. At most 10^17 - 1
// fen, so below maxFen.
func readAmount(b []byte, i int) (int64, int) {
	v, j := readDigits(b, i, 1, 15)
	if j < 0 || j+2 >= len(b) {
		return 0, -1
	}
	fen := int64(v) * 100
	if b[j] == '.' {
		d1, d2 := b[j+1]-'0', b[j+2]-'0'
		if d1 > 9 {
			return 0, -1
		}
		fen += int64(d1) * 10
		j += 2
		if d2 <= 9 {
			fen += int64(d2)
			j++
		}
	}
	return fen, j
}

// readText reads a field that is not validated (declaration_id, partner,
// province): unquoted up to a comma, CR or LF, or quoted with no quote or
// newline inside. It returns the content b[s:e] too. Here is the common
// case, an unquoted field ending at the first byte below '-'; the others
// (a quote, a space…) go to readTextLong.
func readText(b []byte, i int) (s, e, next int) {
	for j := i; len(b)-j >= 8; j += 8 {
		if m := below2D(load64(b, j)); m != 0 {
			k := j + bits.TrailingZeros64(m)>>3
			if c := b[k]; c == ',' || c == '\n' || c == '\r' {
				return i, k, k
			}
			if k == i && b[k] == '"' {
				return readQuoted(b, i)
			}
			break
		}
	}
	return readTextLong(b, i)
}

// readQuoted reads a quoted field from b[i] == '"': up to the next quote,
// which must not be followed by another (an escaped quote), with no
// newline before it. It looks for both bytes eight at a time.
func readQuoted(b []byte, i int) (s, e, next int) {
	for j := i + 1; len(b)-j >= 8; j += 8 {
		x := load64(b, j)
		if m := zeroBytes(x^quoteBytes) | zeroBytes(x^newlineBytes); m != 0 {
			if k := j + bits.TrailingZeros64(m)>>3; b[k] == '"' {
				return i + 1, k, k + 1
			}
			return 0, 0, -1
		}
	}
	return 0, 0, -1
}

// zeroBytes sets the top bit of the first zero byte of x; above it, bytes
// 0x01 may be marked too (the subtraction borrows), so only the lowest
// mark is exact.
func zeroBytes(x uint64) uint64 { return (x - low1) &^ x & high1 }

// skipTwo skips two unvalidated fields from i, as two readText calls and
// their commas would when both fields are plain, short text: within the 16
// bytes from i the first two bytes below '-' are commas. It returns the
// index after the second comma, or 0 to leave the fields to readText.
func skipTwo(b []byte, i int) int {
	if len(b)-i < 16 {
		return 0
	}
	m := below2D(load64(b, i))
	if m == 0 {
		return 0
	}
	if b[i+bits.TrailingZeros64(m)>>3] != ',' {
		return 0
	}
	base := i
	if m &= m - 1; m == 0 {
		base = i + 8
		if m = below2D(load64(b, base)); m == 0 {
			return 0
		}
	}
	k := base + bits.TrailingZeros64(m)>>3
	if b[k] != ',' {
		return 0
	}
	return k + 1
}

func readTextLong(b []byte, i int) (s, e, next int) {
	quoted := i < len(b) && b[i] == '"'
	j := i
	if quoted {
		j++
	}
	for len(b)-j >= 8 {
		for m := below2D(load64(b, j)); m != 0; m &= m - 1 {
			k := j + bits.TrailingZeros64(m)>>3
			switch c := b[k]; {
			case c == '\n':
				if quoted {
					return 0, 0, -1
				}
				return i, k, k
			case c == '"':
				if quoted {
					return i + 1, k, k + 1
				}
				return 0, 0, -1
			case !quoted && (c == ',' || c == '\r'):
				return i, k, k
			}
		}
		j += 8
	}
	return 0, 0, -1
}

// readDate reads YYYY-MM-DD, a real date between slotFirstY and the last
// slot year, and returns its year-month index. One lookup in monthDays
// checks the month and the day; only February 29 takes a second look.
func readDate(b []byte, i int) (int, int) {
	if len(b)-i < 11 {
		return 0, -1
	}
	// After the XOR, digits are 0..9 and dashes 0.
	y := load64(b, i) ^ dateZero
	d0, d1 := b[i+8]-'0', b[i+9]-'0'
	if ((y&low7+plus118)|y)&high1 != 0 || y&dashBytes != 0 || d0 > 9 || d1 > 9 {
		return 0, -1
	}
	year := int(digitsValue(y, 4)) - slotFirstY
	month := int(y>>40&0xff)*10 + int(y>>48&0xff)
	day := int(d0)*10 + int(d1)
	if uint(year) >= slotYears || uint(day-1) >= uint(monthDays[month]) {
		if uint(year) >= slotYears || month != 2 || day != 29 || !isLeap(year+slotFirstY) {
			return 0, -1
		}
	}
	return year*12 + month - 1, i + 10
}

// monthDays is the number of days in each month MM from 00 to 99, 28 for
// February and 0 for the numbers that are not months.
var monthDays = func() (t [100]uint8) {
	for m := 1; m <= 12; m++ {
		t[m] = uint8(daysIn[m])
	}
	t[2] = 28
	return t
}()

func isLeap(year int) bool { return year%4 == 0 && (year%100 != 0 || year%400 == 0) }

// readFlow reads export/import (or E/e/I/i) as 0/1.
func readFlow(b []byte, i int) (int, int) {
	if len(b)-i < 8 {
		return 0, -1
	}
	// Export and import are about equally frequent, so the word decides
	// the flow without a branch; only its being one of the two branches.
	x := load64(b, i) & 0xffffffffffff
	flow, word := 0, 0
	if x == importWord {
		flow = 1
	}
	if x == exportWord {
		word = 1
	}
	if flow|word != 0 {
		return flow, i + 6
	}
	switch b[i] {
	case 'E', 'e':
		return 0, i + 1
	case 'I', 'i':
		return 1, i + 1
	}
	return 0, -1
}

// readMode reads a four-digit supervision code and returns its modeKey.
func readMode(b []byte, i int) (int, int) {
	if len(b)-i < 8 {
		return 0, -1
	}
	x := load64(b, i)
	if notDigits(x)&0x80808080 != 0 {
		return 0, -1
	}
	return modeKey(x), i + 4
}

// modeKey packs the four digits at the start of x, one per nibble, into
// 16 bits: an index into modeSet.byKey, with no multiplication.
func modeKey(x uint64) int {
	t := x & 0x0f0f0f0f
	t |= t >> 4
	return int(t&0xff | t>>8&0xff00)
}

// readCurrency reads CNY (or RMB) as 0 and USD as 1.
func readCurrency(b []byte, i int) (int, int) {
	if len(b)-i < 8 {
		return 0, -1
	}
	switch load64(b, i) & 0xffffff {
	case cnyWord, rmbWord:
		return 0, i + 3
	case usdWord:
		return 1, i + 3
	}
	return 0, -1
}

// comma checks that the field before i ended at a comma and returns the
// next field's index; it passes -1 on.
func comma(b []byte, i int) int {
	if uint(i) < uint(len(b)) && b[i] == ',' {
		return i + 1
	}
	return -1
}

// newline checks that the record ends at i with LF or CRLF and returns the
// index after it, or -1.
func newline(b []byte, i int) int {
	if uint(i) < uint(len(b)) && b[i] == '\r' {
		i++
	}
	if uint(i) < uint(len(b)) && b[i] == '\n' {
		return i + 1
	}
	return -1
}

// fastCanonical reads records whose columns are in DeclColumns order,
// without dimensions, from b[i] on, and accumulates them. It stops at the
// end of b or at the first record that needs the general path, and
// returns where it stopped and the number of records read. Within a
// record, a failure makes the index -1, which every later step passes on.
// The ten field reads are written out on purpose: fastRecord, the same
// work as a loop over the columns, runs at two-thirds of this speed
// (docs/benchmarks.md, "anyorder").
func (w *aggWorker) fastCanonical(b []byte, i int) (int, int) {
	trade, cbec, isCBEC := w.trade, w.cbec, &w.modes.byKey
	var (
		ym, flow, mode, cur int
		fen                 int64
		u                   uint64
	)
	n := 0
	for ; i < len(b); n++ {
		r := i
		_, _, i = readText(b, i) // declaration_id
		if i = comma(b, i); i < 0 {
			return r, n
		}
		ym, i = readDate(b, i)
		if i = comma(b, i); i < 0 {
			return r, n
		}
		// flow and trade_mode, with their commas, in two words when the
		// flow is written out: "export,9610," is 12 bytes.
		var x uint64 // 0, so neither word, near the end of b
		if len(b)-i >= 16 {
			x = load64(b, i) & 0xffffffffffffff
		}
		if min(x^exportComma, x^importComma) == 0 {
			flow = int(x >> 8 & 1) // 'x' (0x78) in export, 'm' (0x6d) in import
			y := load64(b, i+7)
			if notDigits(y)&0x80808080 != 0 || y>>32&0xff != ',' {
				return r, n
			}
			mode, i = modeKey(y), i+12
		} else {
			flow, i = readFlow(b, i)
			if i = comma(b, i); i < 0 {
				return r, n
			}
			mode, i = readMode(b, i)
			if i = comma(b, i); i < 0 {
				return r, n
			}
		}
		_, i = readDigits(b, i, 2, 10) // hs_code
		if i = comma(b, i); i < 0 {
			return r, n
		}
		if j := skipTwo(b, i); j > 0 { // partner, province
			i = j
		} else {
			_, _, i = readText(b, i)
			if i = comma(b, i); i < 0 {
				return r, n
			}
			_, _, i = readText(b, i)
			if i = comma(b, i); i < 0 {
				return r, n
			}
		}
		cur, i = readCurrency(b, i)
		if i = comma(b, i); i < 0 {
			return r, n
		}
		fen, i = readAmount(b, i)
		if i = comma(b, i); i < 0 {
			return r, n
		}
		u, i = readDigits(b, i, 1, 12)
		if i = newline(b, i); i < 0 {
			return r, n
		}
		// As add: the CBEC sums of other modes go to a sink, picked
		// without a branch (about 7% of the time of this loop when modes
		// are mixed, as in BenchmarkParseChunk).
		slot := ym*4 + flow*2 + cur
		to := [2]*acc{&w.sink, &cbec[slot]}
		if !addRecord(&trade[slot], to[isCBEC[mode]], fen, int64(u)) {
			return r, n // the general path flags the overflow
		}
		w.records++
	}
	return i, n
}

// fastRecord reads records with the columns in any order, keeping the
// fields for the dimensions if there are any, from b[i] on, and
// accumulates them. Like fastCanonical, it stops at the end of b or at the
// first record that needs the general path, and returns where it stopped
// and the number of records read.
func (w *aggWorker) fastRecord(b []byte, i int) (int, int) {
	var (
		ym, flow, cur, mode int
		fen                 int64
		pieces              uint64
	)
	f := &w.fieldsBuf
	keep := w.dims != nil
	last := len(w.cols) - 1
	n := 0
	for ; i < len(b); n++ {
		r := i
		for k, role := range w.cols {
			s, e := i, -1 // the field's content is b[s:e]; e = i when -1
			switch role {
			case roleDate:
				ym, i = readDate(b, i)
			case roleFlow:
				flow, i = readFlow(b, i)
			case roleMode:
				mode, i = readMode(b, i)
			case roleHS:
				_, i = readDigits(b, i, 2, 10)
			case roleCurrency:
				cur, i = readCurrency(b, i)
			case roleValue:
				fen, i = readAmount(b, i)
			case rolePieces:
				pieces, i = readDigits(b, i, 1, 12)
			default: // declaration_id, partner, province
				s, e, i = readText(b, i)
			}
			if i < 0 {
				return r, n
			}
			if keep {
				if e < 0 {
					e = i
				}
				f[k] = b[s:e]
			}
			if k < last {
				i = comma(b, i)
			} else {
				i = newline(b, i)
			}
			if i < 0 {
				return r, n
			}
		}
		w.accumulate(ym*4+flow*2+cur, w.modes.byKey[mode] != 0, fen, int64(pieces), f)
	}
	return i, n
}
