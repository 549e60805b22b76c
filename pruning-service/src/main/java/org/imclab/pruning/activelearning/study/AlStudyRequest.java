package org.imclab.pruning.activelearning.study;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.imclab.common.jobs.JobRequest;
import org.imclab.pruning.activelearning.AdversarialParams;
import org.imclab.pruning.activelearning.ClassifierConfig;

/**
 * A simulated-oracle study. Only {@code datasetId} is required; see {@link StudyDefaults} for the rest.
 *
 * @param datasetId       a training-service data set version id, or builtin:digits / builtin:blobs
 * @param classifier      the classifier and its constants (default k-NN, k = 1)
 * @param strategies      strategy names (random, least-confidence, margin, entropy, core-set, deepfool, dfal, bim);
 *                        default random and margin
 * @param seeds           one curve per strategy and seed; a seed fixes the initial labelled set and the tie-breaks
 *                        (default [0])
 * @param initialLabelled labels before the first query (a seeded random sample of the pool); default 1 % of the
 *                        pool, at least one per class, at most 100
 * @param batchSize       labels per query round; default (budget − initialLabelled) / 10, so ten rounds
 * @param budget          total labels at the end, initial ones included; default 20 % of the pool, at most 1000
 * @param targetAccuracy  optional: report the labels each strategy needs to reach it, relative to random
 * @param candidates      unlabelled rows scored per round (seeded random subset), 0 or null = the whole pool
 * @param poolLimit       optional cap on the pool (a seeded subset), e.g. 10000 of MNIST's 60000
 * @param testLimit       optional cap on the test split (a seeded subset)
 * @param adversarial     DeepFool/BIM constants
 * @param standardize     tabular data: standardise each feature with the pool's mean and std (default true);
 *                        false keeps one global min-max range. Image data always stays in [0, 1].
 */
@Schema(description = "A simulated-oracle study; only datasetId is required, every other field has a default "
        + "sized to the pool (the result shows the values used)")
public record AlStudyRequest(@NotBlank String datasetId,
        @Schema(description = "default k-NN with k = 1") @Valid ClassifierConfig classifier,
        @Schema(description = "default [random, margin]") @Size(min = 1, max = 8) List<String> strategies,
        @Schema(description = "default [0]") @Size(min = 1, max = 10) List<Long> seeds,
        @Schema(description = "default 1 % of the pool, at least one per class, at most 100, below the budget")
        @Min(1) Integer initialLabelled,
        @Schema(description = "default (budget - initialLabelled) / 10 rounded up: ten query rounds")
        @Min(1) Integer batchSize,
        @Schema(description = "default 20 % of the pool, at most 1000, at least initialLabelled + 10")
        @Min(2) Integer budget,
        @DecimalMin("0") @DecimalMax("1") Double targetAccuracy, @Min(0) Integer candidates, @Min(0) Integer poolLimit,
        @Min(0) Integer testLimit, @Valid AdversarialParams adversarial, String experiment, String callbackUrl,
        String runName,
        @Schema(description = "tabular data: standardise each feature on the pool (default true); false keeps one "
                + "global min-max range. Images always stay in [0, 1].") Boolean standardize) implements JobRequest {

    boolean standardizeOrDefault() {
        return standardize == null || standardize;
    }
}
