package decl

import (
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/cbec-stats/ceb/data"
)

// Directories of Parquet files, hive-partitioned or not, read as one
// dataset.

// hivePart is one Parquet file of a partitioned directory, with the
// partition values its path gives (year=2024/province=44/part-0.parquet).
type hivePart struct {
	path  string
	parts map[string]string
}

// hiveParts lists the .parquet files under dir, in path order, each with
// the key=value segments of its path below dir (values unescaped as hive
// writes them). Files and directories whose names start with "." or "_"
// (_SUCCESS, .crc) are skipped.
func hiveParts(dir string) ([]hivePart, error) {
	var out []hivePart
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !strings.HasSuffix(name, ".parquet") {
			return nil
		}
		// A named pipe, socket or device (or a link to one) named like a
		// part would block the run or read a stream as a file: refuse it,
		// naming it (links are followed, as the file would be opened).
		if info, err := os.Stat(p); err != nil {
			return err
		} else if !info.Mode().IsRegular() {
			return data.Fail(p, 0, "not a regular file (%s) in the Parquet dataset %s; move it out of the directory", info.Mode().Type(), data.QuoteName(dir))
		}
		rel, err := filepath.Rel(dir, filepath.Dir(p))
		if err != nil {
			return err
		}
		parts := map[string]string{}
		for _, seg := range strings.Split(filepath.ToSlash(rel), "/") {
			if k, v, ok := strings.Cut(seg, "="); ok {
				if u, err := url.PathUnescape(v); err == nil {
					v = u
				}
				parts[k] = v
			}
		}
		out = append(out, hivePart{path: p, parts: parts})
		return nil
	})
	if err != nil {
		return nil, data.FileError(dir, err)
	}
	if len(out) == 0 {
		return nil, data.Fail(dir, 0, "a directory of declarations holds .parquet files (hive-partitioned or not); found none")
	}
	return out, nil
}

// InputSize is the number of bytes Aggregate reads from path: a file's
// size, or the sum of a partitioned directory's Parquet files.
func InputSize(path string) (int64, error) {
	info, err := os.Stat(path)
	if err != nil {
		return 0, data.FileError(path, err)
	}
	if !info.IsDir() {
		return info.Size(), nil
	}
	parts, err := hiveParts(path)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, hp := range parts {
		fi, err := os.Stat(hp.path)
		if err != nil {
			return 0, data.FileError(hp.path, err)
		}
		n += fi.Size()
	}
	return n, nil
}
