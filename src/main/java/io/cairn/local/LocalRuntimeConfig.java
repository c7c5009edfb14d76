package io.cairn.local;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Where the local runtime finds its parts. See docs/configuration.md. */
@ConfigMapping(prefix = "cairn.local")
public interface LocalRuntimeConfig {

    /** The directory holding etcd, kube-apiserver, kube-controller-manager and kubectl. */
    @WithDefault("${user.home}/.cache/cairn/kube/k8s/1.36.3-linux-amd64")
    Path kubeBinaries();
}
