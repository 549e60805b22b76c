package org.imclab.pruning.pruning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.SpecAnalysis;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.junit.jupiter.api.Test;

class PruningLoopTest {

    private static final FineTuneSettings TUNE = new FineTuneSettings(1, 0, 16, 0.05, 0.9, 0, FineTuneSettings.PAPER_L1,
            FineTuneSettings.PAPER_ORTH);

    private static final PruningLoop.Progress QUIET = new PruningLoop.Progress() {
        @Override
        public void checkCancelled() {
        }

        @Override
        public void report(double fraction, String step) {
        }
    };

    /**
     * TUNE at a fifth of its rate. Randomly initialised ResNet-20 fine-tuned at 0.05 with momentum 0.9 on these 8×8
     * quadrant images sits at the edge of divergence: one clean-clone CI run of session 9 hit a NaN loss in its
     * second batch, while runs on the same code did not. This test checks shapes, not learning.
     */
    private static final FineTuneSettings GENTLE_TUNE = new FineTuneSettings(1, 0, 16, 0.01, 0.9, 0,
            FineTuneSettings.PAPER_L1, FineTuneSettings.PAPER_ORTH);

    private static PruningSettings settings(PruningCriterion c, double kMinFraction, Double target, int iterations) {
        return new PruningSettings(c, 0.3, new RemovalRule((int) Math.round(kMinFraction * PruningFixtures.CLASSES),
                0.4, 2), ResidualMode.COUPLED, 4, null, target, iterations, GENTLE_TUNE, 1);
    }

