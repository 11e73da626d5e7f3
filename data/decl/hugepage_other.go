//go:build darwin || freebsd || netbsd || openbsd

package decl

// noHugePages does nothing here: only Linux maps a file's pages in huge
// folios (see hugepage_linux.go).
func noHugePages([]byte) {}
