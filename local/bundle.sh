#!/usr/bin/env bash
# Writes Cairn's OLM bundle (registry+v1) into target/bundle/ (or OUT):
#   manifests/cairn.clusterserviceversion.yaml   src/main/olm/ completed with the chart's Deployment and RBAC
#   manifests/<plural>.postgresql.cnpg.io.crd.yaml   the CRDs ./mvnw package generates (target/kubernetes/*-v1.yml)
#   manifests/cairn-metrics_v1_service.yaml      the chart's Service in front of /q/metrics
#   metadata/annotations.yaml, bundle.Dockerfile (beside bundle/, builds the bundle image from it)
# The Deployment and the RBAC rules are rendered by the real helm from helm/cairn, so chart and bundle ship the same
# operator with the same permissions (BundleIT checks both, and validates the bundle with operator-framework's
# validators). Needs ./mvnw package first, helm (HELM, else local/kube-binaries.sh's cache) and python3 with PyYAML.
#   local/bundle.sh [--image REPOSITORY:TAG|REPOSITORY@DIGEST] [--channel alpha] [--out target/bundle]
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
OUT=target/bundle
IMAGE=""
CHANNEL=alpha
while [ $# -gt 0 ]; do
  case $1 in
    --image) IMAGE=$2; shift 2 ;;
    --channel) CHANNEL=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    *) echo "usage: local/bundle.sh [--image REF] [--channel NAME] [--out DIR]" >&2; exit 2 ;;
  esac
done

if [ -z "${HELM:-}" ]; then
  helm_version=${CAIRN_HELM_VERSION:-$(sed -n 's/^HELM_VERSION=\${CAIRN_HELM_VERSION:-\(.*\)}$/\1/p' local/kube-binaries.sh)}
  HELM=${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}/tools/helm-$helm_version/helm
