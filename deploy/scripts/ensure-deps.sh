#!/usr/bin/env bash
# Installs node_modules when missing or older than the lockfile, and generates the Prisma client.
# Sourced by the top-level commands so a fresh clone needs nothing but Node, Java, Maven and Go.
set -euo pipefail

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies (npm ci)..." >&2
  npm ci --no-audit --no-fund >&2
fi
