package io.cairn.testing;

import io.cairn.local.ControlPlaneEndpoint;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest}'s Kubernetes client at the shared local control plane. */
public class LocalControlPlaneResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        ControlPlaneEndpoint plane = SharedControlPlane.get();
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", plane.serverUrl(),
                "quarkus.kubernetes-client.token", plane.token(),
                "quarkus.kubernetes-client.ca-cert-file", plane.caCertificate().toString());
    }

    @Override
    public void stop() {
        // Shared by every test class of the JVM; stopped by SharedControlPlane's shutdown hook.
    }
}
