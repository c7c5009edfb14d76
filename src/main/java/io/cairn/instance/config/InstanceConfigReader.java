package io.cairn.instance.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.instance.api.InstanceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads and checks an {@link InstanceConfig}; every problem is reported at once, with its JSON path. */
public final class InstanceConfigReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** A PostgreSQL time value: an integer with an optional unit. */
    private static final Pattern TIME_VALUE = Pattern.compile("\\d+\\s*(us|ms|s|min|h|d)?");

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private InstanceConfigReader() {}

    public static InstanceConfig read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InstanceConfigException("No instance configuration at " + file);
        } catch (IOException e) {
            throw new InstanceConfigException("Cannot read the instance configuration " + file + ": " + e, e);
        }
    }

    public static InstanceConfig parse(String json) {
        InstanceConfig config;
        try {
            config = JSON.readValue(json, InstanceConfig.class);
        } catch (JsonProcessingException e) {
            throw new InstanceConfigException(
                    "The instance configuration is not valid JSON for its schema: " + e.getOriginalMessage(), e);
        }
        if (config == null) {
            throw new InstanceConfigException("The instance configuration is empty");
        }
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new InstanceConfigException(
                    "The instance configuration is invalid:\n  " + String.join("\n  ", problems));
        }
        return config;
    }

    private static void recoveryProblems(InstanceConfig.Recovery recovery, List<String> problems) {
        boolean fromSnapshot = recovery.volumeSnapshot() != null;
        if (!fromSnapshot || recovery.barmanObjectStore() != null) {
            if (recovery.barmanObjectStore() == null
                    || recovery.barmanObjectStore().destinationPath() == null
                    || recovery.barmanObjectStore().destinationPath().isBlank()) {
                problems.add("bootstrap.recovery.barmanObjectStore.destinationPath is required");
            }
            if (recovery.serverName() == null || recovery.serverName().isBlank()) {
                problems.add("bootstrap.recovery.serverName is required");
            }
        }
        if (fromSnapshot
                && (recovery.volumeSnapshot().restoreId() == null
                        || recovery.volumeSnapshot().restoreId().isBlank())) {
            problems.add("bootstrap.recovery.volumeSnapshot.restoreId is required");
        }
        if (fromSnapshot && recovery.volumeSnapshot().instance() == null) {
            problems.add("bootstrap.recovery.volumeSnapshot.instance is required");
        }
        if (fromSnapshot && recovery.volumeSnapshot().online() && recovery.barmanObjectStore() == null) {
            problems.add("bootstrap.recovery: a hot (online) snapshot needs the WAL archive (barmanObjectStore)");
        }
        if (recovery.targetTime() != null) {
            try {
                io.cairn.instance.api.RecoveryTargetTime.parse(recovery.targetTime());
            } catch (IllegalArgumentException e) {
                problems.add("bootstrap.recovery.targetTime: " + e.getMessage());
            }
        }
        for (Map.Entry<String, String> setting : recovery.effectiveSettings().entrySet()) {
            if (!setting.getKey().startsWith("recovery_target")) {
                problems.add("bootstrap.recovery.settings: only recovery_target* settings: " + setting.getKey());
            }
            if (setting.getValue() == null || setting.getValue().contains("\n")) {
                problems.add("bootstrap.recovery.settings." + setting.getKey() + ": a value must be one line");
            }
        }
        for (String name : new String[] {recovery.database(), recovery.owner()}) {
            if (name != null && !IDENTIFIER.matcher(name).matches()) {
                problems.add("bootstrap.recovery: not a plain identifier: " + name);
            }
        }
    }

    private static List<String> problems(InstanceConfig config) {
        List<String> problems = new ArrayList<>();
        InstanceConfig.Bootstrap bootstrap = config.bootstrap();
        if (bootstrap == null
                || java.util.stream.Stream.of(bootstrap.initdb(), bootstrap.join(), bootstrap.recovery())
                                .filter(java.util.Objects::nonNull)
                                .count()
                        != 1) {
            problems.add("bootstrap: exactly one of initdb, join and recovery is required");
        }
        if (bootstrap != null && bootstrap.recovery() != null) {
            recoveryProblems(bootstrap.recovery(), problems);
        }
        if (bootstrap != null && bootstrap.initdb() != null) {
            String database = bootstrap.initdb().database();
            if (database != null && !IDENTIFIER.matcher(database).matches()) {
                problems.add("bootstrap.initdb.database: not a plain identifier: " + database);
            }
            String owner = bootstrap.initdb().owner();
            if (owner != null && !IDENTIFIER.matcher(owner).matches()) {
                problems.add("bootstrap.initdb.owner: not a plain identifier: " + owner);
            }
        }
        if (bootstrap != null && bootstrap.join() != null) {
            if (bootstrap.join().host() == null || bootstrap.join().host().isBlank()) {
                problems.add("bootstrap.join.host is required");
            }
            Integer port = bootstrap.join().port();
            if (port != null && (port < 1 || port > 65535)) {
                problems.add("bootstrap.join.port: not a port: " + port);
            }
        }
        if (config.archive() != null) {
            if (config.archive().barmanObjectStore() == null) {
                problems.add("archive.barmanObjectStore is required when archive is given");
            } else if (config.archive().barmanObjectStore().destinationPath() == null
                    || config.archive().barmanObjectStore().destinationPath().isBlank()) {
                problems.add("archive.barmanObjectStore.destinationPath is required");
            }
        }
        if (config.archiveTimeout() != null
                && !TIME_VALUE.matcher(config.archiveTimeout()).matches()) {
            problems.add("archiveTimeout: not a PostgreSQL time value (e.g. 60s, 5min): " + config.archiveTimeout());
        }
        if (config.smartShutdownTimeout() != null && config.smartShutdownTimeout() < 0) {
            problems.add("smartShutdownTimeout: must not be negative");
        }
        String user = config.replicationUser();
        if (!IDENTIFIER.matcher(user).matches()) {
            problems.add("replication.user: not a plain identifier: " + user);
        }
        for (String name : config.parameters().keySet()) {
            String value = config.parameters().get(name);
            if (value == null || value.contains("\n") || value.contains("\r")) {
                problems.add("postgresql.parameters." + name + ": a value must be one line");
            }
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                problems.add("postgresql.parameters: not a parameter name: " + name);
            }
        }
        return problems;
    }
}
