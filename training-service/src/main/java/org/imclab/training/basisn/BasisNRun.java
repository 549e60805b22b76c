package org.imclab.training.basisn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.basisn.BasisConversion;
import org.imclab.common.nn.basisn.BasisNBlockFactory;
import org.imclab.common.nn.basisn.BasisNSpec;
import org.imclab.common.nn.basisn.BasisNUsageReport;
import org.imclab.common.nn.basisn.ConversionResult;
import org.imclab.common.nn.basisn.LayerReconstruction;
import org.imclab.common.nn.basisn.SymmetricQuantizer;
import org.imclab.common.nn.training.EpochMetrics;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.StepHook;
import org.imclab.common.nn.training.TrainingCheckpoint;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingListener;
import org.imclab.common.nn.training.TrainingLoop;
import org.imclab.common.nn.training.TrainingOutcome;

/**
 * The BasisN pipeline without Spring, so jobs and benchmark harnesses run the same code. Phases, each
 * checkpointed every epoch through the {@link Sink} and resumable from its checkpoint:
 * <ol>
 *   <li>{@value #BASELINE}: the standard counterpart trained with the same config (optional);</li>
 *   <li>{@value #BASISN}: joint training of B and c from scratch, or conversion of a trained model (B by SVD or
 *       k-means over all weight segments, c by least squares) followed by fine-tuning; with the group-lasso
 *       term when λ &gt; 0; B is projected onto the device grid afterwards when it was quantised in training;</li>
 *   <li>{@value #PRUNE}: optional zeroing of near-zero crossbar groups and fine-tuning with them held at zero.</li>
 * </ol>
 */
public final class BasisNRun {

    public static final String BASELINE = "baseline";
    public static final String BASISN = "basisn";
    public static final String PRUNE = "prune";
    public static final int EVAL_BATCH = 256;

    /** Where a run reports epochs (with a checkpoint to resume from) and steps (for progress and cancel). */
    public interface Sink {

        /**
         * @param extra BasisN epoch metrics (mean groups used, group norm sum); empty for the baseline
         * @param meta  the checkpoint's metadata: phase, carried values, the loop's counters
         */
        void epoch(String phase, EpochMetrics metrics, Map<String, Double> extra, TrainingCheckpoint checkpoint,
                Map<String, Object> meta) throws Exception;

        void step(String phase, int epoch, int batch, int batches) throws Exception;
    }

    /** A checkpoint to resume from and the phase it belongs to. */
    public record Resume(String phase, TrainingCheckpoint checkpoint, Map<String, Object> meta) {
    }

    /** The trained standard counterpart and its test evaluation. */
    public record Baseline(SpecBlock model, Evaluation test) {
    }

    private final BasisNSettings settings;
    private final Samples train;
    private final Samples val;
    private final Samples test;
    private final Sink sink;
    private final Map<String, Object> carry = new LinkedHashMap<>();

    public BasisNRun(BasisNSettings settings, Samples train, Samples val, Samples test, Sink sink) {
        this.settings = settings;
        this.train = train;
        this.val = val;
        this.test = test;
        this.sink = sink;
    }

    /** A value written into every later checkpoint's metadata (e.g. the baseline's accuracy). */
    public void carry(String key, Object value) {
        carry.put(key, value);
    }

    /** Trains the standard (dense) form of the spec with the run's config and evaluates it. */
    public Baseline trainStandard(ModelSpec standard, NDManager manager, Resume resume) throws Exception {
        SpecBlock block = new DjlModelBuilder().build(BasisNSpec.standard(standard));
        TrainingLoop.initialize(block, manager, standard.input(), settings.config().seed());
        loop(block, BASELINE, settings.config(), manager).fit(manager, train, val, checkpointFor(BASELINE, resume));
        return new Baseline(block, Evaluation.run(block, manager, test, EVAL_BATCH));
    }

