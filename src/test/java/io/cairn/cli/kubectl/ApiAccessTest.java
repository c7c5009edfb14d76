package io.cairn.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace and the API server are chosen as kubectl chooses them (no request is made here). */
class ApiAccessTest {

    @TempDir
    Path dir;

    private Path kubeconfig() throws IOException {
        return Files.writeString(dir.resolve("config"), """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: a, cluster: {server: "https://a.example:6443"}}
                - {name: b, cluster: {server: "https://b.example:6443"}}
                users:
                - {name: u, user: {token: t}}
                contexts:
                - {name: team-a, context: {cluster: a, user: u, namespace: team-a}}
                - {name: plain-b, context: {cluster: b, user: u}}
                current-context: team-a
                """);
    }

    private static ApiAccess connect(String... args) {
        return ApiAccess.connect(Arguments.parse(List.of(args), ApiAccess.OPTIONS));
    }

    @Test
    void theNamespaceIsTheFlagElseTheContextsElseDefault() throws IOException {
        String config = kubeconfig().toString();
        try (ApiAccess current = connect("--kubeconfig", config);
                ApiAccess flagged = connect("--kubeconfig", config, "-n", "mine");
                ApiAccess other = connect("--kubeconfig", config, "--context", "plain-b")) {
            assertThat(current.namespace()).isEqualTo("team-a");
            assertThat(current.client().getMasterUrl().toString()).startsWith("https://a.example:6443");
            assertThat(flagged.namespace()).isEqualTo("mine");
            assertThat(other.namespace()).isEqualTo("default");
            assertThat(other.client().getMasterUrl().toString()).startsWith("https://b.example:6443");
        }
    }

    @Test
    void aMissingKubeconfigIsAFailureThatNamesIt() {
        assertThatThrownBy(() -> connect("--kubeconfig", dir.resolve("nope").toString()))
                .isInstanceOf(CommandFailure.class)
                .hasMessage("the kubeconfig " + dir.resolve("nope") + " does not exist");
    }
}
