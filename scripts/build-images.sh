#!/usr/bin/env bash
# Builds the container lane's images on the machine, where no image registry is reachable: a Debian base from
# Debian's archive (debootstrap), then Keycloak (the keycloak-quarkus-dist zip from Maven Central), Redis,
# PostgreSQL and nginx from Debian's packages, each behind the paths, ports, environment variables and entry
# points of the official image it stands in for. Images already built are kept: after editing containers/*,
# delete the image (podman rmi localhost/keycloak-pack/NAME:TAG) to rebuild it.
# Needs a container engine: source scripts/container-engine.sh first (it names the CLI, docker or podman).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
version=$(pack_keycloak_version)
registry=localhost/keycloak-pack
cli="${PACK_CONTAINER_CLI:-podman}"

have_image() {
  "$cli" image inspect "$1" >/dev/null 2>&1
}

build() {
  local tag=$1 context=$2
  if have_image "$tag"; then echo "$tag: built before"; return; fi
  echo "$tag: building"
  local started=$SECONDS
  "$cli" build --quiet --network host --tag "$tag" "$context" >/dev/null
  echo "$tag: built in $((SECONDS - started)) s"
}

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
if ! have_image "$registry/debian:bookworm"; then
  echo "$registry/debian:bookworm: debootstrap from Debian's archive"
  scripts/install-prerequisites.sh debootstrap
  debootstrap --variant=minbase bookworm "$stage/root" http://deb.debian.org/debian >/dev/null
  tar -C "$stage/root" -c . | "$cli" import - "$registry/debian:bookworm" >/dev/null
  rm -rf "$stage/root"
fi

cp -r containers/keycloak "$stage/keycloak"
if ! have_image "$registry/keycloak:$version"; then
  repository=$(mvn -B -q -N help:evaluate -Dexpression=settings.localRepository -DforceStdout \
    | sed "s/\x1b\[[0-9;]*m//g")
  zip="$repository/org/keycloak/keycloak-quarkus-dist/$version/keycloak-quarkus-dist-$version.zip"
  [ -f "$zip" ] || mvn -B -q --no-transfer-progress dependency:get \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip"
  cp "$zip" "$stage/keycloak/keycloak.zip"
fi
build "$registry/keycloak:$version" "$stage/keycloak"
build "$registry/redis:7" containers/redis
build "$registry/postgres:15" containers/postgres
build "$registry/nginx:1.22" containers/nginx