    /** BasisN from scratch: B and c learned jointly from the seed's initialisation. */
    public BasisNOutcome fromScratch(ModelSpec standard, NDManager manager, Resume resume) throws Exception {
        ModelSpec spec = BasisNSpec.of(BasisNSpec.standard(standard), settings.basis());
        SpecBlock block = BasisNBlockFactory.build(spec, settings.basisQuantization());
        TrainingLoop.initialize(block, manager, spec.input(), settings.config().seed());
        return trainAndPrune(block, manager, resume, null, null, null, null);
    }

    /** Conversion of a trained model, then fine-tuning for the config's epochs. */
    public BasisNOutcome convert(SpecBlock source, NDManager manager, Resume resume) throws Exception {
        ConversionResult c = BasisConversion.convert(source, settings.basis(), settings.init(),
                settings.config().seed(), settings.basisQuantization(), manager);
        Evaluation converted = Evaluation.run(c.model(), manager, test, EVAL_BATCH);
        return trainAndPrune(c.model(), manager, resume, converted.accuracy(), c.layers(), c.capturedEnergy(),
                BasisConversion.denseWeights(source));
    }

    private BasisNOutcome trainAndPrune(SpecBlock block, NDManager manager, Resume resume, Double convertedAccuracy,
            List<LayerReconstruction> conversionErrors, Double capturedEnergy,
            List<BasisConversion.DenseWeight> reference) throws Exception {
        boolean resumingPrune = resume != null && PRUNE.equals(resume.phase());
        TrainingOutcome training = null;
        if (!resumingPrune) {
            TrainingLoop loop = loop(block, BASISN, settings.config(), manager);
            regularise(loop, settings.config());
            training = loop.fit(manager, train, loopValidation(BASISN), checkpointFor(BASISN, resume));
            projectBasis(block);
        }
        GroupPruning pruning = null;
        Double prePruneGroups = null;
        Double prePruneAccuracy = null;
        if (settings.pruneThreshold() > 0) {
            if (resumingPrune) {
                pruning = GroupPruning.fromIndices(block, prunedIndices(resume.meta().get("prunedGroups")));
                prePruneGroups = number(resume.meta().get("prePruneGroupsUsed"));
                prePruneAccuracy = number(resume.meta().get("prePruneTestAcc"));
            } else {
                prePruneGroups = BasisNUsageReport.of(block).meanGroupsUsed();
                prePruneAccuracy = Evaluation.run(block, manager, test, EVAL_BATCH).accuracy();
                pruning = GroupPruning.prune(block, settings.pruneThreshold());
                carry("prunedGroups", pruning.indices());
                carry("prePruneGroupsUsed", prePruneGroups);
                carry("prePruneTestAcc", prePruneAccuracy);
            }
            if (settings.pruneEpochs() > 0) {
                TrainingConfig fineTune = settings.config().withEpochs(settings.pruneEpochs());
                TrainingLoop loop = loop(block, PRUNE, fineTune, manager);
                regularise(loop, fineTune);
                loop.addStepHook(pruning);
                loop.fit(manager, train, loopValidation(PRUNE), checkpointFor(PRUNE, resume));
                projectBasis(block);
                pruning.apply(block);
            }
        }
        Evaluation e = Evaluation.run(block, manager, test, EVAL_BATCH);
        List<LayerReconstruction> finalErrors = reference == null ? null
                : BasisConversion.reconstruction(reference, block);
        return new BasisNOutcome(block, e.accuracy(), e.loss(), convertedAccuracy, conversionErrors, finalErrors,
                capturedEnergy, BasisNUsageReport.of(block), prePruneGroups, prePruneAccuracy, pruning, training);
    }

