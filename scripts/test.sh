#!/usr/bin/env bash
# Runs every test: unit tests of each module, then the integration tests against a real Keycloak
# distribution (fetched through Maven) and a real redis-server, both started on free loopback ports; the cluster
# lane adds a private PostgreSQL and a second Keycloak node; the container lane runs the pack in containers.
set -euo pipefail
cd "$(dirname "$0")/.."
# redis-server for the revocation tests; Chromium and its driver for the page tests; PostgreSQL for the cluster
# lane (Debian's, no downloads).
scripts/install-prerequisites.sh redis-server chromium chromium-driver postgresql
scripts/require-node.sh
# The container lane: a Docker-API engine (Docker if one runs, else Debian's podman) and its images, built here
# from Debian's archive and Maven Central (no image registry is needed). -Dcontainers.skip=true leaves it out.
if [[ " $* " != *" -Dcontainers.skip=true "* ]]; then
  source scripts/container-engine.sh
  scripts/build-images.sh
fi
exec mvn -B --no-transfer-progress clean verify "$@"
