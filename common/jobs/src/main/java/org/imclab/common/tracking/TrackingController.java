package org.imclab.common.tracking;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.imclab.common.artifacts.ArtifactInfo;
import org.imclab.common.artifacts.ArtifactNotFoundException;
import org.imclab.common.artifacts.ArtifactStore;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.Caller;
import org.imclab.common.web.Page;
import org.imclab.common.web.PageToken;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Read API over the shared tracking store. One service (training) serves it for the whole
 * platform: every job of every service logs to the same tables. A caller sees the runs it may see
 * ({@link Caller#canSee}), the experiments holding them, and the artifacts attached to them.
 */
@RestController
@RequestMapping("/api/v1")
@ConditionalOnProperty(name = "imclab.tracking.read-api", havingValue = "true")
public class TrackingController {

    private final TrackingStore tracking;
    private final ArtifactStore artifacts;

    TrackingController(TrackingStore tracking, ArtifactStore artifacts) {
        this.tracking = tracking;
        this.artifacts = artifacts;
    }

    @Operation(summary = "List experiments with their run counts")
    @GetMapping("/experiments")
    List<ExperimentView> experiments() {
        return tracking.experiments(Caller.currentOrSystem());
    }

    @Operation(summary = "Get one experiment by name")
    @GetMapping("/experiments/{name}")
    ExperimentView experiment(@PathVariable String name) {
        return tracking.experiment(name, Caller.currentOrSystem());
    }

    @Operation(summary = "Search runs", description = "Filters: experiment, kind, state, param=key:value (repeatable), "
            + "metric=key:op:value (op: lt, lte, gt, gte, eq; e.g. test_acc:gte:0.98) on the run's latest value, repeatable; "
            + "the form key>=value is also accepted when URL-encoded. Paged by page_size/page_token. Items are "
            + "summaries: params and tags cut to " + RunSummary.MAX_TEXT + " characters, no artifacts; GET /runs/{id} "
            + "has the whole run.")
    @GetMapping("/runs")
    Page<RunSummary> runs(@RequestParam(required = false) String experiment,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) String state,
            @Parameter(description = "key:value") @RequestParam(name = "param", required = false) List<String> params,
            @Parameter(description = "key:op:value, e.g. test_acc:gte:0.98") @RequestParam(name = "metric", required = false) List<String> metrics,
            @RequestParam(name = "page_size", required = false) Integer pageSize,
            @RequestParam(name = "page_token", required = false) String pageToken) {
        Map<String, String> paramFilters = new LinkedHashMap<>();
        if (params != null) {
            for (String p : params) {
                int colon = p.indexOf(':');
                if (colon <= 0) {
                    throw ApiException.badRequest("param", "'" + p + "' is not of the form key:value");
                }
                paramFilters.put(p.substring(0, colon), p.substring(colon + 1));
            }
        }
        List<RunQuery.MetricFilter> metricFilters = metrics == null ? List.of()
                : metrics.stream().map(RunQuery.MetricFilter::parse).toList();
        return tracking.searchRuns(new RunQuery(experiment, kind, state == null ? null : state.toUpperCase(),
                paramFilters, metricFilters, PageToken.pageSize(pageSize), PageToken.decode(pageToken)),
                Caller.currentOrSystem());
    }

    @Operation(summary = "Get a run: params, tags, latest metrics, artifacts")
    @GetMapping("/runs/{id}")
    RunView run(@PathVariable UUID id) {
        return tracking.getRun(id, Caller.currentOrSystem());
    }

    @Operation(summary = "Full metric histories of a run, grouped by key")
    @GetMapping("/runs/{id}/metrics")
    Map<String, List<MetricPoint>> metrics(@PathVariable UUID id) {
        return tracking.metricHistories(id, Caller.currentOrSystem());
    }

    @Operation(summary = "History of one metric of a run")
    @GetMapping("/runs/{id}/metrics/{key}")
    List<MetricPoint> metric(@PathVariable UUID id, @PathVariable String key) {
        return tracking.metricHistory(id, key, Caller.currentOrSystem());
    }

    @Operation(summary = "Download an artifact by SHA-256 (streamed)")
    @ApiResponse(responseCode = "200", description = "The artifact's bytes, streamed, with the content type it was stored with",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE, schema = @Schema(type = "string", format = "binary")))
    @GetMapping("/artifacts/{sha256}")
    ResponseEntity<StreamingResponseBody> artifact(@PathVariable String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw ApiException.badRequest("sha256", "must be 64 lowercase hex digits");
        }
        if (!tracking.artifactVisible(sha256, Caller.currentOrSystem())) {
            throw new ArtifactNotFoundException(sha256);
        }
        ArtifactInfo info = artifacts.info(sha256).orElseThrow(() -> new ArtifactNotFoundException(sha256));
        StreamingResponseBody body = out -> artifacts.writeTo(sha256, out);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(info.contentType()))
                .contentLength(info.sizeBytes())
                .header(HttpHeaders.ETAG, "\"" + sha256 + "\"")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + sha256 + "\"")
                .body(body);
    }
}
