#!/usr/bin/env bash
# The themes module builds the account console with the machine's Node.js and npm (from the npm registry only).
set -euo pipefail
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js 20.19+ and npm are needed to build the account console (themes/account-ui)." >&2
  echo "Install them from https://nodejs.org or your distribution, then run this again." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "Node.js $(node --version) is too old for the account console build: 20.19+ is needed." >&2
  exit 1
fi
