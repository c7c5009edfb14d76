package io.cairn.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.UnaryOperator;

/**
 * An informer's store that keeps only what the operator reads of each object. Every informer caches every object it
 * watches for as long as the operator runs, so what is dropped here is dropped per object: at 10,000 Backups the
 * managed fields alone (server-side apply's bookkeeping, never read by Cairn) are tens of MiB of heap.
 */
public class TrimmedItemStore<R extends HasMetadata> extends BasicItemStore<R> {

    /**
     * Informers list in pages of this many objects, so that starting with 10,000 Backups never holds one response
     * of them all (tens of MiB of JSON and its parse tree) at once.
     */
    public static final long LIST_PAGE = 500;

    private final UnaryOperator<R> trim;

    public TrimmedItemStore(UnaryOperator<R> trim) {
        super(Cache::metaNamespaceKeyFunc);
        this.trim = trim;
    }

    @Override
    public R put(String key, R object) {
        return super.put(key, trim.apply(object));
    }

    /** Drops {@code metadata.managedFields} of the object the informer just read, before it is cached. */
    public static <R extends HasMetadata> R withoutManagedFields(R object) {
        object.getMetadata().setManagedFields(null);
        return object;
    }

    /** The whole object but its managed fields; usable in {@code @Informer(itemStore = ...)}. */
    public static class WithoutManagedFields<R extends HasMetadata> extends TrimmedItemStore<R> {

        public WithoutManagedFields() {
            super(TrimmedItemStore::withoutManagedFields);
        }
    }
}
