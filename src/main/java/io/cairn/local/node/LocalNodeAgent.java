package io.cairn.local.node;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The kubelet of Cairn's local runtime (tests and the demo): registers a Node, binds unscheduled pods to it, runs
 * their containers as local processes (each in its own mount namespace, as the user the pod asks for, on a loopback
 * address of its own), provisions and binds PersistentVolumeClaims as directories, reports pod status, and serves
 * Services on loopback addresses with names in hosts files, so that an operator cannot tell it from a kubelet.
 * See docs/local-runtime.md.
 *
 * <pre>
 * try (LocalNodeAgent agent = LocalNodeAgent.start(client, NodeAgentSettings.defaults(workDir))) { ... }
 * </pre>
 *
 * Closing it stops every container process (pods stay in the API server, as when a kubelet stops) and marks the
 * Node not ready. A new agent on the same work directory kills processes an earlier one left behind and takes the
 * pods over.
 */
public final class LocalNodeAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalNodeAgent.class);
    private static final Duration RESYNC = Duration.ofSeconds(30);

    private final NodeAgentSettings settings;
    private final NodeDirectories directories;
    private final LoopbackAddressPool addresses;
    private final MountPointJanitor janitor = new MountPointJanitor();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Thread shutdownHook;
    private NodeRegistrar registrar;
    private PodSupervisor supervisor;
    private SharedIndexInformer<Pod> podInformer;
    private ServiceRouter router;
    private boolean closed;

    private LocalNodeAgent(NodeAgentSettings settings) {
        this.settings = settings;
        this.directories = new NodeDirectories(settings.workDir());
        this.addresses = new LoopbackAddressPool(settings.firstAddress(), settings.lastAddress(),
                settings.addressLeaseDir());
        this.shutdownHook = new Thread(this::close, "local-node-agent-shutdown");
    }

    /** Registers the node and starts running its pods; returns once the pods that exist are being handled. */
    public static LocalNodeAgent start(KubernetesClient client, NodeAgentSettings settings) {
        LocalNodeAgent agent = new LocalNodeAgent(settings);
        try {
            agent.startParts(client);
            return agent;
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
    }

    private void startParts(KubernetesClient client) {
        NodeDirectories.create(directories.root());
        OrphanReaper.reap(directories);
        Clock clock = Clock.systemUTC();
        NodeFacts node = NodeFacts.of(settings.nodeName());
        ContainerLauncher launcher = ContainerLauncher.forThisMachine(janitor);
        PodObjects objects = PodObjects.from(client);
        PodHostsFiles hostsFiles = new PodHostsFiles(directories);
        NodeRuntime runtime = new NodeRuntime(client, node, directories, addresses,
                UserMapper.forThisMachine(settings.fallbackUser()),
                new EnvironmentResolver(objects, apiServerVariables(client)),
                new VolumeMounter(objects, directories), launcher, new ProbeChecker(launcher), hostsFiles,
                new PodStatusFactory(clock), new PodStatusReporter(client), clock, settings.maxRestartBackoff());

        registrar = new NodeRegistrar(client, node, clock, (int) settings.heartbeatInterval().toSeconds() * 4);
        registrar.register();
        SyncLoop heartbeat = new SyncLoop("node-heartbeat", registrar::heartbeat, settings.heartbeatInterval());
        toClose.add(heartbeat);

        ExecutorService binderThread = Executors.newSingleThreadExecutor(r -> daemon(r, "pod-binder"));
        toClose.add(() -> {
            binderThread.shutdownNow();
            binderThread.awaitTermination(5, TimeUnit.SECONDS);
        });
        PodBinder binder = new PodBinder(client, settings.nodeName(), registrar.labels(), binderThread, clock);
        supervisor = new PodSupervisor(runtime);

        SharedIndexInformer<PersistentVolumeClaim> claims = client.persistentVolumeClaims().inAnyNamespace()
                .runnableInformer(RESYNC.toMillis());
        SharedIndexInformer<PersistentVolume> volumes = client.persistentVolumes().runnableInformer(RESYNC.toMillis());
        podInformer = client.pods().inAnyNamespace().runnableInformer(RESYNC.toMillis());
        VolumeProvisioner provisioner = new VolumeProvisioner(client, directories, settings.nodeName(),
                settings.reclaimDeletesVolumes(), () -> podInformer.getStore().list());
        SyncLoop volumeSync = new SyncLoop("volume-sync",
                () -> provisioner.sync(claims.getStore().list(), volumes.getStore().list()), Duration.ofSeconds(2));
        toClose.add(volumeSync);
        claims.addEventHandler(onAnyChange(c -> volumeSync.trigger()));
        volumes.addEventHandler(onAnyChange(v -> volumeSync.trigger()));

        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                binder.onPod(pod);
                supervisor.onPod(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                binder.onPod(pod);
                supervisor.onPod(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                supervisor.onPodGone(pod);
                volumeSync.trigger();
            }
        });
        SharedIndexInformer<Service> services = client.services().inAnyNamespace().runnableInformer(RESYNC.toMillis());
        Optional<SystemHostsFile> systemHosts = settings.systemHostsFile().map(file -> new SystemHostsFile(file,
                settings.addressLeaseDir(), UUID.randomUUID().toString().substring(0, 8)));
        router = new ServiceRouter(addresses, hostsFiles, systemHosts, () -> podInformer.getStore().list());
        toClose.add(router);
        SyncLoop serviceSync = new SyncLoop("service-sync", () -> router.sync(services.getStore().list()),
                Duration.ofSeconds(2));
        toClose.add(serviceSync);
        services.addEventHandler(onAnyChange(s -> serviceSync.trigger()));

        for (SharedIndexInformer<?> informer : List.of(claims, volumes, services, podInformer)) {
            toClose.add(informer::close);
            informer.start().toCompletableFuture().join();
        }
        removeDirectoriesOfUnknownPods(podInformer.getStore().list());
        volumeSync.trigger();
        serviceSync.trigger();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        LOG.infof("node %s is running pods (work directory %s, mount namespaces: %s)", settings.nodeName(),
                directories.root(), launcher.mountNamespaces() ? "yes" : "no");
    }

    /** The node's name, as pods' {@code spec.nodeName} has it. */
    public String nodeName() {
        return settings.nodeName();
    }

    /** The work directory: volumes, pods' directories, container logs. */
    public Path workDir() {
        return directories.root();
    }

    /** Where a container's output goes: {@code logs/<namespace>_<pod>_<uid>/<container>/<restartCount>.log}. */
    public Path logFile(Pod pod, String container, int restartCount) {
        return directories.log(pod, container, restartCount);
    }

    /**
     * The loopback address a Service is served at (its names resolve to it in pods, and in the machine's hosts file
     * when the agent manages it), once the agent has picked it up.
     */
    public Optional<String> serviceAddress(String namespace, String name) {
        return router == null ? Optional.empty() : router.address(namespace, name);
    }

    /** The directory of a PersistentVolume this agent provisioned. */
    public Path volumeDirectory(String persistentVolumeName) {
        return directories.volume(persistentVolumeName);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (podInformer != null) {
            podInformer.close();
        }
        if (supervisor != null) {
            supervisor.close();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                LOG.debugf("while stopping: %s", e.getMessage());
            }
        }
        if (registrar != null) {
            registrar.markStopped();
        }
        janitor.cleanUp();
        addresses.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (this is the hook)
        }
        LOG.infof("node %s stopped", settings.nodeName());
    }

    /** Pod directories whose pods no longer exist (deleted while no agent ran) go, with their emptyDirs. */
    private void removeDirectoriesOfUnknownPods(List<Pod> pods) {
        Set<String> known = pods.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        if (!Files.isDirectory(directories.pods())) {
            return;
        }
        try (Stream<Path> dirs = Files.list(directories.pods())) {
            dirs.filter(d -> !known.contains(d.getFileName().toString())).forEach(d -> {
                LOG.infof("removing %s: its pod no longer exists", d);
                directories.deleteTree(d);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a process in a pod needs to find the API server, as a kubelet sets it. */
    private static Map<String, String> apiServerVariables(KubernetesClient client) {
        var url = client.getMasterUrl();
        String port = Integer.toString(url.getPort() > 0 ? url.getPort() : 443);
        return Map.of("KUBERNETES_SERVICE_HOST", url.getHost(), "KUBERNETES_SERVICE_PORT", port,
                "KUBERNETES_SERVICE_PORT_HTTPS", port);
    }

    private static <T> ResourceEventHandler<T> onAnyChange(Consumer<T> action) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                action.accept(object);
            }

            @Override
            public void onUpdate(T oldObject, T object) {
                action.accept(object);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                action.accept(object);
            }
        };
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
