#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a private PostgreSQL 15 cluster (fast and unsafe: no fsync) listening on 127.0.0.1 only,
# with a database "copilote" and a superuser "copilote" (so the test run can create its test
# database), runs CMD with DATABASE_URL pointing at it, then stops the cluster and deletes it,
# whatever the outcome. Exits with CMD's exit status.
#
# Works as a normal user and as root (CI): PostgreSQL refuses to run as root, so root runs the
# server as the system user "copilote-ci" (created when missing). When PostgreSQL is not
# installed, root installs Debian's "postgresql" package.
#
# Environment: PG_MAJOR (default 15) is the preferred server version; PG_PORT forces the port.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
PG_USER=copilote
PG_DB=copilote
CI_USER=copilote-ci

say() { echo "with-postgres: $*" >&2; }
die() { say "error: $*"; exit 1; }

[ $# -gt 0 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }

# --- find the server binaries ------------------------------------------------------------------
find_bindir() {
    if [ -x "/usr/lib/postgresql/$PG_MAJOR/bin/initdb" ]; then
        echo "/usr/lib/postgresql/$PG_MAJOR/bin"
        return
    fi
    # Another version: take the newest one installed (nothing when none is).
    local newest
    newest=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
    if [ -x "$newest" ]; then dirname "$newest"; fi
}

BINDIR=$(find_bindir)
if [ ! -x "/usr/lib/postgresql/$PG_MAJOR/bin/initdb" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "PostgreSQL $PG_MAJOR not found, installing Debian's postgresql package..."
    apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@"; }
    apt_get update -qq
    # Prefer the exact major version when the archive has it, else the distribution's default.
    if apt-cache show "postgresql-$PG_MAJOR" >/dev/null 2>&1; then
        apt_get install -y -qq "postgresql-$PG_MAJOR" >/dev/null
    else
        apt_get install -y -qq postgresql >/dev/null
    fi
    BINDIR=$(find_bindir)
fi
[ -n "$BINDIR" ] || die "PostgreSQL server not found under /usr/lib/postgresql/*/bin; install it (Debian: apt-get install postgresql)"
VERSION=$(basename "$(dirname "$BINDIR")")
[ "$VERSION" = "$PG_MAJOR" ] || say "warning: PostgreSQL $PG_MAJOR not available, using version $VERSION"

# --- who runs the server -----------------------------------------------------------------------
if [ "$(id -u)" = 0 ]; then
    if ! id -u "$CI_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$CI_USER"
    fi
    # The server user must be able to reach its files: keep them under /tmp, not root's TMPDIR.
    WORKDIR=$(mktemp -d /tmp/copilote-pg.XXXXXX)
    chown "$CI_USER:" "$WORKDIR"
    as_pg() { (cd "$WORKDIR" && runuser -u "$CI_USER" -- "$@"); }
else
    WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/copilote-pg.XXXXXX")
    as_pg() { (cd "$WORKDIR" && "$@"); }
fi
DATADIR=$WORKDIR/data
SOCKDIR=$WORKDIR/run
LOGFILE=$WORKDIR/postgres.log

cleanup() {
    local status=$?
    if [ -f "$DATADIR/postmaster.pid" ]; then
        as_pg "$BINDIR/pg_ctl" -D "$DATADIR" -m immediate -w -t 30 stop >/dev/null 2>&1 \
            || say "warning: could not stop the server (data in $DATADIR)"
    fi
    rm -rf "$WORKDIR"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- create the cluster ------------------------------------------------------------------------
PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
as_pg mkdir -m 700 "$SOCKDIR"
as_pg sh -c 'umask 077 && cat > pwfile' <<<"$PASSWORD"
as_pg "$BINDIR/initdb" --pgdata="$DATADIR" --username="$PG_USER" --pwfile="$WORKDIR/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-locale --no-sync \
    >"$WORKDIR/initdb.log" 2>&1 || { cat "$WORKDIR/initdb.log" >&2; die "initdb failed"; }
rm -f "$WORKDIR/pwfile"

as_pg sh -c "cat >> '$DATADIR/postgresql.conf'" <<EOF

# Throwaway test cluster: loopback only, speed over durability.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCKDIR'
fsync = off
synchronous_commit = off
full_page_writes = off
# Concurrency tests open one connection per thread (200 registrations at once).
max_connections = 250
EOF

# --- start it on a free port -------------------------------------------------------------------
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
        2>/dev/null || echo $((54329 + RANDOM % 1000))
}

started=
for attempt in 1 2 3; do
    PORT=${PG_PORT:-$(free_port)}
    if as_pg "$BINDIR/pg_ctl" -D "$DATADIR" -l "$LOGFILE" -o "-p $PORT" -w -t 60 start >/dev/null; then
        started=1
        break
    fi
    say "could not start on port $PORT (attempt $attempt)"
done
[ -n "$started" ] || { tail -n 30 "$LOGFILE" >&2 || true; die "PostgreSQL did not start"; }

as_pg "$BINDIR/createdb" --host="$SOCKDIR" --port="$PORT" --username="$PG_USER" "$PG_DB"

export DATABASE_URL="postgres://$PG_USER:$PASSWORD@127.0.0.1:$PORT/$PG_DB"
say "PostgreSQL $VERSION ready on 127.0.0.1:$PORT (database $PG_DB); running: $*"

# --- run the command ---------------------------------------------------------------------------
set +e
"$@"
status=$?
set -e
exit "$status"
