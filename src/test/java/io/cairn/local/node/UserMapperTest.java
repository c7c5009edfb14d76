package io.cairn.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserMapperTest {

    @TempDir
    Path dir;

    private UserMapper mapper(int agentUid) throws IOException {
        Path passwd = Files.writeString(dir.resolve("passwd"), """
                root:x:0:0:root:/root:/bin/bash
                www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
                postgres:x:101:104:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash
                """);
        Path group = Files.writeString(dir.resolve("group"), """
                root:x:0:
                tape:x:26:
                www-data:x:33:
                postgres:x:104:
                ssl-cert:x:103:postgres
                """);
        return new UserMapper(passwd, group, "postgres", agentUid);
    }

    private static PodSpec pod(Long runAsUser, Long runAsGroup, Long fsGroup) {
        return new PodSpecBuilder().withNewSecurityContext().withRunAsUser(runAsUser).withRunAsGroup(runAsGroup)
                .withFsGroup(fsGroup).endSecurityContext().build();
    }

    @Test
    void aUidThisMachineDoesNotHaveRunsAsTheFallbackAccountWithItsGroup() throws IOException {
        ProcessIdentity identity = mapper(0).identityFor(pod(26L, 26L, 26L), new Container());

        assertThat(identity.userName()).isEqualTo("postgres");
        assertThat(identity.uid()).isEqualTo(101);
        assertThat(identity.gid()).as("gid 26 is 'tape' here, unrelated to the pod's 26").isEqualTo(104);
        assertThat(identity.groups()).containsExactly(104);
        assertThat(identity.fsGroup()).contains(104);
        assertThat(identity.home()).isEqualTo("/var/lib/postgresql");
        assertThat(identity.mapped()).isTrue();
        assertThat(identity.describe()).isEqualTo("postgres uid=101 gid=104 (pod asked for uid 26)");
    }

    @Test
    void anExistingUidIsUsedAsItIsAndTheContainerWinsOverThePod() throws IOException {
        Container container = new ContainerBuilder().withNewSecurityContext().withRunAsUser(33L).endSecurityContext()
                .build();

        ProcessIdentity identity = mapper(0).identityFor(pod(101L, null, 26L), container);

        assertThat(identity.uid()).isEqualTo(33);
        assertThat(identity.gid()).isEqualTo(33);
        assertThat(identity.groups()).containsExactly(33, 26);
        assertThat(identity.fsGroup()).contains(26);
        assertThat(identity.mapped()).isFalse();
    }

    @Test
    void noUidRunsAsTheAgentUnlessThePodMustNotRunAsRoot() throws IOException {
        assertThat(mapper(0).identityFor(new PodSpec(), new Container()).uid()).isZero();

        PodSpec nonRoot = new PodSpecBuilder().withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                .build();
        ProcessIdentity identity = mapper(0).identityFor(nonRoot, new Container());

        assertThat(identity.uid()).isEqualTo(101);
        assertThat(identity.fsGroup()).isEqualTo(Optional.empty());
        assertThat(identity.groups()).isEqualTo(List.of(104));
    }
}
