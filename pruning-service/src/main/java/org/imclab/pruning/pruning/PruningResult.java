package org.imclab.pruning.pruning;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * A pruning job's result, as GET /api/v1/pruning-jobs/{id} returns it (the API contract's PruningResult).
 * {@code registeredModelId} is there once the pruned model entered the registry, {@code registrationError}
 * when the registry refused it or could not be reached: the job still succeeds (docs/pruning.md).
 *
 * @param targetMacReduction the MAC target, null when the run stopped at the accuracy floor instead
 * @param iterations         accepted pruning iterations
 */
@Schema(name = "PruningResult")
public record PruningResult(PruningCriterion criterion, Double targetMacReduction, Double accuracyFloor, String stopReason,
        int iterations, Original original, @JsonProperty("final") Pruned pruned, List<String> warnings,
        @JsonInclude(JsonInclude.Include.NON_NULL) String registeredModelId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String registrationError) {

    /**
     * The unpruned model: test accuracy, and the accuracy on the validation split (held out of the training images)
     * that the accuracy floor is relative to.
     */
    @Schema(name = "PruningOriginal")
    public record Original(double accuracy, double validationAccuracy, long params, long macs) {
    }

    /** The pruned model; its spec and weights are run artifacts with these hashes. */
    @Schema(name = "PrunedModel")
    public record Pruned(double accuracy, long params, long macs, double macReduction, double paramReduction,
            Map<String, Integer> channels, String specSha, String weightsSha) {
    }
}
