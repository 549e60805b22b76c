package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.data.DataSplit;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelAnalysis;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.training.GradMode;

/**
 * Iterative pruning (docs/science/class-aware-pruning.md §3, steps 1–5): importance → removal → surgery → fine-tuning, repeated until
 * no filter qualifies (class-aware rule), the MAC target is reached, the accuracy floor is crossed, or the
 * iteration limit. The floor is checked on a validation split carved from the training images (stratified,
 * {@link #VALIDATION_FRACTION}, seeded), which importance and fine-tuning never see; test accuracy is only
 * reported. Every iteration computes the class-aware matrix I[f, c], whatever the criterion.
 */
public final class PruningLoop {

    public static final String STOP_NO_FILTER = "no filter qualifies";
    public static final String STOP_TARGET = "MAC target reached";
    public static final String STOP_LIMITS = "per-layer limits reached before the MAC target";
    public static final String STOP_FLOOR = "accuracy fell below the floor";
    public static final String STOP_ITERATIONS = "iteration limit reached";
    /** Share of each class of the training images held out for the accuracy floor. */
    public static final double VALIDATION_FRACTION = 0.1;

    /** Receives each finished iteration; {@code state} is the checkpoint to keep (null if the iteration was dropped). */
    @FunctionalInterface
    public interface Listener {
        void iterationDone(IterationReport report, Map<String, ImportanceMatrix> importance, PruningState state)
                throws Exception;
    }

    /** Progress and cancellation from inside the iterations (between fine-tuning steps too). */
    public interface Progress {
        void checkCancelled();

        void report(double fraction, String step);
    }

    /** The model an iteration starts from, with the manager its arrays live in. */
    private static final class Current {
        NDManager manager;
        SpecBlock block;
    }

    /** What surgery and fine-tuning of one iteration produced. */
    private record Retrained(PrunedModel pruned, NDManager manager, double afterPruning, double afterFineTuning,
            double validation, double loss) {
    }

    private final PruningSettings settings;
    private final NormalizedImages train;
    private final NormalizedImages validation;
    private final NormalizedImages test;
    private final NDManager manager;

    /** @param train the training images; {@link #VALIDATION_FRACTION} of each class is held out for the floor */
    public PruningLoop(PruningSettings settings, NormalizedImages train, NormalizedImages test, NDManager manager) {
        this.settings = settings;
        DataSplit cut = DataSplit.stratified(train.data().labels(), 1 - VALIDATION_FRACTION, 0, settings.seed());
        this.train = train.subset(cut.train());
        this.validation = train.subset(cut.test());
        this.test = test;
        this.manager = manager;
    }

    /** The starting state for an unpruned model: evaluates it once. */
    public PruningState start(ModelSpec spec, byte[] weights) throws IOException {
        GradMode.off();
        try (NDManager scope = manager.newSubManager()) {
            SpecBlock block = load(spec, weights, scope);
            ModelAnalysis a = SpecAnalysis.analyze(spec);
            return new PruningState(0, spec, weights, ModelEvaluation.accuracy(block, test, scope),
                    ModelEvaluation.accuracy(block, validation, scope), a.totalParams(), a.totalMacs(), List.of(), null);
        }
    }

    /** Runs from {@code state} (the start, or a checkpoint) to the end and returns the final state. */
    public PruningState run(PruningState state, Listener listener, Progress progress) throws Exception {
        if (state.stopReason() != null) {
            return state;
        }
        GradMode.off();
        Long targetMacs = settings.targetMacReduction() == null ? null
                : Math.round((1 - settings.targetMacReduction()) * state.originalMacs());
        Current current = new Current();
        current.manager = manager.newSubManager();
        try {
            current.block = load(state.spec(), state.weights(), current.manager);
            PruningState now = state;
            for (int it = state.iteration() + 1; it <= settings.maxIterations() && now.stopReason() == null; it++) {
                now = iteration(it, now, current, targetMacs, listener, progress);
            }
            if (now.stopReason() == null) {
                now = now.finished(STOP_ITERATIONS);
            }
            progress.report(1.0, "done: " + now.stopReason());
            return now;
        } finally {
            current.manager.close();
        }
    }

