//go:build linux || darwin || freebsd || netbsd || openbsd

package decl

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// mapFile maps a regular file read-only and returns it with a function to
// unmap it. The file must not shrink while mapped (the process would fault
// on the missing pages); declaration files are read once, as written.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	if int64(int(size)) != size {
		return nil, nil, errors.New("file too large to map")
	}
	m, err := unix.Mmap(int(f.Fd()), 0, int(size), unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	// Sequential: the kernel reads ahead and maps only the pages touched.
	// Without it, on a cold page cache each fault mapped whole large folios
	// of the 8 MiB read-around, ahead of the chunks being parsed: peak RSS
	// 147–169 MB on the 10M-record file against 33–37 MB with it, and
	// 47 MB against 40 MB warm (docs/benchmarks.md).
	_ = unix.Madvise(m, unix.MADV_SEQUENTIAL)
	noHugePages(m)
	return m, func() { _ = unix.Munmap(m) }, nil
}

// dropPages tells the system that the whole pages within m[from:to] of a
// mapped file are no longer needed, so they stop counting in the process's
// resident memory. The file's pages stay in the page cache; if a page is
// read again (a chunk boundary inside it), it is mapped again, unchanged.
func dropPages(m []byte, from, to int) {
	ps := os.Getpagesize()
	from = (from + ps - 1) / ps * ps
	to = to / ps * ps
	if from < to {
		_ = unix.Madvise(m[from:to], unix.MADV_DONTNEED)
	}
}
