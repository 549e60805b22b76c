package org.imclab.pruning.pruning;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;
import org.imclab.common.jobs.JobRequest;

/**
 * A pruning job (kind {@code pruning}). Only {@code modelId} and {@code datasetId} are required; every other
 * field has the default in {@link PruningDefaults}. Baselines (L1_NORM, RANDOM, TAYLOR) need a MAC target:
 * {@code targetMacReduction}, or {@code matchJobId} naming a finished pruning job whose final MAC reduction
 * they should match.
 *
 * @param modelId                 registered model to prune (training-service registry)
 * @param datasetId               registered data set; its classes must be the model's
 * @param criterion               CLASS_AWARE (default), CLASS_AWARE_BINARY (the released code's count), L1_NORM
 *                                (ranked globally), L1_NORM_PER_LAYER (each layer cut by the same fraction), RANDOM
 *                                or TAYLOR
 * @param tau                     importance threshold in [0, 1] for the class count
 * @param kMin                    filters important for fewer classes are removed; at most the class count
 * @param maxFractionPerIteration share of a layer that may leave per iteration, in (0, 1]
 * @param minChannels             no layer goes below this
 * @param residualMode            COUPLED (default) or INNER_ONLY
 * @param samplesPerClass         n samples per class for I[f, c]
 * @param accuracyFloor           stop when validation accuracy (a stratified 10 % of the training split, held out of
 *                                importance and fine-tuning) falls below this, in [0, 1]; default: none (the relative
 *                                floor below applies)
 * @param maxAccuracyDrop         stop when validation accuracy falls more than this below the unpruned model's, in
 *                                [0, 1]; default 0.02 unless accuracyFloor is given
 * @param targetMacReduction      stop when MACs have fallen by this fraction, in (0, 0.95]; class-aware default
 *                                0.5; 0 = no MAC target, run the class-aware rule until no filter qualifies
 * @param matchJobId              a finished pruning job whose MAC reduction becomes the target
 * @param maxIterations           at most this many iterations
 * @param fineTuneEpochs          fine-tuning epochs per iteration
 * @param fineTuneSamples         training samples per fine-tuning epoch (0 = the whole training split)
 * @param batchSize               fine-tuning batch size
 * @param learningRate            fine-tuning SGD rate (cosine-decayed per iteration)
 * @param l1Regularization        add λ₁·Σ|W| during fine-tuning
 * @param l1Lambda                λ₁, default 1e-4 (released code)
 * @param orthogonalityRegularization add the kernel-orthogonality penalty during fine-tuning
 * @param orthLambda              its weight, default 0.01 (released code)
 * @param seed                    seeds sampling, random scores and fine-tuning
 * @param register                register the final model in training-service's registry (default true)
 */
public record PruningRequest(
        String modelId,
        String datasetId,
        PruningCriterion criterion,
        Double tau,
        Integer kMin,
        Double maxFractionPerIteration,
        Integer minChannels,
        ResidualMode residualMode,
        Integer samplesPerClass,
        @Schema(description = "absolute floor on validation accuracy (10 % of the training split, held out); default none "
                + "(maxAccuracyDrop applies)")
        Double accuracyFloor,
        @Schema(description = "stop when validation accuracy falls more than this below the unpruned model's; default "
                + "0.02 unless accuracyFloor is given")
        Double maxAccuracyDrop,
        @Schema(description = "MAC reduction to reach; class-aware default 0.5; 0 = no target, the class-aware "
                + "rule alone. Baselines need it (or matchJobId). A result that falls short lists warnings.")
        Double targetMacReduction,
        UUID matchJobId,
        Integer maxIterations,
        Integer fineTuneEpochs,
        Integer fineTuneSamples,
        Integer batchSize,
        Double learningRate,
        Boolean l1Regularization,
        Double l1Lambda,
        Boolean orthogonalityRegularization,
        Double orthLambda,
        Long seed,
        Boolean register,
        String experiment,
        String callbackUrl,
        String runName) implements JobRequest {
}
