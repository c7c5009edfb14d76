package io.cairn.backup;

import io.cairn.instance.api.client.InstanceCalls;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.instance.api.client.InstanceEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The backup methods' {@link InstanceClient}: the operator's {@link InstanceEndpoints} with the timeout of
 * {@code cairn.backup.request-timeout} on every call.
 */
@ApplicationScoped
public class InstanceClientProducer {

    @Produces
    @ApplicationScoped
    InstanceClient instanceClient(InstanceEndpoints endpoints, BackupSettings settings) {
        return InstanceClient.over(new InstanceCalls(endpoints, settings.requestTimeout()));
    }
}
