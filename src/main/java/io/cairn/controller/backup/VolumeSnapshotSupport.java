package io.cairn.controller.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Whether the Kubernetes cluster serves VolumeSnapshots (the CRD {@value #CRD} exists). Once seen it is remembered;
 * an absence is checked again at most every {@link #RECHECK}, so installing the snapshot CRDs needs no restart.
 */
@ApplicationScoped
class VolumeSnapshotSupport {

    static final String CRD = "volumesnapshots.snapshot.storage.k8s.io";
    static final Duration RECHECK = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(VolumeSnapshotSupport.class);

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    private volatile boolean present;
    private volatile Instant checkedAt;

    boolean present() {
        Instant now = clock.instant();
        if (present || (checkedAt != null && now.isBefore(checkedAt.plus(RECHECK)))) {
            return present;
        }
        try {
            present = client.apiextensions()
                            .v1()
                            .customResourceDefinitions()
                            .withName(CRD)
                            .get()
                    != null;
        } catch (KubernetesClientException e) {
            LOG.warnf("could not check for the %s CRD, taking it as absent: %s", CRD, e.getMessage());
        }
        checkedAt = now;
        return present;
    }
}
