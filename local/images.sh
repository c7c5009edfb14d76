#!/usr/bin/env bash
# Builds every container image Cairn's local runtime needs, on this machine: no registry, no Docker daemon.
#
#   local/images.sh [--only NAME...] [--app-dir DIR] [--jvm | --native]      NAME: pause busybox postgres cairn
#                                                      (only when named: barman-cloud-plugin barman-cloud-sidecar)
#
# stdout: one line per image, "<image-ref> <absolute path of a docker-archive tar>"; everything else goes to stderr.
# The node script imports the tars (`ctr -n k8s.io images import`); this script never touches containerd.
#
# Pipeline per image: rootfs/layer tars -> umoci (OCI layout) -> skopeo copy oci:... docker-archive:<tar>:<ref>.
# Cache: ${CAIRN_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/images}. Every tar there (the Debian rootfs
# tars, the jlink'd JRE, the image tars) is named by a hash of its inputs, including the text of the bash function
# that builds it, so an unchanged image is never rebuilt and a changed recipe never reuses a stale one.
#   localhost/cairn/pause:3.10             pause.c of k8s.io/kubernetes (Go module cache), gcc -static
#   localhost/cairn/busybox:stable         Debian's busybox-static and its applet links
#   ghcr.io/cloudnative-pg/postgresql:15   a stand-in for CloudNativePG's image: Debian bookworm, PostgreSQL 15,
#                                          barman-cloud, postgres = uid/gid 26, USER 26
#   ghcr.io/cairn-io/cairn:<version>       the operator on Debian bookworm, JVM or native (below)
#   ghcr.io/cloudnative-pg/plugin-barman-cloud{,-sidecar}:<version>   CloudNativePG's Barman Cloud plugin, its
#                                          unchanged binary (local/plugin-barman-cloud.sh) as /manager on the cairn
#                                          base and, for the sidecar, on the PostgreSQL image's rootfs (barman-cloud)
# See docs/local-runtime.md#images.
#
# The cairn image comes in two builds with the same reference and the same contract (/cairn/manager is what the
# operator's entrypoint and the instance pods, after copying /cairn/. to /controller/, run):
#   JVM      /cairn/{manager,jre/,app/}: the launcher, a jlink'd JRE, target/quarkus-app;
#            layers: rootfs | jre + manager | app (only the last changes per build)
#   native   /cairn/manager IS target/cairn-<version>-runner, the GraalVM native executable (./mvnw package -Dnative);
#            layers: rootfs | manager
# By default the native build is picked when that runner exists and no file of target/quarkus-app is newer (the
# last package was a native one); a line on stderr says which. --native insists on the runner, --jvm (or --app-dir)
# on the JVM application.
set -euo pipefail
shopt -s inherit_errexit

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CAIRN_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/images}
SUITE=bookworm
KUBE_VERSION=${CAIRN_KUBE_VERSION:-v1.36.3}
JDK=${CAIRN_JDK:-/usr/lib/jvm/java-17-openjdk-amd64}
PROJECT_VERSION=$(sed -n '/<parent>/,/<\/parent>/d; s:.*<version>\(.*\)</version>.*:\1:p' "$REPO/pom.xml" | head -1)

PAUSE_REF=localhost/cairn/pause:3.10
BUSYBOX_REF=localhost/cairn/busybox:stable
POSTGRES_REF=ghcr.io/cloudnative-pg/postgresql:15
CAIRN_REF=ghcr.io/cairn-io/cairn:$PROJECT_VERSION
ALL_IMAGES=(pause busybox postgres cairn)
# Built only when --only names them: the runtime's default set stays as it is.
PLUGIN_IMAGES=(barman-cloud-plugin barman-cloud-sidecar)
BARMAN_CLOUD_PLUGIN_VERSION=${CAIRN_BARMAN_CLOUD_PLUGIN_VERSION:-v0.15.0}
BARMAN_CLOUD_PLUGIN_REF=ghcr.io/cloudnative-pg/plugin-barman-cloud:$BARMAN_CLOUD_PLUGIN_VERSION
BARMAN_CLOUD_SIDECAR_REF=ghcr.io/cloudnative-pg/plugin-barman-cloud-sidecar:$BARMAN_CLOUD_PLUGIN_VERSION

