#!/usr/bin/env bash
# The compose files (the single-node quick start and the production-shaped cluster) must stay valid and pinned to
# the Keycloak version the pack is built and tested against.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
version=$(pack_keycloak_version)
for file in docker-compose.yml docker-compose.production.yml; do
  docker-compose -f "$file" config --quiet
  grep -q "image: \${KEYCLOAK_IMAGE:-quay.io/keycloak/keycloak:${version}}$" "$file" || {
    echo "$file does not use Keycloak ${version}, the version in pom.xml" >&2
    exit 1
  }
  echo "$file: valid, Keycloak ${version}"
done
