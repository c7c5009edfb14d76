#!/usr/bin/env bash
# Builds a tiny image on this machine and imports it into the runtime's containerd, for when local/images.sh did
# not provide it:   fallback-image.sh pause|busybox IMAGE_REF CONTAINERD_SOCKET
#   pause:   a static Go build of pause.go (the pod sandbox)
#   busybox: /bin/busybox from Debian's busybox-static (local-path-provisioner's helper pods, selftest pods)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
KIND=$1 REF=$2 SOCKET=$3
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/rootfs"

case $KIND in
  pause)
    mkdir -p "$W/src" && cp "$HERE/pause.go" "$W/src/" && printf 'module local/pause\ngo 1.22\n' >"$W/src/go.mod"
    (cd "$W/src" && CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -trimpath -ldflags '-s -w' -o "$W/rootfs/pause" .)
    CONFIG=(--config.entrypoint /pause)
    ;;
  busybox)
    mkdir -p "$W"/rootfs/{bin,etc,tmp,root}
    cp /bin/busybox "$W/rootfs/bin/"
    for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$W/rootfs/bin/$a"; done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$W/rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$W/rootfs/etc/group"
    chmod 1777 "$W/rootfs/tmp"
    CONFIG=(--config.env PATH=/bin --config.cmd /bin/sh)
    ;;
  *) echo "unknown image kind $KIND" >&2; exit 2 ;;
esac

tar --numeric-owner --owner=0 --group=0 -C "$W/rootfs" -cf "$W/rootfs.tar" .
umoci init --layout "$W/oci"
umoci new --image "$W/oci:img"
umoci raw add-layer --image "$W/oci:img" "$W/rootfs.tar"
umoci config --image "$W/oci:img" --config.workingdir / "${CONFIG[@]}"
skopeo copy --quiet "oci:$W/oci:img" "docker-archive:$W/image.tar:$REF"
ctr --address "$SOCKET" -n k8s.io images import "$W/image.tar"
echo "fallback image $REF built and imported" >&2