# python3-cryptography and python3-jwt: what barman-cloud's Azure libraries need from Debian (below).
POSTGRES_PACKAGES=postgresql-15,barman-cli-cloud,python3-boto3,python3-cryptography,python3-jwt,ca-certificates
POSTGRES_PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CAIRN_BASE_PACKAGES=ca-certificates
# From jdeps over target/quarkus-app (java.base, java.desktop, java.naming, java.net.http, java.rmi, java.sql,
# jdk.management, jdk.unsupported, jdk.httpserver) plus what is only loaded by name at run time: TLS (jdk.crypto.ec),
# DNS lookups through JNDI (jdk.naming.dns), zip file systems, Kerberos-capable HTTP auth (java.security.jgss).
JRE_MODULES=java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.rmi
JRE_MODULES+=,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.naming.dns
JRE_MODULES+=,jdk.unsupported,jdk.zipfs
JLINK_FLAGS=(--strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive)

log() { echo "[images] $*" >&2; }
die() { echo "images.sh: $*" >&2; exit 1; }

usage() {
  sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# --- tools -------------------------------------------------------------------------------------------------------

APT_UPDATED=
apt_install() {
  [ -n "$APT_UPDATED" ] || { log "apt-get update"; apt-get update -qq >&2; APT_UPDATED=1; }
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# need_packages PACKAGE... — installs the Debian packages that are not installed.
need_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q ' installed$' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

find_go() {
  local toolchain=${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}/go1.26.8/bin/go
  if command -v go >/dev/null; then command -v go
  elif [ -x "$toolchain" ]; then echo "$toolchain"
  else need_packages golang-go; command -v go
  fi
}

# --- cache -------------------------------------------------------------------------------------------------------

# key TEXT... — a short content hash of its arguments.
key() { printf '%s\n' "$@" | sha256sum | cut -c1-20; }

# dir_key DIR — a hash of every file's path and content under DIR.
dir_key() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-20); }

# keep_newest PREFIX N — removes all but the N newest cache files matching PREFIX* (older builds of one thing).
keep_newest() {
  local prefix=$1 n=$2
  # shellcheck disable=SC2012
  ls -1t "$prefix"* 2>/dev/null | tail -n +$((n + 1)) | while read -r old; do rm -rf "$old"; done
}

# --- Debian rootfs -----------------------------------------------------------------------------------------------

