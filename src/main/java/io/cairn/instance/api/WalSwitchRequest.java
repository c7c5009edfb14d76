package io.cairn.instance.api;

/** {@code POST /pg/wal-switch}: close the current WAL segment so it is archived, after a CHECKPOINT if asked. */
public record WalSwitchRequest(boolean checkpoint) {}
