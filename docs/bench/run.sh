#!/bin/sh
# Runs the benchmark of docs/benchmarks.md: ceb and DuckDB, interleaved,
# on the same generated file, then checks that they agree to the fen.
# Usage: docs/bench/run.sh [rows] [rounds]   (from the repository root)
# CEB_BENCH_DIMS=province,partner,hs2 runs the --dims job instead.
# CEB_BENCH_FORMAT=parquet converts the file to Parquet with DuckDB first and
# runs both on that; CEB_BENCH_PARQUET_OPTS adds DuckDB COPY options, e.g.
# 'COMPRESSION zstd, ROW_GROUP_SIZE 1000000' (issue 15's layout).
# Needs GNU time (/usr/bin/time), node and npm, python3.
set -eu
rows=${1:-10000000}
rounds=${2:-5}
work=${CEB_BENCH_DIR:-/tmp/ceb-bench}
mkdir -p "$work"
file="$work/decl$rows.csv"
[ -f "$file" ] || go run ./cmd/gendecl --rows "$rows" --seed 1 -o "$file"
go build -o "$work/ceb" ./cmd/ceb
if [ ! -d "$work/node_modules/@duckdb/node-api" ]; then
  (cd "$work" && npm install --silent --no-audit --no-fund @duckdb/node-api@1.5.6-r.1 >/dev/null)
fi
cp docs/bench/duckdb_agg.mjs docs/bench/to_parquet.mjs "$work/"
if [ "${CEB_BENCH_FORMAT:-csv}" = parquet ]; then
  opts=${CEB_BENCH_PARQUET_OPTS:-}
  pq="$work/decl$rows${opts:+.$(printf %s "$opts" | tr -c 'a-zA-Z0-9' _)}.parquet"
  [ -f "$pq" ] || (cd "$work" && node to_parquet.mjs "$file" "$pq" "$opts")
  file=$pq
fi
cat "$file" >/dev/null # into the page cache
echo "file: $file, $(wc -c <"$file") bytes; $(nproc) cores"
for i in $(seq "$rounds"); do
  /usr/bin/time -f "ceb     wall %e s  user %U s  sys %S s  peak RSS %M KB" "$work/ceb" -q data aggregate "$file" ${CEB_BENCH_DIMS:+--dims "$CEB_BENCH_DIMS"} -o "$work/ceb.csv"
  (cd "$work" && /usr/bin/time -f "duckdb  wall %e s  user %U s  sys %S s  peak RSS %M KB" node duckdb_agg.mjs "$file" "$work/duckdb.csv")
done
python3 docs/bench/compare.py "$work/duckdb.csv" "$work/ceb.csv"
