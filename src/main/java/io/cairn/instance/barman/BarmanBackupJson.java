package io.cairn.instance.barman;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.instance.api.BarmanBackupInfo;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what {@code barman-cloud-backup-show --format json} ({@code {"cloud": {...}}}) and
 * {@code barman-cloud-backup-list --format json} ({@code {"backups_list": [...]}}) print.
 *
 * <p>Times: barman 3.4 prints {@code begin_time}/{@code end_time} as ctime strings without a zone
 * ({@code "Wed Nov 25 13:26:00 2026"}, {@code "Wed Nov  5 ..."} for single-digit days) in the barman process's local
 * time; Cairn runs barman with {@code TZ=UTC}, so they are read as UTC. Later barman versions add
 * {@code begin_time_iso}/{@code end_time_iso}, which win when present (CloudNativePG's order).
 */
public final class BarmanBackupJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CTIME =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ENGLISH);

    private BarmanBackupJson() {}

    /** One backup from barman-cloud-backup-show's JSON. */
    public static BarmanBackupInfo show(String json) {
        JsonNode cloud = parse(json).get("cloud");
        if (cloud == null || !cloud.isObject()) {
            throw new IllegalArgumentException(
                    "barman-cloud-backup-show printed no \"cloud\" object: " + abbreviate(json));
        }
        return info(cloud);
    }

    /** The catalog from barman-cloud-backup-list's JSON, in barman's order (oldest first). */
    public static List<BarmanBackupInfo> list(String json) {
        JsonNode backups = parse(json).get("backups_list");
        if (backups == null || !backups.isArray()) {
            throw new IllegalArgumentException(
                    "barman-cloud-backup-list printed no \"backups_list\" array: " + abbreviate(json));
        }
        List<BarmanBackupInfo> infos = new ArrayList<>();
        backups.forEach(backup -> infos.add(info(backup)));
        return infos;
    }

    private static BarmanBackupInfo info(JsonNode b) {
        return new BarmanBackupInfo(
                text(b, "backup_id"),
                text(b, "backup_name"),
                text(b, "status"),
                time(b, "begin_time"),
                time(b, "end_time"),
                text(b, "begin_wal"),
                text(b, "end_wal"),
                text(b, "begin_xlog"),
                text(b, "end_xlog"),
                b.hasNonNull("timeline") ? b.get("timeline").asInt() : null,
                b.hasNonNull("version") ? b.get("version").asInt() : null,
                text(b, "compression"),
                b.hasNonNull("size") ? b.get("size").asLong() : null,
                text(b, "error"));
    }

    /** {@code <field>_iso} (ISO-8601 with offset) when present, else the ctime {@code <field>} read as UTC. */
    static OffsetDateTime time(JsonNode backup, String field) {
        String iso = text(backup, field + "_iso");
        if (iso != null) {
            try {
                return OffsetDateTime.parse(iso);
            } catch (DateTimeParseException e) {
                // fall back to the ctime field
            }
        }
        String ctime = text(backup, field);
        if (ctime == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(ctime.strip().replaceAll("\\s+", " "), CTIME)
                    .atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(ctime);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("barman printed an unreadable " + field + ": '" + ctime + "'");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("barman printed no JSON: " + abbreviate(json));
        }
    }

    private static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(nothing)";
        }
        String stripped = text.strip();
        return stripped.length() <= 200 ? stripped : stripped.substring(0, 200) + "...";
    }
}