    /** ResNet-20 pruned iteratively: after every iteration every add sees equal shapes and a forward pass runs. */
    @Test
    void resnet20KeepsEveryResidualShapeValidAfterEachIteration() throws Exception {
        ModelSpec spec = PruningFixtures.resnet20();
        NormalizedImages train = PruningFixtures.normalized(PruningFixtures.quadrants(8, 3, 8, 1));
        NormalizedImages test = PruningFixtures.normalized(PruningFixtures.quadrants(4, 3, 8, 2));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock original = PruningFixtures.randomBlock(spec, m, 3);
            PruningLoop loop = new PruningLoop(settings(PruningCriterion.CLASS_AWARE, 0.5, 0.7, 4), train, test, m);
            PruningState start = loop.start(spec, SpecWeights.toBytes(original));
            List<Integer> seen = new ArrayList<>();
            PruningState end = loop.run(start, (report, importance, state) -> {
                seen.add(report.iteration());
                // Coupled groups never vanish (minChannels 2), so every iteration scores all of ResNet-20's groups.
                assertThat(importance.get("class").values()).hasSize(FilterGroups.of(spec, ResidualMode.COUPLED).size());
                // Shape inference validates every add; then a real forward pass through the pruned weights.
                SpecAnalysis.analyze(state.spec());
                try (NDManager scope = m.newSubManager()) {
                    SpecBlock block = PruningLoop.load(state.spec(), state.weights(), scope);
                    NDArray x = scope.randomNormal(new Shape(3, 3, 8, 8));
                    NDArray y = block.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow();
                    assertThat(y.getShape()).isEqualTo(new Shape(3, PruningFixtures.CLASSES));
                    assertThat(y.isNaN().any().getBoolean()).isFalse();
                }
                for (int i = 0; i < state.spec().layers().size(); i++) {
                    LayerSpec l = state.spec().layers().get(i);
                    if (LayerSpec.ADD.equals(l.type())) {
                        var a = SpecAnalysis.analyze(state.spec());
                        assertThat(a.layer(l.inputs().get(0)).outShape()).isEqualTo(a.layer(l.inputs().get(1)).outShape());
                    }
                }
            }, QUIET);
            assertThat(seen).hasSizeGreaterThanOrEqualTo(2);
            assertThat(end.stopReason()).isEqualTo(PruningLoop.STOP_TARGET);
            var a = SpecAnalysis.analyze(end.spec());
            assertThat(a.totalMacs()).isLessThanOrEqualTo(Math.round(0.3 * start.originalMacs()));
            assertThat(a.totalParams()).isLessThan(start.originalParams());
            IterationReport last = end.history().get(end.history().size() - 1);
            assertThat(last.macs()).isEqualTo(a.totalMacs());
            assertThat(last.channels().get("s1b1.conv2")).isEqualTo(last.channels().get("conv1"));
            assertThat(last.channels().get("s3b3.conv2")).isEqualTo(last.channels().get("s3b1.short"));
        }
    }

    @Test
    void classAwareRuleStopsWhenNoFilterQualifiesAndResumesFromACheckpoint() throws Exception {
        ModelSpec spec = PruningFixtures.smallVgg();
        NormalizedImages train = PruningFixtures.normalized(PruningFixtures.quadrants(16, 1, 12, 3));
        NormalizedImages test = PruningFixtures.normalized(PruningFixtures.quadrants(8, 1, 12, 4));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            byte[] weights = SpecWeights.toBytes(PruningFixtures.randomBlock(spec, m, 8));
            // kMin above the class count: every filter qualifies, so only the limits stop the rule.
            PruningSettings all = new PruningSettings(PruningCriterion.CLASS_AWARE, 0.3,
                    new RemovalRule(PruningFixtures.CLASSES + 1, 0.5, 3), ResidualMode.COUPLED, 4, null, null, 10, TUNE, 2);
            PruningLoop loop = new PruningLoop(all, train, test, m);
            List<byte[]> checkpoints = new ArrayList<>();
            PruningState end = loop.run(loop.start(spec, weights), (r, i, s) -> checkpoints.add(s.toBytes()), QUIET);
            assertThat(end.stopReason()).isEqualTo(PruningLoop.STOP_NO_FILTER);
            assertThat(end.spec().layers().get(end.spec().indexOf("conv1")).out()).isEqualTo(3);
            assertThat(end.spec().layers().get(end.spec().indexOf("conv2")).out()).isEqualTo(3);
            assertThat(end.history()).extracting(IterationReport::iteration).containsExactly(1, 2, 3);
            // 8 → 4 → 3 and 16 → 8 → 4 → 3 (half per iteration, never below 3).
            assertThat(end.history().get(0).channels()).containsEntry("conv1", 4).containsEntry("conv2", 8);

            // A worker that died after iteration 1 resumes from its checkpoint and ends the same way.
            PruningState resumed = PruningState.read(new ByteArrayInputStream(checkpoints.get(0)));
            assertThat(resumed.iteration()).isEqualTo(1);
            PruningState again = loop.run(resumed, (r, i, s) -> { }, QUIET);
            assertThat(again.spec()).isEqualTo(end.spec());
            assertThat(again.history()).extracting(IterationReport::iteration).containsExactly(1, 2, 3);
            assertThat(again.history().get(2).removed()).isEqualTo(end.history().get(2).removed());
        }
    }

    /**
     * The paper's protocol: the class-aware rule alone (no MAC target), fine-tuning with L1 and orthogonality on
     * (TUNE), an accuracy floor checked on the validation split. Three conv2 filters are dead (exactly zero
     * output), so under the released code's count they serve no class and qualify at kMin = 1; once they are gone
     * no filter qualifies and the loop stops by itself, well before its iteration limit.
     */
    @Test
    void protocolRepeatsUntilNoFilterQualifiesWithTheFloorOnValidation() throws Exception {
        ModelSpec spec = PruningFixtures.smallVgg();
        NormalizedImages train = PruningFixtures.normalized(PruningFixtures.quadrants(20, 1, 12, 7));
        NormalizedImages test = PruningFixtures.normalized(PruningFixtures.quadrants(8, 1, 12, 8));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock block = PruningFixtures.randomBlock(spec, m, 8);
            PruningFixtures.zeroChannels(block, FilterGroups.of(spec, ResidualMode.COUPLED),
                    java.util.Map.of("conv2", new int[] {2, 5, 11}));
            byte[] weights = SpecWeights.toBytes(block);
            PruningSettings protocol = new PruningSettings(PruningCriterion.CLASS_AWARE_BINARY, 0.3,
                    new RemovalRule(1, 0.5, 2), ResidualMode.COUPLED, 4, 0.0, null, 10, TUNE, 4);
            assertThat(TUNE.l1Lambda()).isPositive();
            assertThat(TUNE.orthLambda()).isPositive();
            PruningLoop loop = new PruningLoop(protocol, train, test, m);
            PruningState start = loop.start(spec, weights);
            // 2 of each class's 20 training images are held out: the validation accuracy is a multiple of 1/8.
            assertThat(start.originalValidationAccuracy() * 8).isCloseTo(Math.rint(start.originalValidationAccuracy() * 8),
                    org.assertj.core.data.Offset.offset(1e-9));
            PruningState end = loop.run(start, (r, i, s) -> assertThat(i).containsKeys("class", "class_aware_binary"),
                    QUIET);
            assertThat(end.stopReason()).isEqualTo(PruningLoop.STOP_NO_FILTER);
            assertThat(end.history()).hasSize(1);
            IterationReport first = end.history().get(0);
            assertThat(first.removed()).containsExactly(java.util.Map.entry("conv2", 3));
            assertThat(first.accepted()).isTrue();
            assertThat(first.validationAccuracy()).isBetween(0.0, 1.0);
            assertThat(end.spec().layers().get(end.spec().indexOf("conv2")).out()).isEqualTo(13);
            assertThat(end.spec().layers().get(end.spec().indexOf("conv1")).out()).isEqualTo(8);
        }
    }

    @Test
    void accuracyFloorDropsTheIterationThatCrossesIt() throws Exception {
        ModelSpec spec = PruningFixtures.smallVgg();
        NormalizedImages train = PruningFixtures.normalized(PruningFixtures.quadrants(8, 1, 12, 5));
        NormalizedImages test = PruningFixtures.normalized(PruningFixtures.quadrants(8, 1, 12, 6));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            byte[] weights = SpecWeights.toBytes(PruningFixtures.randomBlock(spec, m, 8));
            PruningSettings s = new PruningSettings(PruningCriterion.RANDOM, 0.3, new RemovalRule(1, 0.5, 1),
                    ResidualMode.COUPLED, 4, 1.01, 0.9, 5, TUNE, 3);
            PruningLoop loop = new PruningLoop(s, train, test, m);
            PruningState start = loop.start(spec, weights);
            PruningState end = loop.run(start, (r, i, st) -> { }, QUIET);
            assertThat(end.stopReason()).isEqualTo(PruningLoop.STOP_FLOOR);
            assertThat(end.iteration()).isZero();
            assertThat(end.spec()).isEqualTo(spec);
            assertThat(end.history()).hasSize(1);
            assertThat(end.history().get(0).accepted()).isFalse();
        }
    }

    @Test
    void cancellationStopsBetweenFineTuningStepsWithoutReportingTheIteration() throws Exception {
        ModelSpec spec = PruningFixtures.smallVgg();
        NormalizedImages data = PruningFixtures.normalized(PruningFixtures.quadrants(8, 1, 12, 9));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            byte[] weights = SpecWeights.toBytes(PruningFixtures.randomBlock(spec, m, 4));
            PruningSettings s = new PruningSettings(PruningCriterion.CLASS_AWARE, 0.3, new RemovalRule(5, 0.5, 2),
                    ResidualMode.COUPLED, 4, null, null, 3, new FineTuneSettings(20, 0, 4, 0.01, 0.9, 0, 0, 0), 1);
            PruningLoop loop = new PruningLoop(s, data, data, m);
            PruningState start = loop.start(spec, weights);
            List<Integer> reported = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean fineTuning = new java.util.concurrent.atomic.AtomicBoolean();
            PruningLoop.Progress cancelDuringFineTuning = new PruningLoop.Progress() {
                @Override
                public void checkCancelled() {
                    if (fineTuning.get()) {
                        throw new org.imclab.common.jobs.JobCancelledException();
                    }
                }

                @Override
                public void report(double fraction, String step) {
                    fineTuning.set(step.contains("fine-tuning step"));
                }
            };
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> loop.run(start,
                    (r, i, st) -> reported.add(r.iteration()), cancelDuringFineTuning))
                    .isInstanceOf(org.imclab.common.jobs.JobCancelledException.class);
            assertThat(reported).isEmpty();
        }
    }
}
