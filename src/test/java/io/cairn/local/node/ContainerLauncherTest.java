package io.cairn.local.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLauncherTest {

    @TempDir
    Path dir;

    @Test
    void theLaunchScriptOpensSourcesFirstMountsParentsFirstAndDropsRoot() {
        ProcessIdentity postgres = new ProcessIdentity("postgres", 101, 104, List.of(104, 103), "/var/lib/postgresql",
                26L, true, Optional.of(104));
        Path data = dir.resolve("volumes/pvc-1");
        Path hosts = dir.resolve("etc-hosts");
        LaunchRequest request = new LaunchRequest("cairn://abc", "ns/pod/main", "pod-1",
                List.of("sh", "-c", "echo 'it''s' $HOME"), Map.of(), "/var/lib/postgresql",
                postgres, List.of(new Mount(data.resolve("wal"), "/var/lib/postgresql/data/wal", false),
                        new Mount(data, "/var/lib/postgresql/data", false),
                        new Mount(hosts, "/etc/hosts", true)),
                dir, dir.resolve("0.log"));

        String script = ContainerLauncher.script(request);

        assertThat(script).startsWith("#!/bin/bash\n").contains("\nhostname 'pod-1'\n");
        assertThat(script).contains("exec 10<'" + hosts + "'\nexec 11<'" + data + "'\nexec 12<'"
                + data.resolve("wal") + "'\n");
        assertThat(script.indexOf("mount --bind /proc/self/fd/10 '/etc/hosts'"))
                .isLessThan(script.indexOf("mount --bind /proc/self/fd/11 '/var/lib/postgresql/data'"));
        assertThat(script.indexOf("mount --bind /proc/self/fd/11 '/var/lib/postgresql/data'"))
                .isLessThan(script.indexOf("mount --bind /proc/self/fd/12 '/var/lib/postgresql/data/wal'"));
        assertThat(script).contains("mount -o remount,bind,ro '/etc/hosts'\n")
                .doesNotContain("remount,bind,ro '/var/lib/postgresql/data'");
        assertThat(script).contains("\ncd '/var/lib/postgresql'\n");
        // the mounted marker is opened before any mount can hide it and written after the last one, before the exec
        assertThat(script).contains("\nexec 9>'" + dir.resolve("mounted") + "'\nhostname ");
        assertThat(script.indexOf("echo mounted >&9\nexec 9>&-\n"))
                .isGreaterThan(script.indexOf("mount --bind /proc/self/fd/12"))
                .isLessThan(script.indexOf("exec 'setpriv'"));
        assertThat(script).endsWith("exec 'setpriv' '--reuid=101' '--regid=104' '--groups=104,103' '--' 'sh' '-c' "
                + "'echo '\"'\"'it'\"'\"''\"'\"'s'\"'\"' $HOME' 10<&- 11<&- 12<&-\n");
    }
}
