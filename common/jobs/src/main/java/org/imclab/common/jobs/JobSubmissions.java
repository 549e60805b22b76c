package org.imclab.common.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.imclab.common.tracking.Provenance;
import org.imclab.common.tracking.TrackingStore;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.RequestHash;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts job submissions: applies Idempotency-Key semantics and writes the job row, its first history
 * entry and its tracking run (params flattened from the request plus those its {@link JobPlan} resolved,
 * provenance tags) in one transaction,
 * so a worker never sees a job without its run and a failed submission leaves nothing behind.
 */
public class JobSubmissions {

    private final JobStore jobs;
    private final TrackingStore tracking;
    private final JsonMapper json;
    private final String service;
    private final TransactionTemplate tx;

    /** Submissions in transactions of {@code tx}, whose manager must cover the stores' data source. */
    public JobSubmissions(JobStore jobs, TrackingStore tracking, JsonMapper json, String service, TransactionTemplate tx) {
        this.jobs = jobs;
        this.tracking = tracking;
        this.json = json;
        this.service = service;
        this.tx = tx;
    }

    /** Submissions in the job store's own JDBC transactions (tests and tools without a Spring context). */
    public JobSubmissions(JobStore jobs, TrackingStore tracking, JsonMapper json, String service) {
        this(jobs, tracking, json, service, jobs.transactions());
    }

    /** The job, and whether this call created it (false for an idempotent replay). */
    public record Submission(JobView job, boolean created) {
    }

    public Submission submit(String kind, Object request, String idempotencyKey, String experiment, String callbackUrl,
            String runName) {
        return submit(kind, request, JobPlan.none(), idempotencyKey, experiment, callbackUrl, runName);
    }

    /**
     * Submits a job with the plan the service resolved from {@code request}: the plan is stored with the job
     * for the handler, and its params join the request's as the run's params, all written here, once.
     */
    public Submission submit(String kind, Object request, JobPlan plan, String idempotencyKey, String experiment,
            String callbackUrl, String runName) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw ApiException.badRequest("Idempotency-Key", "must be 1 to 200 characters");
        }
        // Names appear in every list and filter; a bounded length keeps list pages small.
        checkLength("experiment", experiment, MAX_NAME_LENGTH);
        checkLength("runName", runName, MAX_NAME_LENGTH);
        checkLength("callbackUrl", callbackUrl, MAX_URL_LENGTH);
        Caller owner = Caller.currentOrSystem();
        JsonNode body = json.valueToTree(request);
        String hash = RequestHash.of(body);
        if (idempotencyKey != null) {
            var existing = replay(owner, kind, idempotencyKey, hash);
            if (existing != null) {
                return existing;
            }
        }
        UUID id = UUID.randomUUID();
        String exp = experiment == null || experiment.isBlank() ? "Default" : experiment;
        Map<String, String> params = flatten(body);
        params.putAll(plan.params());
        JsonNode planJson = plan.plan() == null ? null : json.valueToTree(plan.plan());
        Map<String, String> tags = Provenance.tags();
        try {
            return tx.execute(s -> {
                // The job first: a concurrent submission with the same key blocks on its unique index entry
                // here, and fails once this one commits, before it has written anything else. The run last:
                // its insert trigger locks the experiment's counters, which is then held only until commit.
                JobView job = jobs.insert(id, kind, service, body, planJson, hash, idempotencyKey, callbackUrl, exp,
                        owner);
                tracking.createRun(id, exp, kind, service, runName, JobState.QUEUED.name(), params, tags, owner);
                return new Submission(job, true);
            });
        } catch (DuplicateKeyException race) {
            // Another request with the same key won the race between our lookup and insert; our whole
            // transaction rolled back, so its job is the answer.
            Submission winner = idempotencyKey == null ? null : replay(owner, kind, idempotencyKey, hash);
            if (winner == null) {
                throw race;
            }
            return winner;
        }
    }

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_URL_LENGTH = 2000;

    private static void checkLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.badRequest(field, "must be at most " + max + " characters");
        }
    }

    private Submission replay(Caller owner, String kind, String key, String hash) {
        var existing = jobs.findByIdempotencyKey(owner.owner(), kind, key);
        if (existing.isEmpty()) {
            return null;
        }
        if (!existing.get().getValue().trim().equals(hash)) {
            throw new ApiException(org.springframework.http.HttpStatus.CONFLICT,
                    "Idempotency-Key '" + key + "' was already used with a different request body",
                    java.util.List.of(new org.imclab.common.web.FieldError("Idempotency-Key", "reused with a different body")));
        }
        return new Submission(jobs.get(existing.get().getKey(), kind), false);
    }

    /** Request JSON flattened to dotted keys, as run params (lists are kept as JSON text). */
    static Map<String, String> flatten(JsonNode body) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", body, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isValueNode()) {
            out.put(prefix, node.asString());
        } else {
            String text = node.toString();
            out.put(prefix, text.length() > 2000 ? text.substring(0, 2000) : text);
        }
    }
}
