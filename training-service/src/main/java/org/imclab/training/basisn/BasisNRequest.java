package org.imclab.training.basisn;

import org.imclab.common.jobs.JobRequest;
import org.imclab.training.jobs.TrainingRequest;
import org.imclab.training.models.ModelChoice;

/**
 * A BasisN job (docs/basisn.md). {@code mode} is {@code from_scratch} (train {@code model}, a zoo name or
 * spec, in BasisN form) or {@code convert} (convert the registered model {@code sourceModelId}); it defaults
 * to convert when a source is given. The data set is named as in training jobs. Unset fields take these
 * defaults: R = 128 rows, N = 64 basis vectors, 4-bit coefficients, C = R columns, 2 bits per cell, 8-bit
 * basis values, no differential pair, G = X_B crossbar groups, B not quantised in training, SVD
 * initialisation, no group lasso, no pruning, and the training defaults of training jobs (10 epochs from
 * scratch, 3 fine-tuning epochs for conversion).
 *
 * @param mode            from_scratch | convert
 * @param model           zoo model or spec for from_scratch (its standard form; every conv/linear gets the basis)
 * @param sourceModelId   registered model to convert
 * @param baselineModelId from_scratch: a registered standard model to compare with instead of training one
 * @param trainBaseline   from_scratch without baselineModelId: also train the standard counterpart with the
 *                        same config and seed (default true)
 * @param rows            R, crossbar rows = segment length
 * @param basisSize       N, basis vectors
 * @param coeffBits       bits per coefficient (above 16: floating point)
 * @param groups          G crossbar groups of the basis columns (default X_B)
 * @param columns         C, crossbar columns (default R)
 * @param bitsPerCell     bits per RRAM cell
 * @param weightBits      bits per basis value
 * @param differential    signed basis values stored as cell pairs
 * @param quantizeBasis   quantise B to weightBits (bitsPerCell x slices) with a straight-through estimator in training
 * @param init            svd | kmeans (conversion)
 * @param groupLasso      λ of the group-lasso regulariser
 * @param groupLassoWeighting ordered (default: w_g = sqrt(group size) (g+1)) | size (w_g = sqrt(group size),
 *                        Yuan and Lin) | none (w_g = 1, docs/science/basisn.md as written)
 * @param groupLassoSolver proximal (default: block soft-thresholding after each step) | gradient (loss term)
 * @param pruneThreshold  prune groups whose norm is below this fraction of the layer's largest (0 = off)
 * @param pruneEpochs     fine-tuning epochs after pruning (default 1 when pruning)
 * @param modelName       registered name (default {spec}-basisn-{dataset})
 */
public record BasisNRequest(
        String mode,
        Long datasetId,
        String datasetName,
        Integer datasetVersion,
        ModelChoice model,
        Long sourceModelId,
        Long baselineModelId,
        Boolean trainBaseline,
        Integer rows,
        Integer basisSize,
        Integer coeffBits,
        Integer groups,
        Integer columns,
        Integer bitsPerCell,
        Integer weightBits,
        Boolean differential,
        Boolean quantizeBasis,
        String init,
        Double groupLasso,
        String groupLassoWeighting,
        String groupLassoSolver,
        Double pruneThreshold,
        Integer pruneEpochs,
        String modelName,
        String optimizer,
        Double learningRate,
        Double momentum,
        Double weightDecay,
        String schedule,
        Integer stepEpochs,
        Double stepGamma,
        Integer warmupEpochs,
        Integer epochs,
        Integer batchSize,
        Long seed,
        Integer threads,
        String experiment,
        String callbackUrl,
        String runName) implements JobRequest {

    public static final int DEFAULT_ROWS = 128;
    public static final int DEFAULT_BASIS_SIZE = 64;
    public static final int DEFAULT_COEFF_BITS = 4;
    public static final int DEFAULT_CONVERT_EPOCHS = 3;

    /** The training fields as a training request, so both job kinds share defaults and validation. */
    TrainingRequest training(boolean convert) {
        Integer e = epochs != null ? epochs : convert ? Integer.valueOf(DEFAULT_CONVERT_EPOCHS) : null;
        return new TrainingRequest(datasetId, datasetName, datasetVersion, model, null, modelName, optimizer,
                learningRate, momentum, weightDecay, schedule, stepEpochs, stepGamma, warmupEpochs, e, batchSize, 0,
                null, false, seed, threads, experiment, callbackUrl, runName, null);
    }

    /** This request at one sweep point, in the sweep's experiment. */
    public BasisNRequest at(Integer newRows, Integer newSize, Integer newBits, String newExperiment, String name) {
        return new BasisNRequest(mode, datasetId, datasetName, datasetVersion, model, sourceModelId, baselineModelId,
                trainBaseline, newRows, newSize, newBits, groups, columns, bitsPerCell, weightBits, differential,
                quantizeBasis, init, groupLasso, groupLassoWeighting, groupLassoSolver, pruneThreshold, pruneEpochs, modelName, optimizer,
                learningRate, momentum, weightDecay, schedule, stepEpochs, stepGamma, warmupEpochs, epochs, batchSize, seed,
                threads, newExperiment, null, name);
    }
}
