package org.imclab.pruning.activelearning.data;

import java.util.Optional;

/** Where active learning gets data sets from: training-service's registry, or built-in sets. */
public interface DatasetSource {

    /** Whether this source is responsible for the id (e.g. the "builtin:" prefix). */
    boolean handles(String datasetId);

    /** The data set, or empty if this source has no such id. */
    Optional<PoolData> load(String datasetId);

    /**
     * Whether the current caller may use the data set. Built-in sets are public; registered ones are
     * visible as the registry shows them to the caller (its own, its project's, or all for admins).
     */
    default boolean visible(String datasetId) {
        return true;
    }
}
