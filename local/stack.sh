# Shared by ./local/demo and the benchmarks (sourced, not run): starts the local runtime and the operator.
# Needs: cd to the repository root, DEMO_DIR, METRICS_PORT; sets BIN_DIR, KUBECTL, KUBECONFIG, CAIRN, PIDS,
# S3_ENDPOINT, S3_ID, S3_SECRET; everything started is stopped on exit.

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

PIDS=()
stack_cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
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

stack_control_plane() {
  say "Starting etcd, kube-apiserver and kube-controller-manager on loopback"
  QUARKUS_HTTP_PORT=0 CAIRN_LOCAL_KUBE_BINARIES="$BIN_DIR" "${CAIRN[@]}" local-control-plane --work-dir "$DEMO_DIR" \
    target/kubernetes >"$DEMO_DIR/control-plane.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do grep -q '^export KUBECONFIG' "$DEMO_DIR/control-plane.log" 2>/dev/null && break; sleep 1; done
  grep -q '^export KUBECONFIG' "$DEMO_DIR/control-plane.log" || { cat "$DEMO_DIR/control-plane.log"; exit 1; }
  export KUBECONFIG="$DEMO_DIR/kubeconfig"
  "$KUBECTL" create namespace cnpg-system >/dev/null  # the operator's own namespace: its leader Lease lives there
}

stack_node_and_store() {
  say "Starting the local node agent (pods as local processes; needs root) and the object store (S3Proxy)"
  QUARKUS_HTTP_PORT=0 "${CAIRN[@]}" local-node-agent --work-dir "$DEMO_DIR/node" >"$DEMO_DIR/node-agent.log" 2>&1 &
  PIDS+=($!)
  QUARKUS_HTTP_PORT=0 "${CAIRN[@]}" local-object-store --work-dir "$DEMO_DIR/s3" --bucket backups \
    >"$DEMO_DIR/object-store.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do grep -q '^export AWS_ACCESS_KEY_ID' "$DEMO_DIR/object-store.log" 2>/dev/null && break; sleep 1; done
  grep -q '^export AWS_ACCESS_KEY_ID' "$DEMO_DIR/object-store.log" || { cat "$DEMO_DIR/object-store.log"; exit 1; }
  S3_ENDPOINT=$(sed -n 's/^S3 endpoint \([^ ]*\).*/\1/p' "$DEMO_DIR/object-store.log")
  S3_ID=$(sed -n 's/^export.* AWS_ACCESS_KEY_ID=\([^ ]*\).*/\1/p' "$DEMO_DIR/object-store.log")
  S3_SECRET=$(sed -n 's/^export.* AWS_SECRET_ACCESS_KEY=\([^ ]*\).*/\1/p' "$DEMO_DIR/object-store.log")
  echo "S3 endpoint $S3_ENDPOINT, bucket backups, data in $DEMO_DIR/s3/data"
  for _ in $(seq 1 60); do "$KUBECTL" get node cairn-local >/dev/null 2>&1 && break; sleep 1; done
  "$KUBECTL" get nodes
}

stack_operator() {
  say "Starting the operator (metrics on http://127.0.0.1:$METRICS_PORT/q/metrics)"
  # The instance pods run this same jar as `cairn instance run` (in an image it would be /controller/manager).
  export CAIRN_INSTANCE_COMMAND="$(command -v java),-Xmx256m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,-jar,$PWD/target/quarkus-app/quarkus-run.jar,instance,run"
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
  echo "Cluster $1 did not become healthy; see $DEMO_DIR/operator.log and $DEMO_DIR/node/logs/" >&2
  return 1
}
