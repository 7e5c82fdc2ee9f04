# Shared by the scripts (source it): the Keycloak version the pack is built against, and starting a Keycloak
# distribution with the pack and waiting until it is ready. The Java test harness does the same for the tests.

# The Keycloak version in pom.xml (one property, keycloak.version).
pack_keycloak_version() {
  sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$(dirname "${BASH_SOURCE[0]}")/../pom.xml"
}

# pack_start_keycloak HOME LOG HTTP_PORT MANAGEMENT_PORT REDIS_PORT [more kc.sh options...]
# Starts `kc.sh start-dev` in the background (admin/admin) with the revocation listener pointed at Redis;
# sets keycloak_pid.
pack_start_keycloak() {
  local home=$1 log=$2 http_port=$3 management_port=$4 redis_port=$5
  shift 5
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$home/bin/kc.sh" start-dev --http-port="$http_port" --http-management-port="$management_port" \
    --health-enabled=true \
    --spi-events-listener--keycloak-pack-revocation--redis-url="redis://127.0.0.1:$redis_port" "$@" \
    > "$log" 2>&1 &
  keycloak_pid=$!
}

# pack_await_keycloak MANAGEMENT_PORT LOG: waits up to 240 s for /health/ready; shows the log's end if it dies.
pack_await_keycloak() {
  local management_port=$1 log=$2
  for _ in $(seq 1 240); do
    if curl -fs "http://127.0.0.1:$management_port/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$keycloak_pid" 2>/dev/null; then
      echo "Keycloak stopped during start-up; the end of $log:" >&2
      tail -40 "$log" >&2
      return 1
    fi
    sleep 1
  done
  echo "Keycloak was not ready within 240 s; the end of $log:" >&2
  tail -40 "$log" >&2
  return 1
}

# pack_start_postgres DIR PORT: a private PostgreSQL cluster (Debian's postgresql) in DIR on 127.0.0.1:PORT with an
# empty database "keycloak"; as root it runs as the postgres user, which PostgreSQL insists on. Sets postgres_pid.
pack_start_postgres() {
  local dir=$1 port=$2 bin as=()
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
  "${as[@]}" "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 > "$dir.log" 2>&1
  "${as[@]}" "$bin/postgres" -D "$dir" -p "$port" -k "$dir" -c listen_addresses=127.0.0.1 -c max_connections=200 \
    >> "$dir.log" 2>&1 &
  postgres_pid=$!
  for _ in $(seq 1 60); do
    "$bin/pg_isready" -h 127.0.0.1 -p "$port" -q && break
    sleep 1
  done
  "${as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres keycloak
}
