#!/usr/bin/env bash
# The warehouse benchmark of docs/benchmarks.md: on generated declarations
# loaded into the test PostgreSQL and ClickHouse, the pushdown
# (ceb data aggregate URL) against the naive path (export every row with
# COPY … TO STDOUT or SELECT … FORMAT CSVWithNames, aggregate locally), in
# one interleaved run, plus the server's own time for the pushdown query
# (PostgreSQL's log_min_duration_statement, ClickHouse's query_log).
# Usage: eval "$(.ci/warehouses.sh start)"; docs/bench/warehouse.sh [rows] [rounds]
# CEB_BENCH_DIMS=province,hs2 adds --dims to every run.
set -euo pipefail
rows=${1:-10000000}
rounds=${2:-3}
work=${CEB_BENCH_DIR:-/tmp/ceb-bench}
state=${CEB_WAREHOUSE_DIR:-/tmp/ceb-warehouses}
mkdir -p "$work"
file="$work/decl$rows.csv"
[ -f "$file" ] || go run ./cmd/gendecl --rows "$rows" --seed 1 -o "$file"
go build -o "$work/ceb" ./cmd/ceb
ceb=$work/ceb
table=bench_$rows
cols_pg="declaration_id text, declared_on date, flow text, trade_mode text, hs_code text, partner text, province text, currency text, value numeric(18,2), pieces bigint"
cols_ch="declaration_id String, declared_on Date, flow String, trade_mode String, hs_code String, partner String, province String, currency String, value Decimal(18,2), pieces Int64"
chport=${CEB_CLICKHOUSE_URL##*:}; chport=${chport%%/*}

if [ "$(psql "$CEB_PG_URL" -Atc "SELECT count(*) FROM $table" 2>/dev/null || echo 0)" != "$rows" ]; then
  echo "loading $rows rows into PostgreSQL"
  psql "$CEB_PG_URL" -qc "DROP TABLE IF EXISTS $table" -c "CREATE TABLE $table ($cols_pg)" \
    -c "\\copy $table FROM '$file' (FORMAT csv, HEADER)" -c "VACUUM ANALYZE $table"
fi
if [ "$(clickhouse-client --port "$chport" -d ceb --query "SELECT count() FROM $table" 2>/dev/null || echo 0)" != "$rows" ]; then
  echo "loading $rows rows into ClickHouse"
  clickhouse-client --port "$chport" -d ceb --query "DROP TABLE IF EXISTS $table"
  clickhouse-client --port "$chport" -d ceb --query "CREATE TABLE $table ($cols_ch) ENGINE = MergeTree ORDER BY declared_on"
  clickhouse-client --port "$chport" -d ceb --query "INSERT INTO $table FORMAT CSVWithNames" <"$file"
fi
pg="$CEB_PG_URL?table=$table&options=-c%20log_min_duration_statement%3D0"
ch="$CEB_CLICKHOUSE_URL?table=$table&log_queries=1"
echo "$rows rows; $(nproc) cores; $(psql "$CEB_PG_URL" -Atc 'SHOW server_version'), ClickHouse $(clickhouse-client --port "$chport" --query 'SELECT version()')"
dims=${CEB_BENCH_DIMS:+--dims $CEB_BENCH_DIMS}
t() { /usr/bin/time -f "$1  wall %e s  user %U s  sys %S s  peak RSS %M KB" "${@:2}"; }
for i in $(seq "$rounds"); do
  t "pg pushdown       " "$ceb" -q data aggregate "$pg" $dims -o "$work/pg-push.csv"
  t "pg COPY + local   " sh -c "psql '$CEB_PG_URL' -qc '\\copy $table TO STDOUT (FORMAT csv, HEADER)' | '$ceb' -q data aggregate - $dims -o '$work/pg-naive.csv'"
  t "ch pushdown       " "$ceb" -q data aggregate "$ch" $dims -o "$work/ch-push.csv"
  t "ch export + local " sh -c "clickhouse-client --port $chport -d ceb --query 'SELECT * FROM $table FORMAT CSVWithNames' | '$ceb' -q data aggregate - $dims -o '$work/ch-naive.csv'"
done
echo "server time of the pushdown query:"
grep -o 'duration: [0-9.]* ms  execute [^:]*: SELECT COALESCE(((' "$state/pg/log" | tail -"$rounds" | awk '{print "  postgres " $2 " ms"}'
sleep 2
clickhouse-client --port "$chport" --query "SYSTEM FLUSH LOGS" 2>/dev/null || true
clickhouse-client --port "$chport" --query "SELECT '  clickhouse', query_duration_ms, 'ms' FROM system.query_log WHERE type = 2 AND query LIKE '%GROUP BY%' AND query LIKE '%$table%' ORDER BY event_time DESC LIMIT $rounds"
"$ceb" -q data aggregate "$file" $dims -o "$work/file.csv"
for f in pg-push pg-naive ch-push ch-naive; do cmp "$work/$f.csv" "$work/file.csv" && echo "$f.csv = the file's aggregate, byte for byte"; done
