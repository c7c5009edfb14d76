package io.cairn.instance.recovery;

import java.time.OffsetDateTime;

/**
 * What picks the base backup of a recovery (CloudNativePG's rules, in this order): an exact {@code backupId}; else
 * the newest backup that ended at or before {@code targetTime}; else the newest that ended before
 * {@code targetLsn}; else the newest. Every rule keeps only backups on the timeline {@code targetTli} names, unless
 * it is absent or {@code latest}.
 */
public record CatalogueSelection(String backupId, OffsetDateTime targetTime, String targetLsn, String targetTli) {}
