package org.imclab.pruning.activelearning.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.web.ApiException;
import org.imclab.pruning.activelearning.FeatureData;
import org.imclab.common.registry.RegistryException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Resolves a data set id through the {@link DatasetSource sources} and keeps the few most recently used
 * data sets in memory, since every session request and study round reads them.
 */
@Component
public class DatasetCatalog {

    private static final int CACHED = 4;
    private static final String STANDARDIZED = "#standardized";

    private final List<DatasetSource> sources;
    private final Map<String, PoolData> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PoolData> eldest) {
            return size() > CACHED;
        }
    };

    public DatasetCatalog(List<DatasetSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** The data set as learners see it by default: tabular features standardised on the pool. */
    public PoolData load(String datasetId, String field) {
        return load(datasetId, field, true);
    }

    /**
     * The data set, or 400 naming {@code field} when no source knows it (503 if the registry is down). With
     * {@code standardize}, tabular features are standardised per feature on the pool rows (cached as well).
     */
    public PoolData load(String datasetId, String field, boolean standardize) {
        if (!standardize) {
            return raw(datasetId, field);
        }
        String key = datasetId + STANDARDIZED;
        synchronized (cache) {
            PoolData hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        PoolData p = raw(datasetId, field);
        FeatureData scaled = p.data().standardized(p.poolIds());
        if (scaled == p.data()) {
            return p;
        }
        PoolData out = new PoolData(p.id(), p.name(), scaled, p.poolIds(), p.testIds());
        synchronized (cache) {
            cache.put(key, out);
        }
        return out;
    }

    private PoolData raw(String datasetId, String field) {
        if (datasetId == null || datasetId.isBlank()) {
            throw ApiException.badRequest(field, "is required");
        }
        synchronized (cache) {
            PoolData hit = cache.get(datasetId);
            if (hit != null) {
                return hit;
            }
        }
        for (DatasetSource source : sources) {
            if (!source.handles(datasetId)) {
                continue;
            }
            try {
                var found = source.load(datasetId);
                if (found.isPresent()) {
                    synchronized (cache) {
                        cache.put(datasetId, found.get());
                    }
                    return found.get();
                }
            } catch (RegistryException e) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.of());
            }
        }
        throw ApiException.badRequest(field, "data set '" + datasetId + "' is not registered in training-service "
                + "and is not a built-in set (builtin:digits, builtin:blobs)");
    }
}
