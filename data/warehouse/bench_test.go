package warehouse

import (
	"bytes"
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cbec-stats/ceb/data/decl"
	"github.com/cbec-stats/ceb/internal/dbtest"
	"github.com/cbec-stats/ceb/internal/declgen"
)

// handQuery is the GROUP BY a person would write for the same groups, as
// docs/bench/warehouse.sh sends it through each engine's own client: the
// month, flow, currency and whether the mode is a CBEC one (and the
// province and HS chapter with dims), exact sums, no checks. Its columns
// are turned into text as ceb's are (a client prints them as text too).
func handQuery(engine, table string, dims bool) string {
	modes := "'" + strings.Join(decl.DefaultCBECModes, "','") + "'"
	d, month, hs := clickhouseDialect, "toStartOfMonth(declared_on)", "substring(hs_code, 1, 2)"
	switch engine {
	case "postgres":
		d, month, hs = postgresDialect, "date_trunc('month', declared_on)", "left(hs_code, 2)"
	case "mariadb":
		d, month, hs = mysqlDialect, "EXTRACT(YEAR_MONTH FROM declared_on)", "LEFT(hs_code, 2)"
	}
	keys := []string{month, "flow", "currency", "trade_mode IN (" + modes + ")"}
	if dims {
		keys = append(keys, "province", hs)
	}
	var sel []string
	for _, k := range append(keys[:len(keys):len(keys)], "SUM(value)", "COUNT(*)", "SUM(pieces)") {
		sel = append(sel, d.text(k))
	}
	return "SELECT " + strings.Join(sel, ", ") + " FROM " + table + " GROUP BY " + strings.Join(keys, ", ")
}

// BenchmarkPushdown times ceb's whole aggregation of 200,000 generated
// declarations (CEB_BENCH_ROWS=n for another number) in each engine the
// tests reach (Aggregate: connecting, the column types, the query with its
// checks, the groups into a Result, and its CSV) against the hand-written
// GROUP BY (handQuery) on a connection opened once and tuned as ceb tunes
// its own (jit, work_mem, enable_sort, tmp_table_size), its groups read as
// text and dropped: one of each in turn, after a warm-up of each, the
// times reported as ceb-s/op, hand-s/op and their ratio (ns/op is the
// two together). Without a process to start, this is the pushdown's own
// overhead; docs/bench/warehouse.sh times the whole commands. MariaDB
// runs twice: on a table without a key (split by hash) and on one keyed
// by declaration_id (split by key ranges). Start the servers as the
// tests' skip message says.
func BenchmarkPushdown(b *testing.B) {
	rows := 200000
	if n, err := strconv.Atoi(os.Getenv("CEB_BENCH_ROWS")); err == nil && n > 0 {
		rows = n
	}
	var csv bytes.Buffer
	if err := declgen.Generate(&csv, rows, 11, 2024); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	type job struct {
		engine
		keyed bool // MariaDB's table keyed by declaration_id: split by key ranges
	}
	var jobs []job
	for _, e := range engines() {
		jobs = append(jobs, job{engine: e})
		if e.name == "mariadb" {
			jobs = append(jobs, job{e, true})
		}
	}
	for _, j := range jobs {
		e := j.engine
		name := e.name
		if j.keyed {
			name += " keyed"
		}
		b.Run(name, func(b *testing.B) {
			base := e.url(b)
			table := e.load(b, "bench_pushdown", colsFor(e, pgColumns, chColumns, myColumns), csv.Bytes())
			url := base + "?table=" + table
			// Statistics, as a warehouse's table has them: without, PostgreSQL
			// plans ceb's statement on one process.
			switch e.name {
			case "postgres":
				if _, err := dbtest.Postgres(b).Exec(ctx, "ANALYZE "+table); err != nil {
					b.Fatal(err)
				}
			case "mariadb":
				if j.keyed {
					if _, err := dbtest.MySQL(b).Exec("ALTER TABLE " + table + " ADD PRIMARY KEY (declaration_id)"); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := dbtest.MySQL(b).Exec("ANALYZE TABLE " + table); err != nil {
					b.Fatal(err)
				}
			}
			src, err := Parse(url, nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, dims := range [][]string{nil, {"province", "hs2"}} {
				name := "monthly"
				if dims != nil {
					name = "province,hs2"
				}
				b.Run(name, func(b *testing.B) {
					c, err := connect(ctx, src)
					if err != nil {
						b.Fatal(err)
					}
					defer c.close()
					c.prepare(ctx, dims != nil)
					hand := query{sql: handQuery(e.name, table, dims != nil)}
					runCeb := func() {
						res, err := Aggregate(ctx, url, Options{Options: decl.Options{Dims: dims}})
						if err == nil {
							err = res.WriteCSV(io.Discard)
						}
						if err != nil {
							b.Fatal(err)
						}
					}
					runHand := func() {
						groups := 0
						if err := c.each(ctx, hand, func([]string) error { groups++; return nil }); err != nil {
							b.Fatal(err)
						}
						if groups == 0 {
							b.Fatal("no groups")
						}
					}
					runCeb()  // a warm-up of each: the first scans of a
					runHand() // table just loaded also write its hint bits
					var cebT, handT time.Duration
					for b.Loop() {
						t0 := time.Now()
						runCeb()
						t1 := time.Now()
						runHand()
						cebT, handT = cebT+t1.Sub(t0), handT+time.Since(t1)
					}
					b.ReportMetric(cebT.Seconds()/float64(b.N), "ceb-s/op")
					b.ReportMetric(handT.Seconds()/float64(b.N), "hand-s/op")
					b.ReportMetric(float64(cebT)/float64(handT), "ratio")
				})
			}
		})
	}
}
