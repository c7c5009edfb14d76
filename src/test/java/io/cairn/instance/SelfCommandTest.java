package io.cairn.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SelfCommandTest {

    @Test
    void quotesForTheShellAndDoublesPercentSignsButKeepsThePlaceholder() {
        SelfCommand self = new SelfCommand(List.of("/usr/bin/java", "-jar", "/opt/my cairn/100%/run.jar"));
        assertThat(self.archiveCommandLine("wal-archive", "%p"))
                .isEqualTo("/usr/bin/java -jar '/opt/my cairn/100%%/run.jar' wal-archive %p");
        assertThat(new SelfCommand(List.of("/it's")).archiveCommandLine("x")).isEqualTo("'/it'\\''s' x");
    }

    @Test
    void theRestoreCommandKeepsBothPlaceholders() {
        assertThat(new SelfCommand(List.of("/controller/manager")).archiveCommandLine("wal-restore", "%f", "%p"))
                .isEqualTo("/controller/manager wal-restore %f %p");
        assertThat(new SelfCommand(List.of("/controller/manager")).archiveCommandLine("100%f"))
                .isEqualTo("/controller/manager '100%%f'");
    }

    @Test
    void anOverrideIsUsedAsGiven() {
        assertThat(SelfCommand.detect(Optional.of("/controller/manager  --flag"))
                        .prefix())
                .containsExactly("/controller/manager", "--flag");
    }

    @Test
    void aJvmRunsItsOwnJarWithShortLivedFlags() {
        String classPath = System.getProperty("java.class.path");
        try {
            System.setProperty("java.class.path", "target/quarkus-app/quarkus-run.jar");
            SelfCommand self = SelfCommand.detect(Optional.empty());
            assertThat(self.prefix().get(0)).endsWith("/bin/java");
            assertThat(self.prefix()).containsSequence(SelfCommand.SHORT_LIVED_JVM_FLAGS);
            assertThat(self.prefix().get(self.prefix().size() - 2)).isEqualTo("-jar");
            assertThat(self.prefix().get(self.prefix().size() - 1))
                    .startsWith("/")
                    .endsWith("target/quarkus-app/quarkus-run.jar");
        } finally {
            System.setProperty("java.class.path", classPath);
        }
    }
}
