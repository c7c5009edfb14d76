# Shared by ./local/demo and the benchmarks (sourced, not run): starts the local runtime and the operator.
# Needs: cd to the repository root, DEMO_DIR; sets BIN_DIR, KUBECTL, KUBECONFIG, HELM, PIDS, HOST_ADDRESS (and the
# rest of runtime.env), S3_ENDPOINT, S3_ID, S3_SECRET, OPERATOR_URL; everything started is stopped on exit.

STACK_STARTED=$(date +%s)
# say TITLE: a step's heading, with the seconds since the script started (docs/benchmarks.md quotes them).
say() { printf '\n\033[1m== [%ss] %s\033[0m\n' "$(( $(date +%s) - STACK_STARTED ))" "$*"; }
# fail MESSAGE: says loudly what did not work and ends the script with status 1.
fail() { printf '\n\033[1;31mFAILED: %s\033[0m\n' "$*" >&2; exit 1; }

PIDS=()
# In reverse order of start: the runtime (started first) tears the node down last and restores the host.
stack_cleanup() {
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; wait "${PIDS[i]}" 2>/dev/null || true; done
}
trap stack_cleanup EXIT INT TERM

stack_build() {
  say "Debian packages, Kubernetes binaries and Helm (installed and built once, then cached)"
  ./local/setup.sh || fail "local/setup.sh could not install the Debian packages"
  BIN_DIR=$(./local/kube-binaries.sh --runtime) || fail "local/kube-binaries.sh could not build the Kubernetes binaries"
  KUBECTL="$BIN_DIR/kubectl"
  echo "$BIN_DIR"
  say "Building Cairn"
  ./mvnw -B -q package -DskipTests || fail "the Maven build failed"
}

# The local runtime: control plane and a real kubelet node (local/runtime/run; needs root), stopped on exit. The
# CRDs come with the operator's Helm chart.
stack_runtime() {
  say "Starting the local runtime: etcd, kube-apiserver, controllers, and a real node (kubelet, containerd, CoreDNS)"
  mkdir -p "$DEMO_DIR/runtime"
  ./local/runtime/run --work-dir "$DEMO_DIR/runtime" --parent-pid $$ >"$DEMO_DIR/runtime.log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  until grep -qx 'cairn runtime ready' "$DEMO_DIR/runtime.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || {
      tail -40 "$DEMO_DIR/runtime.log"; fail "the local runtime did not start (log: $DEMO_DIR/runtime.log)"; }
    sleep 1
  done
  # shellcheck disable=SC1091
  . "$DEMO_DIR/runtime/runtime.env"
  export KUBECONFIG
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
  curl -s -o /dev/null "$S3_ENDPOINT/" || { cat "$DEMO_DIR/object-store.log"; fail "S3Proxy did not start"; }
  echo "S3 endpoint $S3_ENDPOINT, bucket backups, data in $DEMO_DIR/s3/data"
}

# The operator as users install it: helm install of helm/cairn (CRDs, RBAC, the Deployment) into cnpg-system, from
# the image local/images.sh built and the runtime imported into containerd.
stack_operator() {
  say "Installing the operator: helm install cairn helm/cairn --namespace cnpg-system --create-namespace"
  "$HELM" install cairn helm/cairn --namespace cnpg-system --create-namespace --wait --timeout 5m \
    >"$DEMO_DIR/helm-install.log" 2>&1 || {
    cat "$DEMO_DIR/helm-install.log"; "$KUBECTL" -n cnpg-system describe pods | tail -30
    fail "helm install did not bring the operator's Deployment up (log: $DEMO_DIR/helm-install.log)"; }
  sed -n '/^NOTES:/,$p' "$DEMO_DIR/helm-install.log"
  "$HELM" list --namespace cnpg-system
  "$KUBECTL" -n cnpg-system get deployment,pods,services -o wide
  OPERATOR_URL="http://$("$KUBECTL" -n cnpg-system get service cairn -o jsonpath='{.spec.clusterIP}'):8080"
  curl -fsS "$OPERATOR_URL/q/health/ready" || fail "the operator is not ready at $OPERATOR_URL/q/health/ready"
  echo
}

# Prometheus (built by kube-binaries.sh) on 127.0.0.1, configured by local/prometheus/prometheus.yml: the operator
# through its Service, every instance pod through the API server, Cairn's alert rules. Sets PROMETHEUS_URL.
stack_prometheus() {
  say "Starting Prometheus: it scrapes the operator and every instance pod, and evaluates Cairn's alerts"
  local binary port=9090 dir="$DEMO_DIR/prometheus"
  binary=$(./local/kube-binaries.sh --path prometheus)
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  mkdir -p "$dir"
  echo "[{\"targets\": [\"${OPERATOR_URL#http://}\"]}]" >"$dir/operator-targets.json"
  sed -e "s|@RULES@|$PWD/helm/cairn/files/prometheus-rules.yaml|" -e "s|@OPERATOR_TARGETS@|$dir/operator-targets.json|" \
    -e "s|@KUBECONFIG@|$KUBECONFIG|" local/prometheus/prometheus.yml >"$dir/prometheus.yml"
  "$binary" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$port" --log.level=warn >"$DEMO_DIR/prometheus.log" 2>&1 &
  PIDS+=($!)
  PROMETHEUS_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 60); do curl -fsS -o /dev/null "$PROMETHEUS_URL/-/ready" 2>/dev/null && break; sleep 1; done
  curl -fsS -o /dev/null "$PROMETHEUS_URL/-/ready" || {
    tail -20 "$DEMO_DIR/prometheus.log"; fail "Prometheus did not start (log: $DEMO_DIR/prometheus.log)"; }
  echo "Prometheus at $PROMETHEUS_URL (its HTTP API; the web UI is not built in), data in $dir"
}

# wait_for_cluster_healthy <name> [seconds]
wait_for_cluster_healthy() {
  local deadline=$(( $(date +%s) + ${2:-600} ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    [ "$("$KUBECTL" get cluster "$1" -o jsonpath='{.status.phase}')" = "Cluster in healthy state" ] && return 0
    sleep 2
  done
  "$KUBECTL" get cluster "$1" \
    -o jsonpath='{range .status.conditions[*]}{.type}={.status} {.reason}: {.message}{"\n"}{end}' >&2 || true
  "$KUBECTL" -n cnpg-system logs deployment/cairn --tail=30 >&2 || true
  fail "Cluster $1 did not become healthy within ${2:-600}s"
}
