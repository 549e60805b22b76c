package org.imclab.training.jobs;

import org.imclab.common.jobs.JobRequest;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.web.ApiException;
import org.imclab.training.models.ModelChoice;

/**
 * A training job. Name the data set by {@code datasetId}, or by {@code datasetName} (+ optional
 * {@code datasetVersion}, default latest); the model by {@code model} (zoo name + options, or a full spec)
 * and/or {@code parentModelId} (fine-tune a registered model). Unset training fields take the defaults in
 * docs/training.md.
 */
public record TrainingRequest(
        Long datasetId,
        String datasetName,
        Integer datasetVersion,
        ModelChoice model,
        Long parentModelId,
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
        Integer patience,
        String monitor,
        Boolean augment,
        Long seed,
        Integer threads,
        String experiment,
        String callbackUrl,
        String runName,
        Boolean standardize) implements JobRequest {

    /**
     * Tabular data: each feature as (x − mean) / std with the training split's statistics (default true);
     * false feeds raw values. Image data is always normalised per channel.
     */
    public boolean standardizeOrDefault() {
        return standardize == null || standardize;
    }

    public static final int DEFAULT_EPOCHS = 10;
    public static final int DEFAULT_BATCH = 64;
    public static final long DEFAULT_SEED = 42;

    /** The engine config with defaults applied; invalid values fail as 400s naming the field. */
    public TrainingConfig toConfig() {
        TrainingConfig.OptimizerKind opt = parse("optimizer", optimizer == null ? "sgd" : optimizer,
                TrainingConfig.OptimizerKind::parse, "sgd, nesterov, adam, adamw");
        boolean adaptive = opt == TrainingConfig.OptimizerKind.ADAM || opt == TrainingConfig.OptimizerKind.ADAMW;
        double lr = learningRate == null ? (adaptive ? 0.001 : 0.01) : learningRate;
        if (!(lr > 0) || lr > 10 || !Double.isFinite(lr)) {
            throw ApiException.badRequest("learningRate", "must be > 0 and at most 10");
        }
        double m = momentum == null ? 0.9 : momentum;
        if (!(m >= 0 && m < 1)) {
            throw ApiException.badRequest("momentum", "must be in [0, 1)");
        }
        double wd = weightDecay == null ? (opt == TrainingConfig.OptimizerKind.ADAMW ? 0.01 : 0) : weightDecay;
        if (!(wd >= 0 && wd < 1)) {
            throw ApiException.badRequest("weightDecay", "must be in [0, 1)");
        }
        int e = epochs == null ? DEFAULT_EPOCHS : epochs;
        if (e < 1 || e > TrainingConfig.MAX_EPOCHS) {
            throw ApiException.badRequest("epochs", "must be in [1, " + TrainingConfig.MAX_EPOCHS + "]");
        }
        int b = batchSize == null ? DEFAULT_BATCH : batchSize;
        if (b < 1 || b > TrainingConfig.MAX_BATCH) {
            throw ApiException.badRequest("batchSize", "must be in [1, " + TrainingConfig.MAX_BATCH + "]");
        }
        TrainingConfig.Schedule s = parse("schedule", schedule == null ? "none" : schedule,
                TrainingConfig.Schedule::parse, "none, step, cosine");
        int w = warmupEpochs == null ? 0 : warmupEpochs;
        if (w < 0 || (w > 0 && w >= e)) {
            throw ApiException.badRequest("warmupEpochs", "must be in [0, epochs)");
        }
        int se = stepEpochs == null ? Math.max(1, e / 3) : stepEpochs;
        if (se < 1) {
            throw ApiException.badRequest("stepEpochs", "must be >= 1");
        }
        double g = stepGamma == null ? 0.1 : stepGamma;
        if (!(g > 0 && g <= 1)) {
            throw ApiException.badRequest("stepGamma", "must be in (0, 1]");
        }
        int p = patience == null ? 0 : patience;
        if (p < 0) {
            throw ApiException.badRequest("patience", "must be >= 0 (0 disables early stopping)");
        }
        TrainingConfig.Monitor mon = parse("monitor", monitor == null ? "val_loss" : monitor,
                TrainingConfig.Monitor::parse, "val_loss, val_acc");
        int t = threads == null ? 0 : threads;
        if (t < 0 || t > 256) {
            throw ApiException.badRequest("threads", "must be in [0, 256] (0 = engine default)");
        }
        return new TrainingConfig(opt, lr, m, wd, s, se, g, w, e, b, p, mon, Boolean.TRUE.equals(augment),
                seed == null ? DEFAULT_SEED : seed, t);
    }

    private static <T> T parse(String field, String value, java.util.function.Function<String, T> parser,
            String allowed) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field, "'" + value + "' is not one of " + allowed);
        }
    }
}
