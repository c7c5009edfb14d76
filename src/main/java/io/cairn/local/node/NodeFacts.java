package io.cairn.local.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the node reports about itself: its name, address and size (capacity, and the default for resource limits a
 * container does not set).
 */
record NodeFacts(String nodeName, String hostIP, int cpus, long memoryBytes) {

    static NodeFacts of(String nodeName) {
        return new NodeFacts(nodeName, "127.0.0.1", Runtime.getRuntime().availableProcessors(), totalMemory());
    }

    private static long totalMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return Runtime.getRuntime().maxMemory();
    }
}
