#!/usr/bin/env bash
# Builds the Kubernetes binaries used by Cairn's tests and demo, from the Go module proxy, into a cache outside
# the repository keyed by version. Outputs (well-known paths; callers may rely on them):
#   $CAIRN_KUBE_CACHE/k8s/<kube-version>-linux-amd64/
#       kube-apiserver kube-controller-manager kubectl etcd     (control plane)
#       kubelet kube-proxy kube-scheduler                       (node, used by local/runtime/run)
#   $CAIRN_KUBE_CACHE/node/coredns-<version>/coredns                                     (cluster DNS)
#   $CAIRN_KUBE_CACHE/node/local-path-provisioner-<version>/local-path-provisioner       (storage)
#   $CAIRN_KUBE_CACHE/node/csi-provisioner-<version>/csi-provisioner        (CSI volumes: external-provisioner)
#   $CAIRN_KUBE_CACHE/node/external-snapshotter-<version>/{snapshot-controller,csi-snapshotter,crd/*.yaml}
#                                                     (volume snapshots; crd/: the snapshot.storage.k8s.io v1 CRDs)
#   $CAIRN_KUBE_CACHE/node/csi-hostpath-<version>/csi-hostpath   (local/csi-hostpath: our stand-in for the CSI
#                                                                  hostpath driver and node-driver-registrar)
#   $CAIRN_KUBE_CACHE/tools/helm-<version>/helm                      (installs the operator from helm/cairn)
#   $CAIRN_KUBE_CACHE/tools/promtool-<version>/promtool      (checks and unit-tests helm/cairn's alert rules)
#   $CAIRN_KUBE_CACHE/tools/prometheus-<version>/prometheus  (scrapes the demo; the Prometheus IT)
#   $CAIRN_KUBE_CACHE/tools/bundle-validate-<version>/bundle-validate   (validates the OLM bundle, local/bundle.sh)
#   $CAIRN_KUBE_CACHE/tools/fake-gcs-server-<version>/fake-gcs-server     (a Google Cloud Storage emulator)
#   $CAIRN_KUBE_CACHE/tools/azurite-<version>/azurite   (the Azure Storage emulator, from the npm registry: a
#                                                        launcher for its Blob service; needs node on the PATH)
#   $CAIRN_KUBE_CACHE/tools/barman-cloud-python-<hash>/   (barman-cloud's Azure and GCS libraries for the ITs, from
#                                          local/barman-cloud-python.txt, <hash> its first 12 sha256 digits)
# The k8s/ layout is the one fabric8 kube-api-test reads ($KUBE_API_TEST_DIR/k8s/<version>-<os>-<arch>/).
# Only missing binaries are built; a second run does nothing. Prints the k8s binary directory on its last line.
#   local/kube-binaries.sh              everything (the test suite)
#   local/kube-binaries.sh --runtime    what the local runtime and the demo run: not promtool, not bundle-validate,
#                                       not the object store emulators nor barman-cloud's Python libraries
#   local/kube-binaries.sh --path TOOL  prints where TOOL (helm, prometheus, promtool, ...) is or would be built
set -euo pipefail
TEST_TOOLS=true
[ "${1:-}" = "--runtime" ] && TEST_TOOLS=false
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

