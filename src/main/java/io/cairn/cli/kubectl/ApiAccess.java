package io.cairn.cli.kubectl;

import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.util.List;

/**
 * The API server and the namespace a command works in, chosen as kubectl chooses them: {@code --kubeconfig}, else
 * {@code KUBECONFIG}, else {@code ~/.kube/config} (fabric8 reads the last two); {@code --context}, else the current
 * context; {@code -n}, else the context's namespace, else {@code default}.
 */
record ApiAccess(KubernetesClient client, String namespace) implements AutoCloseable {

    static final Option NAMESPACE = Option.value(
            "namespace", 'n', "NAMESPACE", "the namespace (default: the kubeconfig context's, else default)");
    static final Option KUBECONFIG =
            Option.value("kubeconfig", "FILE", "the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)");
    static final Option CONTEXT = Option.value("context", "NAME", "the kubeconfig context (default: the current one)");

    static final List<Option> OPTIONS = List.of(NAMESPACE, KUBECONFIG, CONTEXT);

    static ApiAccess connect(Arguments args) {
        String context = args.value(CONTEXT.name()).orElse(null);
        Config config;
        try {
            config = args.value(KUBECONFIG.name())
                    .map(path -> fromFile(path, context))
                    .orElseGet(() -> Config.autoConfigure(context));
        } catch (KubernetesClientException e) {
            throw new CommandFailure("cannot read the kubeconfig: " + e.getMessage());
        }
        String namespace = args.value(NAMESPACE.name())
                .orElse(
                        config.getNamespace() == null || config.getNamespace().isEmpty()
                                ? "default"
                                : config.getNamespace());
        return new ApiAccess(new KubernetesClientBuilder().withConfig(config).build(), namespace);
    }

    private static Config fromFile(String path, String context) {
        File file = new File(path);
        if (!file.isFile()) {
            throw new CommandFailure("the kubeconfig " + path + " does not exist");
        }
        return Config.fromKubeconfig(context, file);
    }

    /** The Cluster of that name in the namespace. */
    Cluster cluster(String name) {
        Cluster cluster = client.resources(Cluster.class)
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (cluster == null) {
            throw new CommandFailure("cluster \"" + name + "\" not found in namespace \"" + namespace + "\"");
        }
        return cluster;
    }

    /** The API server's own words for a refused or failed request, else the client's. */
    static String reason(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }
}
