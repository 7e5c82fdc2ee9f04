#!/usr/bin/env bash
# The token-endpoint benchmark on PostgreSQL with Keycloak in production mode (`kc.sh build --db=postgres`, then
# `kc.sh start --optimized`), as operators run it: the API-key exchange against stock client_credentials, and
# refresh with the rotation policy on against stock refresh, side by side in one run. Rewrites the PostgreSQL
# section of BENCHMARKS.md. Not part of `mvn verify`. Takes about 10 minutes on 2 cores.
# Then the cost of API-key limits (KeyLimitsBenchmark), also side by side.
#   BENCH_SECONDS=40 (per scenario, in 4 rounds)  BENCH_CONCURRENCY=8  BENCH_ONLY=limits (skip the token endpoint)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
root=$(pwd)
seconds=${BENCH_SECONDS:-40}
concurrency=${BENCH_CONCURRENCY:-8}
only=${BENCH_ONLY:-all}
http_port=${BENCH_HTTP_PORT:-18080}
management_port=${BENCH_MANAGEMENT_PORT:-19000}
redis_port=${BENCH_REDIS_PORT:-16380}
postgres_port=${BENCH_POSTGRES_PORT:-15432}
version=$(pack_keycloak_version)
work=$root/benchmarks/target/bench-postgres
home=$work/keycloak-$version

scripts/install-prerequisites.sh postgresql redis-server
echo "==> Building the pack and the benchmarks"
mvn -B -q --no-transfer-progress -DskipTests -pl integration-tests,benchmarks -am package
rm -rf "$work" && mkdir -p "$work"
cp -a "integration-tests/target/keycloak-$version" "$home"
rm -rf "$home/data" && rm -f "$home"/providers/*.jar && cp integration-tests/target/pack-providers/*.jar "$home/providers/"

echo "==> Starting PostgreSQL on 127.0.0.1:$postgres_port and redis-server on 127.0.0.1:$redis_port"
pack_start_postgres "$work/postgres" "$postgres_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
redis_pid=$!
trap 'kill ${keycloak_pid:-} $redis_pid 2>/dev/null; sleep 2; kill $postgres_pid 2>/dev/null; wait 2>/dev/null || true' EXIT

echo "==> kc.sh build --db=postgres, then kc.sh start --optimized on 127.0.0.1:$http_port (log: $work/keycloak.log)"
"$home/bin/kc.sh" build --db=postgres --health-enabled=true > "$work/build.log" 2>&1
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin JAVA_OPTS_KC_HEAP="-Xms512m -Xmx2g" \
  "$home/bin/kc.sh" start --optimized --http-enabled=true --hostname="http://127.0.0.1:$http_port" \
  --http-port="$http_port" --http-management-port="$management_port" \
  --db-url="jdbc:postgresql://127.0.0.1:$postgres_port/keycloak" --db-username=postgres --db-password=unused \
  --spi-events-listener--keycloak-pack-revocation--redis-url="redis://127.0.0.1:$redis_port" \
  > "$work/keycloak.log" 2>&1 &
keycloak_pid=$!
pack_await_keycloak "$management_port" "$work/keycloak.log"

setup="Written by \`scripts/bench-postgres.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, Keycloak $version
\`kc.sh start --optimized\` on PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -1) (Debian's, on loopback),
one node; load driver, database and server on the same machine."

# Replaces the BENCHMARKS.md section headed "## $1" (up to the next "## " heading) with file $2, or appends it.
write_section() {
  awk -v heading="## $1" -v file="$2" '
    $0 == heading { while ((getline line < file) > 0) print line; print ""; skip = 1; next }
    skip && /^## / { skip = 0 }
    !skip { print }
  ' BENCHMARKS.md > "$work/BENCHMARKS.md"
  grep -qxF "## $1" BENCHMARKS.md || { echo; cat "$2"; } >> "$work/BENCHMARKS.md"
  cp "$work/BENCHMARKS.md" BENCHMARKS.md
  echo "==> Wrote the section '$1' of BENCHMARKS.md"
}

if [[ "$only" != limits ]]; then
  echo "==> Token endpoint load (${seconds}s per scenario, $concurrency concurrent clients)"
  java -cp benchmarks/target/benchmarks.jar io.keycloakpack.bench.load.TokenEndpointBenchmark \
    "http://127.0.0.1:$http_port" "$seconds" "$concurrency" | tee "$work/load.txt"
  {
    echo "## Token endpoint on PostgreSQL (production mode)"
    echo
    echo "$setup Targets (issue 16): API-key exchange"
    echo ">= 1.0x client_credentials, refresh with the rotation policy on >= 0.95x stock refresh."
    echo "The rotation policy turns on Keycloak's own revoke-refresh-token, which writes the client session at every"
    echo "refresh; the last ratio below (policy vs that stock setting) is the pack's own share."
    echo
    sed -n '/^Token endpoint/,$p' "$work/load.txt" | sed '1s/^/### /'
  } > "$work/section.md"
  write_section "Token endpoint on PostgreSQL (production mode)" "$work/section.md"
fi

echo "==> API-key limits (${seconds}s per scenario, $concurrency concurrent clients)"
java -cp benchmarks/target/benchmarks.jar io.keycloakpack.bench.load.KeyLimitsBenchmark \
  "http://127.0.0.1:$http_port" "$seconds" "$concurrency" | tee "$work/limits.txt"
{
  echo "## API-key limits on PostgreSQL (production mode)"
  echo
  echo "$setup Target (issue 14): each limit check costs"
  echo "under 5% of the API-key exchange's throughput. A limit is one conditional UPDATE of the key's row in a short"
  echo "transaction of its own; every client here uses the same key, so the counted scenarios contend for one row."
  echo
  sed -n '/^API-key limits/,$p' "$work/limits.txt" | sed '1s/^/### /'
} > "$work/section.md"
write_section "API-key limits on PostgreSQL (production mode)" "$work/section.md"
