#!/usr/bin/env bash
# Runs every test: unit tests of each module, then the integration tests against a real Keycloak
# distribution (fetched through Maven) and a real redis-server, both started on free loopback ports; the cluster
# lane adds a private PostgreSQL and a second Keycloak node.
set -euo pipefail
cd "$(dirname "$0")/.."
# redis-server for the revocation tests; Chromium and its driver for the page tests; PostgreSQL for the cluster
# lane (Debian's, no downloads).
scripts/install-prerequisites.sh redis-server chromium chromium-driver postgresql
scripts/require-node.sh
exec mvn -B --no-transfer-progress clean verify "$@"
