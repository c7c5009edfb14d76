package io.cairn.instance.api;

/**
 * {@code PUT /pg/fencing}: fence this instance (stop PostgreSQL cleanly with a fast shutdown and keep it stopped; the
 * pod stays) or lift the fence (start PostgreSQL again). The operator sends it for the instances its Cluster's
 * {@code cnpg.io/fencedInstances} annotation names; it is idempotent.
 *
 * @param fenced whether the instance is to be fenced
 */
public record Fencing(boolean fenced) {

    /**
     * The answer.
     *
     * @param fenced whether the instance is fenced
     * @param postgresRunning whether PostgreSQL runs: a fenced instance is safe to snapshot once this is false
     */
    public record State(boolean fenced, boolean postgresRunning) {}
}
