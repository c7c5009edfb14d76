package io.cairn.controller.cluster;

import io.cairn.controller.cluster.tls.InstanceTrustRegistry;
import io.cairn.instance.api.client.InstanceEndpoints;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The operator's one {@link InstanceEndpoints}: TLS as configured, verified against the Cluster CAs it registered. */
public class InstanceEndpointsProducer {

    @Produces
    @Singleton
    InstanceEndpoints instanceEndpoints(ClusterInstanceSettings settings, InstanceTrustRegistry trust) {
        return new InstanceEndpoints(settings.tls(), trust.sslContext(), settings.statusTimeout());
    }
}
