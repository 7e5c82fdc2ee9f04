#!/usr/bin/env bash
# Runs the benchmark suite against a real Keycloak with the pack on this machine and writes BENCHMARKS.md.
# Not part of `mvn verify`. Takes about 15 minutes on 2 cores.
#   BENCH_SECONDS=20 (per load scenario)  BENCH_CONCURRENCY=8  BENCH_HTTP_PORT=18080  BENCH_MANAGEMENT_PORT=19000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
root=$(pwd)
seconds=${BENCH_SECONDS:-20}
concurrency=${BENCH_CONCURRENCY:-8}
http_port=${BENCH_HTTP_PORT:-18080}
management_port=${BENCH_MANAGEMENT_PORT:-19000}
redis_port=${BENCH_REDIS_PORT:-16380}
version=$(pack_keycloak_version)
work=$root/benchmarks/target/bench-work
home=$work/keycloak-$version

echo "==> Building the pack and the benchmarks"
mvn -B -q --no-transfer-progress -DskipTests -pl integration-tests,benchmarks -am package
rm -rf "$work" && mkdir -p "$work"
cp -a "integration-tests/target/keycloak-$version" "$home"
rm -f "$home"/providers/*.jar && cp integration-tests/target/pack-providers/*.jar "$home/providers/"
# Test-only: seeds a million API keys in SQL for the lookup benchmark (this Keycloak is thrown away after).
cp integration-tests/target/test-providers/*.jar "$home/providers/"

echo "==> Starting redis-server on 127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
redis_pid=$!

echo "==> Starting Keycloak $version with the pack on 127.0.0.1:$http_port (log: $work/keycloak.log)"
JAVA_OPTS_KC_HEAP="-Xms512m -Xmx2g" pack_start_keycloak "$home" "$work/keycloak.log" "$http_port" \
  "$management_port" "$redis_port"
kc_pid=$keycloak_pid
trap 'kill $kc_pid $redis_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
pack_await_keycloak "$management_port" "$work/keycloak.log"

jar=benchmarks/target/benchmarks.jar
echo "==> Token endpoint load (${seconds}s per scenario, $concurrency concurrent clients)"
java -cp "$jar" io.keycloakpack.bench.load.TokenEndpointBenchmark "http://127.0.0.1:$http_port" "$seconds" \
  "$concurrency" | tee "$work/load.txt"
echo "==> Token issuance by roles held"
java -cp "$jar" io.keycloakpack.bench.load.RoleScalingBenchmark "http://127.0.0.1:$http_port" 10 "$concurrency" \
  | tee "$work/roles.txt"
echo "==> Emergency revocation latency"
java -cp "$jar" io.keycloakpack.bench.load.RevocationLatencyBenchmark "http://127.0.0.1:$http_port" "$redis_port" \
  500 | tee "$work/revocation.txt"
echo "==> Revocation listener on the request path"
java -cp "$jar" io.keycloakpack.bench.load.ListenerOverheadBenchmark "http://127.0.0.1:$http_port" 30 4 \
  | tee "$work/listener.txt"
echo "==> API-key exchange with 10^3 and 10^6 keys in the database"
java -cp "$jar" io.keycloakpack.bench.load.ApiKeyLookupBenchmark "http://127.0.0.1:$http_port" 10 "$concurrency" \
  | tee "$work/lookup.txt"
echo "==> Outbox drain after a Redis outage"
java -cp "$jar" io.keycloakpack.bench.load.OutboxDrainBenchmark fill "http://127.0.0.1:$http_port" "$redis_port" \
  10000
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >> "$work/redis.log" 2>&1 &
redis_pid=$!
java -cp "$jar" io.keycloakpack.bench.load.OutboxDrainBenchmark drain "http://127.0.0.1:$http_port" "$redis_port" \
  10000 | tee "$work/drain.txt"
kill $kc_pid; wait $kc_pid 2>/dev/null || true

echo "==> Revocation view load from Redis (Keycloak stopped; empties the bench Redis)"
java -cp "$jar" io.keycloakpack.bench.load.RevocationViewLoadBenchmark "$redis_port" 10000 100000 1000000 \
  | tee "$work/view.txt"

echo "==> JMH micro-benchmarks (Keycloak stopped)"
java -jar "$jar" -wi 3 -w 1 -i 5 -r 1 -f 1 -rf text -rff "$work/jmh.txt" > "$work/jmh-run.txt"
tail -40 "$work/jmh-run.txt"

# The PostgreSQL section is written by scripts/bench-postgres.sh: keep it.
postgres_section=$(sed -n '/^## Token endpoint on PostgreSQL/,$p' BENCHMARKS.md 2>/dev/null || true)
{
  echo "# Benchmarks"
  echo
  echo "Written by \`scripts/bench.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1)."
  echo "Keycloak $version start-dev (H2), load driver and server on the same machine; compare ratios, not absolutes."
  echo
  echo "Targets from the issues: API-key exchange >= 0.9x client_credentials; mappers <= 3% added; admin action"
  echo "to Redis p99 <= 50 ms; revocation to refusal p99 <= 100 ms; revocation check p99 <= 1 us; signature"
  echo "verification <= 100 us; <= 96 B of Redis per revoked token; API-key check <= 5 us, bad checksum <= 1 us."
  echo
  echo "## Token endpoint"
  sed -n '/^Token endpoint/,$p' "$work/load.txt"
  echo
  echo "## Token issuance by roles held"
  sed -n '/^Token issuance by roles/,$p' "$work/roles.txt"
  echo
  echo "## Revocation"
  sed -n '/^Emergency revocation to key/,$p' "$work/revocation.txt"
  echo
  sed -n '/^Outbox drain/,$p' "$work/drain.txt"
  echo
  sed -n '/^Revocation listener on the request path/,$p' "$work/listener.txt"
  echo
  sed -n '/^Revocation view load/,$p' "$work/view.txt"
  echo
  echo "## API-key lookup"
  sed -n '/^API-key exchange by keys/,$p' "$work/lookup.txt"
  echo
  grep '^\[heap\]' "$work/jmh-run.txt" | sort -u || true
  echo
  echo "## JMH (average time per operation)"
  echo
  echo '```'
  cat "$work/jmh.txt"
  echo '```'
  if [ -n "$postgres_section" ]; then echo; echo "$postgres_section"; fi
} > BENCHMARKS.md
echo "==> Wrote BENCHMARKS.md"
