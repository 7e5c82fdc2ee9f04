#!/usr/bin/env bash
# Builds the container lane's images on the machine, where no image registry is reachable: a Debian base from
# Debian's archive (debootstrap), then Keycloak (the keycloak-quarkus-dist zip from Maven Central), Redis,
# PostgreSQL and nginx from Debian's packages, each behind the paths, ports, environment variables and entry
# points of the official image it stands in for. Images already built are kept (delete them to rebuild).
# Needs a container engine: source scripts/container-engine.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
version=$(pack_keycloak_version)
registry=localhost/keycloak-pack

have_image() {
  podman image exists "$1" 2>/dev/null || docker image inspect "$1" >/dev/null 2>&1
}

build() {
  local tag=$1 context=$2
  if have_image "$tag"; then echo "$tag: built before"; return; fi
  echo "$tag: building"
  local started=$SECONDS
  podman build --quiet --network host --tag "$tag" "$context" >/dev/null
  echo "$tag: built in $((SECONDS - started)) s"
}

if ! have_image "$registry/debian:bookworm"; then
  echo "$registry/debian:bookworm: debootstrap from Debian's archive"
  root=$(mktemp -d)
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
  tar -C "$root" -c . | podman import - "$registry/debian:bookworm" >/dev/null
  rm -rf "$root"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r containers/keycloak "$stage/keycloak"
zip="$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$version/keycloak-quarkus-dist-$version.zip"
if ! have_image "$registry/keycloak:$version"; then
  [ -f "$zip" ] || mvn -B -q --no-transfer-progress dependency:get \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" >/dev/null
  cp "$zip" "$stage/keycloak/keycloak.zip"
fi
build "$registry/keycloak:$version" "$stage/keycloak"
build "$registry/redis:7" containers/redis
build "$registry/postgres:15" containers/postgres
build "$registry/nginx:1.22" containers/nginx
