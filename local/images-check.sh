#!/usr/bin/env bash
# Checks the images local/images.sh builds, without a container runtime: each docker-archive is inspected with
# skopeo, unpacked with umoci, and its key commands run in a chroot of its rootfs. The Cairn launcher is also run
# on the host and, copied the way instance pods get it (cp -a /cairn/. /controller/), inside the PostgreSQL image
# as uid 26. With CAIRN_CHECK_CONTAINERD=1 the tars are also imported into a throwaway containerd and run by ctr.
#   local/images-check.sh [images.sh arguments...]
# Prints "N passed, N failed" last; exits non-zero when a check failed.
set -euo pipefail
shopt -s inherit_errexit

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Every Cairn role boots Quarkus, whose HTTP server would otherwise take 0.0.0.0:8080 on this machine.
export QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=0
WORK=$(mktemp -d)
MOUNTS=()
cleanup() {
  local m busy=
  [ -z "${CONTAINERD_PID:-}" ] || { kill "$CONTAINERD_PID"; wait "$CONTAINERD_PID" 2>/dev/null || true; }
  for m in "${MOUNTS[@]}"; do umount "$m" || busy=1; done
  # Never rm -rf through a mount that is still there (/proc of the host).
  if [ -n "$busy" ]; then echo "images-check: left $WORK (a mount is busy)" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

PASSED=0 FAILED=0
# check NAME COMMAND... — runs COMMAND, counts and reports the outcome, shows its output on failure.
check() {
  local name=$1; shift
  if "$@" >"$WORK/out" 2>&1; then
    PASSED=$((PASSED + 1)); echo "ok    $name: $(head -c 160 "$WORK/out" | tr '\n' ' ')"
  else
    FAILED=$((FAILED + 1)); echo "FAIL  $name"; sed 's/^/      /' "$WORK/out" | tail -20
  fi
}

# unpack NAME TAR — the image's rootfs directory.
unpack() {
  skopeo copy --quiet "docker-archive:$2" "oci:$WORK/oci:$1" >&2
  umoci unpack --image "$WORK/oci:$1" "$WORK/$1" >&2
  echo "$WORK/$1/rootfs"
}

# config TAR — the image's config as one line of JSON.
config() { skopeo inspect --config "docker-archive:$1" | tr -d ' \n'; }

contains() { grep -qF -- "$2" <<<"$1" || { echo "expected $2 in: $1"; return 1; }; }

"$HERE/images.sh" "$@" >"$WORK/images"
cat "$WORK/images"
declare -A TAR
while read -r ref tar; do
  case $ref in
    */pause:*) TAR[pause]=$tar ;;
    */busybox:*) TAR[busybox]=$tar ;;
    */postgresql:*) TAR[postgres]=$tar ;;
    */cairn:*) TAR[cairn]=$tar ;;
    */plugin-barman-cloud:*) TAR[barman-cloud-plugin]=$tar ;;
    */plugin-barman-cloud-sidecar:*) TAR[barman-cloud-sidecar]=$tar ;;
  esac
  check "$ref is a docker-archive of that name" contains "$(tar -xOf "$tar" manifest.json)" "\"RepoTags\":[\"$ref\"]"
done <"$WORK/images"

if [ -n "${TAR[pause]:-}" ]; then
  root=$(unpack pause "${TAR[pause]}")
  check "pause: entrypoint /pause" contains "$(config "${TAR[pause]}")" '"Entrypoint":["/pause"]'
  check "pause: pause.c -v" "$root/pause" -v
  check "pause: static binary" contains "$(file "$root/pause")" "statically linked"
fi

if [ -n "${TAR[busybox]:-}" ]; then
  root=$(unpack busybox "${TAR[busybox]}")
  check "busybox: applets" chroot "$root" /bin/sh -c \
    'for a in mkdir rm sh nslookup wget nc sleep id; do command -v $a; done'
  check "busybox: users" chroot "$root" /bin/sh -c 'id root && id nobody'
  check "busybox: /tmp is 1777" contains "$(stat -c %a "$root/tmp")" 1777
fi

