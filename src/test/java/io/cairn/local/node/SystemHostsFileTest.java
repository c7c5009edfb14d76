package io.cairn.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemHostsFileTest {

    @TempDir
    Path dir;

    @Test
    void keepsItsServicesInABlockOfItsOwnAndRemovesItAndStaleBlocks() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), """
                127.0.0.1 localhost
                # cairn-local-node-agent begin dead0000 pid 999999999
                127.0.0.9\told.ns old.ns.svc old.ns.svc.cluster.local
                # cairn-local-node-agent end dead0000
                10.1.2.3 printer
                """);

        SystemHostsFile file = new SystemHostsFile(hosts, dir.resolve("locks"), "agent1");
        assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1 localhost\n10.1.2.3 printer\n");

        file.services(List.of(new PodHostsFiles.ServiceEntry("db", "cluster-rw", "127.0.0.12")));
        assertThat(Files.readString(hosts)).isEqualTo("""
                127.0.0.1 localhost
                10.1.2.3 printer
                # cairn-local-node-agent begin agent1 pid %d
                127.0.0.12\tcluster-rw.db cluster-rw.db.svc cluster-rw.db.svc.cluster.local
                # cairn-local-node-agent end agent1
                """.formatted(ProcessHandle.current().pid()));

        file.close();
        assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1 localhost\n10.1.2.3 printer\n");
    }
}
