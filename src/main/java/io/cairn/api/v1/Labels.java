package io.cairn.api.v1;

/** CloudNativePG's label and annotation keys that more than one part of Cairn writes or reads. */
public final class Labels {

    /** On every object of a Cluster (pods, claims, Services, Secrets, Backups, snapshots): the Cluster's name. */
    public static final String CLUSTER = "cnpg.io/cluster";
    /** On an instance's pod and claims: the instance's name. */
    public static final String INSTANCE_NAME = "cnpg.io/instanceName";
    /** On an instance's pod: primary or replica. */
    public static final String INSTANCE_ROLE = "cnpg.io/instanceRole";
    /** The older spelling of {@link #INSTANCE_ROLE}, still set. */
    public static final String ROLE = "role";
    /** Annotation of a Backup: {@code disabled} switches the Backup reconciler off for it. */
    public static final String RECONCILIATION_LOOP_ANNOTATION = "cnpg.io/reconciliationLoop";

    private Labels() {}
}
