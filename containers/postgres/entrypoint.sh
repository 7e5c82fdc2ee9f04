#!/bin/sh
# As the official image's entry point: on an empty data directory, a cluster whose superuser is POSTGRES_USER
# (password POSTGRES_PASSWORD, scram-sha-256 from other hosts) with the database POSTGRES_DB; then the server on
# every interface, as the postgres user.
set -e
if [ "$1" = "postgres" ]; then
  shift
  user="${POSTGRES_USER:-postgres}"
  mkdir -p "$PGDATA" /run/postgresql
  chown -R postgres:postgres "$PGDATA" /run/postgresql
  chmod 700 "$PGDATA"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    printf '%s' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > /tmp/pwfile
    chown postgres /tmp/pwfile
    runuser -u postgres -- initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile -E UTF8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f /tmp/pwfile
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    db="${POSTGRES_DB:-$user}"
    if [ "$db" != "postgres" ]; then
      echo "CREATE DATABASE \"$db\" OWNER \"$user\";" \
        | runuser -u postgres -- postgres --single -D "$PGDATA" postgres >/dev/null
    fi
  fi
  exec runuser -u postgres -- postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec "$@"
