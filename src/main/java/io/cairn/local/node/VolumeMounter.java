package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a pod's volumes into directories of this machine, and a container's {@code volumeMounts} into bind mounts:
 *
 * <ul>
 * <li>persistentVolumeClaim: the bound PersistentVolume's {@code hostPath} (the claim's directory under
 * {@code volumes/}, see {@link VolumeProvisioner}); the pod waits while the claim is not bound;</li>
 * <li>emptyDir: {@code pods/<uid>/volumes/empty-dir/<name>}, mode 0777, deleted with the pod ({@code medium: Memory}
 * is a plain directory too);</li>
 * <li>secret, configMap, downwardAPI, projected (without serviceAccountToken): files with their modes, read-only;</li>
 * <li>hostPath: the path itself.</li>
 * </ul>
 */
final class VolumeMounter {

    private static final String WAITING = "ContainerCreating";
    private static final String INVALID = "CreateContainerConfigError";

    private final PodObjects objects;
    private final NodeDirectories directories;

    /**
     * A prepared volume: where its data is on this machine, whether Kubernetes mounts it read-only, and whether its
     * top directory is given to the user of the container that mounts it (claims).
     */
    record PreparedVolume(Path path, boolean readOnly, boolean givenToUser) {
    }

    VolumeMounter(PodObjects objects, NodeDirectories directories) {
        this.objects = objects;
        this.directories = directories;
    }

    /** Prepares every volume of the pod, keyed by volume name. */
    Map<String, PreparedVolume> prepare(Pod pod, PodFields fields, Optional<Integer> fsGroup)
            throws PodConfigException {
        Map<String, PreparedVolume> prepared = new LinkedHashMap<>();
        if (pod.getSpec().getVolumes() == null) {
            return prepared;
        }
        for (Volume volume : pod.getSpec().getVolumes()) {
            prepared.put(volume.getName(), prepare(pod, volume, fields, fsGroup));
        }
        return prepared;
    }