fi
[ -x "$HELM" ] || { echo "local/bundle.sh: no helm at $HELM (run local/kube-binaries.sh)" >&2; exit 1; }
ls target/kubernetes/*.postgresql.cnpg.io-v1.yml >/dev/null 2>&1 \
  || { echo "local/bundle.sh: no CRDs in target/kubernetes/ (run ./mvnw -DskipTests package)" >&2; exit 1; }

# The release is named after the chart, so every name is "cairn" as with `helm install cairn`; the namespace is a
# placeholder OLM replaces with the OperatorGroup's.
render() {
  local args=(template cairn helm/cairn --namespace cairn-bundle --set crds.create=false)
  if [ -n "$IMAGE" ]; then
    case $IMAGE in
      *@*) args+=(--set "image.repository=${IMAGE%@*}" --set "image.digest=${IMAGE#*@}") ;;
      *) args+=(--set "image.repository=${IMAGE%:*}" --set "image.tag=${IMAGE##*:}") ;;
    esac
  fi
  "$HELM" "${args[@]}" "$@"
}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
render --show-only templates/deployment.yaml >"$WORK/deployment.yaml"
render --show-only templates/service.yaml >"$WORK/service.yaml"
# With a watched namespace the chart splits its rules the way OLM does: cluster-wide (clusterPermissions) and
# per watched namespace (permissions; OLM makes them cluster-wide in AllNamespaces mode, as the chart's ClusterRole).
render --show-only templates/rbac.yaml --set 'watchNamespaces={cairn-watched}' >"$WORK/rbac.yaml"

rm -rf "$OUT"
mkdir -p "$OUT/manifests" "$OUT/metadata"
CNPG_SAMPLES=${CAIRN_CNPG_REFERENCE:-/work/shared/reference/cnpg}/samples
python3 - "$WORK" "$OUT" "$CNPG_SAMPLES" "$CHANNEL" <<'PY'
import base64, datetime, glob, json, os, sys
import yaml

work, out, samples, channel = sys.argv[1:]
olm = "src/main/olm"

def load(path):
    with open(path) as f:
        return yaml.safe_load(f)

def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]

def dump(obj, path):
    with open(os.path.join(out, path), "w") as f:
        yaml.safe_dump(obj, f, sort_keys=False, width=120)

chart = load("helm/cairn/Chart.yaml")
# A CSV's name is a DNS subdomain, lower case: 0.1.0-SNAPSHOT is 0.1.0-snapshot (a semver with the same order).
version = chart["appVersion"].lower()
csv = load(f"{olm}/cairn.clusterserviceversion.yaml")

# The Deployment as the chart renders it, less Helm's own labels; the watched namespaces are OLM's targets.
deployment = load(f"{work}/deployment.yaml")
template = deployment["spec"]["template"]
for label in ("app.kubernetes.io/managed-by", "helm.sh/chart"):
    template["metadata"]["labels"].pop(label, None)
container = template["spec"]["containers"][0]
env = container["env"]
if any(e["name"].startswith("QUARKUS_OPERATOR_SDK_CONTROLLERS_") for e in env):
    sys.exit("the chart already sets the watched namespaces")
at = next(i for i, e in enumerate(env) if e["name"] == "POD_NAMESPACE") + 1
env[at:at] = [{"name": f"QUARKUS_OPERATOR_SDK_CONTROLLERS_{c}_NAMESPACES",
               "valueFrom": {"fieldRef": {"fieldPath": "metadata.annotations['olm.targetNamespaces']"}}}
              for c in ("CLUSTER", "BACKUP", "SCHEDULEDBACKUP")]
service_account = template["spec"]["serviceAccountName"]

rbac = load_all(f"{work}/rbac.yaml")
def rules(kind, name, namespace=None):
    for d in rbac:
        m = d["metadata"]
        if d["kind"] == kind and m["name"] == name and (namespace is None or m.get("namespace") == namespace):
            return d["rules"]
    sys.exit(f"the chart renders no {kind} {name}")
name = deployment["metadata"]["name"]
permissions = (rules("Role", name, "cairn-watched") + rules("Role", f"{name}-leader-election")
               + rules("Role", f"{name}-plugins"))
cluster_permissions = rules("ClusterRole", name)

examples = []
with open(f"{olm}/alm-examples.txt") as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#"):
            examples.extend(load_all(os.path.join(samples, line)))

image = container["image"]
meta = csv["metadata"]
meta["name"] = f"cairn.v{version}"
meta["annotations"].update({
    "alm-examples": json.dumps(examples, indent=2),
    "containerImage": image,
    "createdAt": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
})
spec = csv["spec"]
spec["version"] = version
with open(f"{olm}/icon.svg", "rb") as f:
    spec["icon"] = [{"base64data": base64.b64encode(f.read()).decode(), "mediatype": "image/svg+xml"}]
spec["install"]["spec"] = {
    "deployments": [{"name": name, "label": deployment["metadata"]["labels"], "spec": deployment["spec"]}],
    "clusterPermissions": [{"serviceAccountName": service_account, "rules": cluster_permissions}],
    "permissions": [{"serviceAccountName": service_account, "rules": permissions}],
}
for label in ("app.kubernetes.io/managed-by", "helm.sh/chart"):
    spec["install"]["spec"]["deployments"][0]["label"].pop(label, None)
dump(csv, "manifests/cairn.clusterserviceversion.yaml")

for crd_file in sorted(glob.glob("target/kubernetes/*.postgresql.cnpg.io-v1.yml")):
    crd = load(crd_file)
    dump(crd, f"manifests/{crd['metadata']['name']}.crd.yaml")

service = load(f"{work}/service.yaml")
service["metadata"]["name"] = f"{name}-metrics"
service["metadata"].pop("namespace", None)
for label in ("app.kubernetes.io/managed-by", "helm.sh/chart"):
    service["metadata"]["labels"].pop(label, None)
dump(service, f"manifests/{name}-metrics_v1_service.yaml")

annotations = {
    "operators.operatorframework.io.bundle.mediatype.v1": "registry+v1",
    "operators.operatorframework.io.bundle.manifests.v1": "manifests/",
    "operators.operatorframework.io.bundle.metadata.v1": "metadata/",
    "operators.operatorframework.io.bundle.package.v1": "cairn",
    "operators.operatorframework.io.bundle.channels.v1": channel,
    "operators.operatorframework.io.bundle.channel.default.v1": channel,
}
dump({"annotations": annotations}, "metadata/annotations.yaml")
with open(os.path.join(out, "bundle.Dockerfile"), "w") as f:
    f.write("# The bundle image: `docker build -f bundle.Dockerfile -t <registry>/cairn-bundle:v%s .` in this directory.\n"
            "FROM scratch\n\n" % version)
    for key, value in annotations.items():
        f.write(f"LABEL {key}={value}\n")
    f.write("\nCOPY manifests /manifests/\nCOPY metadata /metadata/\n")
PY
echo "$OUT"
