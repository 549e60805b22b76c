package org.imclab.training.basisn;

import java.util.Arrays;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.basisn.BasisInit;
import org.imclab.common.nn.basisn.BasisNSpec;
import org.imclab.common.nn.basisn.BasisQuantization;
import org.imclab.common.nn.basisn.SymmetricQuantizer;
import org.imclab.common.web.ApiException;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.datasets.DatasetVersion;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.training.models.ModelService;
import org.imclab.training.models.ModelVersion;
import org.springframework.stereotype.Component;

/**
 * Resolves a BasisN request into what the job runs, rejecting bad requests with 400s that name the field.
 * The controller calls it before queueing; the job calls it again.
 */
@Component
public class BasisNPlanner {

    public static final int MAX_ROWS = 1024;
    public static final int MAX_BASIS_SIZE = 4096;

    /**
     * A resolved request.
     *
     * @param standard the standard (dense) spec: the model to train, or the source's graph
     * @param spec     the BasisN spec that is registered
     * @param source   the model to convert (convert mode)
     * @param baseline a registered standard model to compare with (from scratch), or null
     */
    public record Plan(DatasetVersion dataset, BasisNSettings settings, ModelSpec standard, ModelSpec spec,
            ModelVersion source, ModelVersion baseline, boolean trainBaseline, String modelName) {
    }

    private final DatasetService datasets;
    private final ModelService models;

    public BasisNPlanner(DatasetService datasets, ModelService models) {
        this.datasets = datasets;
        this.models = models;
    }

