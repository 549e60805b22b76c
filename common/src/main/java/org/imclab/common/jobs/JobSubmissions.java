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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts job submissions: applies Idempotency-Key semantics, creates the job row and its tracking
 * run (params flattened from the request, provenance tags) before any worker can see it.
 */
public class JobSubmissions {

    private final JobStore jobs;
    private final TrackingStore tracking;
    private final JsonMapper json;
    private final String service;

    public JobSubmissions(JobStore jobs, TrackingStore tracking, JsonMapper json, String service) {
        this.jobs = jobs;
        this.tracking = tracking;
        this.json = json;
        this.service = service;
    }

    /** The job, and whether this call created it (false for an idempotent replay). */
    public record Submission(JobView job, boolean created) {
    }

    public Submission submit(String kind, Object request, String idempotencyKey, String experiment, String callbackUrl,
            String runName) {
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
        // The run exists before the job row, so a worker that claims the job can log to it at once.
        tracking.createRun(id, exp, kind, service, runName, JobState.QUEUED.name(), flatten(body), Provenance.tags(),
                owner);
        try {
            jobs.insert(id, kind, service, body, hash, idempotencyKey, callbackUrl, exp, owner);
        } catch (DuplicateKeyException race) {
            // Another request with the same key won the race between our lookup and insert.
            tracking.setRunState(id, JobState.CANCELLED.name());
            Submission again = replay(owner, kind, idempotencyKey, hash);
            if (again != null) {
                return again;
            }
            throw race;
        }
        return new Submission(jobs.get(id, kind), true);
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
