package io.cairn.cli.kubectl;

import io.cairn.api.v1.ScheduledBackup;
import io.cairn.controller.scheduledbackup.SchedulePreview;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code kubectl cairn schedule preview SCHEDULE}: the next activations of a ScheduledBackup, or of a cron spec given
 * on the command line, computed by the operator's own schedule code.
 */
final class SchedulePreviewCommand implements Subcommand {

    static final Option COUNT = Option.value(
            "count",
            'c',
            "N",
            "how many activations to print (default 5, " + "at most " + SchedulePreviewCommand.MAX_COUNT + ")");
    static final Option TIME_ZONE = Option.value(
            "time-zone",
            "ZONE",
            "the IANA zone to evaluate in (default: the ScheduledBackup's spec.timeZone, else UTC)");
    static final Option FROM = Option.value(
            "from", "TIME", "start after this RFC 3339 time, e.g. 2026-03-29T00:00:00+01:00 (default: now)");

    static final Option SPREAD_WINDOW = Option.value(
            "spread-window",
            "WINDOW",
            "spread over this window, e.g. 30m (default: the ScheduledBackup's spec.spreadWindow, else none)");
    static final Option UID = Option.value(
            "uid",
            "UID",
            "the ScheduledBackup UID the spread offset derives from (default: the ScheduledBackup's; "
                    + "needed with --spread-window for a cron spec)");

    static final int DEFAULT_COUNT = 5;
    static final int MAX_COUNT = 1000;

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx");

    @Override
    public String name() {
        return "schedule preview";
    }

    @Override
    public String arguments() {
        return "SCHEDULEDBACKUP | 'CRON SPEC' [flags]";
    }

    @Override
    public String summary() {
        return "Print the next activations of a ScheduledBackup or of a cron spec";
    }

    @Override
    public String description() {
        return """
                Prints when a schedule fires, computed with the operator's own code (robfig/cron v1.2.0: six fields
                'second minute hour day-of-month month day-of-week', descriptors such as @daily), with the warning
                the operator gives for a schedule that is easy to misread: five fields are read seconds first, so
                '0 0 * * *' fires every hour, not every day.

                An argument with a space or starting with '@' is a cron spec, used as it is (no API server needed);
                any other is the name of a ScheduledBackup, whose spec.schedule and spec.timeZone are read from the
                API server.

                With a spread window (spec.spreadWindow, a Cairn extension, or --spread-window), each backup starts
                at its slot plus an offset derived from the ScheduledBackup's UID; the table shows both.
                """;
    }

    @Override
    public List<Option> options() {
        return Subcommand.withCommonOptions(List.of(COUNT, TIME_ZONE, FROM, SPREAD_WINDOW, UID));
    }

    /** A cron spec has five or six space-separated fields or starts with '@'; a Kubernetes name has neither. */
    static boolean isCronSpec(String argument) {
        return argument.startsWith("@") || argument.strip().contains(" ");
    }

    @Override
    public int run(Arguments args, Instant now, PrintStream out, PrintStream err) {
        String argument = args.single("ScheduledBackup name or 'cron spec'");
        int count = count(args);
        Instant from =
                args.value(FROM.name()).map(SchedulePreviewCommand::instant).orElse(now);
        String source;
        String schedule;
        String timeZone;
        String spreadWindow = args.value(SPREAD_WINDOW.name()).orElse(null);
        String uid = args.value(UID.name()).orElse(null);
        ScheduledBackup scheduledBackup = null;
        if (isCronSpec(argument)) {
            source = "command line";
            schedule = argument;
            timeZone = args.value(TIME_ZONE.name()).orElse(null);
            if (spreadWindow != null && uid == null) {
                throw new UsageException("--spread-window with a cron spec needs --uid: the offset derives from "
                        + "the ScheduledBackup's metadata.uid");
            }
        } else {
            try (ApiAccess api = ApiAccess.connect(args)) {
                scheduledBackup = api.client()
                        .resources(ScheduledBackup.class)
                        .inNamespace(api.namespace())
                        .withName(argument)
                        .get();
                if (scheduledBackup == null) {
                    throw new CommandFailure("ScheduledBackup \"" + argument + "\" not found in namespace \""
                            + api.namespace() + "\" (quote a cron spec: '0 0 0 * * *')");
                }
            }
            source = "ScheduledBackup " + scheduledBackup.getMetadata().getNamespace() + "/" + argument;
            schedule = scheduledBackup.getSpec().schedule();
            timeZone = args.value(TIME_ZONE.name())
                    .orElse(scheduledBackup.getSpec().timeZone());
            spreadWindow = spreadWindow != null
                    ? spreadWindow
                    : scheduledBackup.getSpec().spreadWindow();
            uid = uid != null ? uid : scheduledBackup.getMetadata().getUid();
        }
        SchedulePreview preview;
        try {
            preview = SchedulePreview.of(schedule, timeZone, spreadWindow, uid, from, count);
        } catch (IllegalArgumentException invalid) {
            throw new CommandFailure(invalid.getMessage());
        }
        out.print(format(source, scheduledBackup, preview, from, now));
        if (preview.isEasyToMisread()) {
            err.println("Warning: " + preview.explanation());
        }
        return 0;
    }