    public Plan plan(BasisNRequest r) {
        BasisNSettings.Mode mode;
        try {
            mode = r.mode() != null ? BasisNSettings.Mode.parse(r.mode())
                    : r.sourceModelId() != null ? BasisNSettings.Mode.CONVERT : BasisNSettings.Mode.FROM_SCRATCH;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("mode", "'" + r.mode() + "' is not one of from_scratch, convert");
        }
        boolean convert = mode == BasisNSettings.Mode.CONVERT;
        TrainingConfig config = r.training(convert).toConfig();
        DatasetVersion data = dataset(r);

        ModelVersion source = null;
        ModelVersion baseline = null;
        ModelSpec standard;
        String field;
        if (convert) {
            if (r.sourceModelId() == null) {
                throw ApiException.badRequest("sourceModelId", "convert mode needs the registered model to convert");
            }
            if (r.model() != null) {
                throw ApiException.badRequest("model", "convert mode takes its graph from sourceModelId; omit model");
            }
            source = models.find(r.sourceModelId()).orElseThrow(() -> ApiException.badRequest("sourceModelId",
                    "model " + r.sourceModelId() + " does not exist"));
            standard = BasisNSpec.standard(source.spec());
            field = "sourceModelId";
        } else {
            if (r.sourceModelId() != null) {
                throw ApiException.badRequest("sourceModelId", "from_scratch mode trains a new model; use mode convert");
            }
            if (r.model() == null) {
                throw ApiException.badRequest("model", "give a zoo model ({\"name\": \"lenet5\"}) or a full spec");
            }
            standard = BasisNSpec.standard(r.model().resolve(data.shape(), data.numClasses(), "model"));
            field = "model";
            if (r.baselineModelId() != null) {
                baseline = models.find(r.baselineModelId()).orElseThrow(() -> ApiException.badRequest(
                        "baselineModelId", "model " + r.baselineModelId() + " does not exist"));
                if (!BasisNSpec.standard(baseline.spec()).equals(standard)) {
                    throw ApiException.badRequest("baselineModelId", "the baseline's graph differs from the model's");
                }
            }
        }
        if (standard.layers().stream().noneMatch(l -> l.isWeightLayer())) {
            throw ApiException.badRequest(field, "the model has no conv or linear layer to put on the basis");
        }
        if (!Arrays.equals(standard.input(), data.shape())) {
            throw ApiException.badRequest(field, "the model takes inputs of shape " + Arrays.toString(standard.input())
                    + " but data set " + data.id() + " has samples of shape " + Arrays.toString(data.shape()));
        }
        if (standard.classes() != data.numClasses()) {
            throw ApiException.badRequest(field, "the model has " + standard.classes() + " classes but data set "
                    + data.id() + " has " + data.numClasses());
        }
        if (config.batchSize() > data.trainSize()) {
            throw ApiException.badRequest("batchSize", "is larger than the training split (" + data.trainSize()
                    + " samples)");
        }

        int rows = bounded("rows", r.rows(), BasisNRequest.DEFAULT_ROWS, 1, MAX_ROWS);
        int size = bounded("basisSize", r.basisSize(), BasisNRequest.DEFAULT_BASIS_SIZE, 1, MAX_BASIS_SIZE);
        int bits = bounded("coeffBits", r.coeffBits(), BasisNRequest.DEFAULT_COEFF_BITS, 1, 32);
        int columns = bounded("columns", r.columns(), rows, 1, MAX_ROWS);
        int bitsPerCell = bounded("bitsPerCell", r.bitsPerCell(), 2, 1, 8);
        int weightBits = bounded("weightBits", r.weightBits(), 8, 1, 32);
        CrossbarGeometry crossbar = new CrossbarGeometry(columns, bitsPerCell, weightBits,
                Boolean.TRUE.equals(r.differential()));
        if (crossbar.columnsPerCrossbar() < 1) {
            throw ApiException.badRequest("columns", "a crossbar of " + columns + " columns cannot hold one basis value of "
                    + crossbar.cellsPerValue() + " cells");
        }
        int xb = crossbar.basisCrossbars(size);
        int groups = bounded("groups", r.groups(), Math.min(xb, size), 1, size);
        boolean quantizeBasis = Boolean.TRUE.equals(r.quantizeBasis());
        if (quantizeBasis && weightBits > SymmetricQuantizer.MAX_QUANTIZED_BITS) {
            throw ApiException.badRequest("weightBits", "quantizeBasis supports at most "
                    + SymmetricQuantizer.MAX_QUANTIZED_BITS + " bits");
        }
        BasisQuantization bq = new BasisQuantization(quantizeBasis, bitsPerCell, crossbar.slices());
        BasisInit init;
        try {
            init = r.init() == null ? BasisInit.SVD : BasisInit.parse(r.init());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("init", "'" + r.init() + "' is not one of svd, kmeans");
        }
        if (convert && init == BasisInit.SVD && size > rows) {
            throw ApiException.badRequest("basisSize", "an SVD basis has at most R = " + rows
                    + " vectors; use init kmeans for N > R");
        }
        double lambda = r.groupLasso() == null ? 0 : r.groupLasso();
        if (!(lambda >= 0) || !Double.isFinite(lambda) || lambda > 10) {
            throw ApiException.badRequest("groupLasso", "must be in [0, 10]");
        }
        GroupLasso.Weighting weighting;
        try {
            weighting = r.groupLassoWeighting() == null ? GroupLasso.Weighting.ORDERED
                    : GroupLasso.Weighting.parse(r.groupLassoWeighting());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("groupLassoWeighting", "'" + r.groupLassoWeighting()
                    + "' is not one of ordered, size, none");
        }
        BasisNSettings.Solver solver;
        try {
            solver = r.groupLassoSolver() == null ? BasisNSettings.Solver.PROXIMAL
                    : BasisNSettings.Solver.parse(r.groupLassoSolver());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("groupLassoSolver", "'" + r.groupLassoSolver()
                    + "' is not one of proximal, gradient");
        }
        double threshold = r.pruneThreshold() == null ? 0 : r.pruneThreshold();
        if (!(threshold >= 0 && threshold < 1)) {
            throw ApiException.badRequest("pruneThreshold", "must be in [0, 1)");
        }
        int pruneEpochs = bounded("pruneEpochs", r.pruneEpochs(), threshold > 0 ? 1 : 0, 0, TrainingConfig.MAX_EPOCHS);
        BasisConfig basis = new BasisConfig(rows, size, bits, groups);
        BasisNSettings settings = new BasisNSettings(mode, basis, crossbar, bq, init, lambda, weighting, solver, threshold, pruneEpochs,
                config);
        ModelSpec spec = BasisNSpec.of(standard, basis);
        boolean trainBaseline = !convert && baseline == null && !Boolean.FALSE.equals(r.trainBaseline());
        String name = r.modelName() != null ? r.modelName() : standard.name() + "-basisn-" + data.name();
        if (name.isBlank() || name.length() > 100) {
            throw ApiException.badRequest("modelName", "must be 1-100 characters");
        }
        return new Plan(data, settings, standard, spec, source, baseline, trainBaseline, name);
    }

    private static int bounded(String field, Integer value, int fallback, int min, int max) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw ApiException.badRequest(field, "must be in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    private DatasetVersion dataset(BasisNRequest r) {
        return datasets.resolve(r.datasetId(), r.datasetName(), r.datasetVersion());
    }
}
