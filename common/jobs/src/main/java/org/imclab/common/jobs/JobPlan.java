package org.imclab.common.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a service resolves from a request when it accepts it: the plan the job will run (stored with the
 * job as JSON and handed to the handler through {@link JobContext#plan}), and the run params that the
 * resolution adds to the request's own (defaults filled in, data set and model versions pinned). Both are
 * written once, at submit: the handler neither plans again nor writes params (MLflow's rule: params are
 * immutable; what a job learns while it runs goes into metrics or tags).
 *
 * @param plan   a record Jackson can write and read back, or null for a kind without a plan
 * @param params run params besides the flattened request; they win over a request param of the same key
 */
public record JobPlan(Object plan, Map<String, String> params) {

    public JobPlan {
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** No plan and no params beyond the request's. */
    public static JobPlan none() {
        return new JobPlan(null, Map.of());
    }
}
