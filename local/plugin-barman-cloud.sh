#!/usr/bin/env bash
# Builds CloudNativePG's Barman Cloud plugin (github.com/cloudnative-pg/plugin-barman-cloud) at a pinned release from
# the Go module proxy, unchanged, with the dependencies its own go.mod and go.sum pin, as its container build does
# (CGO off, cmd/manager). Cairn's CNPG-I host is proven against it (docs/plugins.md). Cached outside the repository:
#   $CAIRN_KUBE_CACHE/tools/plugin-barman-cloud-<version>/
#       manager            the plugin's single binary: `manager operator` (the operator-side gRPC server),
#                          `manager instance` (the instance sidecar), `manager restore`, `manager healthcheck`
#       crd/*.yaml         its ObjectStore CRD (barmancloud.cnpg.io/v1), from the release's config/crd/bases
#       rbac/*.yaml        its RBAC (config/rbac) and kubernetes/*.yaml its deployment manifests, as released
# Only a missing build is done; a second run does nothing. Prints the directory on its last line.
#   local/plugin-barman-cloud.sh            build (if needed) and print the directory
#   local/plugin-barman-cloud.sh --path     print the directory only
set -euo pipefail
shopt -s inherit_errexit

# Keep in step with local/cnpg-i-protos.sh, which compiles the CNPG-I version this release pins.
VERSION=${CAIRN_BARMAN_CLOUD_PLUGIN_VERSION:-v0.15.0}
MODULE=github.com/cloudnative-pg/plugin-barman-cloud
CACHE=${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}
OUT="$CACHE/tools/plugin-barman-cloud-$VERSION"

log() { echo "[plugin-barman-cloud] $*" >&2; }

if [ "${1:-}" = "--path" ]; then echo "$OUT"; exit 0; fi
if [ -x "$OUT/manager" ] && [ -d "$OUT/crd" ]; then
  log "cached: $OUT"
  echo "$OUT"
  exit 0
fi

source "$(dirname "${BASH_SOURCE[0]}")/go-toolchain.sh"
use_go_toolchain "$CACHE"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch" "$OUT.tmp"' EXIT

started=$(date +%s)
module_dir=$( (cd "$scratch" && go mod download -json "$MODULE@$VERSION") | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
[ -d "$module_dir" ] || { log "the Go module proxy has no $MODULE@$VERSION"; exit 1; }
cp -r "$module_dir" "$scratch/src" && chmod -R u+w "$scratch/src"

rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp/crd" "$OUT.tmp/rbac" "$OUT.tmp/kubernetes"
log "building $MODULE $VERSION (cmd/manager)"
(cd "$scratch/src" && nice -n 10 go build -trimpath -ldflags "-s -w" -o "$OUT.tmp/manager" ./cmd/manager)
cp "$scratch/src"/config/crd/bases/*.yaml "$OUT.tmp/crd/"
cp "$scratch/src"/config/rbac/*.yaml "$OUT.tmp/rbac/"
cp "$scratch/src"/kubernetes/*.yaml "$OUT.tmp/kubernetes/"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
log "built in $(( $(date +%s) - started ))s: $OUT"
echo "$OUT"
