#!/usr/bin/env bash
# A Docker-API container engine for the container lane: the one DOCKER_HOST (or Docker's default socket) names if
# it answers, otherwise Debian's podman (as root), configured for these machines (containers/podman/
# containers.conf, through CONTAINERS_CONF) and serving the Docker API on a socket. Source it: it exports
# DOCKER_HOST for docker-compose and Testcontainers (and switches off Testcontainers' Ryuk, an image no registry
# here serves).
#   source scripts/container-engine.sh
set -euo pipefail
_engine_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

export TESTCONTAINERS_RYUK_DISABLED=true

# The Docker API's ping on DOCKER_HOST's socket (or Docker's default one).
_engine_answers() {
  local socket="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  curl -fs --max-time 5 --unix-socket "${socket#unix://}" http://engine/_ping >/dev/null 2>&1
}

if _engine_answers; then
  echo "Container engine: the one answering on ${DOCKER_HOST:-unix:///var/run/docker.sock}"
else
  "$_engine_dir/scripts/install-prerequisites.sh" podman runc debootstrap docker-compose curl
  export CONTAINERS_CONF="$_engine_dir/containers/podman/containers.conf"
  export DOCKER_HOST=unix:///run/podman/podman.sock
  # Testcontainers would look for published ports on the podman bridge's gateway; podman publishes them on the
  # host's addresses.
  export TESTCONTAINERS_HOST_OVERRIDE=localhost
  if ! _engine_answers; then
    mkdir -p /run/podman
    nohup podman system service --time=0 "$DOCKER_HOST" > /tmp/keycloak-pack-podman-service.log 2>&1 &
    for _ in $(seq 1 30); do _engine_answers && break; sleep 1; done
  fi
  _engine_answers || { echo "podman's Docker API did not answer on $DOCKER_HOST" >&2; exit 1; }
  echo "Container engine: podman $(podman --version | awk '{print $3}') on $DOCKER_HOST"
fi
