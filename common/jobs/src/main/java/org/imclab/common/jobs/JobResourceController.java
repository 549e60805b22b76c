package org.imclab.common.jobs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import java.util.function.Function;
import org.imclab.common.jobs.webhooks.CallbackUrlPolicy;
import org.imclab.common.jobs.webhooks.WebhookSettings;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.Page;
import org.imclab.common.web.PageToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The REST surface every job kind shares: submit (202 + Location), get, list, cancel and an SSE
 * event stream. A service exposes a kind by subclassing this with its own {@code @RequestMapping}. Every
 * read and the cancel act only on jobs the caller may see ({@link Caller#canSee}); others answer 404.
 *
 * @param <R> the request record of the kind
 */
public abstract class JobResourceController<R extends JobRequest> {

    private final String kind;
    private final JobSubmissions submissions;
    private final JobStore jobs;
    private final JobEventStream events;
    private final Function<R, JobPlan> planner;
    private final JobResultSchema resultSchema;
    // Setter-injected so that the many service controllers keep their constructors; strict until Spring sets it.
    private CallbackUrlPolicy callbackUrls = new CallbackUrlPolicy(WebhookSettings.strict());

    /** A kind without a plan and with a free-form result; override {@link #plan} or {@link #validate} to check more. */
    protected JobResourceController(String kind, JobSubmissions submissions, JobStore jobs, JobEventStream events) {
        this(kind, submissions, jobs, events, null, JobResultSchema.freeForm());
    }

    /**
     * A kind whose service resolves each request into its plan ({@code planner}, which throws ApiException for a
     * bad request) and whose jobs return {@code resultSchema}: most kinds need nothing more.
     */
    protected JobResourceController(String kind, JobSubmissions submissions, JobStore jobs, JobEventStream events,
            Function<R, JobPlan> planner, JobResultSchema resultSchema) {
        this.kind = kind;
        this.submissions = submissions;
        this.jobs = jobs;
        this.events = events;
        this.planner = planner;
        this.resultSchema = resultSchema;
    }

    @Autowired(required = false)
    public void setCallbackUrlPolicy(CallbackUrlPolicy callbackUrls) {
        this.callbackUrls = callbackUrls;
    }

    /** The job kind this controller serves, e.g. {@code training}; the API contract names its schemas after it. */
    public final String kind() {
        return kind;
    }

    /**
     * What {@code result} holds once a job of this kind succeeded, for the API contract
     * ({@code org.imclab.common.web.openapi}), so generated clients get typed results: the one given to the
     * constructor unless a kind overrides this.
     */
    public JobResultSchema resultSchema() {
        return resultSchema;
    }

    /** Checks a request beyond bean validation (e.g. that a referenced model exists); throw ApiException. */
    protected void validate(R request) {
    }

    /**
     * Resolves a request into the plan its job runs and the run params that adds ({@link JobPlan}); throw
     * ApiException for a bad request. The default asks the planner given to the constructor; without one there
     * is no plan and it only {@link #validate}s. A kind whose request names models, data sets or defaults to
     * resolve has a planner (or overrides this), so the job runs exactly what was checked here and looks
     * nothing up a second time.
     */
    protected JobPlan plan(R request) {
        if (planner != null) {
            return planner.apply(request);
        }
        validate(request);
        return JobPlan.none();
    }

    @Operation(summary = "Submit a job", description = "Returns 202 with Location. A repeated Idempotency-Key with the "
            + "same body returns the existing job; with a different body, 409.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<JobView> submit(@Valid @RequestBody R request,
            @Parameter(description = "Makes retries safe") @RequestHeader(name = "Idempotency-Key", required = false)
            String idempotencyKey) {
        checkCallbackUrl(request.callbackUrl());
        JobPlan plan = plan(request);
        var s = submissions.submit(kind, request, plan, idempotencyKey, request.experiment(), request.callbackUrl(),
                request.runName());
        // Path only (RFC 9110 allows a relative reference): built from the client's Host header, an
        // absolute URI would let any caller choose the host clients are sent to.
        String collection = ServletUriComponentsBuilder.fromCurrentRequestUri().build().getPath();
        URI location = UriComponentsBuilder.fromPath(collection.endsWith("/") ? collection.substring(0,
                collection.length() - 1) : collection).path("/{id}").buildAndExpand(s.job().id()).toUri();
        return ResponseEntity.status(s.created() ? HttpStatus.ACCEPTED : HttpStatus.OK).location(location).body(s.job());
    }

    private void checkCallbackUrl(String url) {
        callbackUrls.checkSubmitted(url);
    }

    @Operation(summary = "Get a job: state, progress, ETA, result and state history")
    @GetMapping("/{id}")
    public JobView get(@PathVariable UUID id) {
        return jobs.get(id, kind);
    }

    @Operation(summary = "List jobs, newest first", description = "Summaries without request and result; "
            + "GET /{id} has the full job.")
    @GetMapping
    public Page<JobSummary> list(@RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "experiment", required = false) String experiment,
            @RequestParam(name = "page_size", required = false) Integer pageSize,
            @RequestParam(name = "page_token", required = false) String pageToken) {
        JobState st = null;
        if (state != null) {
            try {
                st = JobState.valueOf(state.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("state", "'" + state + "' is not one of " + java.util.Arrays.toString(JobState.values()));
            }
        }
        return jobs.list(kind, st, experiment, PageToken.pageSize(pageSize), PageToken.decode(pageToken),
                Caller.currentOrSystem());
    }

    @Operation(summary = "Cancel a job (cooperative: a running job stops at its next step)")
    @PostMapping("/{id}/cancel")
    public ResponseEntity<JobView> cancel(@PathVariable UUID id) {
        // Another owner's job answers 404 here, before anything changes.
        jobs.get(id, kind);
        jobs.requestCancel(id, "cancel requested via API");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(jobs.get(id, kind));
    }

    @Operation(summary = "Stream state changes, metrics, progress and completion as Server-Sent Events",
            description = "Every event has an id; reconnecting with Last-Event-ID resumes after it without loss or "
                    + "repetition. A finished job whose end the client has seen answers 204 No Content.")
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public ResponseEntity<SseEmitter> events(@PathVariable UUID id,
            @Parameter(description = "The id of the last event received") @RequestHeader(name = "Last-Event-ID",
                    required = false) String lastEventId) {
        return events.stream(id, kind, lastEventId).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }
}
