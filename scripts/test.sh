#!/usr/bin/env bash
# Runs every test: unit tests of each module, then the integration tests against a real Keycloak
# distribution (fetched through Maven) and a real redis-server, both started on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")/.."
# redis-server for the revocation tests; Chromium and its driver for the page tests (Debian's, no downloads).
scripts/install-prerequisites.sh redis-server chromium chromium-driver
scripts/require-node.sh
exec mvn -B --no-transfer-progress clean verify "$@"
