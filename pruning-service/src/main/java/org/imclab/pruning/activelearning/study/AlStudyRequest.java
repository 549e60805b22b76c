package org.imclab.pruning.activelearning.study;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.imclab.common.jobs.JobRequest;
import org.imclab.pruning.activelearning.AdversarialParams;
import org.imclab.pruning.activelearning.ClassifierConfig;

/**
 * A simulated-oracle study.
 *
 * @param datasetId       a training-service data set version id, or builtin:digits / builtin:blobs
 * @param classifier      the classifier and its constants
 * @param strategies      strategy names (random, least-confidence, margin, entropy, core-set, deepfool, dfal, bim)
 * @param seeds           one curve per strategy and seed; a seed fixes the initial labelled set and the tie-breaks
 * @param initialLabelled labels before the first query (a seeded random sample of the pool)
 * @param batchSize       labels per query round
 * @param budget          total labels at the end, initial ones included
 * @param targetAccuracy  optional: report the labels each strategy needs to reach it, relative to random
 * @param candidates      unlabelled rows scored per round (seeded random subset), 0 or null = the whole pool
 * @param poolLimit       optional cap on the pool (a seeded subset), e.g. 10000 of MNIST's 60000
 * @param testLimit       optional cap on the test split (a seeded subset)
 * @param adversarial     DeepFool/BIM constants
 */
public record AlStudyRequest(@NotBlank String datasetId, @NotNull @Valid ClassifierConfig classifier,
        @NotEmpty @Size(max = 8) List<String> strategies, @NotEmpty @Size(max = 10) List<Long> seeds,
        @NotNull @Min(1) Integer initialLabelled, @NotNull @Min(1) Integer batchSize, @NotNull @Min(2) Integer budget,
        @DecimalMin("0") @DecimalMax("1") Double targetAccuracy, @Min(0) Integer candidates, @Min(0) Integer poolLimit,
        @Min(0) Integer testLimit, @Valid AdversarialParams adversarial, String experiment, String callbackUrl,
        String runName) implements JobRequest {
}
