#!/usr/bin/env bash
# A Docker-API container engine for the container lane: the one DOCKER_HOST (or Docker's default socket) names if
# it answers, otherwise Debian's podman (as root), configured for these machines (containers/podman/
# containers.conf, through CONTAINERS_CONF) and serving the Docker API on a socket. Source it: it exports
# DOCKER_HOST for docker-compose and Testcontainers, PACK_CONTAINER_CLI (docker or podman) for
# scripts/build-images.sh, and switches off Testcontainers' Ryuk (an image no registry here serves).
#   source scripts/container-engine.sh
_engine_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

export TESTCONTAINERS_RYUK_DISABLED=true

# The Docker API's ping on DOCKER_HOST's socket (or Docker's default one); a tcp:// or ssh:// engine is asked
# through the docker CLI.
_engine_answers() {
  local host="${DOCKER_HOST:-unix:///var/run/docker.sock}"
  if [[ "$host" == unix://* ]] && command -v curl >/dev/null; then
    curl -fs --max-time 5 --unix-socket "${host#unix://}" http://engine/_ping >/dev/null 2>&1
  else
    command -v docker >/dev/null && docker version >/dev/null 2>&1
  fi
}

if _engine_answers; then
  echo "Container engine: the one answering on ${DOCKER_HOST:-unix:///var/run/docker.sock}"
  if [[ "${DOCKER_HOST:-}" == *podman* ]]; then
    export PACK_CONTAINER_CLI=podman TESTCONTAINERS_HOST_OVERRIDE=localhost
  else
    export PACK_CONTAINER_CLI=docker
  fi
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "No container engine answers, and podman is set up here only as root: start Docker (or rootful" \
      "podman's API socket and set DOCKER_HOST), or run with -Dcontainers.skip=true" >&2
    return 1 2>/dev/null || exit 1
  fi
  # dnsname: containers on one network find each other by name (Keycloak reaches "redis" and "postgres"); podman
  # only recommends it, and the installer leaves recommendations out.
  "$_engine_dir/scripts/install-prerequisites.sh" podman runc debootstrap docker-compose curl \
    golang-github-containernetworking-plugin-dnsname || { return 1 2>/dev/null || exit 1; }
  export CONTAINERS_CONF="$_engine_dir/containers/podman/containers.conf"
  export DOCKER_HOST=unix:///run/podman/podman.sock
  export PACK_CONTAINER_CLI=podman
  # Testcontainers would look for published ports on the podman bridge's gateway; podman publishes them on the
  # host's addresses.
  export TESTCONTAINERS_HOST_OVERRIDE=localhost
  if ! _engine_answers; then
    mkdir -p /run/podman
    # From /: conmon needs the service's working directory to exist for as long as the service runs, and a
    # checkout it was started from may be deleted while it does.
    (cd / && nohup podman system service --time=0 "$DOCKER_HOST" > /tmp/keycloak-pack-podman-service.log 2>&1 &)
    for _ in $(seq 1 30); do _engine_answers && break; sleep 1; done
  fi
  if ! _engine_answers; then
    echo "podman's Docker API did not answer on $DOCKER_HOST" >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "Container engine: podman $(podman --version | awk '{print $3}') on $DOCKER_HOST"
fi
