# Shared by ./local/demo and the benchmarks (sourced, not run): starts the local runtime and the operator.
# Needs: cd to the repository root, DEMO_DIR, METRICS_PORT; sets BIN_DIR, KUBECTL, KUBECONFIG, CAIRN, PIDS,
# HOST_ADDRESS (and the rest of runtime.env), S3_ENDPOINT, S3_ID, S3_SECRET; everything started is stopped on exit.

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

PIDS=()
# In reverse order of start: the runtime (started first) tears the node down last and restores the host.
stack_cleanup() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; wait "${PIDS[i]}" 2>/dev/null || true; done
}
trap stack_cleanup EXIT INT TERM

stack_build() {
  say "Kubernetes binaries (built once, then cached)"
  BIN_DIR=$(./local/kube-binaries.sh)
  KUBECTL="$BIN_DIR/kubectl"
  echo "$BIN_DIR"
  say "Building Cairn"
  ./mvnw -B -q package -DskipTests
  CAIRN=(java -jar target/quarkus-app/quarkus-run.jar)
}

# The local runtime: control plane and a real kubelet node (local/runtime/run; needs root), stopped on exit.
stack_runtime() {
  say "Starting the local runtime: etcd, kube-apiserver, controllers, and a real node (kubelet, containerd, CoreDNS)"
  mkdir -p "$DEMO_DIR/runtime"
  ./local/runtime/run --work-dir "$DEMO_DIR/runtime" --crds target/kubernetes --parent-pid $$ \
    >"$DEMO_DIR/runtime.log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  until grep -qx 'cairn runtime ready' "$DEMO_DIR/runtime.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -40 "$DEMO_DIR/runtime.log"; echo "the local runtime failed to start" >&2; exit 1; }
    sleep 1
  done
  # shellcheck disable=SC1091
  . "$DEMO_DIR/runtime/runtime.env"
  export KUBECONFIG
  "$KUBECTL" create namespace cnpg-system >/dev/null  # the operator's own namespace: its leader Lease lives there
  "$KUBECTL" get nodes -o wide
}

# S3Proxy on the node's bridge address, where pods reach this machine.
stack_store() {
  say "Starting the object store (S3Proxy) on $HOST_ADDRESS"
  local port=9000
  while (echo >"/dev/tcp/$HOST_ADDRESS/$port") 2>/dev/null; do port=$((port + 1)); done
  S3_ENDPOINT="http://$HOST_ADDRESS:$port"
  S3_ID="cairn$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  S3_SECRET="$(head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  mkdir -p "$DEMO_DIR/s3/data/backups"
  cat >"$DEMO_DIR/s3/s3proxy.properties" <<PROPS
s3proxy.endpoint=$S3_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$S3_ID
s3proxy.credential=$S3_SECRET
jclouds.provider=filesystem
jclouds.identity=$S3_ID
jclouds.credential=$S3_SECRET
jclouds.filesystem.basedir=$DEMO_DIR/s3/data
PROPS
  java -Xmx512m -XX:+UseSerialGC -jar target/local/s3proxy.jar --properties "$DEMO_DIR/s3/s3proxy.properties" \
    >"$DEMO_DIR/object-store.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do curl -s -o /dev/null "$S3_ENDPOINT/" && break; sleep 1; done
  curl -s -o /dev/null "$S3_ENDPOINT/" || { cat "$DEMO_DIR/object-store.log"; echo "S3Proxy did not start" >&2; exit 1; }
  echo "S3 endpoint $S3_ENDPOINT, bucket backups, data in $DEMO_DIR/s3/data"
}

stack_operator() {
  say "Starting the operator (metrics on http://127.0.0.1:$METRICS_PORT/q/metrics)"
  QUARKUS_HTTP_PORT=$METRICS_PORT "${CAIRN[@]}" operator >"$DEMO_DIR/operator.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$METRICS_PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 1; done
  curl -fsS "http://127.0.0.1:$METRICS_PORT/q/health/ready"; echo
}

# wait_for_cluster_healthy <name> [seconds]
wait_for_cluster_healthy() {
  local deadline=$(( $(date +%s) + ${2:-600} ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$("$KUBECTL" get cluster "$1" -o jsonpath='{.status.phase}')" = "Cluster in healthy state" ] && return 0
    sleep 2
  done
  echo "Cluster $1 did not become healthy; see $DEMO_DIR/operator.log and kubectl logs" >&2
  return 1
}