# The host's Debian sources for $SUITE (and $SUITE-updates, $SUITE-security) as one-line sources.list entries.
host_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed 's/#.*//' "$f" | awk -v suite="$SUITE" '$1 == "deb" { s = $0; sub(/\[[^]]*\]/, "", s); split(s, w, " ");
      if (w[3] ~ "^" suite "(-|$)") print $0 }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$SUITE" '
      function flush(  s, u, i, j, n, m) {
        if (types ~ /(^| )deb( |$)/ && enabled != "no") {
          n = split(suites, s, " "); m = split(uris, u, " ")
          for (i = 1; i <= n; i++) if (s[i] ~ "^" suite "(-|$)")
            for (j = 1; j <= m; j++)
              print "deb" (signed ~ /^\// ? " [signed-by=" signed "]" : "") " " u[j] " " s[i] " " comps
        }
        types = uris = suites = comps = signed = enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[A-Za-z-]+:/ { k = tolower($1); sub(/:$/, "", k); v = $0; sub(/^[^:]*:[ \t]*/, "", v)
        if (k == "types") types = v; else if (k == "uris") uris = v; else if (k == "suites") suites = v
        else if (k == "components") comps = v; else if (k == "signed-by") signed = v
        else if (k == "enabled") enabled = tolower(v) }
      END { flush() }' "$f"
  done
}

# mmdebstrap_rootfs OUT SOURCES_FILE PACKAGES ESSENTIAL_HOOK CUSTOMIZE_HOOK — a Debian minbase rootfs tar.
mmdebstrap_rootfs() {
  local out=$1 sources=$2 packages=$3 hooks=()
  [ -z "$4" ] || hooks+=(--essential-hook="$4")
  [ -z "$5" ] || hooks+=(--customize-hook="$5")
  # merged-usr: /usr merged by symlinks the way debootstrap does it, else apt satisfies init-system-helpers'
  # "usrmerge | usr-is-merged" with usrmerge and its full Perl (~60 MB).
  mmdebstrap --quiet --variant=minbase --include="$packages" \
    --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr "${hooks[@]}" \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    "$SUITE" "$out" "$sources"
}

# rootfs_key PACKAGES ESSENTIAL_HOOK CUSTOMIZE_HOOK
rootfs_key() {
  local sources
  sources=$(host_sources)
  [ -n "$sources" ] || die "no Debian $SUITE entry in /etc/apt/sources.list{,.d/*}: mmdebstrap needs a mirror"
  key "$SUITE" "$1" "$2" "$3" "$sources" "$(declare -f mmdebstrap_rootfs)"
}

# debian_rootfs NAME PACKAGES ESSENTIAL_HOOK CUSTOMIZE_HOOK — path of a cached mmdebstrap_rootfs tar.
# Keyed by the packages, the hooks, the host's sources and mmdebstrap_rootfs; not by the mirror's current state: a
# security update reaches the image when one of those changes or the cache is cleared (~40-70 s to rebuild).
debian_rootfs() {
  local name=$1 packages=$2 essential_hook=$3 customize_hook=$4 sources k out
  sources=$(host_sources)
  k=$(rootfs_key "$packages" "$essential_hook" "$customize_hook")
  out="$CACHE/rootfs/$name-$k.tar"
  if [ ! -f "$out" ]; then
    need_packages mmdebstrap
    log "mmdebstrap $name rootfs ($SUITE: $packages)"
    mkdir -p "$CACHE/rootfs"
    printf '%s\n' "$sources" >"$WORK/$name.list"
    mmdebstrap_rootfs "$WORK/$name-rootfs.tar" "$WORK/$name.list" "$packages" "$essential_hook" "$customize_hook" \
      >"$WORK/$name-mmdebstrap.log" 2>&1 ||
      { tail -40 "$WORK/$name-mmdebstrap.log" >&2; die "mmdebstrap $name failed"; }
    mv "$WORK/$name-rootfs.tar" "$out"
    keep_newest "$CACHE/rootfs/$name-" 1
  fi
  echo "$out"
}

# --- image packing -----------------------------------------------------------------------------------------------

# layer_tar DIR OUT [PATH...] — a layer of the given paths under DIR (default: all of it), owned by root.
layer_tar() {
  local dir=$1 out=$2; shift 2
  [ $# -gt 0 ] || set -- .
  tar --numeric-owner --owner=0 --group=0 --sort=name -C "$dir" -cf "$out" "$@"
}

# pack_image REF OUT LAYER_TAR... -- UMOCI_CONFIG_ARG... — writes a docker-archive of REF to OUT.
pack_image() {
  local ref=$1 out=$2 layers=() oci="$WORK/oci-$RANDOM"; shift 2
  while [ "$1" != -- ]; do layers+=("$1"); shift; done
  shift
  umoci init --layout "$oci"
  umoci new --image "$oci:img"
  local layer
  for layer in "${layers[@]}"; do
    umoci raw add-layer --image "$oci:img" --history.created_by "local/images.sh: $(basename "$layer")" "$layer"
  done
  umoci config --image "$oci:img" --author cairn/local/images.sh "$@"
  rm -f "$out.part"
  skopeo copy --quiet "oci:$oci:img" "docker-archive:$out.part:$ref" >&2
  mv "$out.part" "$out"
  rm -rf "$oci"
}

# cached_image NAME REF KEY BUILD_FUNCTION — runs BUILD_FUNCTION OUT unless $CACHE/NAME-KEY.tar exists; prints it.
cached_image() {
  local name=$1 ref=$2 k=$3 build=$4 out started
  out="$CACHE/$name-$(key "$k" "$ref" "$(declare -f "$build" pack_image layer_tar)").tar"
  if [ -f "$out" ]; then
    log "$ref: cached $out"
  else
    started=$SECONDS
    "$build" "$out" >&2
    log "$ref: built $out ($(du -h "$out" | cut -f1), $((SECONDS - started)) s)"
    keep_newest "$CACHE/$name-" 2
  fi
  echo "$ref $out"
}

# --- pause -------------------------------------------------------------------------------------------------------

pause_key() {
  local gcc libc
  gcc=$(gcc --version | head -1)
  libc=$(dpkg-query -W -f '${Version}' libc6-dev)
  key "$KUBE_VERSION" "$gcc" "$libc"
}

build_pause() {
  local out=$1 root="$WORK/pause" go dir tag
  mkdir -p "$root" && chmod 0755 "$root"
  go=$(find_go)
  if dir=$(cd "$WORK" && GOTOOLCHAIN=local GOFLAGS= "$go" mod download -json "k8s.io/kubernetes@$KUBE_VERSION" |
             sed -n 's/^\t"Dir": "\(.*\)",$/\1/p') &&
     tag=$(sed -n 's/^TAG ?= //p' "$dir/build/pause/Makefile") &&
     gcc -static -Os -Wall -Werror -DVERSION="v$tag-cairn" -o "$root/pause" "$dir/build/pause/linux/pause.c"; then
    log "pause: compiled pause.c v$tag of k8s.io/kubernetes@$KUBE_VERSION"
  else
    log "pause: pause.c did not build, using the Go stand-in src/main/image/pause.go"
    (cd "$WORK" && GOTOOLCHAIN=local GOFLAGS= CGO_ENABLED=0 "$go" build -ldflags='-s -w' -o "$root/pause" \
      "$REPO/src/main/image/pause.go")
  fi
  strip "$root/pause"
  layer_tar "$root" "$WORK/pause-layer.tar"
  pack_image "$PAUSE_REF" "$out" "$WORK/pause-layer.tar" -- \
    --config.entrypoint /pause --config.user 65535:65535 --config.workingdir /
}

# --- busybox -----------------------------------------------------------------------------------------------------

busybox_key() { dpkg-query -W -f '${Version}' busybox-static; }

build_busybox() {
  local out=$1 root="$WORK/busybox" applet
  mkdir -p "$root"/{bin,etc,root} "$root/tmp" && chmod 0755 "$root" && chmod 1777 "$root/tmp" && chmod 0700 "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' >"$root/etc/group"
  layer_tar "$root" "$WORK/busybox-layer.tar"
  pack_image "$BUSYBOX_REF" "$out" "$WORK/busybox-layer.tar" -- \
    --config.cmd sh --config.env PATH=/bin --config.workingdir /
}

# --- postgres ----------------------------------------------------------------------------------------------------

# Like CloudNativePG's image, postgres is uid/gid 26. Debian's base-passwd gives gid 26 to tape: move tape out of
# the way and create postgres before postgresql-common's postinst would create it with a dynamic id. No passwd tools
# exist yet at this stage and the password fields are still "*" (shadowconfig turns them into x later).
POSTGRES_ESSENTIAL_HOOK='set -e
sed -i "s/^tape:\([^:]*\):26:/tape:\1:1026:/" "$1/etc/group"
if grep "^[^:]*:[^:]*:26:" "$1/etc/group" "$1/etc/passwd"; then echo "id 26 is taken" >&2; exit 1; fi
echo "postgres:*:26:" >>"$1/etc/group"
echo "postgres:*:26:26:PostgreSQL administrator:/var/lib/postgresql:/bin/bash" >>"$1/etc/passwd"
mkdir -p "$1/etc/postgresql-common/createcluster.d"
echo "create_main_cluster = false" >"$1/etc/postgresql-common/createcluster.d/cairn.conf"'
POSTGRES_CUSTOMIZE_HOOK='set -e
test "$(chroot "$1" getent passwd 26 | cut -d: -f1,4,6)" = postgres:26:/var/lib/postgresql
test "$(chroot "$1" getent group 26 | cut -d: -f1)" = postgres
test ! -e "$1/var/lib/postgresql/15/main"'
# barman-cloud's Azure Blob Storage and Google Cloud Storage libraries from PyPI, pinned in
# local/barman-cloud-python.txt (whose text is part of the hook, so of the cache key), installed by this machine's pip
# into the image's /usr/local/lib/python3.11/dist-packages, which Debian's python3 reads before its own packages.
POSTGRES_CUSTOMIZE_HOOK+="
/usr/bin/python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --only-binary=:all: \\
  --python-version 3.11 --platform manylinux2014_x86_64 --implementation cp \\
  --target \"\$1/usr/local/lib/python3.11/dist-packages\" -r /dev/stdin <<'REQUIREMENTS'
$(grep -v '^#' "$REPO/local/barman-cloud-python.txt")
REQUIREMENTS
chroot \"\$1\" python3 -c 'import azure.storage.blob, azure.identity, google.cloud.storage, boto3'"

postgres_rootfs() { debian_rootfs postgres "$POSTGRES_PACKAGES" "$POSTGRES_ESSENTIAL_HOOK" "$POSTGRES_CUSTOMIZE_HOOK"; }

postgres_key() { rootfs_key "$POSTGRES_PACKAGES" "$POSTGRES_ESSENTIAL_HOOK" "$POSTGRES_CUSTOMIZE_HOOK"; }

build_postgres() {
  local out=$1 rootfs
  rootfs=$(postgres_rootfs)
  pack_image "$POSTGRES_REF" "$out" "$rootfs" -- \
    --config.user 26 --config.env "PATH=$POSTGRES_PATH" --config.env LANG=C.UTF-8 --config.workingdir /
}

# --- cairn -------------------------------------------------------------------------------------------------------

# minbase has no passwd tools; without the passwd package there is no /etc/shadow either.
CAIRN_CUSTOMIZE_HOOK='set -e
pw="*"
if [ -e "$1/etc/shadow" ]; then pw=x; echo "cairn:!:19000::::::" >>"$1/etc/shadow"; fi
if [ -e "$1/etc/gshadow" ]; then echo "cairn:!::" >>"$1/etc/gshadow"; fi
echo "cairn:$pw:10001:10001:Cairn:/cairn:/usr/sbin/nologin" >>"$1/etc/passwd"
echo "cairn:$pw:10001:" >>"$1/etc/group"
test "$(chroot "$1" getent passwd 10001 | cut -d: -f1,4)" = cairn:10001'

cairn_base_rootfs() { debian_rootfs cairn-base "$CAIRN_BASE_PACKAGES" "" "$CAIRN_CUSTOMIZE_HOOK"; }

jre_key() {
  local release manager
  release=$(cat "$JDK/release")
  manager=$(cat "$REPO/src/main/image/manager.c")
  key "$JRE_MODULES" "${JLINK_FLAGS[*]}" "$release" "$manager" "$(gcc --version | head -1)" "$(declare -f jre_layer)"
}

# A layer with /cairn/jre (jlink'd, cached by the JDK and the module list) and /cairn/manager.
jre_layer() {
  local k out
  k=$(jre_key)
  out="$CACHE/layers/jre-$k.tar"
  if [ ! -f "$out" ]; then
    [ -x "$JDK/bin/jlink" ] && [ -d "$JDK/jmods" ] ||
      die "no jlink or jmods in $JDK: apt-get install openjdk-17-jdk-headless, or set CAIRN_JDK"
    local root="$WORK/jre-root"
    mkdir -p "$root/cairn" && chmod 0755 "$root/cairn"
    log "jlink: $JRE_MODULES"
    "$JDK/bin/jlink" --module-path "$JDK/jmods" --add-modules "$JRE_MODULES" "${JLINK_FLAGS[@]}" \
      --output "$root/cairn/jre" >&2
    gcc -static -Os -Wall -Wextra -Werror -o "$root/cairn/manager" "$REPO/src/main/image/manager.c"
    strip "$root/cairn/manager"
    mkdir -p "$CACHE/layers"
    layer_tar "$root" "$out.part" cairn && mv "$out.part" "$out"
    keep_newest "$CACHE/layers/jre-" 1
  fi
  echo "$out"
}

# --- the Barman Cloud plugin ------------------------------------------------------------------------------------

# The directory local/plugin-barman-cloud.sh builds the plugin into (it builds it when missing).
plugin_dir() { "$REPO/local/plugin-barman-cloud.sh" | tail -1; }

barman_cloud_key() {
  key "$BARMAN_CLOUD_PLUGIN_VERSION" "$(sha256sum "$(plugin_dir)/manager")" "$(declare -f plugin_manager_layer)"
}
barman_cloud_plugin_key() {
  key "$(barman_cloud_key)" "$(rootfs_key "$CAIRN_BASE_PACKAGES" "" "$CAIRN_CUSTOMIZE_HOOK")"
}
barman_cloud_sidecar_key() { key "$(barman_cloud_key)" "$(postgres_key)"; }

# A layer with the plugin's binary as /manager, the entrypoint of both its images (as in its own Dockerfiles).
plugin_manager_layer() {
  local root="$WORK/plugin-root"
  mkdir -p "$root" && chmod 0755 "$root"
  install -m 0755 "$(plugin_dir)/manager" "$root/manager"
  layer_tar "$root" "$WORK/plugin-layer.tar" manager
  echo "$WORK/plugin-layer.tar"
}

# The operator side: the user of its Dockerfile.plugin (65532).
build_barman_cloud_plugin() {
  local out=$1 layers
  layers=("$(cairn_base_rootfs)" "$(plugin_manager_layer)")
  pack_image "$BARMAN_CLOUD_PLUGIN_REF" "$out" "${layers[@]}" -- \
    --config.user 65532:65532 --config.entrypoint /manager --config.workingdir /
}

# The sidecar: barman-cloud from the PostgreSQL image's rootfs (Debian's 3.4; its Dockerfile.sidecar installs
# barman 3.20 from PyPI), user 26 as in its Dockerfile.sidecar.
build_barman_cloud_sidecar() {
  local out=$1 layers
  layers=("$(postgres_rootfs)" "$(plugin_manager_layer)")
  pack_image "$BARMAN_CLOUD_SIDECAR_REF" "$out" "${layers[@]}" -- \
    --config.user 26:26 --config.entrypoint /manager --config.env "PATH=$POSTGRES_PATH" \
    --config.env LANG=C.UTF-8 --config.workingdir /
}

# JVM: the base, the JRE layer and a layer with /cairn/app. Native ($RUNNER set): the base and a layer whose
# /cairn/manager is the native executable.
build_cairn() {
  local out=$1 root="$WORK/app-root" layers
  layers=("$(cairn_base_rootfs)")
  mkdir -p "$root/cairn" && chmod 0755 "$root/cairn"
  if [ -n "$RUNNER" ]; then
    install -m 0755 "$RUNNER" "$root/cairn/manager"
    layer_tar "$root" "$WORK/app-layer.tar" cairn
  else
    layers+=("$(jre_layer)")
    cp -a "$APP_DIR" "$root/cairn/app"
    chmod -R u+rwX,go+rX,go-w "$root/cairn/app"
    layer_tar "$root" "$WORK/app-layer.tar" cairn/app
  fi
  pack_image "$CAIRN_REF" "$out" "${layers[@]}" "$WORK/app-layer.tar" -- \
    --config.user 10001 --config.entrypoint /cairn/manager --config.cmd operator --config.workingdir /cairn \
    --config.env LANG=C.UTF-8 --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
}

cairn_key() {
  local app base
  base=$(rootfs_key "$CAIRN_BASE_PACKAGES" "" "$CAIRN_CUSTOMIZE_HOOK")
  if [ -n "$RUNNER" ]; then
    app=$(sha256sum <"$RUNNER")
    key native "$app" "$base"
  else
    app=$(dir_key "$APP_DIR")
    key "$app" "$(jre_key)" "$base"
  fi
}

# pick_cairn_build MODE — sets RUNNER (native) or checks APP_DIR (JVM); MODE: native, jvm or auto (see the header).
pick_cairn_build() {
  local mode=$1 runner="$REPO/target/cairn-$PROJECT_VERSION-runner"
  if [ "$mode" = native ] && [ ! -f "$runner" ]; then
    die "--native: no $runner; build it with ./mvnw -B package -Dnative -DskipTests where GraalVM's native-image" \
      "(Mandrel or GraalVM for JDK 21) exists: this script only packs it"
  fi
  if [ "$mode" = native ] ||
     { [ "$mode" = auto ] && [ -f "$runner" ] && [ -z "$(find "$APP_DIR" -newer "$runner" -print -quit 2>/dev/null)" ]; }
  then
    RUNNER=$runner
    log "cairn: native build, /cairn/manager = $RUNNER ($mode)"
    return
  fi
  [ -f "$APP_DIR/quarkus-run.jar" ] || die "no $APP_DIR/quarkus-run.jar: run ./mvnw -B package -DskipTests first"
  APP_DIR=$(cd "$APP_DIR" && pwd)
  [ "$mode" != auto ] || [ ! -f "$runner" ] || mode="auto: $APP_DIR is newer than $runner"
  log "cairn: JVM build of $APP_DIR ($mode)"
}

# --- main --------------------------------------------------------------------------------------------------------

ONLY=()
APP_DIR=$REPO/target/quarkus-app
MODE=auto
while [ $# -gt 0 ]; do
  case $1 in
    --only) shift; while [ $# -gt 0 ] && [[ $1 != --* ]]; do ONLY+=("$1"); shift; done; continue ;;
    --app-dir) APP_DIR=${2:?--app-dir needs a directory}; MODE=jvm; shift ;;
    --jvm) MODE=jvm ;;
    --native) MODE=native ;;
    -h|--help) usage ;;
    *) echo "images.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done
