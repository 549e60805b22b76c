package org.imclab.pruning.activelearning.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.imclab.pruning.activelearning.AdversarialParams;
import org.imclab.pruning.activelearning.ClassifierConfig;

/** Request and response bodies of the session API. */
final class SessionDtos {

    private SessionDtos() {
    }

    /**
     * @param initialIds   pool ids to start labelled with their stored labels; or instead
     * @param initialCount a seeded random sample of this many pool ids (default 0: the first batch is random)
     * @param seed         seeds the initial sample, the classifier and query tie-breaks (default 0)
     * @param candidates   unlabelled rows scored per query, 0 = all
     */
    record CreateSession(@NotBlank String datasetId, @NotNull @Valid ClassifierConfig classifier,
            @NotBlank String strategy, @NotNull @Min(1) @Max(1000) Integer batchSize, List<Integer> initialIds,
            @Min(0) Integer initialCount, Long seed, @Min(0) Integer candidates, @Valid AdversarialParams adversarial) {
    }

    record HistoryPoint(int round, int labels, Double accuracy) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SessionView(UUID id, String datasetId, String dataset, ClassifierConfig classifier, String strategy,
            int batchSize, List<String> classNames, boolean images, int poolSize, int testSize, int labelled,
            int round, Double accuracy, List<HistoryPoint> history, List<Integer> pending, Instant createdAt,
            Instant updatedAt, String owner, String project) {
    }

    /** One sample of the batch as a PNG data URL. */
    record SampleImage(int id, String png) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NextBatch(UUID sessionId, int round, List<Integer> ids, List<SampleImage> images) {
    }

    record LabelEntry(Integer id, Integer label) {
    }

    record LabelsRequest(@NotNull List<LabelEntry> labels) {
    }

    /** After labelling: the retrained model's test accuracy (null if no test labels) and the next batch. */
    record LabelsResult(UUID sessionId, int labelled, int round, Double accuracy, NextBatch next) {
    }
}
