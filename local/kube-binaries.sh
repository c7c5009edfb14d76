#!/usr/bin/env bash
# Builds the Kubernetes control plane used by Cairn's tests and demo, from the Go module proxy, into a cache
# outside the repository keyed by version:
#   $CAIRN_KUBE_CACHE/k8s/<version>-linux-amd64/{kube-apiserver,kube-controller-manager,etcd,kubectl}
# The layout is the one fabric8 kube-api-test reads ($KUBE_API_TEST_DIR/k8s/<version>-<os>-<arch>/).
# A second run finds the binaries and does nothing. Prints the binary directory on its last line.
set -euo pipefail

KUBE_VERSION=${CAIRN_KUBE_VERSION:-v1.36.3}
ETCD_VERSION=${CAIRN_ETCD_VERSION:-v3.6.16}
CACHE=${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}
OUT="$CACHE/k8s/${KUBE_VERSION#v}-linux-amd64"
BINARIES=(kube-apiserver kube-controller-manager kubectl etcd)

log() { echo "[kube-binaries] $*" >&2; }

all_present() {
  for b in "${BINARIES[@]}"; do [ -x "$OUT/$b" ] || return 1; done
}

if all_present; then
  log "cached: $OUT ($("$OUT/kube-apiserver" --version))"
  echo "$OUT"
  exit 0
fi

# Go from the machine if it is new enough, else the official toolchain from the Go module proxy.
GO_TOOLCHAIN=${CAIRN_GO_TOOLCHAIN:-go1.26.8}
go_is_usable() {
  command -v go >/dev/null || return 1
  local have; have=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  [ "$(printf '%s\n%s\n' "1.26" "$have" | sort -V | head -1)" = "1.26" ]
}
if ! go_is_usable; then
  GO_HOME="$CACHE/$GO_TOOLCHAIN"
  if [ ! -x "$GO_HOME/bin/go" ]; then
    log "fetching the $GO_TOOLCHAIN toolchain from the Go module proxy"
    zip="$CACHE/$GO_TOOLCHAIN.zip"
    mkdir -p "$CACHE"
    curl -fsSL -o "$zip" "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-$GO_TOOLCHAIN.linux-amd64.zip"
    rm -rf "$CACHE/golang.org"
    python3 -m zipfile -e "$zip" "$CACHE"
    mv "$CACHE/golang.org/toolchain@v0.0.1-$GO_TOOLCHAIN.linux-amd64" "$GO_HOME"
    chmod +x "$GO_HOME"/bin/* "$GO_HOME"/pkg/tool/*/*
    rm -rf "$zip" "$CACHE/golang.org"
  fi
  export PATH="$GO_HOME/bin:$PATH"
fi
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
mkdir -p "$OUT"
STARTED=$(date +%s)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

build_kubernetes() {
  local minor staging kmod commit ldflags now godebug
  minor=$(echo "$KUBE_VERSION" | cut -d. -f2)
  staging="v0.${KUBE_VERSION#v1.}"
  mkdir -p "$WORK/k8s" && cd "$WORK/k8s"
  go mod init local/cairn-kube-binaries >/dev/null 2>&1
  kmod=$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  go mod edit -go="$(sed -n 's/^go //p' "$kmod")"
  godebug=$(sed -n 's/^godebug //p' "$kmod")
  if [ -n "$godebug" ]; then go mod edit -godebug="$godebug"; fi
  # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with ./staging: point each at its tag.
  for m in $(sed -n 's#^[[:space:]]*k8s.io/\([a-z0-9-]*\) => ./staging/src/k8s.io/.*#\1#p' "$kmod"); do
    go mod edit -replace="k8s.io/$m=k8s.io/$m@$staging"
  done
  go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@$KUBE_VERSION" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@$KUBE_VERSION" "k8s.io/kubernetes/cmd/kubectl@$KUBE_VERSION"
  commit=$(go list -m -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"Hash": "\([0-9a-f]*\)".*/\1/p' | head -1)
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  ldflags="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=$now"
    if [ -n "$commit" ]; then ldflags+=" -X $p.gitCommit=$commit"; fi
  done
  for c in kube-apiserver kube-controller-manager kubectl; do
    log "building $c $KUBE_VERSION"
    go build -trimpath -ldflags "$ldflags" -o "$OUT/$c.tmp" "k8s.io/kubernetes/cmd/$c"
    mv "$OUT/$c.tmp" "$OUT/$c"
  done
}

build_etcd() {
  mkdir -p "$WORK/etcd" && cd "$WORK/etcd"
  go mod init local/cairn-etcd >/dev/null 2>&1
  go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  log "building etcd $ETCD_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$OUT/etcd.tmp" go.etcd.io/etcd/server/v3
  mv "$OUT/etcd.tmp" "$OUT/etcd"
}

[ -x "$OUT/etcd" ] || build_etcd
for b in kube-apiserver kube-controller-manager kubectl; do
  if [ ! -x "$OUT/$b" ]; then build_kubernetes; break; fi
done

log "built in $(( $(date +%s) - STARTED ))s: $("$OUT/kube-apiserver" --version), etcd $("$OUT/etcd" --version | head -1)"
echo "$OUT"
