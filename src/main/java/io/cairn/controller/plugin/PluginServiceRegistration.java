package io.cairn.controller.plugin;

import io.cairn.plugin.PluginTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a Service says about a plugin, decided as CloudNativePG's plugin reconciler decides it: a Service of the
 * operator's namespace labelled {@code cnpg.io/pluginName} and annotated with its client Secret, server Secret and
 * port registers the plugin at {@code <service>.<namespace>.svc:<port>}; any other Service is not a plugin's; and a
 * plugin Service whose Secrets or port are wrong is refused with CloudNativePG's Warning reason and message.
 */
public sealed interface PluginServiceRegistration {

    String PLUGIN_NAME_LABEL = "cnpg.io/pluginName";
    String CLIENT_SECRET_ANNOTATION = "cnpg.io/pluginClientSecret";
    String SERVER_SECRET_ANNOTATION = "cnpg.io/pluginServerSecret";
    String PORT_ANNOTATION = "cnpg.io/pluginPort";
    String SERVER_NAME_ANNOTATION = "cnpg.io/pluginServerName";

    /** The Service is not a plugin's, or lacks a value CloudNativePG skips it for: nothing to do. */
    record NotAPlugin() implements PluginServiceRegistration {}

    /** The plugin can be connected to; {@code PluginRegistered} once it answered. */
    record Registered(String pluginName, String host, int port, PluginTls tls) implements PluginServiceRegistration {

        /** {@code <service>.<namespace>.svc:<port>}, as Events name it. */
        public String address() {
            return host + ":" + port;
        }
    }

    /** The plugin's Service is wrong: a Warning Event with this reason and message, and the plugin forgotten. */
    record Refused(String pluginName, String reason, String message) implements PluginServiceRegistration {}

    /**
     * @param secrets the Secrets of the Service's namespace by name; empty when there is none
     */
    static PluginServiceRegistration of(
            Service service, String operatorNamespace, Function<String, Optional<Secret>> secrets) {
        Map<String, String> labels =
                Optional.ofNullable(service.getMetadata().getLabels()).orElse(Map.of());
        Map<String, String> annotations =
                Optional.ofNullable(service.getMetadata().getAnnotations()).orElse(Map.of());
        if (!operatorNamespace.equals(service.getMetadata().getNamespace())
                || !labels.containsKey(PLUGIN_NAME_LABEL)
                || !annotations.containsKey(CLIENT_SECRET_ANNOTATION)
                || !annotations.containsKey(SERVER_SECRET_ANNOTATION)
                || !annotations.containsKey(PORT_ANNOTATION)) {
            return new NotAPlugin();
        }
        String name = labels.get(PLUGIN_NAME_LABEL);
        String serverSecretName = annotations.get(SERVER_SECRET_ANNOTATION);
        String clientSecretName = annotations.get(CLIENT_SECRET_ANNOTATION);
        String portText = annotations.get(PORT_ANNOTATION);
        if (name.isEmpty() || serverSecretName.isEmpty()) {
            return new NotAPlugin();
        }
        Optional<Secret> serverSecret = secrets.apply(serverSecretName);
        if (serverSecret.isEmpty()) {
            return secretNotFound(name, "ServerSecretNotFound", "server", serverSecretName);
        }
        if (clientSecretName.isEmpty()) {
            return new NotAPlugin();
        }
        Optional<Secret> clientSecret = secrets.apply(clientSecretName);
        if (clientSecret.isEmpty()) {
            return secretNotFound(name, "ClientSecretNotFound", "client", clientSecretName);
        }
        if (portText.isEmpty()) {
            return new NotAPlugin();
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            return new Refused(
                    name,
                    "InvalidPortAnnotation",
                    "Invalid port annotation \"" + portText
                            + "\": while parsing plugin server port: strconv.Atoi: parsing \"" + portText
                            + "\": invalid syntax");
        }
        String clientCertificate;
        String clientKey;
        try {
            clientCertificate = tlsEntry(clientSecret.get(), "tls.crt");
            clientKey = tlsEntry(clientSecret.get(), "tls.key");
            PluginTls.certificates(clientCertificate, "client certificate");
            PluginTls.privateKey(clientKey);
        } catch (IllegalArgumentException e) {
            return new Refused(
                    name,
                    "InvalidClientCertificate",
                    "Failed to parse client certificate from secret " + clientSecretName + ": " + e.getMessage());
        }
        String serverCertificate;
        try {
            serverCertificate = tlsEntry(serverSecret.get(), "tls.crt");
            PluginTls.certificates(serverCertificate, "server certificate");
        } catch (IllegalArgumentException e) {
            return new Refused(
                    name,
                    "InvalidServerCertificate",
                    "Failed to parse server certificate from secret " + serverSecretName + ": " + e.getMessage());
        }
        String serverName = annotations.getOrDefault(SERVER_NAME_ANNOTATION, "");
        String host = service.getMetadata().getName() + "." + operatorNamespace + ".svc";
        return new Registered(
                name,
                host,
                port,
                new PluginTls(
                        clientCertificate,
                        clientKey,
                        serverCertificate,
                        serverName.isEmpty() ? service.getMetadata().getName() : serverName));
    }

    private static Refused secretNotFound(String plugin, String reason, String role, String secret) {
        return new Refused(
                plugin,
                reason,
                "Failed to get " + role + " secret " + secret + ": secrets \"" + secret + "\" not found");
    }

    /** A Secret's PEM entry; an IllegalArgumentException when it is not base64. */
    private static String tlsEntry(Secret secret, String key) {
        String base64 = secret.getData() == null ? null : secret.getData().get(key);
        return base64 == null ? "" : new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
