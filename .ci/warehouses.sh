#!/usr/bin/env bash
# Private PostgreSQL and ClickHouse servers on loopback, for the warehouse
# tests (data/warehouse) and the benchmark in docs/benchmarks.md.
#
#   eval "$(.ci/warehouses.sh start)"   # starts both, prints the CEB_*_URL exports
#   .ci/warehouses.sh stop              # stops them and removes their files
#
# Each server lives in a temporary directory (its data, config and log) and
# listens on 127.0.0.1 on a spare port; nothing touches the system's own
# instances. PostgreSQL runs as the postgres user when started as root
# (initdb refuses root). Needs Debian's postgresql and clickhouse-server.
set -euo pipefail

state=${CEB_WAREHOUSE_DIR:-/tmp/ceb-warehouses}

spare_port() {
  # A port nobody listens on, from the kernel: bind to port 0 and read it.
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $(( 20000 + RANDOM % 20000 ))
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_pg() {
  local bin port dir
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  dir=$state/pg
  port=$(spare_port)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  as_pg "$bin/initdb" -D "$dir/data" -U ceb --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
  # Up to three ports, as for ClickHouse (start_ch): a spare port can be
  # taken before the server binds it.
  local attempt
  for attempt in 1 2 3; do
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_parallel_workers_per_gather=2" start >/dev/null; then
      break
    fi
    [ "$attempt" = 3 ] && { cat "$dir/log" >&2; return 1; }
    echo "PostgreSQL did not start on port $port (attempt $attempt); trying another" >&2
    port=$(spare_port)
  done
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U ceb ceb
  echo "$port" >"$dir/port"
  echo "export CEB_PG_URL=postgres://ceb@127.0.0.1:$port/ceb"
}

# start_ch tries up to three times: a spare port can be taken between
# spare_port and the server's bind (once by an ephemeral port: "Address
# already in use"); the server then exits, and it starts again on others.
start_ch() {
  local attempt
  for attempt in 1 2 3; do
    start_ch_once && return
    echo "clickhouse-server did not start (attempt $attempt); see $state/ch/server.err.log" >&2
    cat "$state/ch/server.err.log" "$state/ch/stdout.log" >&2 || true
    kill "$(cat "$state/ch/pid" 2>/dev/null)" 2>/dev/null || true
    rm -rf "$state/ch"
  done
  return 1
}

start_ch_once() {
  local port http dir pid
  dir=$state/ch
  port=$(spare_port)
  http=$(spare_port)
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/server.err.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>$port</tcp_port>
  <http_port>$http</http_port>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>536870912</mark_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <query_log><database>system</database><table>query_log</table><flush_interval_milliseconds>1000</flush_interval_milliseconds></query_log>
</yandex>
EOF
  cat >"$dir/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
  </users>
  <quotas><default></default></quotas>
</yandex>
EOF
  clickhouse-server --config-file="$dir/config.xml" >"$dir/stdout.log" 2>&1 &
  pid=$!
  echo $pid >"$dir/pid"
  for _ in $(seq 1 100); do
    if clickhouse-client --port "$port" --query 'SELECT 1' >/dev/null 2>&1; then
      clickhouse-client --port "$port" --query 'CREATE DATABASE IF NOT EXISTS ceb'
      echo "$port" >"$dir/port"
      echo "export CEB_CLICKHOUSE_URL=clickhouse://default@127.0.0.1:$port/ceb"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || return 1 # it exited
    sleep 0.2
  done
  return 1
}

stop() {
  local bin
  if [ -f "$state/pg/port" ]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    as_pg "$bin/pg_ctl" -D "$state/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ -f "$state/ch/pid" ]; then
    kill "$(cat "$state/ch/pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$(cat "$state/ch/pid")" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$state"
}

case "${1:-}" in
start)
  stop
  mkdir -p "$state"
  chmod 755 "$state"
  start_pg
  start_ch
  ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
