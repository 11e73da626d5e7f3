package decl

import "golang.org/x/sys/unix"

// noHugePages keeps a mapping of a file to small pages. On Linux 6.18 the
// page cache of a file read ahead with plenty of free memory, or read once
// through a huge-page mapping, is mostly 2 MiB folios, and a fault in such a
// folio maps all of it with one PMD entry; unmapping part of it splits it
// but what is mapped stays mapped until the whole range goes. Chunks were
// dropped as parsed, yet peak RSS reached 55–83 MB on the 10M-record file
// against 36–44 MB otherwise; with this advice 43–46 MB (docs/benchmarks.md,
// "Peak memory and huge folios").
func noHugePages(m []byte) { _ = unix.Madvise(m, unix.MADV_NOHUGEPAGE) }
