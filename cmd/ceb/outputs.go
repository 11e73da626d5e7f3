package main

import (
	"os"
	"path/filepath"

	"github.com/cbec-stats/ceb/data/load"
)

// checkOutputs refuses, before any work, an output that is one of the
// inputs (load.Collides: by device and inode, after links, a directory
// input's members included, and a new file a directory load would read
// back) or that two outputs of one run name the same file (--out r.xlsx
// --text ./r.xlsx). Both are usage errors: the user chose the file.
func checkOutputs(inputs []string, outputs ...string) error {
	for i, out := range outputs {
		if _, err := load.Collides(inputs, out); err != nil {
			return &FlagError{err}
		}
		for _, other := range outputs[:i] {
			if sameOutput(out, other) {
				return usageErrorf("%s and %s are the same file; give each output a file of its own", other, out)
			}
		}
	}
	return nil
}

// sameOutput reports whether two outputs name the same file: by identity
// when both exist, else by their absolute, cleaned paths.
func sameOutput(a, b string) bool {
	ia, errA := os.Stat(a)
	ib, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ia, ib)
	}
	aa, _ := filepath.Abs(a)
	bb, _ := filepath.Abs(b)
	return aa == bb
}