    private PreparedVolume prepare(Pod pod, Volume volume, PodFields fields, Optional<Integer> fsGroup)
            throws PodConfigException {
        String uid = pod.getMetadata().getUid();
        String namespace = pod.getMetadata().getNamespace();
        if (volume.getPersistentVolumeClaim() != null) {
            return new PreparedVolume(claimDirectory(namespace, volume.getPersistentVolumeClaim().getClaimName()),
                    Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly()), true);
        }
        if (volume.getEmptyDir() != null) {
            Path dir = NodeDirectories.create(directories.podVolume(uid, "empty-dir", volume.getName()));
            setPermissions(dir, 0777);
            return new PreparedVolume(dir, false, false);
        }
        if (volume.getHostPath() != null) {
            Path path = Path.of(volume.getHostPath().getPath());
            String type = volume.getHostPath().getType() == null ? "" : volume.getHostPath().getType();
            if (type.equals("DirectoryOrCreate")) {
                NodeDirectories.create(path);
            } else if (!Files.exists(path) && !type.isEmpty()) {
                throw PodConfigException.transientProblem(WAITING, "hostPath " + path + " does not exist");
            }
            return new PreparedVolume(path, false, false);
        }
        ProjectedFiles files = new ProjectedFiles();
        String kind;
        if (volume.getSecret() != null) {
            kind = "secret";
            SecretVolumeSource secret = volume.getSecret();
            addSecret(files, namespace, secret.getSecretName(), secret.getOptional(), secret.getItems(),
                    mode(secret.getDefaultMode()));
        } else if (volume.getConfigMap() != null) {
            kind = "configmap";
            ConfigMapVolumeSource map = volume.getConfigMap();
            addConfigMap(files, namespace, map.getName(), map.getOptional(), map.getItems(),
                    mode(map.getDefaultMode()));
        } else if (volume.getDownwardAPI() != null) {
            kind = "downward-api";
            addDownwardApi(files, volume.getDownwardAPI().getItems(), mode(volume.getDownwardAPI().getDefaultMode()),
                    fields);
        } else if (volume.getProjected() != null) {
            kind = "projected";
            int defaultMode = mode(volume.getProjected().getDefaultMode());
            for (VolumeProjection source : volume.getProjected().getSources()) {
                addProjection(files, namespace, source, defaultMode, fields, volume.getName());
            }
        } else {
            throw PodConfigException.permanent("UnsupportedVolume", "volume \"" + volume.getName()
                    + "\": only persistentVolumeClaim, emptyDir, secret, configMap, downwardAPI, projected and "
                    + "hostPath volumes are supported by the local node agent");
        }
        Path dir = directories.podVolume(uid, kind, volume.getName());
        files.writeTo(dir, directories, fsGroup);
        return new PreparedVolume(dir, true, false);
    }

    /** The bind mounts of one container. Claim directories are given to the container's user. */
    List<Mount> mountsFor(Container container, Map<String, PreparedVolume> volumes, Map<String, String> env,
            ProcessIdentity identity) throws PodConfigException {
        List<Mount> mounts = new ArrayList<>();
        if (container.getVolumeMounts() == null) {
            return mounts;
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            PreparedVolume volume = volumes.get(mount.getName());
            if (volume == null) {
                throw PodConfigException.permanent(INVALID, "container " + container.getName()
                        + " mounts volume \"" + mount.getName() + "\", which the pod does not declare");
            }
            if (volume.givenToUser() && !identity.isRoot()) {
                giveTo(volume.path(), identity);
            }
            Path source = volume.path();
            String subPath = mount.getSubPathExpr() != null && !mount.getSubPathExpr().isEmpty()
                    ? VariableExpansion.expand(mount.getSubPathExpr(), env) : mount.getSubPath();
            if (subPath != null && !subPath.isEmpty()) {
                source = source.resolve(subPath).normalize();
                if (!source.startsWith(volume.path())) {
                    throw PodConfigException.permanent(INVALID, "subPath " + subPath + " leaves its volume");
                }
                if (!Files.exists(source)) {
                    NodeDirectories.create(source);
                    if (volume.givenToUser() && !identity.isRoot()) {
                        giveTo(source, identity);
                    }
                }
            }
            mounts.add(new Mount(source, mount.getMountPath(),
                    Boolean.TRUE.equals(mount.getReadOnly()) || volume.readOnly()));
        }
        return mounts;
    }

    private Path claimDirectory(String namespace, String claimName) throws PodConfigException {
        PersistentVolumeClaim claim = objects.claim(namespace, claimName).orElseThrow(() ->
                PodConfigException.transientProblem(WAITING,
                        "persistentvolumeclaim \"" + claimName + "\" not found"));
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName == null || volumeName.isEmpty() || claim.getStatus() == null
                || !"Bound".equals(claim.getStatus().getPhase())) {
            throw PodConfigException.transientProblem(WAITING,
                    "waiting for persistentvolumeclaim \"" + claimName + "\" to be bound");
        }
        PersistentVolume volume = objects.volume(volumeName).orElseThrow(() ->
                PodConfigException.transientProblem(WAITING, "persistentvolume \"" + volumeName + "\" not found"));
        String path = volume.getSpec().getHostPath() != null ? volume.getSpec().getHostPath().getPath()
                : volume.getSpec().getLocal() != null ? volume.getSpec().getLocal().getPath() : null;
        if (path == null) {
            throw PodConfigException.permanent("UnsupportedVolume", "persistentvolume \"" + volumeName
                    + "\" is neither hostPath nor local, so this node cannot mount it");
        }
        return NodeDirectories.create(Path.of(path));
    }

    /** The keys of a Secret as files ({@code items}, or every key); a missing Secret is skipped when optional. */
    private void addSecret(ProjectedFiles files, String namespace, String name, Boolean optional,
            List<KeyToPath> items, int defaultMode) throws PodConfigException {
        Optional<Secret> secret = objects.secret(namespace, name);
        if (secret.isPresent()) {
            addItems(files, EnvironmentResolver.secretData(secret.get()), items, defaultMode, "secret " + name);
        } else if (!Boolean.TRUE.equals(optional)) {
            throw PodConfigException.transientProblem(WAITING, "secret \"" + name + "\" not found");
        }
    }

    /** The keys of a ConfigMap as files ({@code items}, or every key); a missing one is skipped when optional. */
    private void addConfigMap(ProjectedFiles files, String namespace, String name, Boolean optional,
            List<KeyToPath> items, int defaultMode) throws PodConfigException {
        Optional<ConfigMap> map = objects.configMap(namespace, name);
        if (map.isPresent()) {
            addItems(files, configMapData(map.get()), items, defaultMode, "configmap " + name);
        } else if (!Boolean.TRUE.equals(optional)) {
            throw PodConfigException.transientProblem(WAITING, "configmap \"" + name + "\" not found");
        }
    }

    private void addProjection(ProjectedFiles files, String namespace, VolumeProjection source, int defaultMode,
            PodFields fields, String volumeName) throws PodConfigException {
        if (source.getSecret() != null) {
            SecretProjection secret = source.getSecret();
            addSecret(files, namespace, secret.getName(), secret.getOptional(), secret.getItems(), defaultMode);
        } else if (source.getConfigMap() != null) {
            ConfigMapProjection map = source.getConfigMap();
            addConfigMap(files, namespace, map.getName(), map.getOptional(), map.getItems(), defaultMode);
        } else if (source.getDownwardAPI() != null) {
            addDownwardApi(files, source.getDownwardAPI().getItems(), defaultMode, fields);
        } else {
            throw PodConfigException.permanent("UnsupportedVolume", "projected volume \"" + volumeName
                    + "\": only secret, configMap and downwardAPI sources are supported by the local node agent");
        }
    }

    private static void addItems(ProjectedFiles files, Map<String, byte[]> data, List<KeyToPath> items,
            int defaultMode, String what) throws PodConfigException {
        if (items == null || items.isEmpty()) {
            data.forEach((key, value) -> files.add(key, value, defaultMode));
            return;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get(item.getKey());
            if (value == null) {
                throw PodConfigException.transientProblem(WAITING,
                        "couldn't find key " + item.getKey() + " in " + what);
            }
            files.add(item.getPath(), value, item.getMode() != null ? item.getMode() : defaultMode);
        }
    }

    private static void addDownwardApi(ProjectedFiles files, List<DownwardAPIVolumeFile> items, int defaultMode,
            PodFields fields) throws PodConfigException {
        if (items == null) {
            return;
        }
        for (DownwardAPIVolumeFile item : items) {
            String value;
            if (item.getFieldRef() != null) {
                value = fields.value(item.getFieldRef().getFieldPath());
            } else if (item.getResourceFieldRef() != null) {
                String containerName = item.getResourceFieldRef().getContainerName();
                var container = fields.pod().getSpec().getContainers().stream()
                        .filter(c -> containerName == null || c.getName().equals(containerName)).findFirst()
                        .orElseThrow(() -> PodConfigException.permanent(INVALID,
                                "downwardAPI: no container " + containerName));
                value = fields.resource(container, item.getResourceFieldRef());
            } else {
                continue;
            }
            files.add(item.getPath(), value.getBytes(StandardCharsets.UTF_8),
                    item.getMode() != null ? item.getMode() : defaultMode);
        }
    }

    private static Map<String, byte[]> configMapData(ConfigMap map) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (map.getData() != null) {
            map.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (map.getBinaryData() != null) {
            map.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        return data;
    }

    private static int mode(Integer mode) {
        return mode == null ? ProjectedFiles.DEFAULT_MODE : mode;
    }

    /** The process creates its own files in a claim, so the claim's top directory belongs to its user. */
    private static void giveTo(Path dir, ProcessIdentity identity) {
        try {
            Files.setAttribute(dir, "unix:uid", identity.uid());
            Files.setAttribute(dir, "unix:gid", identity.fsGroup().orElse(identity.gid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + dir + " to " + identity.describe(), e);
        }
    }

    private static void setPermissions(Path dir, int mode) {
        try {
            Files.setPosixFilePermissions(dir, ProjectedFiles.permissions(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
