#!/usr/bin/env bash
# Starts PgBouncer (Debian's package) in transaction mode in front of a PostgreSQL server, for the pooled pass of
# the PostgreSQL tests (issue #20: hosted providers' pooled URLs work this way). Usage:
#   bash .ci/pgbouncer.sh start postgresql://USER[:PASSWORD]@127.0.0.1:5432/postgres   # prints the pooled URL
#   bash .ci/pgbouncer.sh stop
# Listens on 127.0.0.1:${PGBOUNCER_PORT:-6432}; every database name is passed through (`* =`), so the databases the
# tests create per file are reachable through the pooler with no config change. Clients authenticate like the
# server does: trust when the URL has no password, md5 with the URL's password otherwise. PgBouncer refuses to run
# as root, so as root it runs as the postgres user.
set -euo pipefail
port="${PGBOUNCER_PORT:-6432}"
dir="${PGBOUNCER_DIR:-/tmp/pgbouncer-$port}"

stop() {
  if [ -f "$dir/pgbouncer.pid" ]; then
    kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
    for _ in $(seq 1 20); do [ -f "$dir/pgbouncer.pid" ] || break; sleep 0.2; done
  fi
}

case "${1:-}" in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start POSTGRES_URL | stop" >&2; exit 2 ;;
esac
url="${2:?start needs the PostgreSQL server URL}"
command -v pgbouncer >/dev/null 2>&1 || { echo "pgbouncer is not installed (apt-get install pgbouncer)" >&2; exit 1; }

# user, password, host and port from the URL (node is here anyway; no URL parsing in bash).
read -r user password host pgport < <(node -e '
  const u = new URL(process.argv[1]);
  console.log([decodeURIComponent(u.username || "postgres"), decodeURIComponent(u.password) || "-", u.hostname, u.port || "5432"].join(" "));
' "$url")

stop
# Debian's package may have started its own daemon on the default port at install: ours has the config we need.
if pg_isready -h 127.0.0.1 -p "$port" -q 2>/dev/null && [ -x /etc/init.d/pgbouncer ]; then /etc/init.d/pgbouncer stop >/dev/null 2>&1 || true; fi
mkdir -p "$dir"
if [ "$password" = "-" ]; then auth=trust; password=""; else auth=md5; fi
printf '"%s" "%s"\n' "$user" "$password" > "$dir/userlist.txt"
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=$host port=$pgport

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = $auth
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
chmod 600 "$dir/userlist.txt"
if [ "$(id -u)" = "0" ]; then
  chown -R postgres "$dir"
  su postgres -s /bin/sh -c "pgbouncer -d '$dir/pgbouncer.ini'"
else
  pgbouncer -d "$dir/pgbouncer.ini"
fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$port" -q 2>/dev/null && break; sleep 0.2; done
if ! pg_isready -h 127.0.0.1 -p "$port" -q 2>/dev/null; then
  echo "PgBouncer did not start on 127.0.0.1:$port; its log:" >&2
  tail -n 20 "$dir/pgbouncer.log" >&2 || true
  exit 1
fi
pooled="postgresql://$(node -e 'const u=new URL(process.argv[1]); console.log(u.username ? u.username + (u.password ? ":" + u.password : "") + "@" : "")' "$url")127.0.0.1:$port/postgres"
echo "$pooled"
