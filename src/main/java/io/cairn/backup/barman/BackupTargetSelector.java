package io.cairn.backup.barman;

import io.cairn.api.v1.BackupTarget;
import io.cairn.instance.api.InstanceStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Elects the instance a backup runs on (product decision 4, not CloudNativePG HEAD's "first standby by name"):
 * {@code primary} is always the primary; {@code prefer-standby} is the most up-to-date ready standby — highest
 * received LSN, then highest replayed LSN, then the first name — falling back to the primary. An instance counts
 * only if its pod is Ready and its instance manager answers {@code /pg/status} as ready. Pure.
 */
public final class BackupTargetSelector {

    /** An instance as the operator sees it now; {@code state} is null when its instance manager did not answer. */
    public record Candidate(String podName, boolean podReady, InstanceStatus state) {

        boolean usable() {
            return podReady && state != null && state.ready();
        }
    }

    /** The elected instance and whether it is the primary. */
    public record Election(String podName, boolean primary) {}

    private static final Comparator<Candidate> MOST_UP_TO_DATE_FIRST = Comparator.comparing(
                    (Candidate c) -> Lsn.parse(c.state().receivedLsn()), Comparator.reverseOrder())
            .thenComparing(c -> Lsn.parse(c.state().replayedLsn()), Comparator.reverseOrder())
            .thenComparing(Candidate::podName);

    private BackupTargetSelector() {}

    /**
     * @param target the effective target ({@code spec.target}, else the Cluster's {@code spec.backup.target}; null
     *     means prefer-standby)
     * @param primary the name of the primary instance (the Cluster's current, else target, primary), null if unknown
     */
    public static Optional<Election> elect(BackupTarget target, String primary, List<Candidate> candidates) {
        if (target != BackupTarget.PRIMARY) {
            Optional<Candidate> standby = candidates.stream()
                    .filter(c -> !c.podName().equals(primary)
                            && c.usable()
                            && c.state().replica())
                    .min(MOST_UP_TO_DATE_FIRST);
            if (standby.isPresent()) {
                return Optional.of(new Election(standby.get().podName(), false));
            }
        }
        return candidates.stream()
                .filter(c ->
                        c.podName().equals(primary) && c.usable() && c.state().primary())
                .findFirst()
                .map(c -> new Election(c.podName(), true));
    }

    /** A PostgreSQL LSN such as {@code 0/3000148}, ordered; a missing or unreadable LSN sorts lowest. */
    record Lsn(long value) implements Comparable<Lsn> {

        static Lsn parse(String text) {
            if (text == null) {
                return new Lsn(-1);
            }
            int slash = text.indexOf('/');
            try {
                return slash < 0
                        ? new Lsn(-1)
                        : new Lsn((Long.parseLong(text.substring(0, slash), 16) << 32)
                                | Long.parseLong(text.substring(slash + 1), 16));
            } catch (NumberFormatException e) {
                return new Lsn(-1);
            }
        }

        @Override
        public int compareTo(Lsn other) {
            return Long.compare(value, other.value);
        }
    }
}
