package io.cairn.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's request counters ({@code apiserver_request_total} of its {@code /metrics}), summed by verb,
 * resource and subresource, for the resources the operator writes while it schedules. A snapshot before and one
 * after a run give the requests the run made; the other components of the local runtime rarely touch these
 * resources, the benchmark's own client only watches them.
 */
record ApiServerRequests(Map<String, Double> byVerbAndResource) {

    private static final Set<String> RESOURCES = Set.of("backups", "scheduledbackups", "events", "clusters");
    private static final Pattern LINE = Pattern.compile("^apiserver_request_total\\{(.*)} (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    static ApiServerRequests read(KubernetesClient client) {
        Map<String, Double> counts = new TreeMap<>();
        for (String line : client.raw("/metrics").split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher label = LABEL.matcher(m.group(1));
            while (label.find()) {
                labels.put(label.group(1), label.group(2));
            }
            String resource = labels.getOrDefault("resource", "");
            if (RESOURCES.contains(resource)) {
                String subresource = labels.getOrDefault("subresource", "");
                String key = labels.get("verb") + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource);
                counts.merge(key, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return new ApiServerRequests(counts);
    }

    /** What happened between {@code before} and this snapshot, without the WATCH and LIST requests. */
    Map<String, Long> since(ApiServerRequests before) {
        Map<String, Long> delta = new TreeMap<>();
        byVerbAndResource.forEach((key, value) -> {
            long n = Math.round(value - before.byVerbAndResource.getOrDefault(key, 0.0));
            if (n > 0 && !key.startsWith("WATCH") && !key.startsWith("LIST")) {
                delta.put(key, n);
            }
        });
        return delta;
    }

    /**
     * The requests since {@code before}, read once they have stopped growing for three seconds (at most a minute):
     * the writes that follow a slot's Backup (status, Events, the Backup's first phase) are counted too.
     */
    static Map<String, Long> settled(KubernetesClient client, ApiServerRequests before) throws InterruptedException {
        Map<String, Long> last = read(client).since(before);
        int quiet = 0;
        for (int i = 0; i < 60 && quiet < 3; i++) {
            Thread.sleep(1000);
            Map<String, Long> now = read(client).since(before);
            quiet = now.equals(last) ? quiet + 1 : 0;
            last = now;
        }
        return last;
    }

    /** Prints the requests between the snapshots, per slot (or per object) and in total. */
    static void print(Map<String, Long> delta, long per, String unit) {
        long total = delta.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                "API requests per %s:%s %.2f (%d in all: %s)%n",
                unit, " ".repeat(Math.max(1, 24 - unit.length())), (double) total / Math.max(1, per), total, delta);
    }
}
