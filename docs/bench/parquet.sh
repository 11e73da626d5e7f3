#!/bin/sh
# Parquet against DuckDB: the 10M-record file in both Parquet layouts of
# docs/benchmarks.md (DuckDB's defaults: snappy, 122,880-row groups; and the
# lake layout of issues 15 and 30: zstd, 1,000,000-row groups), one or more
# ceb binaries and DuckDB's read_parquet GROUP BY (duckdb_agg.mjs) run in
# turn, round after round, each timed by GNU time; then the minimum, median
# and maximum of each figure, and a check that every output agrees with
# DuckDB's to the fen.
# Usage (from the repository root):
#   docs/bench/parquet.sh [rounds] [ceb binary ...]
# Without binaries it builds ./cmd/ceb. CEB_BENCH_DIR (default
# /tmp/ceb-bench) holds the files, made as run.sh makes them.
# Needs GNU time (/usr/bin/time), node and npm, python3.
set -eu
rounds=${1:-5}
[ $# -gt 0 ] && shift
work=${CEB_BENCH_DIR:-/tmp/ceb-bench}
mkdir -p "$work"
csv="$work/decl10000000.csv"
[ -f "$csv" ] || go run ./cmd/gendecl --rows 10000000 --seed 1 -o "$csv"
if [ $# -eq 0 ]; then
  go build -o "$work/ceb" ./cmd/ceb
  set -- "$work/ceb"
fi
if [ ! -d "$work/node_modules/@duckdb/node-api" ]; then
  (cd "$work" && npm install --silent --no-audit --no-fund @duckdb/node-api@1.5.6-r.1 >/dev/null)
fi
cp docs/bench/duckdb_agg.mjs docs/bench/to_parquet.mjs "$work/"
snappy="$work/decl10000000.parquet"
zstd="$work/decl10000000.zstd1m.parquet"
[ -f "$snappy" ] || (cd "$work" && node to_parquet.mjs "$csv" "$snappy" "")
[ -f "$zstd" ] || (cd "$work" && node to_parquet.mjs "$csv" "$zstd" "COMPRESSION zstd, ROW_GROUP_SIZE 1000000")
log="$work/parquet-times.tsv"
: >"$log"
echo "$(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for i in $(seq "$rounds"); do
  echo "round $i: $(uptime)"
  for file in "$snappy" "$zstd"; do
    cat "$file" >/dev/null # into the page cache
    n=0
    for ceb in "$@"; do
      n=$((n + 1))
      /usr/bin/time -o "$work/t" -f "%e	%U	%S	%M" "$ceb" -q data aggregate "$file" -o "$work/ceb$n.csv"
      printf '%s\t%s\t%s\n' "$(basename "$file")" "ceb$n" "$(cat "$work/t")" >>"$log"
    done
    (cd "$work" && /usr/bin/time -o "$work/t" -f "%e	%U	%S	%M" node duckdb_agg.mjs "$file" "$work/duckdb.csv" 2>"$work/duckdb.err")
    printf '%s\t%s\t%s\t%s\n' "$(basename "$file")" duckdb "$(cat "$work/t")" "$(sed -n 's/.*query \([0-9.]*\) s/\1/p' "$work/duckdb.err")" >>"$log"
    n=0
    for ceb in "$@"; do
      n=$((n + 1))
      python3 docs/bench/compare.py "$work/duckdb.csv" "$work/ceb$n.csv" >/dev/null || echo "ceb$n ($ceb) differs from DuckDB on $file"
    done
  done
done
n=0
for ceb in "$@"; do
  n=$((n + 1))
  echo "ceb$n: $ceb"
done
python3 - "$log" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.rstrip('\n').split('\t')
    rows.setdefault((f[0], f[1]), []).append(f[2:])
def mmm(xs):
    return '%.2f / %.2f / %.2f' % (min(xs), statistics.median(xs), max(xs))
print('file | run | wall s | user+sys s | peak RSS MB | DuckDB query s (min / median / max)')
for (file, run), rs in sorted(rows.items()):
    wall = [float(r[0]) for r in rs]
    cpu = [float(r[1]) + float(r[2]) for r in rs]
    rss = [int(r[3]) / 1024 for r in rs]
    q = [float(r[4]) for r in rs if len(r) > 4 and r[4]]
    print(f"{file} | {run} ({len(rs)} runs) | {mmm(wall)} | {mmm(cpu)} | {mmm(rss)} | {mmm(q) if q else ''}")
EOF
