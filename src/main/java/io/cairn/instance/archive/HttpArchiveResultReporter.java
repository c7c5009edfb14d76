package io.cairn.instance.archive;

import io.cairn.instance.api.ArchiveReport;
import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.InstancePaths;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Reports to the instance manager's {@code POST /pg/archive-result} with the token the instance manager gave
 * PostgreSQL's environment. When there is no token ({@code cairn wal-archive} run by hand) nothing is reported.
 */
public final class HttpArchiveResultReporter implements ArchiveResultReporter {

    private final String url;
    private final String token;
    private final Optional<SSLContext> tls;
    private final PrintStream log;

    public HttpArchiveResultReporter(String baseUrl, String token, PrintStream log) {
        this(baseUrl, token, Optional.empty(), log);
    }

    /** @param tls trusts the instance API's certificate (its Cluster's CA), for an https {@code baseUrl} */
    public HttpArchiveResultReporter(String baseUrl, String token, Optional<SSLContext> tls, PrintStream log) {
        this.url = baseUrl + InstancePaths.ARCHIVE_RESULT;
        this.token = token;
        this.tls = tls;
        this.log = log;
    }

    @Override
    public void report(List<ArchiveResult> results) {
        if (token == null) {
            return;
        }
        try {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
            tls.ifPresent(builder::sslContext);
            HttpClient http = builder.build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            InstanceJson.MAPPER.writeValueAsBytes(new ArchiveReport(results))))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                log.printf(
                        "cairn wal-archive: the instance manager refused the result (HTTP %d)%n",
                        response.statusCode());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.printf("cairn wal-archive: cannot report to %s: %s%n", url, e);
        }
    }
}
