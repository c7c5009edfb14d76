package io.cairn.instance.recovery;

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
 * Reads {@code barman-cloud-backup-list --format json}: {@code {"backups_list": [{...}]}}. Times there are Python
 * {@code ctime()} strings with no zone ({@code Wed Nov 25 13:26:00 2026}); barman writes them from UTC times.
 */
public final class BarmanBackupList {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** ctime() without its day of the week, which says nothing more. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private BarmanBackupList() {}

    public static BackupCatalogue parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new RecoveryException("barman-cloud-backup-list printed no JSON: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("backups_list");
        if (list == null || !list.isArray()) {
            throw new RecoveryException("barman-cloud-backup-list printed no backups_list");
        }
        List<BarmanBackupInfo> backups = new ArrayList<>();
        for (JsonNode b : list) {
            backups.add(new BarmanBackupInfo(
                    text(b, "backup_id"),
                    text(b, "backup_name"),
                    text(b, "status"),
                    time(text(b, "begin_time")),
                    time(text(b, "end_time")),
                    text(b, "begin_wal"),
                    text(b, "end_wal"),
                    text(b, "begin_xlog"),
                    text(b, "end_xlog"),
                    integer(b, "timeline"),
                    integer(b, "version"),
                    null,
                    null,
                    text(b, "error")));
        }
        return new BackupCatalogue(backups);
    }

    static OffsetDateTime time(String ctime) {
        if (ctime == null || ctime.isBlank()) {
            return null;
        }
        try {
            String withoutWeekday = ctime.strip().replaceFirst("^[A-Za-z]{3} ", "");
            return LocalDateTime.parse(withoutWeekday, CTIME).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null; // an unreadable time makes the backup incomplete, so it is never chosen
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.canConvertToInt() ? null : value.asInt();
    }
}
