#!/bin/sh
# As the official image's entry point: redis-server listens on every interface without protected mode (the
# container network is the boundary), runs as the redis user and keeps its files in /data.
set -e
if [ "$1" = "redis-server" ]; then
  shift
  chown -R redis:redis /data
  exec runuser -u redis -- redis-server --bind 0.0.0.0 --protected-mode no --dir /data "$@"
fi
exec "$@"
