// Package reporttest holds the report packages the renderers' tests share.
package reporttest

import (
	"testing"

	"github.com/cbec-stats/ceb/data"
	"github.com/cbec-stats/ceb/data/canonical"
	"github.com/cbec-stats/ceb/internal/testkit"
	"github.com/cbec-stats/ceb/report"
)

// H1Package is H1 2024 from the embedded dataset as published by
// 2024-07-31 (1.22 trillion, +10.5%, 4.4 points), built as ceb report
// builds it.
func H1Package(t testing.TB) *report.Package { return H1PackageAsOf(t, "2024-07-31") }

// H1PackageAsOf is H1 2024 from the embedded dataset as published by asOf
// (YYYY-MM-DD): from 2024-10-14 on, the survey result (1.25 trillion, +13%,
// exports and imports).
func H1PackageAsOf(t testing.TB, asOf string) *report.Package {
	t.Helper()
	ds, err := canonical.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := report.BuildPackage(data.NewView(ds, testkit.MustDate(asOf)), ds, data.Half(2024, 1), "cbec", "trade", data.CNY)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}