    static String format(
            String source, ScheduledBackup scheduledBackup, SchedulePreview preview, Instant from, Instant now) {
        boolean suspended = scheduledBackup != null
                && Boolean.TRUE.equals(scheduledBackup.getSpec().suspend());
        List<String> keyValues = new ArrayList<>(List.of(
                "Schedule", preview.schedule(),
                "Time zone", preview.zone(),
                "Source", source + (suspended ? " (suspended: no backup is taken until spec.suspend is false)" : ""),
                "After", from.toString()));
        if (preview.spreadWindow() != null) {
            keyValues.addAll(List.of(
                    "Spread window",
                    preview.spreadWindow()
                            + " (each backup starts at its slot plus the offset; the Backup is named after the slot)"));
        }
        StringBuilder out = new StringBuilder(Table.keyValues(keyValues.toArray(String[]::new)));
        if (scheduledBackup != null
                && scheduledBackup.getStatus() != null
                && scheduledBackup.getStatus().nextScheduleTime() != null) {
            out.append(Table.keyValues(
                    "Operator's next run",
                    HumanTime.at(scheduledBackup.getStatus().nextScheduleTime(), now)));
        }
        out.append('\n');
        if (preview.activations().isEmpty()) {
            return out.append("No activation within five years: the operator takes no backup.\n")
                    .toString();
        }
        ZoneId zone = ZoneId.of(preview.zone());
        boolean utc = zone.normalized().equals(ZoneId.of("UTC").normalized());
        boolean spread = preview.spreadWindow() != null;
        List<String> headers = new ArrayList<>(List.of("#", "UTC"));
        if (!utc) {
            headers.add(preview.zone());
        }
        if (spread) {
            headers.addAll(List.of("Slot (UTC)", "Offset"));
        }
        Table table = new Table(headers.toArray(String[]::new));
        for (int i = 0; i < preview.activations().size(); i++) {
            Instant activation = preview.activations().get(i);
            List<String> row = new ArrayList<>(List.of(String.valueOf(i + 1), activation.toString()));
            if (!utc) {
                row.add(LOCAL.format(activation.atZone(zone)));
            }
            if (spread) {
                row.addAll(List.of(preview.slots().get(i).toString(), preview.offset(i)));
            }
            table.row(row.toArray(String[]::new));
        }
        return out.append(table.render()).toString();
    }

    private static int count(Arguments args) {
        String value = args.value(COUNT.name()).orElse(String.valueOf(DEFAULT_COUNT));
        try {
            int count = Integer.parseInt(value);
            if (count >= 1 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException notANumber) {
            // the same message as out of range
        }
        throw new UsageException("invalid value \"" + value + "\" for --count: a number from 1 to " + MAX_COUNT);
    }

    private static Instant instant(String rfc3339) {
        Instant instant = HumanTime.parse(rfc3339);
        if (instant == null) {
            throw new UsageException("invalid value \"" + rfc3339 + "\" for --from: an RFC 3339 time such as "
                    + "2026-03-29T00:00:00Z or 2026-03-29T00:00:00+01:00");
        }
        return instant;
    }
}
