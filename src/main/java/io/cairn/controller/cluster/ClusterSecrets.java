package io.cairn.controller.cluster;

import static io.cairn.controller.cluster.ClusterResources.PG_PORT;
import static io.cairn.controller.cluster.ClusterResources.appSecretName;
import static io.cairn.controller.cluster.ClusterResources.initdb;
import static io.cairn.controller.cluster.ClusterResources.owned;
import static io.cairn.controller.cluster.ClusterResources.replicationSecretName;
import static io.cairn.controller.cluster.ClusterResources.serviceName;
import static io.cairn.controller.cluster.ClusterResources.superuserSecretName;

import io.cairn.api.v1.BootstrapInitDB;
import io.cairn.api.v1.Cluster;
import io.cairn.instance.api.InstanceConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Secrets a Cluster generates (superuser, application owner, replication), as CloudNativePG names them. */
final class ClusterSecrets {

    private ClusterSecrets() {}

    /** The generated Secrets; passwords come from {@code passwords} and are never logged. */
    static List<Secret> secrets(Cluster cluster, PasswordGenerator passwords) {
        String rw = serviceName(cluster, "rw");
        BootstrapInitDB initdb = initdb(cluster);
        List<Secret> secrets = new ArrayList<>();
        if (generatesSuperuserSecret(cluster)) {
            secrets.add(basicAuth(cluster, superuserSecretName(cluster), "postgres", passwords.next(), "*", rw));
        }
        if (initdb.secret() == null) {
            secrets.add(basicAuth(
                    cluster, appSecretName(cluster), initdb.owner(), passwords.next(), initdb.database(), rw));
        }
        secrets.add(basicAuth(
                cluster,
                replicationSecretName(cluster),
                InstanceConfig.DEFAULT_REPLICATION_USER,
                passwords.next(),
                "*",
                rw));
        return secrets;
    }

    /** CloudNativePG creates the superuser Secret only with superuser access and no {@code superuserSecret}. */
    static boolean generatesSuperuserSecret(Cluster cluster) {
        return cluster.getSpec().superuserAccess() && cluster.getSpec().superuserSecret() == null;
    }

    private static Secret basicAuth(
            Cluster cluster, String name, String user, String password, String database, String host) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("username", user);
        data.put("user", user);
        data.put("password", password);
        data.put("dbname", database);
        data.put("host", host);
        data.put("port", Integer.toString(PG_PORT));
        data.put("pgpass", host + ":" + PG_PORT + ":" + database + ":" + user + ":" + password + "\n");
        if (!"*".equals(database)) {
            data.put(
                    "uri",
                    "postgresql://" + user + ":" + password + "@" + host + "."
                            + cluster.getMetadata().getNamespace() + ":" + PG_PORT + "/" + database);
        }
        return new SecretBuilder()
                .withMetadata(owned(cluster, name, Map.of()))
                .withType("kubernetes.io/basic-auth")
                .withStringData(data)
                .build();
    }
}
