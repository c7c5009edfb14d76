package io.cairn.instance.postgres;

import java.util.List;

/** A PostgreSQL session kept open across statements ({@link PsqlSession}); fakes stand in for it in unit tests. */
public interface PostgresSession extends AutoCloseable {

    /** Runs one statement; its output lines. Throws {@link PostgresClient.PostgresException} on an error. */
    List<String> query(String sql);

    @Override
    void close();
}
