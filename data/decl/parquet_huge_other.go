//go:build !linux

package decl

// hugePages does nothing where there is no madvise(MADV_HUGEPAGE).
func hugePages([]byte) {}
