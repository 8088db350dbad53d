#!/usr/bin/env bash
# `npm start`: the main job. Installs what is missing, then hands over to the orchestrator in
# deploy/main-job (stack, services, replay, publishing, export, report). See docs/main-job.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/scripts/ensure-deps.sh

# --tsconfig: the path aliases resolve to the libraries' sources, which need no build.
exec npx tsx --tsconfig deploy/tsconfig.json deploy/main-job/main.ts "$@"
