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

    /**
     * S3Proxy's {@code jar-with-dependencies} for {@link io.cairn.local.objectstore.LocalObjectStore}. Any
     * {@code ./mvnw package} puts it into the local Maven repository (and copies it to
     * {@code target/local/s3proxy.jar}).
     */
    @WithDefault("${user.home}/.m2/repository/org/gaul/s3proxy/4.1.0/s3proxy-4.1.0-jar-with-dependencies.jar")
    Path s3proxyJar();
}