if [ -n "${TAR[postgres]:-}" ]; then
  pg=$(unpack postgres "${TAR[postgres]}")
  cfg=$(config "${TAR[postgres]}")
  check "postgres: USER 26" contains "$cfg" '"User":"26"'
  check "postgres: PATH" contains "$cfg" 'PATH=/usr/lib/postgresql/15/bin:'
  check "postgres: postgres --version" chroot "$pg" /usr/lib/postgresql/15/bin/postgres --version
  check "postgres: barman-cloud-wal-archive" chroot "$pg" barman-cloud-wal-archive --version
  check "postgres: barman-cloud-backup" chroot "$pg" barman-cloud-backup --version
  check "postgres: boto3" chroot "$pg" python3 -c 'import boto3; print("boto3", boto3.__version__)'
  check "postgres: uid 26" contains "$(chroot "$pg" getent passwd 26)" 'postgres:x:26:26:'
  check "postgres: gid 26" contains "$(chroot "$pg" getent group 26)" 'postgres:x:26:'
  check "postgres: /var/lib/postgresql owned by 26" contains "$(stat -c %u:%g "$pg/var/lib/postgresql")" 26:26
  check "postgres: initdb as uid 26" chroot --userspec=26:26 "$pg" \
    /usr/lib/postgresql/15/bin/initdb -D /tmp/pgdata --auth=trust --no-sync
fi

if [ -n "${TAR[cairn]:-}" ]; then
  root=$(unpack cairn "${TAR[cairn]}")
  cfg=$(config "${TAR[cairn]}")
  check "cairn: config" contains "$cfg" '"User":"10001","Env":['
  check "cairn: entrypoint" contains "$cfg" '"Entrypoint":["/cairn/manager"],"Cmd":["operator"],"WorkingDir":"/cairn"'
  # The JVM build has /cairn/{manager,jre,app} in three layers; the native one only /cairn/manager, in two.
  if [ -d "$root/cairn/jre" ]; then build=jvm layers=3 tree=$'app\njre\nmanager'; else build=native layers=2 tree=manager; fi
  check "cairn ($build): $layers layers" \
    contains "$(skopeo inspect "docker-archive:${TAR[cairn]}" | jq '.Layers | length')" $layers
  check "cairn ($build): /cairn holds $(echo $tree)" test "$(ls -A "$root/cairn")" = "$tree"
  check "cairn: user 10001" contains "$(chroot "$root" getent passwd 10001)" 'cairn:x:10001:10001:'
  check "cairn: cp in the image" chroot "$root" cp --version
  check "cairn: manager help on the host" contains "$("$root/cairn/manager" help 2>&1)" "Usage: cairn <command>"
  if [ $build = jvm ]; then
    check "cairn: CAIRN_JVM_OPTIONS reach the JVM" contains \
      "$(CAIRN_JVM_OPTIONS='-Xmx64m  -XX:+PrintCommandLineFlags' "$root/cairn/manager" help 2>&1)" "-XX:MaxHeapSize=67108864"
  fi
  check "cairn: unknown command" contains "$("$root/cairn/manager" nope 2>&1 || true)" "cairn: unknown command 'nope'"
  if [ -n "${pg:-}" ]; then
    # What the instance pods do: an init container copies the tree, the PostgreSQL container runs it as uid 26.
    # The emptyDir: one directory, root-owned 0777 like the kubelet's, mounted at /controller in both images.
    mkdir -m 0777 "$pg/controller" "$root/controller"
    mount --bind "$pg/controller" "$root/controller" && MOUNTS+=("$root/controller")
    mount -t proc proc "$pg/proc" && MOUNTS+=("$pg/proc")
    check "cairn: init container as root: cp -a /cairn/. /controller/" chroot "$root" cp -a /cairn/. /controller/
    check "cairn: copied manager in the postgres image as uid 26" contains \
      "$(chroot --userspec=26:26 "$pg" /controller/manager help 2>&1)" "Usage: cairn <command>"
    find "$pg/controller" -mindepth 1 -delete && chmod 0777 "$pg/controller"
    # As non-root, cp -a (and -p) fails on the root-owned emptyDir itself ("preserving times for
    # '/controller/.': Operation not permitted", exit 1) after copying everything; cp -R does not preserve times.
    check "cairn: init container as uid 26, as the pod runs it: cp -R --remove-destination /cairn/. /controller/" \
      chroot --userspec=26:26 "$root" cp -R --remove-destination /cairn/. /controller/
    check "cairn: a restarted init container copies again over the read-only files" \
      chroot --userspec=26:26 "$root" cp -R --remove-destination /cairn/. /controller/
    check "cairn: non-root copy runs in the postgres image as uid 26" contains \
      "$(chroot --userspec=26:26 "$pg" /controller/manager help 2>&1)" "Usage: cairn <command>"
    check "cairn: wal-archive (no Quarkus) in the postgres image" contains \
      "$(chroot --userspec=26:26 "$pg" /controller/manager wal-archive 2>&1 || true)" "wal-archive"
    # barman-cloud-wal-archive from the PostgreSQL image through the copied launcher: ClusterIT, on the real node
    if [ $build = jvm ]; then
      rm -rf "$pg/controller/jre"
      check "cairn: missing JRE is reported" contains \
        "$(chroot --userspec=26:26 "$pg" /controller/manager help 2>&1 || true)" \
        "no Java runtime at /controller/jre/bin/java"
    fi
  fi
