package org.imclab.pruning.activelearning.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
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
    private static final int REMEMBERED_GRANTS = 1024;
    private static final String STANDARDIZED = "#standardized";

    private final List<DatasetSource> sources;
    private final Map<String, PoolData> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PoolData> eldest) {
            return size() > CACHED;
        }
    };

    /**
     * (caller, data set) pairs the source has shown visible. The cache is shared by every caller, so a hit
     * alone proves nothing: a caller uses cached data only once its source has let that caller see it.
     */
    private final Map<String, Boolean> grants = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_GRANTS;
        }
    };

    public DatasetCatalog(List<DatasetSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /**
     * The data set as learners see it by default (tabular features standardised on the pool), if the
     * current caller may use it (the job's owner, inside a worker); 400 naming {@code field} when no source
     * knows it or the caller may not see it (503 if the registry is down).
     */
    public PoolData load(String datasetId, String field) {
        return load(datasetId, field, true);
    }

    /**
     * The data set, or 400 naming {@code field} when no source knows it (503 if the registry is down). With
     * {@code standardize}, tabular features are standardised per feature on the pool rows (cached as well).
     */
    public PoolData load(String datasetId, String field, boolean standardize) {
        // raw() checks the caller's right to the data set on every call, cached or not.
        PoolData p = raw(datasetId, field);
        if (!standardize) {
            return p;
        }
        String key = datasetId + STANDARDIZED;
        synchronized (cache) {
            PoolData hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
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
        PoolData hit;
        synchronized (cache) {
            hit = cache.get(datasetId);
        }
        if (hit != null) {
            if (mayUse(datasetId)) {
                return hit;
            }
            throw unknown(datasetId, field); // cached for another caller: answer as if it did not exist
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
                        grants.put(grantKey(datasetId), Boolean.TRUE);
                    }
                    return found.get();
                }
            } catch (RegistryException e) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.of());
            }
        }
        throw unknown(datasetId, field);
    }

    private static ApiException unknown(String datasetId, String field) {
        return ApiException.badRequest(field, "data set '" + datasetId + "' is not registered in training-service "
                + "and is not a built-in set (builtin:digits, builtin:blobs)");
    }

    /** Whether the current caller may use a cached data set: asked of its source once per caller. */
    private boolean mayUse(String datasetId) {
        String key = grantKey(datasetId);
        synchronized (cache) {
            if (grants.containsKey(key)) {
                return true;
            }
        }
        for (DatasetSource source : sources) {
            if (source.handles(datasetId)) {
                boolean visible;
                try {
                    visible = source.visible(datasetId);
                } catch (RegistryException e) {
                    throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), List.of());
                }
                if (visible) {
                    synchronized (cache) {
                        grants.put(key, Boolean.TRUE);
                    }
                }
                return visible;
            }
        }
        return false;
    }

    private static String grantKey(String datasetId) {
        Caller c = Caller.currentOrSystem();
        return c.owner() + "|" + c.scope() + "|" + c.project() + "|" + datasetId;
    }
}
