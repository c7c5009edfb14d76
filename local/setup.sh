#!/usr/bin/env bash
# Installs the Debian packages Cairn's demo and tests need on a fresh Debian 12 machine (as root), and nothing when
# they are all there. The one list of them; ./local/demo, ./local/test and local/runtime/run call this first.
# Everything else is built and cached by the scripts that use it (local/kube-binaries.sh, local/images.sh, Maven).
set -euo pipefail

PACKAGES=(
  # Building Cairn and the scripts' own tools.
  openjdk-17-jdk-headless curl ca-certificates git python3 jq openssl util-linux iproute2 procps
  # local/bundle.sh assembles the OLM bundle with PyYAML.
  python3-yaml
  # The instance manager's ITs run PostgreSQL 15 and barman-cloud (with boto3) on the host, as the pod image does.
  # Not python3-snappy: Debian's is broken on Python 3.11, and Cairn refuses snappy compression.
  postgresql-15 barman-cli-cloud python3-boto3
  # barman-cloud's Azure and GCS libraries come from PyPI (local/barman-cloud-python.txt, installed by
  # local/kube-binaries.sh with this pip) on top of these Debian ones.
  python3-pip python3-cryptography python3-jwt
  # The local runtime's node (local/runtime/run).
  containerd runc containernetworking-plugins iptables conntrack socat ethtool
  # The images (local/images.sh): Debian root file systems, OCI layouts, a static C compiler.
  mmdebstrap umoci skopeo busybox-static gcc libc6-dev
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "local/setup.sh: missing Debian packages (${missing[*]}); run as root to install them" >&2
  exit 1
fi
echo "[setup] installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
  || { echo "local/setup.sh: apt-get could not install ${missing[*]}" >&2; exit 1; }
