#!/usr/bin/env bash
# docker-compose.yml cannot run on machines without a Docker engine, but it must stay valid and pinned to the
# Keycloak version the pack is built and tested against.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
version=$(pack_keycloak_version)
docker-compose -f docker-compose.yml config --quiet
grep -q "image: quay.io/keycloak/keycloak:${version}$" docker-compose.yml || {
  echo "docker-compose.yml does not use Keycloak ${version}, the version in pom.xml" >&2
  exit 1
}
echo "docker-compose.yml: valid, Keycloak ${version}"
