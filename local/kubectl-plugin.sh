#!/usr/bin/env bash
# Packs `kubectl cairn` for krew: an archive with the launcher plugins/kubectl-cairn and, beside it, the cairn/ tree of
# the operator image (local/images.sh: native, cairn/manager is the executable; JVM, cairn/{manager,jre/,app/}), and
# krew's manifest plugins/cairn.yaml with the archive's sha256. Nothing is published.
#
#   local/kubectl-plugin.sh [--jvm | --native] [--uri URI] [--check]
#
# --check: then installs the archive with the real krew (sigs.k8s.io/krew KREW_VERSION, built from the Go module proxy
# into the kube-binaries cache) into a scratch KREW_ROOT, and runs `kubectl-cairn --help` through krew's link.
#
# Needs what local/images.sh needs (root, ./mvnw package first). stdout: the archive and the manifest, one a line.
#   target/kubectl-plugin/kubectl-cairn_linux_amd64.tar.gz
#   target/kubectl-plugin/cairn.yaml       (kubectl krew install --manifest=... --archive=... installs it locally)
set -euo pipefail
shopt -s inherit_errexit

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$REPO/target/kubectl-plugin
ARCHIVE=$OUT/kubectl-cairn_linux_amd64.tar.gz
VERSION=v$(sed -n '/<parent>/,/<\/parent>/d; s:.*<version>\(.*\)</version>.*:\1:p' "$REPO/pom.xml" | head -1)
VERSION=${VERSION%-SNAPSHOT}
URI=https://github.com/cairn-io/cairn/releases/download/$VERSION/kubectl-cairn_linux_amd64.tar.gz
BUILD=()
CHECK=
KREW_VERSION=v0.4.3
TOOLS=${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}/tools

die() { echo "kubectl-plugin.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --jvm|--native) BUILD=("$1") ;;
    --uri) URI=${2:?--uri needs a URI}; shift ;;
    --check) CHECK=1 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    *) die "unknown argument '$1'" ;;
  esac
  shift
done

image=$("$REPO/local/images.sh" --only cairn "${BUILD[@]}" | awk '{print $2}')
[ -f "$image" ] || die "local/images.sh gave no cairn image"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# The image's layers in order, each unpacked where it holds cairn/ (the base rootfs does not).
for layer in $(tar -xOf "$image" manifest.json | jq -r '.[0].Layers[]'); do
  if tar -xOf "$image" "$layer" | tar -t | grep '^cairn/' >/dev/null; then  # not -q: with pipefail, tar's SIGPIPE would fail the test
    tar -xOf "$image" "$layer" | tar -x -C "$stage" cairn
  fi
done
[ -x "$stage/cairn/manager" ] || die "no cairn/manager in $image"
install -m 0755 "$REPO/plugins/kubectl-cairn" "$stage/kubectl-cairn"

mkdir -p "$OUT"
# krew unpacks regular files and directories only: the links of the JRE's legal/ go in as copies.
tar --dereference --hard-dereference --numeric-owner --owner=0 --group=0 --sort=name -C "$stage" -czf "$ARCHIVE.part" kubectl-cairn cairn
mv "$ARCHIVE.part" "$ARCHIVE"
sha=$(sha256sum "$ARCHIVE" | cut -d' ' -f1)
sed -e "s|^\(  version: \)VERSION$|\1$VERSION|" -e "s|^\(    uri: \)URI$|\1$URI|" \
  -e "s|^\(    sha256: \)SHA256$|\1$sha|" "$REPO/plugins/cairn.yaml" >"$OUT/cairn.yaml"
echo "[kubectl-plugin] $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1), sha256 $sha)" >&2

if [ -n "$CHECK" ]; then
  krew=$TOOLS/krew-$KREW_VERSION/krew
  if [ ! -x "$krew" ]; then
    echo "[kubectl-plugin] go install sigs.k8s.io/krew/cmd/krew@$KREW_VERSION" >&2
    mkdir -p "$(dirname "$krew")"
    GOFLAGS=-mod=mod GOBIN="$stage/gobin" go install "sigs.k8s.io/krew/cmd/krew@$KREW_VERSION" >&2
    mv "$stage/gobin/krew" "$krew"
  fi
  KREW_ROOT=$stage/krew-root "$krew" install --manifest="$OUT/cairn.yaml" --archive="$ARCHIVE" </dev/null >&2
  "$stage/krew-root/bin/kubectl-cairn" --help | grep -q 'kubectl cairn' ||
    die "kubectl-cairn installed by krew does not answer --help"
  echo "[kubectl-plugin] krew $KREW_VERSION installed the archive; kubectl-cairn --help answers through its link" >&2
fi
echo "$ARCHIVE"
echo "$OUT/cairn.yaml"
