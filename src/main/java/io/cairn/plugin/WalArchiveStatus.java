package io.cairn.plugin;

import java.util.Map;

/** The WAL service's Status answer: the first and last WAL files in the plugin's archive, and what else it tells. */
public record WalArchiveStatus(String firstWal, String lastWal, Map<String, String> additionalInformation) {

    public WalArchiveStatus {
        additionalInformation = Map.copyOf(additionalInformation);
    }
}
