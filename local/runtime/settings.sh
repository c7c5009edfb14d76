# Fixed constants of the local Kubernetes runtime (sourced by run and selftest; other code depends on them).
# One runtime per machine: these names and addresses are machine-wide.

CAIRN_KUBE_VERSION=v1.36.3
CAIRN_COREDNS_VERSION=v1.14.7
CAIRN_LOCAL_PATH_VERSION=v0.0.30
CAIRN_CSI_PROVISIONER_VERSION=v6.4.0       # external-provisioner
CAIRN_CSI_SNAPSHOTTER_VERSION=v8.7.0       # external-snapshotter: snapshot-controller, csi-snapshotter, the CRDs
CAIRN_CSI_HOSTPATH_VERSION=v1.0.1          # local/csi-hostpath, our stand-in for csi-driver-host-path
CAIRN_HELM_VERSION=v3.21.4                 # installs the operator from helm/cairn (demo, tests)
CAIRN_KUBE_CACHE=${CAIRN_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/kube}

# Network
CAIRN_POD_CIDR=10.244.0.0/24
CAIRN_HOST_ADDRESS=10.244.0.1            # on the bridge: apiserver, CoreDNS, node IP; pods reach it via INPUT
CAIRN_BRIDGE=cairn0
CAIRN_SERVICE_CIDR=10.96.0.0/24
CAIRN_KUBERNETES_SERVICE_IP=10.96.0.1
CAIRN_SERVICE_DUMMY=cairn-svc0           # the service CIDR is routed here, never out of the default route
CAIRN_EGRESS_CHAIN=CAIRN-EGRESS
CAIRN_CNI_NAME=cairn
CAIRN_CNI_CONFLIST=/etc/cni/net.d/10-cairn.conflist
CAIRN_CLUSTER_DOMAIN=cluster.local

# Host paths
CAIRN_STATE_DIR=/var/lib/cairn-runtime                 # removed on teardown
CAIRN_KUBELET_ROOT=$CAIRN_STATE_DIR/kubelet
CAIRN_VOLUMES_DIR=$CAIRN_STATE_DIR/volumes             # local-path-provisioner's volumes
CAIRN_CSI_STATE_DIR=$CAIRN_STATE_DIR/csi-hostpath      # the CSI driver's volumes and snapshots
CAIRN_CSI_SOCKET=$CAIRN_KUBELET_ROOT/plugins/csi-hostpath/csi.sock
CAIRN_KUBELET_REGISTRATION_DIR=$CAIRN_KUBELET_ROOT/plugins_registry   # the kubelet finds CSI drivers here
CAIRN_RUN_DIR=/run/cairn-runtime                       # pids + host snapshot of the running supervisor
CAIRN_CONTAINERD_STATE=/run/cairn-containerd
CAIRN_CONTAINERD_SOCKET=$CAIRN_CONTAINERD_STATE/containerd.sock
CAIRN_CONTAINERD_ROOT=${CAIRN_CONTAINERD_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/cairn/containerd}  # image store, kept
CAIRN_LOCK_FILE=/run/lock/cairn-runtime.lock

# Images (imported from local/images.sh; never pulled)
CAIRN_PAUSE_IMAGE=localhost/cairn/pause:3.10
CAIRN_HELPER_IMAGE=localhost/cairn/busybox:stable

# Storage
CAIRN_STORAGE_CLASS=standard
# the names CloudNativePG's samples and e2e use (their kind clusters run the CSI hostpath driver)
CAIRN_CSI_DRIVER=hostpath.csi.k8s.io
CAIRN_CSI_STORAGE_CLASS=csi-hostpath-sc
CAIRN_CSI_SNAPSHOT_CLASS=csi-hostpath-snapclass
CAIRN_LOCAL_PATH_NAMESPACE=local-path-storage

# Host state the kubelet, the CNI plugins and containerd change or create; snapshotted and restored.
CAIRN_SYSCTLS="vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
  kernel.keys.root_maxbytes net.ipv4.ip_forward net.ipv6.conf.all.forwarding net.ipv6.conf.default.forwarding"
CAIRN_FIXED_PATHS="/var/lib/kubelet /var/log/containers /var/log/pods /usr/libexec/kubernetes /etc/cni /etc/cni/net.d
  /var/lib/cni /run/netns /opt/containerd /var/lib/containerd /run/containerd /etc/kubernetes $CAIRN_STATE_DIR
  $CAIRN_CONTAINERD_STATE"
