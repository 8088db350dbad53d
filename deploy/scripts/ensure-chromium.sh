#!/usr/bin/env bash
# Installs Debian's chromium when it is missing: the console's browser test drives it with
# playwright-core (no browser download). Idempotent and quiet; prints the browser's path.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; fi
  echo "Installing chromium (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y -qq chromium >/dev/null 2>&1; then
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq chromium >/dev/null
  fi
fi
command -v chromium