    /** Adds the group-lasso regulariser with the configured solver. */
    private void regularise(TrainingLoop loop, TrainingConfig config) {
        if (settings.groupLasso() <= 0) {
            return;
        }
        if (settings.groupLassoSolver() == BasisNSettings.Solver.PROXIMAL) {
            loop.addStepHook(new GroupLassoProximal(settings.groupLasso(), settings.groupLassoWeighting(), config));
        } else {
            loop.addLossTerm(new GroupLasso(settings.groupLasso(), settings.groupLassoWeighting()));
        }
    }

    /** Writes q(B) into the basis when training quantised it, so the stored B is on the device grid. */
    void projectBasis(SpecBlock block) {
        if (!settings.basisQuantization().enabled()) {
            return;
        }
        NDArray b = block.sharedParameter(BasisNBlockFactory.BASIS).getArray();
        int bits = settings.basisQuantization().weightBits();
        float[] v = b.toFloatArray();
        float max = 0;
        double meanAbs = 0;
        for (float x : v) {
            max = Math.max(max, Math.abs(x));
            meanAbs += Math.abs(x);
        }
        float scale = SymmetricQuantizer.scale(max, (float) (meanAbs / v.length), bits);
        for (int i = 0; i < v.length; i++) {
            v[i] = SymmetricQuantizer.quantize(v[i], scale, bits);
        }
        b.set(v);
    }

    private TrainingLoop loop(SpecBlock block, String phase, TrainingConfig config, NDManager manager) {
        TrainingLoop loop = new TrainingLoop(block, config);
        loop.addListener(new TrainingListener() {
            @Override
            public void stepDone(int step, int totalSteps, double loss) throws Exception {
                int batches = Math.max(1, totalSteps / config.epochs());
                sink.step(phase, (step - 1) / batches, (step - 1) % batches, batches);
            }

            @Override
            public void epochDone(EpochMetrics metrics, TrainingCheckpoint checkpoint) throws Exception {
                BasisNRun.this.epochDone(phase, block, manager, metrics, checkpoint);
            }
        });
        return loop;
    }

    /** Reports a phase's epoch with BasisN's extra metrics, validating here for the regularised phases. */
    private void epochDone(String phase, SpecBlock block, NDManager manager, EpochMetrics metrics,
            TrainingCheckpoint checkpoint) throws Exception {
        boolean basisN = !BASELINE.equals(phase);
        boolean ownValidation = regularised(phase);
        Map<String, Double> extra = new LinkedHashMap<>();
        if (ownValidation && val != null && val.size() > 0) {
            Evaluation v = Evaluation.run(block, manager, val, EVAL_BATCH);
            metrics = new EpochMetrics(metrics.epoch(), metrics.trainLoss(), metrics.trainAcc(), v.loss(),
                    v.accuracy(), metrics.learningRate(), metrics.samplesPerSec(), metrics.seconds());
        }
        if (basisN) {
            extra.put("groups_used_mean", BasisNUsageReport.of(block).meanGroupsUsed());
            extra.put("group_norm_sum", GroupLasso.groupNormSum(block, settings.groupLassoWeighting()));
        }
        Map<String, Object> meta = new LinkedHashMap<>(checkpoint.meta());
        meta.putAll(carry);
        meta.put("phase", phase);
        sink.epoch(phase, metrics, extra, checkpoint, meta);
    }

    /**
     * Whether the phase runs the group lasso. Its loop gets no validation split, which would make it restore
     * the epoch with the best validation loss, i.e. the least regularised one; validation is evaluated here.
     */
    private boolean regularised(String phase) {
        return !BASELINE.equals(phase) && settings.groupLasso() > 0;
    }

    private Samples loopValidation(String phase) {
        return regularised(phase) ? null : val;
    }

    private static TrainingCheckpoint checkpointFor(String phase, Resume resume) {
        return resume != null && phase.equals(resume.phase()) ? resume.checkpoint() : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<Integer>> prunedIndices(Object value) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), ((List<Object>) v).stream()
                    .map(x -> ((Number) x).intValue()).toList()));
        }
        return out;
    }

    private static Double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : null;
    }
}
