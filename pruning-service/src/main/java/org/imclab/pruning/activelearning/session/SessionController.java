package org.imclab.pruning.activelearning.session;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.imclab.pruning.activelearning.session.SessionDtos.CreateSession;
import org.imclab.pruning.activelearning.session.SessionDtos.LabelsRequest;
import org.imclab.pruning.activelearning.session.SessionDtos.LabelsResult;
import org.imclab.pruning.activelearning.session.SessionDtos.NextBatch;
import org.imclab.pruning.activelearning.session.SessionDtos.SessionView;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Human-in-the-loop active learning: create a session, fetch the batch to label, post the labels. */
@RestController
@RequestMapping("/api/v1/active-learning/sessions")
class SessionController {

    private final SessionService sessions;

    SessionController(SessionService sessions) {
        this.sessions = sessions;
    }

    @Operation(summary = "Create a session over a data set's pool",
            description = "Trains on the initial labelled set (initialIds, or initialCount sampled with seed) and "
                    + "computes the first batch. 201 with Location.")
    @ApiResponse(responseCode = "201", description = "The session, with its first batch", headers = @Header(name = "Location", description = "The session's path", schema = @Schema(type = "string")))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SessionView> create(@Valid @RequestBody CreateSession request) {
        SessionView v = sessions.create(request);
        return ResponseEntity.created(URI.create("/api/v1/active-learning/sessions/" + v.id())).body(v);
    }

    @Operation(summary = "Get a session: labels so far, accuracy history and the pending batch")
    @GetMapping("/{id}")
    SessionView get(@PathVariable UUID id) {
        return sessions.view(id);
    }

    @Operation(summary = "The pool ids to label next; images=true adds PNG data URLs for image data sets")
    @GetMapping("/{id}/next-batch")
    NextBatch nextBatch(@PathVariable UUID id,
            @RequestParam(name = "images", required = false, defaultValue = "false") boolean images) {
        return sessions.nextBatch(id, images);
    }

    @Operation(summary = "One pool sample as PNG")
    @GetMapping(path = "/{id}/samples/{poolId}.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> sample(@PathVariable UUID id, @PathVariable int poolId) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(sessions.samplePng(id, poolId));
    }

    @Operation(summary = "Label samples of the pending batch",
            description = "Retrains on all labels, returns the held-out test accuracy and the next batch. Ids must "
                    + "be in the pending batch, labels class indices; otherwise 400 naming labels[i].id or "
                    + "labels[i].label.")
    @PostMapping(path = "/{id}/labels", consumes = MediaType.APPLICATION_JSON_VALUE)
    LabelsResult label(@PathVariable UUID id, @Valid @RequestBody LabelsRequest request) {
        return sessions.label(id, request.labels());
    }
}
