#!/usr/bin/env bash
# Builds the folder a service's container image runs from, exactly as deploy/docker/Dockerfile
# does (the Dockerfile calls this script): the app's and its libraries' build output, runtime
# assets, and production node_modules only.
#
#   deploy/docker/build-runtime.sh <app> [out-dir]     (default out-dir: tmp/runtime/<app>)
#   SKIP_BUILD=1 ...                                   reuse existing dist/ folders
#   NODE_MODULES_FROM=<dir> ...                        hard-link that production node_modules
#                                                      instead of `npm ci` (it is the same for
#                                                      every app: one workspace lock)
#
# Layout of <out-dir> (the image's /app):
#   package.json, package-lock.json         the workspace manifest and lock
#   apps/*/package.json, libs/*/package.json every workspace manifest, so `npm ci` resolves
#   apps/<app>/dist (+ proto/, recordings/, prisma/, public/, config/ when the app has them)
#   libs/<lib>/dist for each library the app depends on (from the Nx project graph)
#   node_modules                            `npm ci --omit=dev`
# Start the service with `node apps/<app>/dist/main.js` from <out-dir>/apps/<app>.
set -euo pipefail
cd "$(dirname "$0")/../.."

app="${1:?usage: build-runtime.sh <app> [out-dir]}"
out="${2:-tmp/runtime/$app}"
[[ -f "apps/$app/project.json" ]] || { echo "build-runtime: no app named $app under apps/" >&2; exit 1; }

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  # Builds depend on their libraries' builds and on Prisma client generation (see project.json).
  npx nx run "$app:build" --output-style=static >&2
fi

graph="$(mktemp --suffix=.json)"
trap 'rm -f "$graph"' EXIT
npx nx graph --file="$graph" >/dev/null 2>&1
# Libraries the app needs at run time: its transitive project dependencies that live under libs/.
mapfile -t libs < <(node -e '
  const { graph } = require(process.argv[1]);
  const seen = new Set();
  const visit = (name) => {
    for (const dep of graph.dependencies[name] ?? []) {
      if (dep.type === "implicit" || seen.has(dep.target) || !graph.nodes[dep.target]) continue;
      seen.add(dep.target);
      visit(dep.target);
    }
  };
  visit(process.argv[2]);
  for (const name of seen) {
    const root = graph.nodes[name].data.root;
    if (root.startsWith("libs/")) console.log(root);
  }
' "$graph" "$app")

rm -rf "$out"
mkdir -p "$out"
cp package.json package-lock.json "$out/"
for manifest in apps/*/package.json libs/*/package.json; do
  mkdir -p "$out/$(dirname "$manifest")"
  cp "$manifest" "$out/$manifest"
done

copy_dist() {
  [[ -f "$1/dist/$2" ]] || { echo "build-runtime: $1/dist/$2 is missing; build first" >&2; exit 1; }
  cp -R "$1/dist" "$out/$1/dist"
}
copy_dist "apps/$app" main.js
for asset in proto recordings prisma public config; do
  if [[ -d "apps/$app/$asset" ]]; then cp -R "apps/$app/$asset" "$out/apps/$app/$asset"; fi
done
for lib in "${libs[@]}"; do copy_dist "$lib" index.js; done

if [[ -n "${NODE_MODULES_FROM:-}" ]]; then
  [[ -d "$NODE_MODULES_FROM/@nestjs/core" ]] || { echo "build-runtime: $NODE_MODULES_FROM is not a production node_modules" >&2; exit 1; }
  cp -al "$NODE_MODULES_FROM" "$out/node_modules"
else
  (cd "$out" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error >&2)
fi
echo "build-runtime: $app runtime in $out (libraries: ${libs[*]:-none})" >&2
