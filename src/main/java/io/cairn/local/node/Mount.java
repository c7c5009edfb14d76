package io.cairn.local.node;

import java.nio.file.Path;

/** One bind mount of a container: a directory or file of this machine shown at {@code target} to the process. */
record Mount(Path source, String target, boolean readOnly) {
}
