package io.cairn.controller.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.controller.plugin.PluginServiceRegistration.NotAPlugin;
import io.cairn.controller.plugin.PluginServiceRegistration.Refused;
import io.cairn.controller.plugin.PluginServiceRegistration.Registered;
import io.cairn.plugin.SelfSignedCertificate;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Which Services register a plugin, decided as CloudNativePG's plugin reconciler decides, starting from the Barman
 * Cloud plugin's own Service ({@code kubernetes/service.yaml} of its release) in the operator's namespace.
 */
class PluginServiceRegistrationTest {

    private static final String OPERATOR_NAMESPACE = "cairn-system";
    private static final SelfSignedCertificate SERVER = SelfSignedCertificate.server("barman-cloud", "barman-cloud");
    private static final SelfSignedCertificate CLIENT = SelfSignedCertificate.client("barman-cloud-client");

    private final Map<String, Secret> secrets = new HashMap<>(Map.of(
            "barman-cloud-server-tls", tlsSecret("barman-cloud-server-tls", SERVER),
            "barman-cloud-client-tls", tlsSecret("barman-cloud-client-tls", CLIENT)));

    private static Secret tlsSecret(String name, SelfSignedCertificate certificate) {
        return tlsSecret(name, certificate.certificatePem(), certificate.keyPem());
    }

    private static Secret tlsSecret(String name, String certificatePem, String keyPem) {
        return SelfSignedCertificate.tlsSecret(name, OPERATOR_NAMESPACE, certificatePem, keyPem);
    }

    /** The plugin's Service as released, changed by {@code change}. */
    private static Service barmanCloudService(Consumer<ServiceBuilder> change) {
        ServiceBuilder service = new ServiceBuilder()
                .withNewMetadata()
                .withName("barman-cloud")
                .withNamespace(OPERATOR_NAMESPACE)
                .addToLabels("app", "barman-cloud")
                .addToLabels("cnpg.io/pluginName", "barman-cloud.cloudnative-pg.io")
                .addToAnnotations("cnpg.io/pluginClientSecret", "barman-cloud-client-tls")
                .addToAnnotations("cnpg.io/pluginServerSecret", "barman-cloud-server-tls")
                .addToAnnotations("cnpg.io/pluginPort", "9090")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withPort(9090)
                .endPort()
                .endSpec();
        change.accept(service);
        return service.build();
    }

    private PluginServiceRegistration decide(Service service) {
        return PluginServiceRegistration.of(
                service, OPERATOR_NAMESPACE, name -> Optional.ofNullable(secrets.get(name)));
    }

    @Test
    void registersTheBarmanCloudPluginAtItsServiceWithItsSecretsAndTheServiceNameAsServerName() {
        assertThat(decide(barmanCloudService(s -> {}))).isInstanceOfSatisfying(Registered.class, registered -> {
            assertThat(registered.pluginName()).isEqualTo("barman-cloud.cloudnative-pg.io");
            assertThat(registered.address()).isEqualTo("barman-cloud.cairn-system.svc:9090");
            assertThat(registered.tls().serverName()).isEqualTo("barman-cloud");
            assertThat(registered.tls().clientCertificatePem()).isEqualTo(CLIENT.certificatePem());
            assertThat(registered.tls().clientKeyPem()).isEqualTo(CLIENT.keyPem());
            assertThat(registered.tls().serverCertificatePem()).isEqualTo(SERVER.certificatePem());
        });
    }

    @Test
    void takesTheServerNameFromItsAnnotationWhenThereIsOne() {
        Service service = barmanCloudService(s -> s.editMetadata()
                .addToAnnotations("cnpg.io/pluginServerName", "barman-cloud.svc")
                .endMetadata());

        assertThat(decide(service))
                .isInstanceOfSatisfying(
                        Registered.class,
                        registered -> assertThat(registered.tls().serverName()).isEqualTo("barman-cloud.svc"));
    }

    @Test
    void ignoresServicesThatAreNotAPluginsOrLackAValue() {
        assertThat(decide(barmanCloudService(
                        s -> s.editMetadata().withNamespace("elsewhere").endMetadata())))
                .isInstanceOf(NotAPlugin.class);
        assertThat(decide(barmanCloudService(s ->
                        s.editMetadata().removeFromLabels("cnpg.io/pluginName").endMetadata())))
                .isInstanceOf(NotAPlugin.class);
        for (String annotation :
                new String[] {"cnpg.io/pluginClientSecret", "cnpg.io/pluginServerSecret", "cnpg.io/pluginPort"}) {
            assertThat(decide(barmanCloudService(s ->
                            s.editMetadata().removeFromAnnotations(annotation).endMetadata())))
                    .as("without %s", annotation)
                    .isInstanceOf(NotAPlugin.class);
            assertThat(decide(barmanCloudService(s ->
                            s.editMetadata().addToAnnotations(annotation, "").endMetadata())))
                    .as("with an empty %s", annotation)
                    .isInstanceOf(NotAPlugin.class);
        }
        assertThat(decide(barmanCloudService(s ->
                        s.editMetadata().addToLabels("cnpg.io/pluginName", "").endMetadata())))
                .isInstanceOf(NotAPlugin.class);
    }

    @Test
    void refusesAMissingServerSecret() {
        secrets.remove("barman-cloud-server-tls");

        assertThat(decide(barmanCloudService(s -> {})))
                .isEqualTo(
                        new Refused(
                                "barman-cloud.cloudnative-pg.io",
                                "ServerSecretNotFound",
                                "Failed to get server secret barman-cloud-server-tls: secrets \"barman-cloud-server-tls\" not found"));
    }

    @Test
    void refusesAMissingClientSecret() {
        secrets.remove("barman-cloud-client-tls");

        assertThat(decide(barmanCloudService(s -> {})))
                .isEqualTo(
                        new Refused(
                                "barman-cloud.cloudnative-pg.io",
                                "ClientSecretNotFound",
                                "Failed to get client secret barman-cloud-client-tls: secrets \"barman-cloud-client-tls\" not found"));
    }

    @Test
    void refusesAPortThatIsNotANumber() {
        Service service = barmanCloudService(s ->
                s.editMetadata().addToAnnotations("cnpg.io/pluginPort", "grpc").endMetadata());

        assertThat(decide(service))
                .isEqualTo(new Refused(
                        "barman-cloud.cloudnative-pg.io",
                        "InvalidPortAnnotation",
                        "Invalid port annotation \"grpc\": while parsing plugin server port: strconv.Atoi: parsing \"grpc\": "
                                + "invalid syntax"));
    }

    @Test
    void refusesAClientSecretWithoutAUsableKeyPair() {
        secrets.put(
                "barman-cloud-client-tls", tlsSecret("barman-cloud-client-tls", CLIENT.certificatePem(), "not a key"));

        assertThat(decide(barmanCloudService(s -> {}))).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo("InvalidClientCertificate");
            assertThat(refused.message())
                    .startsWith("Failed to parse client certificate from secret " + "barman-cloud-client-tls: ");
        });
    }

    @Test
    void refusesAServerSecretWithoutACertificate() {
        secrets.put("barman-cloud-server-tls", tlsSecret("barman-cloud-server-tls", "garbage", SERVER.keyPem()));

        assertThat(decide(barmanCloudService(s -> {}))).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo("InvalidServerCertificate");
            assertThat(refused.message())
                    .startsWith("Failed to parse server certificate from secret " + "barman-cloud-server-tls: ");
        });
    }
}
