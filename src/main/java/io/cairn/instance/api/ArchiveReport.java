package io.cairn.instance.api;

import java.util.List;

/** The body of {@code POST /pg/archive-result}: the results of one {@code cairn wal-archive} call. */
public record ArchiveReport(List<ArchiveResult> results) {}
