package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"sort"
	"time"
)

var reDefault = regexp.MustCompile(`<Default Extension="[^"]*" ContentType="[^"]*"></Default>|<Default Extension="[^"]*" ContentType="[^"]*"/>`)

// canonicalZip copies an XLSX package, sorting the <Default> entries of
// [Content_Types].xml: excelize appends image types in map order, which
// would make two runs on the same inputs differ. Entries keep their order
// and get a fixed timestamp.
func canonicalZip(w io.Writer, b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			return err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if e.Name == "[Content_Types].xml" {
			content = sortDefaults(content)
		}
		out, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := out.Write(content); err != nil {
			return err
		}
	}
	return zw.Close()
}

func sortDefaults(x []byte) []byte {
	locs := reDefault.FindAllIndex(x, -1)
	if len(locs) < 2 {
		return x
	}
	items := make([]string, len(locs))
	for i, l := range locs {
		items[i] = string(x[l[0]:l[1]])
	}
	sort.Strings(items)
	var out bytes.Buffer
	prev := 0
	for i, l := range locs {
		out.Write(x[prev:l[0]])
		out.WriteString(items[i])
		prev = l[1]
	}
	out.Write(x[prev:])
	return out.Bytes()
}
