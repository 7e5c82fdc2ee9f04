#!/usr/bin/env bash
# Starts the demo: builds the pack, fetches the stock Keycloak distribution through Maven, starts Redis and
# Keycloak with the pack and the demo realm, prints what to try. Ctrl-C stops both. Runs again without cleanup.
#
# Ports (override through the environment): DEMO_HTTP_PORT=8080, DEMO_MANAGEMENT_PORT=9000, DEMO_REDIS_PORT=16379.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
http_port=${DEMO_HTTP_PORT:-8080}
management_port=${DEMO_MANAGEMENT_PORT:-9000}
redis_port=${DEMO_REDIS_PORT:-16379}
demo_dir=$root/.demo
version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml)
keycloak_home=$demo_dir/keycloak-$version

for port in "$http_port" "$management_port" "$redis_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use (an earlier demo still running?). Stop it, or set DEMO_*_PORT." >&2
    exit 1
  fi
done

scripts/install-prerequisites.sh redis-server curl
scripts/require-node.sh

echo "==> Building the pack and fetching Keycloak $version through Maven (first run: a few minutes)"
mvn -B -q --no-transfer-progress -DskipTests -pl integration-tests -am package

mkdir -p "$demo_dir/redis"
if [ ! -d "$keycloak_home" ]; then
  cp -a "integration-tests/target/keycloak-$version" "$keycloak_home"
fi
rm -f "$keycloak_home"/providers/*.jar
cp integration-tests/target/pack-providers/*.jar "$keycloak_home/providers/"
mkdir -p "$keycloak_home/data/import"
cp demo/demo-realm.json "$keycloak_home/data/import/"

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "==> Stopping the demo"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "==> Starting redis-server on 127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$demo_dir/redis" --appendonly yes \
  > "$demo_dir/redis.log" 2>&1 &
pids+=($!)

echo "==> Starting Keycloak $version with the pack on http://localhost:$http_port (log: .demo/keycloak.log)"
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  "$keycloak_home/bin/kc.sh" start-dev --import-realm --features=declarative-ui \
  --http-port="$http_port" --http-management-port="$management_port" \
  --health-enabled=true --metrics-enabled=true \
  --spi-events-listener--keycloak-pack-revocation--redis-url="redis://127.0.0.1:$redis_port" \
  > "$demo_dir/keycloak.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$management_port/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "${pids[1]}" 2>/dev/null; then
    echo "Keycloak stopped during start-up; the end of .demo/keycloak.log:" >&2
    tail -40 "$demo_dir/keycloak.log" >&2
    exit 1
  fi
  sleep 1
done

sed -e "s#{{BASE}}#http://localhost:$http_port#g" -e "s#{{REDIS_PORT}}#$redis_port#g" demo/WALKTHROUGH.txt
echo "Ctrl-C stops Keycloak and Redis."
wait "${pids[1]}"
