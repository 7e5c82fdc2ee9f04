#!/usr/bin/env bash
# Starts the demo: builds the pack, fetches the stock Keycloak distribution through Maven, starts Redis and
# Keycloak with the pack and the demo realm, prints what to try. Ctrl-C stops both. Runs again without cleanup.
#
# Ports (override through the environment): DEMO_HTTP_PORT=8080, DEMO_MANAGEMENT_PORT=9000, DEMO_REDIS_PORT=16379.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
root=$(pwd)
http_port=${DEMO_HTTP_PORT:-8080}
management_port=${DEMO_MANAGEMENT_PORT:-9000}
redis_port=${DEMO_REDIS_PORT:-16379}
demo_dir=$root/.demo
version=$(pack_keycloak_version)
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
pack_start_keycloak "$keycloak_home" "$demo_dir/keycloak.log" "$http_port" "$management_port" "$redis_port" \
  --import-realm --features=declarative-ui --metrics-enabled=true
pids+=("$keycloak_pid")
pack_await_keycloak "$management_port" "$demo_dir/keycloak.log"

sed -e "s#{{BASE}}#http://localhost:$http_port#g" -e "s#{{REDIS_PORT}}#$redis_port#g" demo/WALKTHROUGH.txt
echo "Ctrl-C stops Keycloak and Redis."
wait "${pids[1]}"