[ ${#ONLY[@]} -gt 0 ] || ONLY=("${ALL_IMAGES[@]}")
for name in "${ONLY[@]}"; do
  [[ " ${ALL_IMAGES[*]} ${PLUGIN_IMAGES[*]} " == *" $name "* ]] ||
    die "unknown image '$name' (images: ${ALL_IMAGES[*]} ${PLUGIN_IMAGES[*]})"
done
wanted() { [[ " ${ONLY[*]} " == *" $1 "* ]]; }

[ "$(id -u)" = 0 ] || die "run as root (mmdebstrap and the image tars need root-owned files)"
RUNNER=
if wanted cairn; then pick_cairn_build "$MODE"; fi

need_packages umoci skopeo gcc libc6-dev busybox-static
mkdir -p "$CACHE"
# One build at a time per cache: test JVMs may start this script concurrently. Holding the lock, any work directory
# left is a killed run's.
exec 9>"$CACHE/.lock"
flock 9
rm -rf "$CACHE"/.work.*
WORK=$(mktemp -d "$CACHE/.work.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

for name in "${ALL_IMAGES[@]}" "${PLUGIN_IMAGES[@]}"; do
  wanted "$name" || continue
  k=$("${name//-/_}_key")
  case $name in
    pause) cached_image pause "$PAUSE_REF" "$k" build_pause ;;
    busybox) cached_image busybox "$BUSYBOX_REF" "$k" build_busybox ;;
    postgres) cached_image postgres "$POSTGRES_REF" "$k" build_postgres ;;
    cairn) cached_image cairn "$CAIRN_REF" "$k" build_cairn ;;
    barman-cloud-plugin) cached_image barman-cloud-plugin "$BARMAN_CLOUD_PLUGIN_REF" "$k" build_barman_cloud_plugin ;;
    barman-cloud-sidecar)
      cached_image barman-cloud-sidecar "$BARMAN_CLOUD_SIDECAR_REF" "$k" build_barman_cloud_sidecar ;;
  esac
done
