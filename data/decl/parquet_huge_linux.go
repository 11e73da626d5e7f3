package decl

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePages asks for a large page buffer to be backed by 2 MiB pages: a
// fault then maps 2 MiB instead of 4 KiB (its whole-2-MiB part only; the
// ends stay small pages).
func hugePages(b []byte) {
	const huge = 2 << 20
	if cap(b) < 2*huge {
		return
	}
	b = b[:cap(b)]
	start := uintptr(unsafe.Pointer(&b[0]))
	lo := (start + huge - 1) &^ (huge - 1)
	hi := (start + uintptr(len(b))) &^ (huge - 1)
	if hi <= lo {
		return
	}
	_ = unix.Madvise(b[lo-start:hi-start], unix.MADV_HUGEPAGE)
}
