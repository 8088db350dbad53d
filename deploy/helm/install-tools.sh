#!/usr/bin/env bash
# Installs the chart tooling into $HOME/.cache/tickline (idempotent, cached per version):
#   helm         built from source with the Go toolchain (no prebuilt download)
#   kubeconform  built the same way
#   Kubernetes JSON schemas (strict, offline) from the kubernetes-validate Python package,
#   which ships the official OpenAPI definitions converted to JSON schema per Kubernetes version.
# Progress goes to stderr; stdout is only KEY=value lines (HELM, KUBECONFORM, K8S_SCHEMA_DIR,
# K8S_VERSION) so callers can `eval` it or parse it.
set -euo pipefail

HELM_VERSION=v3.19.0
KUBECONFORM_VERSION=v0.7.0
K8S_VALIDATE_VERSION=1.37.0
K8S_VERSION=1.33.0

CACHE="${TICKLINE_CACHE:-$HOME/.cache/tickline}"
HELM_DIR="$CACHE/helm/$HELM_VERSION"
KUBECONFORM_DIR="$CACHE/kubeconform/$KUBECONFORM_VERSION"
SCHEMA_ROOT="$CACHE/k8s-schemas/kubernetes-validate-$K8S_VALIDATE_VERSION"
SCHEMA_DIR="$SCHEMA_ROOT/v$K8S_VERSION-local-strict"

log() { echo "install-tools: $*" >&2; }

# The Go toolchain's usual install location, for shells whose PATH lacks it.
if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then PATH="$PATH:/usr/local/go/bin"; fi

# One installer at a time: the jest run and a developer's shell may both call this.
mkdir -p "$CACHE"
exec 9>"$CACHE/.install-tools.lock"
flock 9

go_install() { # <bin dir> <module@version> <binary>
  if [[ -x "$1/$3" ]]; then return; fi
  command -v go >/dev/null || { log "the Go toolchain is required to build $3"; exit 1; }
  log "building $2 (first run only, takes a few minutes)"
  mkdir -p "$1"
  GOBIN="$1" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "$2" >&2
}

go_install "$HELM_DIR" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" helm
go_install "$KUBECONFORM_DIR" "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" kubeconform

if [[ ! -f "$SCHEMA_DIR/deployment-apps-v1.json" ]]; then
  log "fetching Kubernetes $K8S_VERSION schemas (kubernetes-validate $K8S_VALIDATE_VERSION)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    "kubernetes-validate==$K8S_VALIDATE_VERSION" -d "$tmp" >&2
  python3 - "$tmp"/kubernetes_validate-*.whl "$SCHEMA_DIR" "v$K8S_VERSION-local-strict" <<'PY'
import json, os, sys, zipfile
wheel, target, folder = sys.argv[1:4]
prefix = f"kubernetes_validate/kubernetes-json-schema/{folder}/"
os.makedirs(target + ".partial", exist_ok=True)
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if not name.startswith(prefix) or name.endswith("/"):
            continue
        text = archive.read(name).decode()
        # The package resolves "/api/_definitions.json" with its own loader. Relative references
        # without the remote $id let any JSON schema validator (kubeconform) resolve them from
        # disk instead of trying to download them.
        text = text.replace('"/api/_definitions.json#', '"_definitions.json#')
        schema = json.loads(text)
        schema.pop("$id", None)
        with open(os.path.join(target + ".partial", name[len(prefix):]), "w") as out:
            json.dump(schema, out)
os.replace(target + ".partial", target)
PY
fi

echo "HELM=$HELM_DIR/helm"
echo "KUBECONFORM=$KUBECONFORM_DIR/kubeconform"
echo "K8S_SCHEMA_DIR=$SCHEMA_DIR"
echo "K8S_VERSION=$K8S_VERSION"
