#!/usr/bin/env bash
# `npm test`: the one test command. Installs and starts what it needs (the local stack of real
# Kafka, PostgreSQL and S3), applies migrations, builds, lints, then runs every project's unit and
# integration tests in one jest run so the output ends with jest's summary.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/scripts/ensure-deps.sh

npm run -s stack -- tools >&2
bash deploy/helm/install-tools.sh >/dev/null
npm run -s stack -- up >&2
eval "$(npm run -s stack -- env --export)"
# The SDK's notice about future Node versions would repeat in every test file's output.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

npm run -s db:generate >&2
npm run -s db:migrate >&2
npx nx run-many -t build lint typecheck --output-style=static >&2

exec npx jest -c jest.config.js --ci "$@"
