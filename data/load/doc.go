// Package load is the one entry point for inputs: a file, a directory, "-"
// for standard input or "builtin". It sniffs each input once (declarations,
// canonical CSV, JSON or XLSX, or a GACC table) and hands it to exactly one
// reader: decl, canonical or gacc. Members lists the files a load of an
// input reads, and Collides tells a command, before any work, whether its
// output is one of them (by device and inode, not by name).
package load