KUBE_VERSION=${CAIRN_KUBE_VERSION:-v1.36.3}
ETCD_VERSION=${CAIRN_ETCD_VERSION:-v3.6.16}
COREDNS_VERSION=${CAIRN_COREDNS_VERSION:-v1.14.7}
LOCAL_PATH_VERSION=${CAIRN_LOCAL_PATH_VERSION:-v0.0.30}
CSI_PROVISIONER_VERSION=${CAIRN_CSI_PROVISIONER_VERSION:-v6.4.0}
CSI_SNAPSHOTTER_VERSION=${CAIRN_CSI_SNAPSHOTTER_VERSION:-v8.7.0}
# local/csi-hostpath's own version (its main.go says it; bumped when it changes)
CSI_HOSTPATH_VERSION=${CAIRN_CSI_HOSTPATH_VERSION:-v1.0.1}
HELM_VERSION=${CAIRN_HELM_VERSION:-v3.21.4}
# Prometheus' Go module versions are v0.<major><minor>.<patch>: v0.316.0 is Prometheus 3.16.0.
PROMETHEUS_VERSION=${CAIRN_PROMETHEUS_VERSION:-v0.316.0}
# local/bundle-validate (operator-sdk's `bundle validate` checks; the proxy does not serve operator-sdk itself):
# <the operator-framework/api version its go.mod requires>-<our revision, bumped when main.go changes>.
BUNDLE_VALIDATE_VERSION=${CAIRN_BUNDLE_VALIDATE_VERSION:-v0.47.1-1}
FAKE_GCS_SERVER_VERSION=${CAIRN_FAKE_GCS_SERVER_VERSION:-v1.56.1}
AZURITE_VERSION=${CAIRN_AZURITE_VERSION:-3.37.0}
CACHE=${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}
OUT="$CACHE/k8s/${KUBE_VERSION#v}-linux-amd64"
COREDNS="$CACHE/node/coredns-$COREDNS_VERSION/coredns"
LOCAL_PATH="$CACHE/node/local-path-provisioner-$LOCAL_PATH_VERSION/local-path-provisioner"
CSI_PROVISIONER="$CACHE/node/csi-provisioner-$CSI_PROVISIONER_VERSION/csi-provisioner"
SNAPSHOTTER_DIR="$CACHE/node/external-snapshotter-$CSI_SNAPSHOTTER_VERSION"
CSI_HOSTPATH="$CACHE/node/csi-hostpath-$CSI_HOSTPATH_VERSION/csi-hostpath"
HELM="$CACHE/tools/helm-$HELM_VERSION/helm"
PROMETHEUS="$CACHE/tools/prometheus-$PROMETHEUS_VERSION/prometheus"
PROMTOOL="$CACHE/tools/promtool-$PROMETHEUS_VERSION/promtool"
BUNDLE_VALIDATE="$CACHE/tools/bundle-validate-$BUNDLE_VALIDATE_VERSION/bundle-validate"
FAKE_GCS_SERVER="$CACHE/tools/fake-gcs-server-$FAKE_GCS_SERVER_VERSION/fake-gcs-server"
AZURITE="$CACHE/tools/azurite-$AZURITE_VERSION/azurite"
BARMAN_PYTHON_REQUIREMENTS="$REPO/local/barman-cloud-python.txt"
BARMAN_PYTHON="$CACHE/tools/barman-cloud-python-$(sha256sum "$BARMAN_PYTHON_REQUIREMENTS" | cut -c1-12)"
KUBE_COMMANDS=(kube-apiserver kube-controller-manager kubectl kubelet kube-proxy kube-scheduler)
if [ "${1:-}" = "--path" ]; then
  tool=${2:?--path needs a tool name}; tool=${tool^^}; tool=${tool//-/_}
  [ -n "${!tool:-}" ] || { echo "kube-binaries.sh: no tool ${2}" >&2; exit 1; }
  echo "${!tool}"; exit 0
fi

log() { echo "[kube-binaries] $*" >&2; }

all_present() {
  for b in "${KUBE_COMMANDS[@]}" etcd; do [ -x "$OUT/$b" ] || return 1; done
  [ -x "$COREDNS" ] && [ -x "$LOCAL_PATH" ] && [ -x "$HELM" ] && [ -x "$PROMETHEUS" ] || return 1
  [ -x "$CSI_PROVISIONER" ] && [ -x "$CSI_HOSTPATH" ] && snapshotter_present || return 1
  [ "$TEST_TOOLS" = false ] || { [ -x "$PROMTOOL" ] && [ -x "$BUNDLE_VALIDATE" ] && [ -x "$FAKE_GCS_SERVER" ] \
    && [ -x "$AZURITE" ] && [ -d "$BARMAN_PYTHON" ]; }
}

snapshotter_present() {
  [ -x "$SNAPSHOTTER_DIR/snapshot-controller" ] && [ -x "$SNAPSHOTTER_DIR/csi-snapshotter" ] && [ -d "$SNAPSHOTTER_DIR/crd" ]
}

if all_present; then
  log "cached: $OUT ($("$OUT/kube-apiserver" --version)), $COREDNS, $LOCAL_PATH, $CSI_PROVISIONER, $SNAPSHOTTER_DIR, $CSI_HOSTPATH, $HELM, $PROMETHEUS$([ "$TEST_TOOLS" = false ] || echo ", $PROMTOOL, $BUNDLE_VALIDATE, $FAKE_GCS_SERVER, $AZURITE, $BARMAN_PYTHON")"
  echo "$OUT"
  exit 0
fi

# Go from the machine if it is new enough, else the official toolchain from the Go module proxy.
source "$(dirname "${BASH_SOURCE[0]}")/go-toolchain.sh"
use_go_toolchain "$CACHE"
mkdir -p "$OUT"
STARTED=$(date +%s)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

KUBE_LDFLAGS=""
# A throwaway module that requires k8s.io/kubernetes; sets KUBE_LDFLAGS. Done once, for the first missing command.
prepare_kubernetes_module() {
  local minor staging kmod commit now godebug c
  [ -z "$KUBE_LDFLAGS" ] || return 0
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
  local tools=()
  for c in "${KUBE_COMMANDS[@]}"; do tools+=("k8s.io/kubernetes/cmd/$c@$KUBE_VERSION"); done
  go get -tool "${tools[@]}"
  commit=$(go list -m -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"Hash": "\([0-9a-f]*\)".*/\1/p' | head -1)
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  KUBE_LDFLAGS="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    KUBE_LDFLAGS+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    KUBE_LDFLAGS+=" -X $p.gitTreeState=clean -X $p.buildDate=$now"
    if [ -n "$commit" ]; then KUBE_LDFLAGS+=" -X $p.gitCommit=$commit"; fi
  done
}

# A throwaway module $WORK/NAME that requires PACKAGE@VERSION as a tool, so the build uses the dependencies the
# package's own module pins; the shell stays in it.   tool_module NAME PACKAGE@VERSION
tool_module() {
  mkdir -p "$WORK/$1" && cd "$WORK/$1"
  go mod init "local/cairn-$1" >/dev/null 2>&1
  go get -tool "$2"
}

# go build PACKAGE into OUTPUT through OUTPUT.tmp, so a build cut short leaves no half binary to be taken as built.
#   build_package PACKAGE OUTPUT LDFLAGS
build_package() {
  mkdir -p "$(dirname "$2")"
  go build -trimpath -ldflags "$3" -o "$2.tmp" "$1"
  mv "$2.tmp" "$2"
}

build_kube_command() {
  local c=$1 s; s=$(date +%s)
  prepare_kubernetes_module
  cd "$WORK/k8s"
  log "building $c $KUBE_VERSION"
  build_package "k8s.io/kubernetes/cmd/$c" "$OUT/$c" "$KUBE_LDFLAGS"
  log "$c built in $(( $(date +%s) - s ))s"
}

build_etcd() {
  tool_module etcd "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  log "building etcd $ETCD_VERSION"
  build_package go.etcd.io/etcd/server/v3 "$OUT/etcd" "-s -w"
}

# The module cache directory of MODULE@VERSION, downloaded from the proxy if needed.   module_dir MODULE@VERSION
module_dir() { (cd "$WORK" && go mod download -json "$1" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p'); }

# A writable copy of MODULE@VERSION's source in $WORK/src-<last path element> (a module zip has no vendor/ content,
# only modules.txt, so that goes); prints its path.   module_source MODULE VERSION
module_source() {
  local src="$WORK/src-${1##*/}"
  cp -r "$(module_dir "$1@$2")" "$src" && chmod -R u+w "$src" && rm -rf "$src/vendor"
  echo "$src"
}

# Builds a main module in a writable copy of its own source from the module proxy, with its own pinned
# dependencies (its go.mod and go.sum):   build_module_main MODULE VERSION OUTPUT
build_module_main() {
  local module=$1 version=$2 output=$3 src
  log "building $module $version"
  src=$(module_source "$module" "$version")
  (cd "$src" && build_package . "$output" "-s -w")
}

# kubernetes-csi's sidecars are built as their release tooling does: the module's own go.mod and go.sum, the
# release in main.version. external-snapshotter replaces its client module with ./client, which its zip leaves out
# (a nested module): the client module of the same version fills it; its config/crd holds the CRDs.
build_csi_provisioner() {
  local src s; s=$(date +%s); log "building csi-provisioner $CSI_PROVISIONER_VERSION"
  src=$(module_source github.com/kubernetes-csi/external-provisioner/v6 "$CSI_PROVISIONER_VERSION")
  (cd "$src" && build_package ./cmd/csi-provisioner "$CSI_PROVISIONER" "-s -w -X main.version=$CSI_PROVISIONER_VERSION")
  log "csi-provisioner built in $(( $(date +%s) - s ))s"
}

build_external_snapshotter() {
  local src client c s; s=$(date +%s); log "building snapshot-controller and csi-snapshotter $CSI_SNAPSHOTTER_VERSION"
  src=$(module_source github.com/kubernetes-csi/external-snapshotter/v8 "$CSI_SNAPSHOTTER_VERSION")
  client=$(module_dir "github.com/kubernetes-csi/external-snapshotter/client/v8@$CSI_SNAPSHOTTER_VERSION")
  cp -r "$client" "$src/client" && chmod -R u+w "$src/client"
  for c in snapshot-controller csi-snapshotter; do
    (cd "$src" && build_package "./cmd/$c" "$SNAPSHOTTER_DIR/$c" "-s -w -X main.version=$CSI_SNAPSHOTTER_VERSION")
  done
  rm -rf "$SNAPSHOTTER_DIR/crd.tmp" && mkdir -p "$SNAPSHOTTER_DIR/crd.tmp"
  cp "$client"/config/crd/snapshot.storage.k8s.io_*.yaml "$SNAPSHOTTER_DIR/crd.tmp/"
  rm -rf "$SNAPSHOTTER_DIR/crd" && mv "$SNAPSHOTTER_DIR/crd.tmp" "$SNAPSHOTTER_DIR/crd"
  log "snapshot-controller and csi-snapshotter built in $(( $(date +%s) - s ))s"
}

# Our own command (local/csi-hostpath), built with the dependencies its go.mod and go.sum pin.
build_csi_hostpath() {
  local src="$REPO/local/csi-hostpath"
  grep -q "^const version = \"${CSI_HOSTPATH_VERSION#v}\"$" "$src/main.go" || {
    log "local/csi-hostpath/main.go's version is not CSI_HOSTPATH_VERSION $CSI_HOSTPATH_VERSION"; exit 1; }
  log "building csi-hostpath $CSI_HOSTPATH_VERSION (local/csi-hostpath)"
  cp -r "$src" "$WORK/csi-hostpath" && cd "$WORK/csi-hostpath"
  build_package . "$CSI_HOSTPATH" "-s -w"
}

# Helm's command is not its module's root package, and its version string is set the way its Makefile does.
build_helm() {
  tool_module helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  log "building helm $HELM_VERSION"
  # The Kubernetes version Helm assumes without a cluster (helm template, lint): that of its client-go, v0.X -> 1.X.
  local minor flags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" p
  minor=$(go list -m -f '{{.Version}}' k8s.io/client-go | cut -d. -f2)
  for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    flags+=" -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$minor"
  done
  build_package helm.sh/helm/v3/cmd/helm "$HELM" "$flags"
}

# prometheus and promtool are not their module's root package either; the version string is set the way
# Prometheus' promu does (the module's v0.316.0 is the release 3.16.0). The web UI's assets are not built in (the
# builtinassets tag needs its npm build): the HTTP API, which the tests and the demo use, is all there.
#   build_prometheus_command prometheus|promtool OUTPUT
build_prometheus_command() {
  tool_module "$1" "github.com/prometheus/prometheus/cmd/$1@$PROMETHEUS_VERSION"
  log "building $1 $PROMETHEUS_VERSION"
  local release p=github.com/prometheus/common/version
  release=$(echo "${PROMETHEUS_VERSION#v0.}" | sed -E 's/^([0-9])([0-9]+)\./\1.\2./')
  build_package "github.com/prometheus/prometheus/cmd/$1" "$2" \
    "-s -w -X $p.Version=$release -X $p.Branch=HEAD -X $p.BuildUser=cairn"
}

# Our own command over operator-framework/api and operator-registry (local/bundle-validate/main.go), built with the
# dependencies its go.mod and go.sum pin. Niced: operator-registry's dependency tree is large.
build_bundle_validate() {
  local src="$REPO/local/bundle-validate" api
  api=$(sed -n 's#^[[:space:]]*github.com/operator-framework/api \(v[^ ]*\).*#\1#p' "$src/go.mod")
  [ "$api" = "${BUNDLE_VALIDATE_VERSION%-*}" ] || {
    log "local/bundle-validate/go.mod requires operator-framework/api $api, BUNDLE_VALIDATE_VERSION says ${BUNDLE_VALIDATE_VERSION%-*}"
    exit 1; }
  log "building bundle-validate $BUNDLE_VALIDATE_VERSION"
  cp -r "$src" "$WORK/bundle-validate" && cd "$WORK/bundle-validate"
  (renice -n 19 "$BASHPID" >/dev/null; build_package . "$BUNDLE_VALIDATE" "-s -w")
}

# Azurite is a Node program: npm installs the pinned version with its locked dependencies into the tool's directory,
# and a launcher runs its Blob service (the only one barman-cloud uses) with the node on the PATH.
install_azurite() {
  local dir; dir=$(dirname "$AZURITE")
  command -v npm >/dev/null || { log "npm is missing: cannot install Azurite"; return 1; }
  log "installing azurite $AZURITE_VERSION"
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  nice -n 19 npm install --prefix "$dir.tmp" --no-audit --no-fund --omit=dev --loglevel=error \
    "azurite@$AZURITE_VERSION" >&2
  printf '#!/bin/sh\nexec node "$(dirname "$0")/node_modules/azurite/dist/src/blob/main.js" "$@"\n' \
    > "$dir.tmp/azurite"
  chmod +x "$dir.tmp/azurite"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}

# With Debian's pip (python3-pip), for Debian's python3, which barman-cloud's scripts run; never into the system's
# site-packages: the ITs put the directory on barman's PYTHONPATH.
install_barman_python() {
  log "installing barman-cloud's Python libraries into $BARMAN_PYTHON"
  rm -rf "$BARMAN_PYTHON.tmp"
  nice -n 19 /usr/bin/python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --no-deps --only-binary=:all: --target "$BARMAN_PYTHON.tmp" -r "$BARMAN_PYTHON_REQUIREMENTS" >&2
  rm -rf "$BARMAN_PYTHON" && mv "$BARMAN_PYTHON.tmp" "$BARMAN_PYTHON"
}

[ -x "$OUT/etcd" ] || build_etcd
for c in "${KUBE_COMMANDS[@]}"; do
  [ -x "$OUT/$c" ] || build_kube_command "$c"
done
[ -x "$COREDNS" ] || build_module_main github.com/coredns/coredns "$COREDNS_VERSION" "$COREDNS"
[ -x "$LOCAL_PATH" ] || build_module_main github.com/rancher/local-path-provisioner \
  "$LOCAL_PATH_VERSION" "$LOCAL_PATH"
[ -x "$CSI_PROVISIONER" ] || build_csi_provisioner
snapshotter_present || build_external_snapshotter
[ -x "$CSI_HOSTPATH" ] || build_csi_hostpath
[ -x "$HELM" ] || build_helm
# niced: Prometheus' dependency tree (service discovery for every cloud) is large
[ -x "$PROMETHEUS" ] || (renice -n 19 "$BASHPID" >/dev/null; build_prometheus_command prometheus "$PROMETHEUS")
if [ "$TEST_TOOLS" = true ]; then
  [ -x "$PROMTOOL" ] || build_prometheus_command promtool "$PROMTOOL"
  [ -x "$BUNDLE_VALIDATE" ] || build_bundle_validate
  # niced as a whole: a subshell that lowers its own priority, which go and its compilers inherit
  [ -x "$FAKE_GCS_SERVER" ] || (renice -n 19 "$BASHPID" >/dev/null
    build_module_main github.com/fsouza/fake-gcs-server "$FAKE_GCS_SERVER_VERSION" "$FAKE_GCS_SERVER")
  [ -x "$AZURITE" ] || install_azurite
  [ -d "$BARMAN_PYTHON" ] || install_barman_python
fi

log "built in $(( $(date +%s) - STARTED ))s: $("$OUT/kube-apiserver" --version), etcd $("$OUT/etcd" --version | head -1)"
echo "$OUT"
