#!/usr/bin/env bash
# `npm start`: the main job. Until the whole pipeline lands, it brings the local stack up and
# reports each part healthy.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/scripts/ensure-deps.sh

npm run -s stack -- up
npm run -s stack -- status
