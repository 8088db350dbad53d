#!/usr/bin/env bash
# `npm run bench [NAME...]`: every benchmark (or the named ones). Several start real services
# against the local stack, so this brings the stack up and builds the apps first, like `npm start`.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/scripts/ensure-deps.sh

npm run -s stack -- up >&2
eval "$(npm run -s stack -- env --export)"
npx nx run-many -t build --output-style=static >&2
exec npx tsx bench/run.ts "$@"