fi

# The Barman Cloud plugin's images (built when named): its unchanged binary as /manager, the sidecar with barman-cloud.
# plugin_image NAME USER CONFIG ROLE SAYS — unpacks NAME into $root; its config holds CONFIG, and `/manager ROLE`,
# run as USER without its settings, says SAYS.
plugin_image() {
  root=$(unpack "$1" "${TAR[$1]}")
  check "$1: user and entrypoint" contains "$(config "${TAR[$1]}")" "$3"
  check "$1: manager $4 as $2 asks for its settings" contains \
    "$(chroot --userspec="$2" "$root" /manager "$4" 2>&1 || true)" "$5"
}
if [ -n "${TAR[barman-cloud-plugin]:-}" ]; then
  plugin_image barman-cloud-plugin 65532:65532 '"User":"65532:65532","Entrypoint":["/manager"]' operator \
    "missing required SIDECAR_IMAGE"
fi
if [ -n "${TAR[barman-cloud-sidecar]:-}" ]; then
  plugin_image barman-cloud-sidecar 26:26 '"User":"26:26","Env":["PATH=/usr/lib/postgresql/15/bin:' instance \
    "missing required namespace setting"
  check "barman-cloud-sidecar: barman-cloud-wal-archive as uid 26" \
    chroot --userspec=26:26 "$root" barman-cloud-wal-archive --version
fi

if [ "${CAIRN_CHECK_CONTAINERD:-}" = 1 ]; then
  sock="$WORK/containerd/sock"
  mkdir -p "$WORK/containerd"
  printf '%s\n' 'version = 2' 'disabled_plugins = ["io.containerd.grpc.v1.cri"]' >"$WORK/containerd/config.toml"
  containerd --root "$WORK/containerd/root" --state "$WORK/containerd/state" --address "$sock" \
    --config "$WORK/containerd/config.toml" >"$WORK/containerd.log" 2>&1 &
  CONTAINERD_PID=$!
  for _ in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
  while read -r ref tar; do
    check "containerd imports $ref" ctr --address "$sock" -n k8s.io images import "$tar"
  done <"$WORK/images"
  if [ -n "${TAR[busybox]:-}" ]; then
    check "containerd runs busybox" ctr --address "$sock" -n k8s.io run --rm localhost/cairn/busybox:stable bb1 \
      /bin/sh -c 'id -u; ls -ld /tmp'
  fi
  if [ -n "${TAR[postgres]:-}" ]; then
    check "containerd runs postgres --version as uid 26" ctr --address "$sock" -n k8s.io run --rm \
      ghcr.io/cloudnative-pg/postgresql:15 pg1 sh -c 'id -u && postgres --version'
  fi
  if [ -n "${TAR[cairn]:-}" ]; then
    check "containerd runs the cairn image's manager" ctr --address "$sock" -n k8s.io run --rm \
      "$(grep '/cairn:' "$WORK/images" | cut -d' ' -f1)" cairn1 /cairn/manager help
  fi
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
