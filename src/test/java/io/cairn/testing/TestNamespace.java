package io.cairn.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;

/** A namespace of its own for a test class, deleted (and emptied by the namespace controller) afterwards. */
public final class TestNamespace implements AutoCloseable {

    private final KubernetesClient client;
    private final String name;

    private TestNamespace(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public static TestNamespace create(KubernetesClient client, String prefix) {
        String name = (prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36)).toLowerCase(Locale.ROOT);
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .build())
                .create();
        return new TestNamespace(client, name);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        client.namespaces().withName(name).delete();
    }
}