    /** One iteration from {@code now}; the returned state carries a stop reason when the loop must end. */
    private PruningState iteration(int it, PruningState now, Current current, Long targetMacs, Listener listener,
            Progress progress) throws Exception {
        long started = System.nanoTime();
        progress.checkCancelled();
        progress.report(fraction(it, 0), "iteration " + it + ": importance");
        long seed = settings.seed() * 1_000_003L + it;
        List<FilterGroup> groups = FilterGroups.of(current.block.spec(), settings.residualMode());
        FilterSelection choice = FilterSelection.choose(settings, current.block, groups, train, targetMacs, seed,
                manager);
        if (choice.removed().isEmpty()) {
            return now.finished(targetMacs == null ? STOP_NO_FILTER
                    : SpecAnalysis.analyze(current.block.spec()).totalMacs() <= targetMacs ? STOP_TARGET : STOP_LIMITS);
        }
        Retrained r = retrain(it, current.block, groups, choice.removed(), seed, progress);
        boolean accepted = settings.accuracyFloor() == null || r.validation() >= settings.accuracyFloor();
        ModelAnalysis a = SpecAnalysis.analyze(r.pruned().spec());
        double before = now.history().stream().filter(IterationReport::accepted).reduce((x, y) -> y)
                .map(IterationReport::accuracyAfterFineTuning).orElse(now.originalAccuracy());
        ImportanceMatrix classMatrix = choice.matrices().get("class");
        IterationReport report = new IterationReport(it, before, r.afterPruning(), r.afterFineTuning(), a.totalParams(),
                a.totalMacs(), 1 - (double) a.totalMacs() / now.originalMacs(), channels(r.pruned().spec()),
                counts(choice.removed()), histogram(groups, classMatrix, choice.removed(), true),
                histogram(groups, classMatrix, choice.removed(), false), r.loss(), accepted,
                (System.nanoTime() - started) / 1e9, r.validation());
        List<IterationReport> history = new ArrayList<>(now.history());
        history.add(report);
        PruningState next;
        if (accepted) {
            current.manager.close();
            current.manager = r.manager();
            current.block = r.pruned().block();
            boolean reached = targetMacs != null && a.totalMacs() <= targetMacs;
            next = new PruningState(it, r.pruned().spec(), SpecWeights.toBytes(current.block), now.originalAccuracy(),
                    now.originalValidationAccuracy(), now.originalParams(), now.originalMacs(), history,
                    reached ? STOP_TARGET : it == settings.maxIterations() ? STOP_ITERATIONS : null);
        } else {
            r.manager().close();
            next = new PruningState(now.iteration(), now.spec(), now.weights(), now.originalAccuracy(),
                    now.originalValidationAccuracy(), now.originalParams(), now.originalMacs(), history, STOP_FLOOR);
        }
        listener.iterationDone(report, choice.matrices(), next);
        return next;
    }

    /** Surgery, then fine-tuning (with the settings' regularisers) on the training part; evaluates both stages. */
    private Retrained retrain(int it, SpecBlock block, List<FilterGroup> groups, Map<String, int[]> removed, long seed,
            Progress progress) throws Exception {
        progress.checkCancelled();
        progress.report(fraction(it, 0.1), "iteration " + it + ": surgery");
        NDManager next = manager.newSubManager();
        try {
            PrunedModel pruned = StructuredSurgery.apply(block, RemovalRule.keptChannels(groups, removed), next);
            double afterPruning = ModelEvaluation.accuracy(pruned.block(), test, next);
            progress.report(fraction(it, 0.2), "iteration " + it + ": fine-tuning");
            double loss = FineTuning.run(pruned.block(), train, settings.fineTune(), seed, next, (step, total, l) -> {
                if (step % 10 == 0 || step == total) {
                    progress.checkCancelled();
                    progress.report(fraction(it, 0.2 + 0.75 * step / total),
                            "iteration " + it + ": fine-tuning step " + step + "/" + total);
                }
            });
            return new Retrained(pruned, next, afterPruning, ModelEvaluation.accuracy(pruned.block(), test, next),
                    ModelEvaluation.accuracy(pruned.block(), validation, next), loss);
        } catch (Exception | Error e) {
            next.close();
            throw e;
        }
    }

    /** Progress of the whole run at {@code within} (0..1) of iteration {@code it}. */
    private double fraction(int it, double within) {
        return (it - 1 + within) / settings.maxIterations();
    }

    /** Builds a spec's block in {@code manager} and loads weights into it. */
    public static SpecBlock load(ModelSpec spec, byte[] weights, NDManager manager) throws IOException {
        SpecBlock block = new DjlModelBuilder().build(spec);
        int[] in = spec.input();
        long[] dims = new long[in.length + 1];
        dims[0] = 1;
        for (int d = 0; d < in.length; d++) {
            dims[d + 1] = in[d];
        }
        block.initialize(manager, DataType.FLOAT32, new Shape(dims));
        SpecWeights.fromBytes(block, manager, weights);
        // DJL's loader decodes fresh arrays without the gradient flag; trainable ones need it again.
        for (var p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        return block;
    }

    static Map<String, Integer> channels(ModelSpec spec) {
        Map<String, Integer> out = new LinkedHashMap<>();
        spec.layers().stream().filter(l -> LayerSpec.CONV.equals(l.type())).forEach(l -> out.put(l.name(), l.out()));
        return out;
    }

    private static Map<String, Integer> counts(Map<String, int[]> removed) {
        Map<String, Integer> out = new LinkedHashMap<>();
        removed.forEach((g, r) -> out.put(g, r.length));
        return out;
    }

    /** Histogram over n_f of the removed (or kept) filters. */
    private int[] histogram(List<FilterGroup> groups, ImportanceMatrix classMatrix, Map<String, int[]> removed,
            boolean ofRemoved) {
        int[] h = new int[classMatrix.columns() + 1];
        for (FilterGroup g : groups) {
            int[] n = FilterClassCount.of(classMatrix.of(g.name()), settings.tau());
            java.util.Set<Integer> gone = new java.util.HashSet<>();
            for (int f : removed.getOrDefault(g.name(), new int[0])) {
                gone.add(f);
            }
            for (int f = 0; f < n.length; f++) {
                if (gone.contains(f) == ofRemoved) {
                    h[n[f]]++;
                }
            }
        }
        return h;
    }
}
