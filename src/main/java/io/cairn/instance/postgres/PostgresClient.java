package io.cairn.instance.postgres;

/** Talks to the local PostgreSQL as its superuser. Fakes stand in for it in unit tests. */
public interface PostgresClient {

    /** Whether PostgreSQL accepts connections. */
    boolean acceptsConnections();

    /** Runs a query returning one value (e.g. a {@code json_build_object}) and returns it as text. */
    String queryValue(String sql);

    /** Runs a psql script (several statements, {@code \gexec} allowed) and stops at the first error. */
    void execute(String script);

    /** PostgreSQL could not be asked or refused the statement. */
    final class PostgresException extends RuntimeException {
        public PostgresException(String message) {
            super(message);
        }
    }
}
