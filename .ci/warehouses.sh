#!/usr/bin/env bash
# Private PostgreSQL, ClickHouse and MariaDB servers on loopback, for the
# warehouse tests (data/warehouse) and the benchmark in docs/benchmarks.md.
#
#   eval "$(.ci/warehouses.sh start)"   # starts them, prints the CEB_*_URL exports
#   .ci/warehouses.sh stop              # stops them and removes their files
#
# Each server lives in a temporary directory (its data, config and log) and
# listens on 127.0.0.1 on a spare port; nothing touches the system's own
# instances. PostgreSQL runs as the postgres user when started as root
# (initdb refuses root). ClickHouse runs as two servers, the two shards of
# one cluster (ceb_cluster, in both servers' remote_servers): the first is
# also the single server of CEB_CLICKHOUSE_URL; CEB_CLICKHOUSE_SHARD2_URL
# is the second, where a test puts half of a Distributed table's rows.
# MariaDB gets a user ceb with a password (in CEB_MYSQL_URL). Needs
# Debian's postgresql, clickhouse-server and mariadb-server.
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
# already in use"); the server then exits, and both start again on others.
start_ch() {
  local attempt n
  for attempt in 1 2 3; do
    start_ch_once && return
    echo "clickhouse-server did not start (attempt $attempt); see $state/ch*/server.err.log" >&2
    for n in 1 2; do
      cat "$state/ch$n/server.err.log" "$state/ch$n/stdout.log" >&2 2>/dev/null || true
      kill "$(cat "$state/ch$n/pid" 2>/dev/null)" 2>/dev/null || true
    done
    sleep 1
    rm -rf "$state/ch1" "$state/ch2"
  done
  return 1
}

# ch_config writes server n's config: its ports and paths, and the cluster
# of both servers.
ch_config() {
  local n=$1 dir=$state/ch$1
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas"
  cat >"$dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/server.log</log><errorlog>$dir/server.err.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>${tcp[$n]}</tcp_port>
  <http_port>${http[$n]}</http_port>
  <interserver_http_port>${inter[$n]}</interserver_http_port>
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
  <remote_servers>
    <ceb_cluster>
      <shard><replica><host>127.0.0.1</host><port>${tcp[1]}</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>${tcp[2]}</port></replica></shard>
    </ceb_cluster>
  </remote_servers>
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
}

start_ch_once() {
  local n pid up
  for n in 1 2; do tcp[$n]=$(spare_port); http[$n]=$(spare_port); inter[$n]=$(spare_port); done
  for n in 1 2; do
    ch_config "$n"
    clickhouse-server --config-file="$state/ch$n/config.xml" >"$state/ch$n/stdout.log" 2>&1 &
    echo $! >"$state/ch$n/pid"
  done
  for n in 1 2; do
    pid=$(cat "$state/ch$n/pid")
    up=
    for _ in $(seq 1 150); do
      if clickhouse-client --port "${tcp[$n]}" --query 'SELECT 1' >/dev/null 2>&1; then up=1; break; fi
      kill -0 "$pid" 2>/dev/null || return 1 # it exited
      sleep 0.2
    done
    [ -n "$up" ] || return 1
    clickhouse-client --port "${tcp[$n]}" --query 'CREATE DATABASE IF NOT EXISTS ceb'
    echo "${tcp[$n]}" >"$state/ch$n/port"
  done
  echo "export CEB_CLICKHOUSE_URL=clickhouse://default@127.0.0.1:${tcp[1]}/ceb"
  echo "export CEB_CLICKHOUSE_SHARD2_URL=clickhouse://default@127.0.0.1:${tcp[2]}/ceb"
  echo "export CEB_CLICKHOUSE_CLUSTER=ceb_cluster"
}
declare -A tcp http inter

# start_mariadb makes a data directory and runs mariadbd on a spare port
# (up to three tries), with a database ceb and a user ceb@127.0.0.1 whose
# password is in the URL.
start_mariadb() {
  local dir=$state/mariadb port attempt user
  user=$(id -un)
  mkdir -p "$dir"
  mariadb-install-db --no-defaults --datadir="$dir/data" --user="$user" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; return 1; }
  for attempt in 1 2 3; do
    port=$(spare_port)
    mariadbd --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$port" --bind-address=127.0.0.1 \
      --user="$user" --pid-file="$dir/mariadbd.pid" --log-error="$dir/err.log" --skip-log-bin \
      --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=0 >"$dir/stdout.log" 2>&1 &
    echo $! >"$dir/pid"
    for _ in $(seq 1 150); do
      if mariadb --no-defaults -uroot --socket="$dir/sock" -e 'SELECT 1' >/dev/null 2>&1; then
        mariadb --no-defaults -uroot --socket="$dir/sock" -e "CREATE DATABASE ceb; CREATE USER ceb@'127.0.0.1' IDENTIFIED BY 'ceb-test-pw'; GRANT ALL ON ceb.* TO ceb@'127.0.0.1'; GRANT PROCESS ON *.* TO ceb@'127.0.0.1'"
        echo "$port" >"$dir/port"
        echo "export CEB_MYSQL_URL=mysql://ceb:ceb-test-pw@127.0.0.1:$port/ceb"
        return 0
      fi
      kill -0 "$(cat "$dir/pid")" 2>/dev/null || break # it exited
      sleep 0.2
    done
    echo "mariadbd did not start on port $port (attempt $attempt)" >&2
    cat "$dir/err.log" >&2 || true
    kill "$(cat "$dir/pid")" 2>/dev/null || true
    sleep 1
  done
  return 1
}

stop() {
  local bin f
  if [ -f "$state/pg/port" ]; then
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    as_pg "$bin/pg_ctl" -D "$state/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
  for f in "$state/ch1/pid" "$state/ch2/pid" "$state/mariadb/pid"; do
    [ -f "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    for _ in $(seq 1 75); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.2; done
  done
  rm -rf "$state"
}

case "${1:-}" in
start)
  stop
  mkdir -p "$state"
  chmod 755 "$state"
  start_pg
  start_ch
  start_mariadb
  ;;
stop) stop ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
