package io.cairn.instance.api;

/** The ports of an instance pod, the same on both sides of the contract. */
public final class InstancePorts {

    /** The instance API on {@code POD_IP} (CloudNativePG's 8000). */
    public static final int API = 8000;
    /** PostgreSQL always listens on 5432 of its own pod IP. */
    public static final int POSTGRES = 5432;

    private InstancePorts() {}
}
