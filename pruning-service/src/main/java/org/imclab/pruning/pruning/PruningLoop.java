package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * iteration limit. Every iteration computes the class-aware matrix I[f, c], whatever the criterion, so the
 * class counts of removed and kept filters can be compared across criteria.
 */
public final class PruningLoop {

    public static final String STOP_NO_FILTER = "no filter qualifies";
    public static final String STOP_TARGET = "MAC target reached";
    public static final String STOP_LIMITS = "per-layer limits reached before the MAC target";
    public static final String STOP_FLOOR = "accuracy fell below the floor";
    public static final String STOP_ITERATIONS = "iteration limit reached";

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

    private final PruningSettings settings;
    private final NormalizedImages train;
    private final NormalizedImages test;
    private final NDManager manager;

    public PruningLoop(PruningSettings settings, NormalizedImages train, NormalizedImages test, NDManager manager) {
        this.settings = settings;
        this.train = train;
        this.test = test;
        this.manager = manager;
    }

    /** The starting state for an unpruned model: evaluates it once. */
    public PruningState start(ModelSpec spec, byte[] weights) throws IOException {
        GradMode.off();
        try (NDManager scope = manager.newSubManager()) {
            SpecBlock block = load(spec, weights, scope);
            ModelAnalysis a = SpecAnalysis.analyze(spec);
            return new PruningState(0, spec, weights, ModelEvaluation.accuracy(block, test, scope), a.totalParams(),
                    a.totalMacs(), List.of(), null);
        }
    }

    /** Runs from {@code state} (the start, or a checkpoint) to the end and returns the final state. */
    public PruningState run(PruningState state, Listener listener, Progress progress) throws Exception {
        if (state.stopReason() != null) {
            return state;
        }
        GradMode.off();
        NDManager current = manager.newSubManager();
        try {
            SpecBlock block = load(state.spec(), state.weights(), current);
            List<IterationReport> history = new ArrayList<>(state.history());
            double accuracy = history.stream().filter(IterationReport::accepted)
                    .reduce((a, b) -> b).map(IterationReport::accuracyAfterFineTuning).orElse(state.originalAccuracy());
            Long targetMacs = settings.targetMacReduction() == null ? null
                    : Math.round((1 - settings.targetMacReduction()) * state.originalMacs());
            PruningState now = state;
            for (int it = state.iteration() + 1; it <= settings.maxIterations(); it++) {
                long started = System.nanoTime();
                progress.checkCancelled();
                double base = (double) (it - 1) / settings.maxIterations();
                double span = 1.0 / settings.maxIterations();
                progress.report(base, "iteration " + it + ": importance");
                long seed = settings.seed() * 1_000_003L + it;
                List<FilterGroup> groups = FilterGroups.of(block.spec(), settings.residualMode());
                ImportanceMatrix classMatrix = ClassImportance.compute(block, groups, train, settings.samplesPerClass(),
                        seed, manager);
                Map<String, ImportanceMatrix> matrices = new LinkedHashMap<>();
                matrices.put("class", classMatrix);
                Map<String, int[]> removed;
                if (targetMacs == null) {
                    removed = settings.rule().select(groups, classMatrix, settings.tau());
                } else {
                    Map<String, double[]> order = new LinkedHashMap<>();
                    if (settings.criterion() == PruningCriterion.CLASS_AWARE) {
                        order = MacBudget.classAwareOrder(groups, classMatrix, settings.tau());
                    } else {
                        ImportanceMatrix scores = switch (settings.criterion()) {
                            case L1_NORM -> FilterScores.l1Norm(block, groups);
                            case RANDOM -> FilterScores.random(groups, seed);
                            case TAYLOR -> FilterScores.taylor(block, groups, train, train.classes(),
                                    settings.samplesPerClass(), seed, manager);
                            case CLASS_AWARE -> throw new IllegalStateException();
                        };
                        matrices.put(settings.criterion().name().toLowerCase(java.util.Locale.ROOT), scores);
                        for (FilterGroup g : groups) {
                            order.put(g.name(), scores.rowMeans(g.name()));
                        }
                    }
                    removed = MacBudget.select(block.spec(), groups, order, settings.rule(), targetMacs);
                }
                if (removed.isEmpty()) {
                    String reason = targetMacs == null ? STOP_NO_FILTER
                            : SpecAnalysis.analyze(block.spec()).totalMacs() <= targetMacs ? STOP_TARGET : STOP_LIMITS;
                    now = finished(now, reason);
                    break;
                }
                progress.checkCancelled();
                progress.report(base + 0.1 * span, "iteration " + it + ": surgery");
                NDManager next = manager.newSubManager();
                PrunedModel pruned;
                try {
                    pruned = StructuredSurgery.apply(block, RemovalRule.keptChannels(groups, removed), next);
                } catch (RuntimeException e) {
                    next.close();
                    throw e;
                }
                double afterPruning = ModelEvaluation.accuracy(pruned.block(), test, next);
                progress.report(base + 0.2 * span, "iteration " + it + ": fine-tuning");
                int iteration = it;
                double loss = FineTuning.run(pruned.block(), train, settings.fineTune(), seed, next, (step, total, l) -> {
                    if (step % 10 == 0 || step == total) {
                        progress.checkCancelled();
                        progress.report(base + span * (0.2 + 0.75 * step / total),
                                "iteration " + iteration + ": fine-tuning step " + step + "/" + total);
                    }
                });
                double afterFineTuning = ModelEvaluation.accuracy(pruned.block(), test, next);
                boolean accepted = settings.accuracyFloor() == null || afterFineTuning >= settings.accuracyFloor();
                ModelAnalysis a = SpecAnalysis.analyze(pruned.spec());
                IterationReport report = new IterationReport(it, accuracy, afterPruning, afterFineTuning,
                        a.totalParams(), a.totalMacs(), 1 - (double) a.totalMacs() / state.originalMacs(),
                        channels(pruned.spec()), counts(removed), histogram(groups, classMatrix, removed, true),
                        histogram(groups, classMatrix, removed, false), loss, accepted,
                        (System.nanoTime() - started) / 1e9);
                history.add(report);
                if (!accepted) {
                    next.close();
                    now = new PruningState(now.iteration(), now.spec(), now.weights(), now.originalAccuracy(),
                            now.originalParams(), now.originalMacs(), history, STOP_FLOOR);
                    listener.iterationDone(report, matrices, now);
                    break;
                }
                current.close();
                current = next;
                block = pruned.block();
                accuracy = afterFineTuning;
                boolean reached = targetMacs != null && a.totalMacs() <= targetMacs;
                boolean last = it == settings.maxIterations();
                now = new PruningState(it, pruned.spec(), SpecWeights.toBytes(block), state.originalAccuracy(),
                        state.originalParams(), state.originalMacs(), history,
                        reached ? STOP_TARGET : last ? STOP_ITERATIONS : null);
                listener.iterationDone(report, matrices, now);
                if (now.stopReason() != null) {
                    break;
                }
            }
            if (now.stopReason() == null) {
                now = finished(now, STOP_ITERATIONS);
            }
            progress.report(1.0, "done: " + now.stopReason());
            return now;
        } finally {
            current.close();
        }
    }

    private static PruningState finished(PruningState s, String reason) {
        return new PruningState(s.iteration(), s.spec(), s.weights(), s.originalAccuracy(), s.originalParams(),
                s.originalMacs(), s.history(), reason);
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
