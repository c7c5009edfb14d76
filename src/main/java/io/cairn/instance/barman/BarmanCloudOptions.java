package io.cairn.instance.barman;

import io.cairn.api.v1.AzureCredentials;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Options shared by the barman-cloud commands, built as CloudNativePG's barman-cloud library builds them. */
public final class BarmanCloudOptions {

    private BarmanCloudOptions() {}

    /**
     * {@code --cloud-provider} from the kind of credentials: aws-s3, azure-blob-storage (with
     * {@code --credential managed-identity} for inheritFromAzureAD) or google-cloud-storage. With no credentials at
     * all barman's own default, aws-s3, is named explicitly.
     */
    public static List<String> cloudProvider(BarmanObjectStoreConfiguration store, BarmanCapabilities capabilities) {
        if (store.azureCredentials() != null) {
            AzureCredentials azure = store.azureCredentials();
            List<String> options = new ArrayList<>(List.of("--cloud-provider", "azure-blob-storage"));
            if (Boolean.TRUE.equals(azure.useDefaultAzureCredentials()) && !capabilities.azureDefaultCredential()) {
                throw new BarmanConfigurationException("useDefaultAzureCredentials needs barman-cloud's "
                        + "'--credential default', which barman-cloud " + capabilities.version() + " does not have");
            }
            if (Boolean.TRUE.equals(azure.inheritFromAzureAD())) {
                options.addAll(List.of("--credential", "managed-identity"));
            }
            return options;
        }
        if (store.googleCredentials() != null) {
            return List.of("--cloud-provider", "google-cloud-storage");
        }
        return List.of("--cloud-provider", "aws-s3");
    }

    /**
     * {@code <option> k1,v1 k2,v2 ...} sorted by key, or nothing for no tags. barman reads each tag as one CSV
     * record, so a key or value holding a comma or a double quote is CSV-quoted.
     */
    public static List<String> tags(String option, Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return List.of();
        }
        List<String> options = new ArrayList<>();
        options.add(option);
        for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
            if (tag.getKey().isEmpty()
                    || tag.getValue() == null
                    || tag.getValue().isEmpty()) {
                throw new BarmanConfigurationException("tags need a key and a value; got '" + tag.getKey() + "'");
            }
            options.add(csvField(tag.getKey()) + "," + csvField(tag.getValue()));
        }
        return options;
    }

    /**
     * CloudNativePG's rule for {@code additionalCommandArgs}: each extra argument is appended, in order, unless its key
     * (the text before the first {@code =}) is empty, or equals a generated option or a generated option's key. So
     * {@code --read-timeout=60} is added, but {@code --gzip} or {@code --endpoint-url=...} never override what Cairn
     * generated.
     *
     * @param generated the options built from the configuration
     * @param reserved options generated later that extra arguments must not duplicate either
     */
    public static List<String> mergeAdditionalArgs(List<String> generated, List<String> reserved, List<String> extra) {
        List<String> merged = new ArrayList<>(generated);
        if (extra == null || extra.isEmpty()) {
            return merged;
        }
        Set<String> taken = new HashSet<>();
        for (String option : generated) {
            taken.add(option);
            taken.add(keyOf(option));
        }
        for (String option : reserved) {
            taken.add(option);
            taken.add(keyOf(option));
        }
        taken.remove("");
        for (String arg : extra) {
            String key = keyOf(arg);
            if (key.isEmpty() || taken.contains(key)) {
                continue;
            }
            merged.add(arg);
        }
        return merged;
    }

    private static String keyOf(String option) {
        int equals = option.indexOf('=');
        return equals < 0 ? option : option.substring(0, equals);
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
