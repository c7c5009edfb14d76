package io.cairn.instance.archive;

import io.cairn.instance.api.ArchiveResult;
import java.util.List;

/** Tells the instance manager how archiving went. Must not throw: archiving does not depend on it. */
public interface ArchiveResultReporter {

    void report(List<ArchiveResult> results);
}
