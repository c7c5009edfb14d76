package io.cairn.controller.scheduledbackup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ScheduledBackup;
import io.cairn.testing.BackupCompleter;
import io.cairn.testing.CnpgReference;
import io.cairn.testing.LocalControlPlaneResource;
import io.cairn.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ScheduledBackups against the real API server, with the operator running in this JVM. */
@QuarkusTest
@QuarkusTestResource(LocalControlPlaneResource.class)
class ScheduledBackupIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final DateTimeFormatter SLOT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    @Inject
    KubernetesClient client;

    private TestNamespace namespace;

    @BeforeEach
    void createNamespace() {
        namespace = TestNamespace.create(client, "scheduled");
    }

    @AfterEach
    void deleteNamespace() {
        namespace.close();
    }

    @Test
    void cloudNativePgsDailySampleIsScheduledForTheNextMidnight() throws IOException {
        ScheduledBackup sample = Serialization.unmarshal(
                Files.readString(CnpgReference.root().resolve("samples/scheduled-backup-example.yaml")),
                ScheduledBackup.class);
        Instant before = Instant.now();
        client.resource(sample).inNamespace(namespace.name()).create();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            ScheduledBackup stored =
                    get(ScheduledBackup.class, sample.getMetadata().getName());
            assertThat(stored.getStatus()).as("status written").isNotNull();
            assertThat(stored.getStatus().nextScheduleTime())
                    .isEqualTo(LocalDate.ofInstant(before, ZoneOffset.UTC)
                            .plusDays(1)
                            .atStartOfDay()
                            .toInstant(ZoneOffset.UTC));
            assertThat(stored.getStatus().lastCheckTime()).isAfterOrEqualTo(before.truncatedTo(ChronoUnit.SECONDS));
            assertThat(condition(stored, "ScheduleValid").getStatus()).isEqualTo("True");
            assertThat(condition(stored, "ScheduleExplicit").getStatus()).isEqualTo("True");
            assertThat(stored.getStatus().observedGeneration()).isEqualTo(1L);
        });
        assertThat(list(Backup.class)).isEmpty();
    }

    @Test
    void aSlotEveryTwoSecondsCreatesOneBackupPerSlotNamedAfterIt() {
        try (BackupCompleter completer = BackupCompleter.start(client, namespace.name())) {
            create("""
                    apiVersion: postgresql.cnpg.io/v1
                    kind: ScheduledBackup
                    metadata: {name: every-two}
                    spec: {schedule: '*/2 * * * * *', cluster: {name: pg}, target: primary}
                    """);

            await().atMost(TIMEOUT).until(() -> list(Backup.class).size() >= 4);
        }
        List<Backup> backups = list(Backup.class);
        for (Backup backup : backups) {
            String stamp = backup.getMetadata().getName().substring("every-two-".length());
            Instant slot = Instant.from(SLOT.parse(stamp));
            assertThat(slot.getEpochSecond() % 2)
                    .as(backup.getMetadata().getName())
                    .isZero();
            assertThat(backup.getMetadata().getLabels())
                    .containsEntry("cnpg.io/cluster", "pg")
                    .containsEntry("cnpg.io/immediateBackup", "false")
                    .containsEntry("cnpg.io/scheduled-backup", "every-two");
            assertThat(backup.getMetadata().getOwnerReferences()).isEmpty();
            assertThat(backup.getSpec().cluster().name()).isEqualTo("pg");
            assertThat(backup.getSpec().target().value()).isEqualTo("primary");
        }
        List<Instant> slots = backups.stream()
                .map(b -> Instant.from(SLOT.parse(b.getMetadata().getName().substring("every-two-".length()))))
                .sorted()
                .toList();
        for (int i = 1; i < slots.size(); i++) {
            assertThat(Duration.between(slots.get(i - 1), slots.get(i)))
                    .as("consecutive slots")
                    .isEqualTo(Duration.ofSeconds(2));
        }
        assertThat(get(ScheduledBackup.class, "every-two").getStatus().lastScheduleTime())
                .as("the status names the slot of a Backup that exists")
                .isIn(slots);
    }

    @Test
    void immediateTakesOneBackupAtCreationNamedAfterTheCreationSecond() {
        HasMetadata created = create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: now}
                spec: {schedule: '0 0 0 1 1 *', immediate: true, cluster: {name: pg}}
                """);
        String expected =
                "now-" + SLOT.format(Instant.parse(created.getMetadata().getCreationTimestamp()));

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(names(Backup.class)).containsExactly(expected));
        assertThat(get(Backup.class, expected).getMetadata().getLabels())
                .containsEntry("cnpg.io/immediateBackup", "true");
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(
                                get(ScheduledBackup.class, "now").getStatus().lastScheduleTime())
                        .isEqualTo(Instant.parse(created.getMetadata().getCreationTimestamp())));
    }

    @Test
    void suspendedSchedulesTakeNothingAndResumeWithOneCatchUp() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: paused}
                spec: {schedule: '* * * * * *', suspend: true, cluster: {name: pg}}
                """);
        Instant lastCheck = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        patchStatus("paused", "{\"status\":{\"lastCheckTime\":\"" + lastCheck + "\"}}");

        sleep(Duration.ofSeconds(3));
        assertThat(list(Backup.class)).isEmpty();
        assertThat(get(ScheduledBackup.class, "paused").getStatus().lastCheckTime())
                .isEqualTo(lastCheck);

        try (BackupCompleter completer = BackupCompleter.start(client, namespace.name())) {
            patchSpec("paused", "{\"spec\":{\"suspend\":false}}");
            String catchUp = "paused-" + SLOT.format(lastCheck.plusSeconds(1));

            await().atMost(TIMEOUT)
                    .untilAsserted(() -> assertThat(names(Backup.class)).contains(catchUp));
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reasons()).contains("MissedSchedules"));
            Set<String> afterCatchUp = names(Backup.class);
            assertThat(afterCatchUp.stream()
                            .filter(n -> n.compareTo("paused-"
                                            + SLOT.format(Instant.now().minusSeconds(30)))
                                    < 0))
                    .as("backups for slots long past")
                    .containsExactly(catchUp);
        }
    }

    @Test
    void spreadSchedulesStartEachSlotOnceAtTheirOwnOffsetBeforeTheNextSlot() {
        List<String> schedules = List.of("spread-a", "spread-b", "spread-c", "spread-d", "spread-e");
        try (BackupCompleter completer = BackupCompleter.start(client, namespace.name())) {
            for (String name : schedules) {
                create("""
                        apiVersion: postgresql.cnpg.io/v1
                        kind: ScheduledBackup
                        metadata: {name: %s}
                        spec: {schedule: '*/10 * * * * *', spreadWindow: 8s, cluster: {name: pg}}
                        """.formatted(name));
            }

            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            schedules.stream().allMatch(name -> backupsOf(name).size() >= 3));
        }
        Set<Duration> offsets = new HashSet<>();
        for (String name : schedules) {
            ScheduledBackup schedule = get(ScheduledBackup.class, name);
            Duration offset =
                    Duration.parse("PT" + schedule.getStatus().spreadOffset().toUpperCase());
            assertThat(offset).as(name + " offset").isLessThan(Duration.ofSeconds(8));
            assertThat(schedule.getStatus().nextScheduleTime().getEpochSecond() % 10)
                    .as(name + " nextScheduleTime is its slot plus its offset")
                    .isEqualTo(offset.toSeconds());
            offsets.add(offset);

            List<Backup> backups = backupsOf(name);
            List<Instant> slots = backups.stream()
                    .map(b -> Instant.from(SLOT.parse(b.getMetadata().getName().substring(name.length() + 1))))
                    .sorted()
                    .toList();
            for (int i = 1; i < slots.size(); i++) {
                assertThat(Duration.between(slots.get(i - 1), slots.get(i)))
                        .as(name + ": one Backup per slot, none skipped, none twice")
                        .isEqualTo(Duration.ofSeconds(10));
            }
            for (Backup backup : backups) {
                Instant slot =
                        Instant.from(SLOT.parse(backup.getMetadata().getName().substring(name.length() + 1)));
                Instant created = Instant.parse(backup.getMetadata().getCreationTimestamp());
                assertThat(created)
                        .as(backup.getMetadata().getName() + " created in its window, before the next slot")
                        .isBetween(slot.plus(offset), slot.plus(offset).plusSeconds(2))
                        .isBefore(slot.plusSeconds(10));
            }
        }
        assertThat(offsets).as("the schedules' offsets").hasSizeGreaterThan(1);
    }

    @Test
    void withCatchUpNoneAResumedScheduleSkipsTheSlotsItMissed() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: no-catch-up}
                spec: {schedule: '*/5 * * * * *', suspend: true, catchUp: none, cluster: {name: pg}}
                """);
        Instant lastCheck = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MINUTES);
        patchStatus("no-catch-up", "{\"status\":{\"lastCheckTime\":\"" + lastCheck + "\"}}");

        try (BackupCompleter completer = BackupCompleter.start(client, namespace.name())) {
            Instant resumed = Instant.now();
            patchSpec("no-catch-up", "{\"spec\":{\"suspend\":false}}");

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(reasons()).contains("MissedSchedules"));
            await().atMost(TIMEOUT).until(() -> backupsOf("no-catch-up").size() >= 2);
            assertThat(backupsOf("no-catch-up"))
                    .as("Backups of slots from before the resume (within a minute: on time)")
                    .allSatisfy(backup -> assertThat(Instant.from(
                                    SLOT.parse(backup.getMetadata().getName().substring("no-catch-up-".length()))))
                            .isAfter(resumed.minus(ScheduleEvaluator.ON_TIME).minusSeconds(5)));
        }
        assertThat(names(Backup.class)).doesNotContain("no-catch-up-" + SLOT.format(lastCheck.plusSeconds(5)));
    }

    @Test
    void anExistingBackupOfTheScheduleIsAdoptedAndAForeignOneRefused() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: adopt}
                spec: {schedule: '0 * * * * *', suspend: true, cluster: {name: pg}}
                """);
        Instant lastCheck = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MINUTES);
        Instant slot = lastCheck.plusSeconds(60);
        patchStatus("adopt", "{\"status\":{\"lastCheckTime\":\"" + lastCheck + "\"}}");
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata:
                  name: adopt-%s
                  labels: {cnpg.io/scheduled-backup: adopt}
                spec: {cluster: {name: pg}}
                """.formatted(SLOT.format(slot)));
        patchBackupPhase("adopt-" + SLOT.format(slot), "completed");

        patchSpec("adopt", "{\"spec\":{\"suspend\":false}}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(get(ScheduledBackup.class, "adopt").getStatus().lastScheduleTime())
                    .isEqualTo(slot);
            assertThat(reasons()).contains("BackupAdopted");
        });
        assertThat(names(Backup.class)).containsExactly("adopt-" + SLOT.format(slot));

        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: foreign}
                spec: {schedule: '0 * * * * *', suspend: true, cluster: {name: pg}}
                """);
        patchStatus("foreign", "{\"status\":{\"lastCheckTime\":\"" + lastCheck + "\"}}");
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: foreign-%s}
                spec: {cluster: {name: someone-elses}}
                """.formatted(SLOT.format(slot)));

        patchSpec("foreign", "{\"spec\":{\"suspend\":false}}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(reasons()).contains("BackupAdoptionRefused");
            ScheduledBackup foreign = get(ScheduledBackup.class, "foreign");
            assertThat(foreign.getStatus().lastCheckTime()).isAfter(lastCheck);
            assertThat(foreign.getStatus().lastScheduleTime()).isNull();
        });
        assertThat(get(Backup.class, "foreign-" + SLOT.format(slot))
                        .getSpec()
                        .cluster()
                        .name())
                .isEqualTo("someone-elses");
    }

    @Test
    void anUnfinishedBackupBlocksTheNextSlotUntilItFinishes() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: blocked}
                spec: {schedule: '* * * * * *', cluster: {name: pg}}
                """);
        await().atMost(TIMEOUT).until(() -> list(Backup.class).size() == 1);
        sleep(Duration.ofSeconds(3));

        assertThat(list(Backup.class)).hasSize(1);
        assertThat(reasons()).contains("BackupStillRunning");

        patchBackupPhase(list(Backup.class).get(0).getMetadata().getName(), "failed");
        await().atMost(TIMEOUT).until(() -> list(Backup.class).size() == 2);
    }

    @Test
    void anInvalidScheduleIsReportedOnceAndNotRetried() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: broken}
                spec: {schedule: '0 0 25 * * *', cluster: {name: pg}}
                """);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            ScheduledBackup stored = get(ScheduledBackup.class, "broken");
            assertThat(stored.getStatus().error()).contains("is not valid").contains("above maximum (23)");
            assertThat(condition(stored, "ScheduleValid").getStatus()).isEqualTo("False");
            assertThat(condition(stored, "ScheduleValid").getReason()).isEqualTo("InvalidSchedule");
        });
        String resourceVersion =
                get(ScheduledBackup.class, "broken").getMetadata().getResourceVersion();
        sleep(Duration.ofSeconds(3));

        assertThat(get(ScheduledBackup.class, "broken").getMetadata().getResourceVersion())
                .as("no status churn")
                .isEqualTo(resourceVersion);
        assertThat(events().stream().filter(e -> "InvalidSchedule".equals(e.getReason())))
                .hasSize(1);

        patchSpec("broken", "{\"spec\":{\"schedule\":\"0 0 23 * * *\"}}");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ScheduledBackup stored = get(ScheduledBackup.class, "broken");
            assertThat(stored.getStatus().error()).isNull();
            assertThat(condition(stored, "ScheduleValid").getStatus()).isEqualTo("True");
            assertThat(stored.getStatus().nextScheduleTime()).isNotNull();
        });
    }

    @Test
    void aFiveFieldScheduleIsAcceptedWithAWarningThatSaysWhenItReallyFires() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: crontab-habit}
                spec: {schedule: '0 0 * * *', cluster: {name: pg}}
                """);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Condition explicit = condition(get(ScheduledBackup.class, "crontab-habit"), "ScheduleExplicit");
            assertThat(explicit.getStatus()).isEqualTo("False");
            assertThat(explicit.getReason()).isEqualTo("FiveFieldSchedule");
            assertThat(explicit.getMessage())
                    .contains("'second minute hour day-of-month month'")
                    .contains(Instant.now()
                            .truncatedTo(ChronoUnit.HOURS)
                            .plus(1, ChronoUnit.HOURS)
                            .toString());
            assertThat(events())
                    .anyMatch(e -> "FiveFieldSchedule".equals(e.getReason()) && "Warning".equals(e.getType()));
        });
    }

    @Test
    void theScheduleIsEvaluatedInItsTimeZoneAndAnUnknownZoneIsRefused() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: tokyo}
                spec: {schedule: '0 0 9 * * *', timeZone: Asia/Tokyo, cluster: {name: pg}}
                """);
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: nowhere}
                spec: {schedule: '0 0 9 * * *', timeZone: Atlantis/Capital, cluster: {name: pg}}
                """);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(get(ScheduledBackup.class, "tokyo").getStatus())
                    .as("status written")
                    .isNotNull();
            Instant next = get(ScheduledBackup.class, "tokyo").getStatus().nextScheduleTime();
            assertThat(next.atZone(ZoneOffset.UTC).getHour()).isZero();
            assertThat(condition(get(ScheduledBackup.class, "nowhere"), "ScheduleValid")
                            .getReason())
                    .isEqualTo("InvalidTimeZone");
        });
    }

    @Test
    void backupsOwnedByTheScheduleAreDeletedWithIt() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: owner-self}
                spec: {schedule: '0 0 0 1 1 *', immediate: true, backupOwnerReference: self, cluster: {name: pg}}
                """);
        await().atMost(TIMEOUT).until(() -> list(Backup.class).size() == 1);
        Backup backup = list(Backup.class).get(0);
        assertThat(backup.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("ScheduledBackup");
            assertThat(owner.getController()).isTrue();
        });

        client.resources(ScheduledBackup.class)
                .inNamespace(namespace.name())
                .withName("owner-self")
                .delete();

        await().atMost(TIMEOUT).until(() -> list(Backup.class).isEmpty());
    }

    @Test
    void backupsOwnedByTheClusterAreDeletedWithIt() {
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec: {instances: 1, storage: {size: 1Gi}}
                """);
        create("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: owner-cluster}
                spec: {schedule: '0 0 0 1 1 *', immediate: true, backupOwnerReference: cluster, cluster: {name: pg}}
                """);
        await().atMost(TIMEOUT).until(() -> list(Backup.class).size() == 1);
        assertThat(list(Backup.class).get(0).getMetadata().getOwnerReferences())
                .singleElement()
                .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("Cluster"));

        client.resources(Cluster.class)
                .inNamespace(namespace.name())
                .withName("pg")
                .delete();

        await().atMost(TIMEOUT).until(() -> list(Backup.class).isEmpty());
        assertThat(get(ScheduledBackup.class, "owner-cluster")).isNotNull();
    }

    private HasMetadata create(String yaml) {
        HasMetadata resource = Serialization.unmarshal(yaml);
        return client.resource(resource).inNamespace(namespace.name()).create();
    }

    private void patchStatus(String scheduledBackup, String json) {
        client.resources(ScheduledBackup.class)
                .inNamespace(namespace.name())
                .withName(scheduledBackup)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    private void patchSpec(String scheduledBackup, String json) {
        client.resources(ScheduledBackup.class)
                .inNamespace(namespace.name())
                .withName(scheduledBackup)
                .patch(PatchContext.of(PatchType.JSON_MERGE), json);
    }

    private void patchBackupPhase(String backup, String phase) {
        client.resources(Backup.class)
                .inNamespace(namespace.name())
                .withName(backup)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"" + phase + "\"}}");
    }

    private <T extends HasMetadata> T get(Class<T> type, String name) {
        return client.resources(type)
                .inNamespace(namespace.name())
                .withName(name)
                .get();
    }

    private List<Backup> backupsOf(String scheduledBackup) {
        return list(Backup.class).stream()
                .filter(b -> scheduledBackup.equals(b.getMetadata().getLabels().get("cnpg.io/scheduled-backup")))
                .toList();
    }

    private <T extends HasMetadata> List<T> list(Class<T> type) {
        return client.resources(type).inNamespace(namespace.name()).list().getItems();
    }

    private Set<String> names(Class<? extends HasMetadata> type) {
        return list(type).stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(namespace.name()).list().getItems();
    }

    private Set<String> reasons() {
        return events().stream().map(Event::getReason).collect(Collectors.toSet());
    }

    private static Condition condition(ScheduledBackup scheduledBackup, String type) {
        if (scheduledBackup.getStatus() == null || scheduledBackup.getStatus().conditions() == null) {
            throw new AssertionError("no status conditions yet"); // awaited, not an error
        }
        return scheduledBackup.getStatus().conditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + scheduledBackup.getStatus()));
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
