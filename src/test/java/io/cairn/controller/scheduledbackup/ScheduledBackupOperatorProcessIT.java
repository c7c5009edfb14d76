package io.cairn.controller.scheduledbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.testing.BackupCompleter;
import io.cairn.testing.OperatorProcess;
import io.cairn.testing.SharedControlPlane;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged operator as separate processes: nothing about a schedule lives only in one operator's memory, so a
 * restart after downtime takes one catch-up backup, and of two replicas only the Lease holder schedules — with
 * exactly one Backup per slot, and a new leader carrying on where the old one stopped.
 *
 * <p>Runs in a JVM of its own (see the {@code process-its} Failsafe execution): no operator may run in the test JVM.
 */
class ScheduledBackupOperatorProcessIT {

    private static final DateTimeFormatter SLOT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KubernetesClient client;
    private TestNamespace namespace;
    private final List<OperatorProcess> operators = new ArrayList<>();

    @BeforeEach
    void setUp() {
        client = SharedControlPlane.newClient();
        namespace = TestNamespace.create(client, "process");
    }

    @AfterEach
    void tearDown() {
        operators.forEach(OperatorProcess::close);
        namespace.close();
        client.close();
    }

    @Test
    void aRestartAfterDowntimeTakesOneCatchUpBackupForTheMissedSlots() {
        try (BackupCompleter completer = BackupCompleter.start(client, namespace.name())) {
            OperatorProcess first = operator("first");
            everySecond("restarted");
            await().atMost(TIMEOUT).until(() -> backupSlots("restarted").size() >= 3);

            first.close();
            Instant stoppedAt = Instant.now();
            Instant lastServed = client.resources(ScheduledBackup.class)
                    .inNamespace(namespace.name())
                    .withName("restarted")
                    .get()
                    .getStatus()
                    .lastScheduleTime();
            sleep(Duration.ofSeconds(8));
            Instant restartedAt = Instant.now();
            operator("second");

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reasons()).contains("MissedSchedules"));
            await().atMost(TIMEOUT).until(() -> backupSlots("restarted").last().isAfter(restartedAt.plusSeconds(2)));

            TreeSet<Instant> duringDowntime =
                    new TreeSet<>(backupSlots("restarted").subSet(lastServed, false, restartedAt, true));
            assertThat(duringDowntime)
                    .as("slots after %s until the restart at %s (stopped at %s)", lastServed, restartedAt, stoppedAt)
                    .containsExactly(lastServed.plusSeconds(1));
        }
    }

    @Test
    void twoReplicasForSixtySecondsCreateExactlyOneBackupPerSlot() {
        double created;
        try (BackupCompleter completer = BackupCompleter.start(client, namespace.name())) {
            operator("replica-a");
            operator("replica-b");
            everySecond("replicated");
            await().atMost(TIMEOUT).until(() -> !backupSlots("replicated").isEmpty());

            sleep(Duration.ofSeconds(60));
            client.resources(ScheduledBackup.class)
                    .inNamespace(namespace.name())
                    .withName("replicated")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":true}}");
            sleep(Duration.ofSeconds(3));
            created = operators.stream()
                    .mapToDouble(operator -> operator.counter(
                            "cairn_scheduled_backup_backups_created_total", "scheduled_backup=\"replicated\""))
                    .sum();
            operators.forEach(OperatorProcess::close);
        }
        TreeSet<Instant> slots = backupSlots("replicated");
        assertThat(slots.size()).as("a minute of per-second slots").isGreaterThanOrEqualTo(58);
        // A slot whose predecessor is not completed yet waits for it (CloudNativePG's rule); on a loaded machine a
        // wait can outlast the next slot, which then collapses and is reported. So every slot has exactly one Backup
        // unless it is accounted for in a MissedSchedules event.
        assertThat(missingSlots(slots)).as("slots without a Backup").hasSize((int) reportedMissedSlots());
        assertThat(reasons()).as("no replica ever found the other's Backup").doesNotContain("BackupAdopted");
        assertThat(created)
                .as("the replicas' creations add up to one per Backup")
                .isEqualTo(slots.size());
    }

    @Test
    void aNewLeaderPicksUpWhereTheOldOneStopped() {
        try (BackupCompleter completer = BackupCompleter.start(client, namespace.name())) {
            OperatorProcess a = operator("leader-a");
            await().atMost(TIMEOUT).until(() -> holder() != null);
            OperatorProcess b = operator("leader-b");
            everySecond("handover");
            await().atMost(TIMEOUT).until(() -> backupSlots("handover").size() >= 3);
            String oldLeader = holder();
            OperatorProcess leader = oldLeader.equals(a.identity()) ? a : b;

            leader.kill();
            Instant killedAt = Instant.now();

            await().atMost(TIMEOUT).until(() -> !oldLeader.equals(holder()));
            await().atMost(TIMEOUT).until(() -> backupSlots("handover").last().isAfter(killedAt.plusSeconds(8)));
        }
        TreeSet<Instant> slots = backupSlots("handover");
        List<Instant> gaps = missingSlots(slots);
        assertThat(gaps)
                .as("slots lost while nobody led are at most the lease time")
                .hasSizeLessThanOrEqualTo(8);
        assertThat(reasons()).as("the gap collapsed into one catch-up").contains("MissedSchedules");
        assertThat(reasons().stream().filter("BackupAdopted"::equals))
                .as("at most the Backup the killed leader created before it could record it")
                .hasSizeLessThanOrEqualTo(1);
    }

    private OperatorProcess operator(String identity) {
        OperatorProcess operator =
                OperatorProcess.start(SharedControlPlane.get(), namespace.name(), identity + "-" + namespace.name());
        operators.add(operator);
        return operator;
    }

    private void everySecond(String name) {
        client.resource(Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: %s}
                spec: {schedule: '* * * * * *', cluster: {name: pg}}
                """.formatted(name), ScheduledBackup.class))
                .inNamespace(namespace.name())
                .create();
    }

    private String holder() {
        Lease lease = client.leases()
                .inNamespace(namespace.name())
                .withName("cairn-operator-lock")
                .get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private TreeSet<Instant> backupSlots(String scheduledBackup) {
        TreeSet<Instant> slots = new TreeSet<>();
        for (Backup backup : client.resources(Backup.class)
                .inNamespace(namespace.name())
                .withLabel("cnpg.io/scheduled-backup", scheduledBackup)
                .list()
                .getItems()) {
            slots.add(Instant.from(SLOT.parse(backup.getMetadata().getName().substring(scheduledBackup.length() + 1))));
        }
        return slots;
    }

    private static List<Instant> missingSlots(TreeSet<Instant> slots) {
        List<Instant> missing = new ArrayList<>();
        for (Instant t = slots.first(); t.isBefore(slots.last()); t = t.plusSeconds(1)) {
            if (!slots.contains(t)) {
                missing.add(t);
            }
        }
        return missing;
    }

    private long reportedMissedSlots() {
        return events().stream()
                .filter(e -> "MissedSchedules".equals(e.getReason()))
                .mapToLong(e -> Long.parseLong(
                        e.getMessage().substring(0, e.getMessage().indexOf(' '))))
                .sum();
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(namespace.name()).list().getItems();
    }

    private List<String> reasons() {
        return events().stream().map(Event::getReason).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
