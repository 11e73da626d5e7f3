package decl

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cbec-stats/ceb/internal/declgen"
)

// The mapping of a declarations file is advised sequential and kept off
// huge pages: the kernel shows both in the mapping's VmFlags ("sr", "nh")
// in /proc/self/smaps. Without "nh", peak RSS on a file whose page cache
// is in 2 MiB folios went past the 64 MiB goal (docs/benchmarks.md).
func TestMappedFileAdvice(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("this kernel has no transparent huge pages, so no MADV_NOHUGEPAGE to check")
	}
	var b bytes.Buffer
	declgen.Generate(&b, 20000, 5, 2024)
	var flags string
	afterMap = func(path string) {
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		flags = vmFlags(t, abs)
	}
	defer func() { afterMap = nil }()
	if _, err := aggregate(t, b.Bytes(), "d.csv", Options{}); err != nil {
		t.Fatal(err)
	}
	if flags == "" {
		t.Fatal("the file was not mapped, or its mapping is not in /proc/self/smaps")
	}
	for _, f := range []string{"sr", "nh"} {
		if !strings.Contains(" "+flags+" ", " "+f+" ") {
			t.Errorf("VmFlags of the mapping are %q, without %q", flags, f)
		}
	}
}

// vmFlags returns the VmFlags of the first mapping of path in
// /proc/self/smaps.
func vmFlags(t *testing.T, path string) string {
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	in := false
	for _, line := range strings.Split(string(smaps), "\n") {
		if f := strings.Fields(line); len(f) >= 6 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":") {
			in = strings.Join(f[5:], " ") == path
			continue
		}
		if v, ok := strings.CutPrefix(line, "VmFlags:"); ok && in {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
