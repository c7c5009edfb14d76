#!/usr/bin/env bash
# Packs `kubectl cairn` for krew: an archive with the launcher plugins/kubectl-cairn and, beside it, the cairn/ tree of
# the operator image (local/images.sh: native, cairn/manager is the executable; JVM, cairn/{manager,jre/,app/}), and
# krew's manifest plugins/cairn.yaml with the archive's sha256. Nothing is published.
#
#   local/kubectl-plugin.sh [--jvm | --native] [--uri URI]
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

die() { echo "kubectl-plugin.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --jvm|--native) BUILD=("$1") ;;
    --uri) URI=${2:?--uri needs a URI}; shift ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
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
tar --numeric-owner --owner=0 --group=0 --sort=name -C "$stage" -czf "$ARCHIVE.part" kubectl-cairn cairn
mv "$ARCHIVE.part" "$ARCHIVE"
sha=$(sha256sum "$ARCHIVE" | cut -d' ' -f1)
sed -e "s|^\(  version: \)VERSION$|\1$VERSION|" -e "s|^\(    uri: \)URI$|\1$URI|" \
  -e "s|^\(    sha256: \)SHA256$|\1$sha|" "$REPO/plugins/cairn.yaml" >"$OUT/cairn.yaml"
echo "[kubectl-plugin] $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1), sha256 $sha)" >&2
echo "$ARCHIVE"
echo "$OUT/cairn.yaml"
