// csi-hostpath: a stand-in for kubernetes-csi's csi-driver-host-path (hostpathplugin) and node-driver-registrar,
// which the Go module proxy these machines reach does not serve. It behaves as the parts of hostpathplugin that the
// local runtime uses do, under the same driver name: a volume is a directory of --state-dir, published to a pod by
// a bind mount; a snapshot is a gzipped tar of that directory, restored by unpacking it into a new volume; a clone is
// a copy. The kubelet finds it through the registration socket it serves in its plugins_registry directory, as
// node-driver-registrar would. Single node, filesystem volumes only, no topology. The local runtime only.
//
//	csi-hostpath --endpoint PATH --registration-dir DIR --state-dir DIR --nodeid NAME [--drivername NAME]
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"log"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/container-storage-interface/spec/lib/go/csi"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
	registration "k8s.io/kubelet/pkg/apis/pluginregistration/v1"
)

const version = "1.0.1"

// names the provisioner and the snapshotter give are file names here; anything else is refused
var safeName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$`)

type driver struct {
	csi.UnimplementedIdentityServer
	csi.UnimplementedControllerServer
	csi.UnimplementedNodeServer
	registration.UnimplementedRegistrationServer

	name, nodeID, endpoint string
	volumes, snapshots     string
	mu                     sync.Mutex // one operation at a time: the state is the file system
}

// volumeMeta and snapshotMeta are kept beside the volume directory and the snapshot archive.
type volumeMeta struct {
	Capacity int64 `json:"capacity"`
}

type snapshotMeta struct {
	SourceVolumeID string    `json:"sourceVolumeId"`
	Size           int64     `json:"size"`
	CreatedAt      time.Time `json:"createdAt"`
}

func main() {
	d := &driver{}
	var registrationDir, stateDir string
	flag.StringVar(&d.endpoint, "endpoint", "", "the CSI socket (a path)")
	flag.StringVar(&registrationDir, "registration-dir", "", "the kubelet's plugins_registry directory")
	flag.StringVar(&stateDir, "state-dir", "", "where volumes and snapshots live")
	flag.StringVar(&d.nodeID, "nodeid", "", "the node's name")
	flag.StringVar(&d.name, "drivername", "hostpath.csi.k8s.io", "the CSI driver name")
	flag.Parse()
	if d.endpoint == "" || registrationDir == "" || stateDir == "" || d.nodeID == "" {
		flag.Usage()
		os.Exit(2)
	}
	d.volumes, d.snapshots = filepath.Join(stateDir, "volumes"), filepath.Join(stateDir, "snapshots")
	for _, dir := range []string{d.volumes, d.snapshots, filepath.Dir(d.endpoint), registrationDir} {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			log.Fatal(err)
		}
	}

	csiServer := grpc.NewServer(grpc.UnaryInterceptor(logCalls))
	csi.RegisterIdentityServer(csiServer, d)
	csi.RegisterControllerServer(csiServer, d)
	csi.RegisterNodeServer(csiServer, d)
	regServer := grpc.NewServer()
	registration.RegisterRegistrationServer(regServer, d)
	regSocket := filepath.Join(registrationDir, d.name+"-reg.sock")
	// the CSI socket first: once the registration socket appears the kubelet calls the driver
	serve(csiServer, d.endpoint)
	serve(regServer, regSocket)
	log.Printf("%s %s: CSI on %s, registration on %s, state in %s", d.name, version, d.endpoint, regSocket, stateDir)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	<-stop
	regServer.Stop()
	csiServer.Stop()
	os.Remove(regSocket)
	os.Remove(d.endpoint)
}

func serve(s *grpc.Server, socket string) {
	if err := os.Remove(socket); err != nil && !errors.Is(err, os.ErrNotExist) {
		log.Fatal(err)
	}
	l, err := net.Listen("unix", socket)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		if err := s.Serve(l); err != nil {
			log.Fatal(err)
		}
	}()
}

func logCalls(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	resp, err := handler(ctx, req)
	if err != nil {
		log.Printf("%s %v: %v", info.FullMethod, req, err)
	} else if !strings.Contains(info.FullMethod, "Probe") && !strings.Contains(info.FullMethod, "GetCapabilities") {
		log.Printf("%s %v: ok", info.FullMethod, req)
	}
	return resp, err
}

// --- registration (node-driver-registrar's part) -------------------------------------------------------------------

func (d *driver) GetInfo(context.Context, *registration.InfoRequest) (*registration.PluginInfo, error) {
	return &registration.PluginInfo{Type: registration.CSIPlugin, Name: d.name, Endpoint: d.endpoint,
		SupportedVersions: []string{"1.0.0"}}, nil
}

func (d *driver) NotifyRegistrationStatus(_ context.Context, s *registration.RegistrationStatus) (*registration.RegistrationStatusResponse, error) {
	if !s.PluginRegistered {
		log.Printf("the kubelet refused the registration: %s", s.Error)
	} else {
		log.Printf("registered with the kubelet")
	}
	return &registration.RegistrationStatusResponse{}, nil
}

// --- identity ------------------------------------------------------------------------------------------------------

func (d *driver) GetPluginInfo(context.Context, *csi.GetPluginInfoRequest) (*csi.GetPluginInfoResponse, error) {
	return &csi.GetPluginInfoResponse{Name: d.name, VendorVersion: version}, nil
}

func (d *driver) GetPluginCapabilities(context.Context, *csi.GetPluginCapabilitiesRequest) (*csi.GetPluginCapabilitiesResponse, error) {
	return &csi.GetPluginCapabilitiesResponse{Capabilities: []*csi.PluginCapability{{
		Type: &csi.PluginCapability_Service_{Service: &csi.PluginCapability_Service{
			Type: csi.PluginCapability_Service_CONTROLLER_SERVICE}}}}}, nil
}

func (d *driver) Probe(context.Context, *csi.ProbeRequest) (*csi.ProbeResponse, error) {
	return &csi.ProbeResponse{}, nil
}

// --- controller ----------------------------------------------------------------------------------------------------

func (d *driver) ControllerGetCapabilities(context.Context, *csi.ControllerGetCapabilitiesRequest) (*csi.ControllerGetCapabilitiesResponse, error) {
	var caps []*csi.ControllerServiceCapability
	for _, c := range []csi.ControllerServiceCapability_RPC_Type{
		csi.ControllerServiceCapability_RPC_CREATE_DELETE_VOLUME,
		csi.ControllerServiceCapability_RPC_CREATE_DELETE_SNAPSHOT,
		csi.ControllerServiceCapability_RPC_LIST_SNAPSHOTS,
		csi.ControllerServiceCapability_RPC_CLONE_VOLUME,
	} {
		caps = append(caps, &csi.ControllerServiceCapability{Type: &csi.ControllerServiceCapability_Rpc{
			Rpc: &csi.ControllerServiceCapability_RPC{Type: c}}})
	}
	return &csi.ControllerGetCapabilitiesResponse{Capabilities: caps}, nil
}

func checkCapabilities(caps []*csi.VolumeCapability) error {
	if len(caps) == 0 {
		return status.Error(codes.InvalidArgument, "volume capabilities missing")
	}
	for _, c := range caps {
		if c == nil || c.GetAccessMode() == nil {
			return status.Error(codes.InvalidArgument, "volume capability or its access mode missing")
		}
		if c.GetBlock() != nil {
			return status.Error(codes.InvalidArgument, "block volumes are not supported")
		}
		if m := c.GetAccessMode().GetMode(); m == csi.VolumeCapability_AccessMode_MULTI_NODE_MULTI_WRITER ||
			m == csi.VolumeCapability_AccessMode_MULTI_NODE_SINGLE_WRITER {
			return status.Errorf(codes.InvalidArgument, "access mode %v is not supported", m)
		}
	}
	return nil
}

func (d *driver) CreateVolume(_ context.Context, req *csi.CreateVolumeRequest) (*csi.CreateVolumeResponse, error) {
	if !safeName.MatchString(req.GetName()) {
		return nil, status.Errorf(codes.InvalidArgument, "invalid volume name %q", req.GetName())
	}
	if err := checkCapabilities(req.GetVolumeCapabilities()); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	id, capacity := req.GetName(), req.GetCapacityRange().GetRequiredBytes()
	if capacity == 0 {
		capacity = 1 << 30
	}
	path := filepath.Join(d.volumes, id)
	var existing volumeMeta
	if readJSON(path+".json", &existing) == nil { // a retry: the same name is the same volume
		if existing.Capacity < capacity {
			return nil, status.Errorf(codes.AlreadyExists, "volume %s exists with capacity %d", id, existing.Capacity)
		}
		return d.volumeResponse(id, existing.Capacity, req.GetVolumeContentSource()), nil
	}
	if err := os.RemoveAll(path); err != nil { // a half-made volume of an earlier attempt
		return nil, status.Error(codes.Internal, err.Error())
	}
	if err := os.Mkdir(path, 0o777); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	os.Chmod(path, 0o777) // as hostpathplugin: the pod's fsGroup, if any, is applied by the kubelet
	if err := d.fill(path, capacity, req.GetVolumeContentSource()); err != nil {
		os.RemoveAll(path)
		return nil, err
	}
	if err := writeJSON(path+".json", volumeMeta{Capacity: capacity}); err != nil {
		os.RemoveAll(path)
		return nil, status.Error(codes.Internal, err.Error())
	}
	return d.volumeResponse(id, capacity, req.GetVolumeContentSource()), nil
}

func (d *driver) volumeResponse(id string, capacity int64, source *csi.VolumeContentSource) *csi.CreateVolumeResponse {
	return &csi.CreateVolumeResponse{Volume: &csi.Volume{VolumeId: id, CapacityBytes: capacity, ContentSource: source}}
}

// fill copies a snapshot's or a volume's content into the new volume at path.
func (d *driver) fill(path string, capacity int64, source *csi.VolumeContentSource) error {
	var kind, id, dir string
	switch {
	case source == nil:
		return nil
	case source.GetSnapshot() != nil:
		kind, id, dir = "snapshot", source.GetSnapshot().GetSnapshotId(), d.snapshots
	case source.GetVolume() != nil:
		kind, id, dir = "volume", source.GetVolume().GetVolumeId(), d.volumes
	default:
		return status.Error(codes.InvalidArgument, "unknown volume content source")
	}
	var meta struct{ Capacity, Size int64 } // a volume's or a snapshot's
	if !safeName.MatchString(id) || readJSON(filepath.Join(dir, id+".json"), &meta) != nil {
		return status.Errorf(codes.NotFound, "%s %s not found", kind, id)
	}
	if size := max(meta.Capacity, meta.Size); size > capacity {
		return status.Errorf(codes.OutOfRange, "%s %s holds %d bytes, more than %d", kind, id, size, capacity)
	}
	if kind == "snapshot" {
		return run("tar", "--numeric-owner", "-xzpf", filepath.Join(dir, id+".tgz"), "-C", path)
	}
	return run("cp", "-a", filepath.Join(dir, id)+"/.", path+"/")
}

func (d *driver) DeleteVolume(_ context.Context, req *csi.DeleteVolumeRequest) (*csi.DeleteVolumeResponse, error) {
	id := req.GetVolumeId()
	if !safeName.MatchString(id) {
		return nil, status.Errorf(codes.InvalidArgument, "invalid volume id %q", id)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	path := filepath.Join(d.volumes, id)
	if mounted, err := mountedFrom(path); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	} else if len(mounted) > 0 {
		return nil, status.Errorf(codes.FailedPrecondition, "volume %s is still mounted at %v", id, mounted)
	}
	if err := os.RemoveAll(path); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	os.Remove(path + ".json")
	return &csi.DeleteVolumeResponse{}, nil
}

func (d *driver) ValidateVolumeCapabilities(_ context.Context, req *csi.ValidateVolumeCapabilitiesRequest) (*csi.ValidateVolumeCapabilitiesResponse, error) {
	if req.GetVolumeId() == "" || len(req.GetVolumeCapabilities()) == 0 {
		return nil, status.Error(codes.InvalidArgument, "volume id or capabilities missing")
	}
	var meta volumeMeta
	if !safeName.MatchString(req.GetVolumeId()) || readJSON(filepath.Join(d.volumes, req.GetVolumeId()+".json"), &meta) != nil {
		return nil, status.Errorf(codes.NotFound, "volume %s not found", req.GetVolumeId())
	}
	if err := checkCapabilities(req.GetVolumeCapabilities()); err != nil {
		return &csi.ValidateVolumeCapabilitiesResponse{Message: err.Error()}, nil
	}
	return &csi.ValidateVolumeCapabilitiesResponse{Confirmed: &csi.ValidateVolumeCapabilitiesResponse_Confirmed{
		VolumeContext: req.GetVolumeContext(), VolumeCapabilities: req.GetVolumeCapabilities(),
		Parameters: req.GetParameters()}}, nil
}

func (d *driver) CreateSnapshot(_ context.Context, req *csi.CreateSnapshotRequest) (*csi.CreateSnapshotResponse, error) {
	id, source := req.GetName(), req.GetSourceVolumeId()
	if !safeName.MatchString(id) || !safeName.MatchString(source) {
		return nil, status.Errorf(codes.InvalidArgument, "invalid snapshot name %q or source volume %q", id, source)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var existing snapshotMeta
	if readJSON(filepath.Join(d.snapshots, id+".json"), &existing) == nil {
		if existing.SourceVolumeID != source {
			return nil, status.Errorf(codes.AlreadyExists, "snapshot %s exists, of volume %s", id, existing.SourceVolumeID)
		}
		return &csi.CreateSnapshotResponse{Snapshot: snapshot(id, existing)}, nil
	}
	var volume volumeMeta
	if readJSON(filepath.Join(d.volumes, source+".json"), &volume) != nil {
		return nil, status.Errorf(codes.NotFound, "volume %s not found", source)
	}
	archive := filepath.Join(d.snapshots, id+".tgz")
	if err := run("tar", "--numeric-owner", "-czf", archive+".tmp", "-C", filepath.Join(d.volumes, source), "."); err != nil {
		os.Remove(archive + ".tmp")
		return nil, err
	}
	if err := os.Rename(archive+".tmp", archive); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	meta := snapshotMeta{SourceVolumeID: source, Size: volume.Capacity, CreatedAt: time.Now().UTC()}
	if err := writeJSON(filepath.Join(d.snapshots, id+".json"), meta); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &csi.CreateSnapshotResponse{Snapshot: snapshot(id, meta)}, nil
}

func snapshot(id string, m snapshotMeta) *csi.Snapshot {
	return &csi.Snapshot{SnapshotId: id, SourceVolumeId: m.SourceVolumeID, SizeBytes: m.Size,
		CreationTime: timestamppb.New(m.CreatedAt), ReadyToUse: true}
}

func (d *driver) DeleteSnapshot(_ context.Context, req *csi.DeleteSnapshotRequest) (*csi.DeleteSnapshotResponse, error) {
	id := req.GetSnapshotId()
	if !safeName.MatchString(id) {
		return nil, status.Errorf(codes.InvalidArgument, "invalid snapshot id %q", id)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, f := range []string{id + ".tgz", id + ".json"} {
		if err := os.Remove(filepath.Join(d.snapshots, f)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, status.Error(codes.Internal, err.Error())
		}
	}
	return &csi.DeleteSnapshotResponse{}, nil
}

func (d *driver) ListSnapshots(_ context.Context, req *csi.ListSnapshotsRequest) (*csi.ListSnapshotsResponse, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	files, err := filepath.Glob(filepath.Join(d.snapshots, "*.json"))
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	resp := &csi.ListSnapshotsResponse{}
	// the token is the index of the next entry in the sorted list (Glob sorts)
	start := 0
	if t := req.GetStartingToken(); t != "" {
		if start, err = strconv.Atoi(t); err != nil || start < 0 || start > len(files) {
			return nil, status.Errorf(codes.Aborted, "invalid starting token %q", t)
		}
	}
	for i, f := range files[start:] {
		if limit := int(req.GetMaxEntries()); limit > 0 && len(resp.Entries) == limit {
			resp.NextToken = strconv.Itoa(start + i)
			break
		}
		id := strings.TrimSuffix(filepath.Base(f), ".json")
		var meta snapshotMeta
		if readJSON(f, &meta) != nil ||
			(req.GetSnapshotId() != "" && req.GetSnapshotId() != id) ||
			(req.GetSourceVolumeId() != "" && req.GetSourceVolumeId() != meta.SourceVolumeID) {
			continue
		}
		resp.Entries = append(resp.Entries, &csi.ListSnapshotsResponse_Entry{Snapshot: snapshot(id, meta)})
	}
	return resp, nil
}

// --- node ----------------------------------------------------------------------------------------------------------

func (d *driver) NodeGetInfo(context.Context, *csi.NodeGetInfoRequest) (*csi.NodeGetInfoResponse, error) {
	return &csi.NodeGetInfoResponse{NodeId: d.nodeID}, nil
}

func (d *driver) NodeGetCapabilities(context.Context, *csi.NodeGetCapabilitiesRequest) (*csi.NodeGetCapabilitiesResponse, error) {
	return &csi.NodeGetCapabilitiesResponse{}, nil
}

func (d *driver) NodePublishVolume(_ context.Context, req *csi.NodePublishVolumeRequest) (*csi.NodePublishVolumeResponse, error) {
	id, target := req.GetVolumeId(), req.GetTargetPath()
	if !safeName.MatchString(id) || target == "" {
		return nil, status.Errorf(codes.InvalidArgument, "invalid volume id %q or target path %q", id, target)
	}
	if err := checkCapabilities([]*csi.VolumeCapability{req.GetVolumeCapability()}); err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	source := filepath.Join(d.volumes, id)
	if _, err := os.Stat(source + ".json"); err != nil {
		return nil, status.Errorf(codes.NotFound, "volume %s not found", id)
	}
	if mounted, err := isMountPoint(target); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	} else if mounted {
		return &csi.NodePublishVolumeResponse{}, nil
	}
	if err := os.MkdirAll(target, 0o750); err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if err := syscall.Mount(source, target, "", syscall.MS_BIND, ""); err != nil {
		return nil, status.Errorf(codes.Internal, "bind mount %s on %s: %v", source, target, err)
	}
	if req.GetReadonly() {
		if err := syscall.Mount("", target, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
			syscall.Unmount(target, 0)
			return nil, status.Errorf(codes.Internal, "read-only remount of %s: %v", target, err)
		}
	}
	return &csi.NodePublishVolumeResponse{}, nil
}

func (d *driver) NodeUnpublishVolume(_ context.Context, req *csi.NodeUnpublishVolumeRequest) (*csi.NodeUnpublishVolumeResponse, error) {
	target := req.GetTargetPath()
	if target == "" {
		return nil, status.Error(codes.InvalidArgument, "target path missing")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		mounted, err := isMountPoint(target)
		if err != nil {
			return nil, status.Error(codes.Internal, err.Error())
		}
		if !mounted {
			break
		}
		if err := syscall.Unmount(target, 0); err != nil {
			return nil, status.Errorf(codes.Internal, "unmount %s: %v", target, err)
		}
	}
	if err := os.Remove(target); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &csi.NodeUnpublishVolumeResponse{}, nil
}

// --- helpers -------------------------------------------------------------------------------------------------------

// mounts lists (root within its file system, mount point) of every mount in this mount namespace.
func mounts() ([][2]string, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][2]string
	s := bufio.NewScanner(f)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) > 4 {
			out = append(out, [2]string{unescape(fields[3]), unescape(fields[4])})
		}
	}
	return out, s.Err()
}

// mountinfo escapes space, tab, newline and backslash as \ooo
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isMountPoint(path string) (bool, error) {
	all, err := mounts()
	if err != nil {
		return false, err
	}
	clean := filepath.Clean(path)
	for _, m := range all {
		if m[1] == clean {
			return true, nil
		}
	}
	return false, nil
}

// mountedFrom lists the mount points that show the volume directory path (bind mounts keep its path as their root
// when the state dir and the volume are on the same file system, which they are: both under --state-dir).
func mountedFrom(path string) ([]string, error) {
	all, err := mounts()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range all {
		if strings.HasSuffix(m[0], "/volumes/"+filepath.Base(path)) && m[1] != path {
			out = append(out, m[1])
		}
	}
	return out, nil
}

func run(name string, args ...string) error {
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		return status.Errorf(codes.Internal, "%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path+".tmp", b, 0o600); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}
