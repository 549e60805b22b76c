package org.imclab.training.basisn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.imclab.common.jobs.JobPlan;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.basisn.BasisInit;
import org.imclab.common.nn.basisn.BasisNSpec;
import org.imclab.common.nn.basisn.BasisQuantization;
import org.imclab.common.nn.basisn.SymmetricQuantizer;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.web.ApiException;
import org.imclab.training.datasets.DatasetService;
import org.imclab.training.datasets.DatasetVersion;
import org.imclab.training.jobs.TrainingPlanner;
import org.imclab.training.models.ModelRegistry;
import org.imclab.training.models.ModelVersion;
import org.springframework.stereotype.Component;

/**
 * Resolves a BasisN request into what the job runs, rejecting bad requests with 400s that name the field.
 * The controller calls it once, before queueing; the plan is stored with the job ({@link JobPlan}) and
 * the job runs it as it is.
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
    private final ModelRegistry models;

    public BasisNPlanner(DatasetService datasets, ModelRegistry models) {
        this.datasets = datasets;
        this.models = models;
    }

    /** The plan and the run params it resolves, for {@link org.imclab.common.jobs.JobSubmissions}. */
    public JobPlan jobPlan(BasisNRequest r) {
        Plan plan = plan(r);
        return new JobPlan(plan, params(plan));
    }

    public Plan plan(BasisNRequest r) {
        BasisNSettings.Mode mode = mode(r);
        boolean convert = mode == BasisNSettings.Mode.CONVERT;
        TrainingConfig config = r.training(convert).toConfig();
        DatasetVersion data = dataset(r);
        Graph graph = convert ? convertGraph(r) : scratchGraph(r, data);
        checkFits(graph, data, config);
        BasisNSettings settings = settings(r, mode, config);
        ModelSpec spec = BasisNSpec.of(graph.standard(), settings.basis());
        boolean trainBaseline = !convert && graph.baseline() == null && !Boolean.FALSE.equals(r.trainBaseline());
        String name = r.modelName() != null ? r.modelName() : graph.standard().name() + "-basisn-" + data.name();
        if (name.isBlank() || name.length() > 100) {
            throw ApiException.badRequest("modelName", "must be 1-100 characters");
        }
        return new Plan(data, settings, graph.standard(), spec, graph.source(), graph.baseline(), trainBaseline, name);
    }

    private static BasisNSettings.Mode mode(BasisNRequest r) {
        try {
            return r.mode() != null ? BasisNSettings.Mode.parse(r.mode())
                    : r.sourceModelId() != null ? BasisNSettings.Mode.CONVERT : BasisNSettings.Mode.FROM_SCRATCH;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("mode", "'" + r.mode() + "' is not one of from_scratch, convert");
        }
    }

    /**
     * The dense graph the basis serves and where it came from.
     *
     * @param field the request field that named the graph, for errors about it
     */
    private record Graph(ModelSpec standard, ModelVersion source, ModelVersion baseline, String field) {
    }

    /** Convert mode: the graph of the registered source model. */
    private Graph convertGraph(BasisNRequest r) {
        if (r.sourceModelId() == null) {
            throw ApiException.badRequest("sourceModelId", "convert mode needs the registered model to convert");
        }
        if (r.model() != null) {
            throw ApiException.badRequest("model", "convert mode takes its graph from sourceModelId; omit model");
        }
        ModelVersion source = models.find(r.sourceModelId()).orElseThrow(() -> ApiException.badRequest(
                "sourceModelId", "model " + r.sourceModelId() + " does not exist"));
        return new Graph(BasisNSpec.standard(source.spec()), source, null, "sourceModelId");
    }

    /** From scratch: the requested model, and the registered baseline to compare with if one is named. */
    private Graph scratchGraph(BasisNRequest r, DatasetVersion data) {
        if (r.sourceModelId() != null) {
            throw ApiException.badRequest("sourceModelId", "from_scratch mode trains a new model; use mode convert");
        }
        if (r.model() == null) {
            throw ApiException.badRequest("model", "give a zoo model ({\"name\": \"lenet5\"}) or a full spec");
        }
        ModelSpec standard = BasisNSpec.standard(r.model().resolve(data.shape(), data.numClasses(), "model"));
        ModelVersion baseline = null;
        if (r.baselineModelId() != null) {
            baseline = models.find(r.baselineModelId()).orElseThrow(() -> ApiException.badRequest(
                    "baselineModelId", "model " + r.baselineModelId() + " does not exist"));
            if (!BasisNSpec.standard(baseline.spec()).equals(standard)) {
                throw ApiException.badRequest("baselineModelId", "the baseline's graph differs from the model's");
            }
        }
        return new Graph(standard, null, baseline, "model");
    }

    /** The graph has weight layers for the basis, and takes the data set's samples and classes. */
    private static void checkFits(Graph graph, DatasetVersion data, TrainingConfig config) {
        ModelSpec standard = graph.standard();
        if (standard.layers().stream().noneMatch(l -> l.isWeightLayer())) {
            throw ApiException.badRequest(graph.field(), "the model has no conv or linear layer to put on the basis");
        }
        if (!Arrays.equals(standard.input(), data.shape())) {
            throw ApiException.badRequest(graph.field(), "the model takes inputs of shape "
                    + Arrays.toString(standard.input()) + " but data set " + data.id() + " has samples of shape "
                    + Arrays.toString(data.shape()));
        }
        if (standard.classes() != data.numClasses()) {
            throw ApiException.badRequest(graph.field(), "the model has " + standard.classes()
                    + " classes but data set " + data.id() + " has " + data.numClasses());
        }
        if (config.batchSize() > data.trainSize()) {
            throw ApiException.badRequest("batchSize", "is larger than the training split (" + data.trainSize()
                    + " samples)");
        }
    }

    /** Basis, crossbar, quantisation, initialisation, group lasso and pruning, each bounded and defaulted. */
    private static BasisNSettings settings(BasisNRequest r, BasisNSettings.Mode mode, TrainingConfig config) {
        int rows = bounded("rows", r.rows(), BasisNRequest.DEFAULT_ROWS, 1, MAX_ROWS);
        int size = bounded("basisSize", r.basisSize(), BasisNRequest.DEFAULT_BASIS_SIZE, 1, MAX_BASIS_SIZE);
        int bits = bounded("coeffBits", r.coeffBits(), BasisNRequest.DEFAULT_COEFF_BITS, 1, 32);
        CrossbarGeometry crossbar = crossbar(r, rows);
        int groups = bounded("groups", r.groups(), Math.min(crossbar.basisCrossbars(size), size), 1, size);
        // Checked in the order of the request's fields, so a request with several problems hears of the first.
        BasisQuantization quantization = basisQuantization(r, crossbar);
        BasisInit init = init(r, mode, size, rows);
        double lambda = r.groupLasso() == null ? 0 : r.groupLasso();
        if (!(lambda >= 0) || !Double.isFinite(lambda) || lambda > 10) {
            throw ApiException.badRequest("groupLasso", "must be in [0, 10]");
        }
        GroupLasso.Weighting weighting = weighting(r);
        BasisNSettings.Solver solver = solver(r);
        double threshold = r.pruneThreshold() == null ? 0 : r.pruneThreshold();
        if (!(threshold >= 0 && threshold < 1)) {
            throw ApiException.badRequest("pruneThreshold", "must be in [0, 1)");
        }
        int pruneEpochs = bounded("pruneEpochs", r.pruneEpochs(), threshold > 0 ? 1 : 0, 0, TrainingConfig.MAX_EPOCHS);
        return new BasisNSettings(mode, new BasisConfig(rows, size, bits, groups), crossbar, quantization, init, lambda,
                weighting, solver, threshold, pruneEpochs, config);
    }

    private static CrossbarGeometry crossbar(BasisNRequest r, int rows) {
        int columns = bounded("columns", r.columns(), rows, 1, MAX_ROWS);
        int bitsPerCell = bounded("bitsPerCell", r.bitsPerCell(), 2, 1, 8);
        int weightBits = bounded("weightBits", r.weightBits(), 8, 1, 32);
        CrossbarGeometry crossbar = new CrossbarGeometry(columns, bitsPerCell, weightBits,
                Boolean.TRUE.equals(r.differential()));
        if (crossbar.columnsPerCrossbar() < 1) {
            throw ApiException.badRequest("columns", "a crossbar of " + columns + " columns cannot hold one basis value of "
                    + crossbar.cellsPerValue() + " cells");
        }
        return crossbar;
    }

    private static BasisQuantization basisQuantization(BasisNRequest r, CrossbarGeometry crossbar) {
        boolean quantizeBasis = Boolean.TRUE.equals(r.quantizeBasis());
        if (quantizeBasis && crossbar.weightBits() > SymmetricQuantizer.MAX_QUANTIZED_BITS) {
            throw ApiException.badRequest("weightBits", "quantizeBasis supports at most "
                    + SymmetricQuantizer.MAX_QUANTIZED_BITS + " bits");
        }
        return new BasisQuantization(quantizeBasis, crossbar.bitsPerCell(), crossbar.slices());
    }

    private static BasisInit init(BasisNRequest r, BasisNSettings.Mode mode, int size, int rows) {
        BasisInit init;
        try {
            init = r.init() == null ? BasisInit.SVD : BasisInit.parse(r.init());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("init", "'" + r.init() + "' is not one of svd, kmeans");
        }
        if (mode == BasisNSettings.Mode.CONVERT && init == BasisInit.SVD && size > rows) {
            throw ApiException.badRequest("basisSize", "an SVD basis has at most R = " + rows
                    + " vectors; use init kmeans for N > R");
        }
        return init;
    }

    private static GroupLasso.Weighting weighting(BasisNRequest r) {
        try {
            return r.groupLassoWeighting() == null ? GroupLasso.Weighting.ORDERED
                    : GroupLasso.Weighting.parse(r.groupLassoWeighting());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("groupLassoWeighting", "'" + r.groupLassoWeighting()
                    + "' is not one of ordered, size, none");
        }
    }

    private static BasisNSettings.Solver solver(BasisNRequest r) {
        try {
            return r.groupLassoSolver() == null ? BasisNSettings.Solver.PROXIMAL
                    : BasisNSettings.Solver.parse(r.groupLassoSolver());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("groupLassoSolver", "'" + r.groupLassoSolver()
                    + "' is not one of proximal, gradient");
        }
    }

    /** The resolved values beside the request's own params: versions pinned and every default filled in. */
    static Map<String, String> params(Plan plan) {
        BasisNSettings s = plan.settings();
        TrainingConfig c = s.config();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mode", s.mode().name().toLowerCase(Locale.ROOT));
        p.put("dataset.id", Long.toString(plan.dataset().id()));
        p.put("dataset.name", plan.dataset().name());
        p.put("model.spec_name", plan.standard().name());
        p.put("basis.rows", Integer.toString(s.basis().rows()));
        p.put("basis.size", Integer.toString(s.basis().size()));
        p.put("basis.coeffBits", Integer.toString(s.basis().coeffBits()));
        p.put("basis.groups", Integer.toString(s.basis().groups()));
        p.put("crossbar.columns", Integer.toString(s.crossbar().columns()));
        p.put("crossbar.cellsPerValue", Integer.toString(s.crossbar().cellsPerValue()));
        p.put("crossbar.basisCrossbars", Integer.toString(s.basisCrossbars()));
        p.put("quantizeBasis", Boolean.toString(s.basisQuantization().enabled()));
        p.put("basisWeightBits", Integer.toString(s.basisQuantization().weightBits()));
        p.put("init", s.init().name().toLowerCase(Locale.ROOT));
        p.put("groupLasso", Double.toString(s.groupLasso()));
        p.put("groupLassoWeighting", s.groupLassoWeighting().name().toLowerCase(Locale.ROOT));
        p.put("groupLassoSolver", s.groupLassoSolver().name().toLowerCase(Locale.ROOT));
        p.put("pruneThreshold", Double.toString(s.pruneThreshold()));
        p.put("pruneEpochs", Integer.toString(s.pruneEpochs()));
        p.putAll(TrainingPlanner.configParams(c));
        p.put("trainBaseline", Boolean.toString(plan.trainBaseline()));
        return p;
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
