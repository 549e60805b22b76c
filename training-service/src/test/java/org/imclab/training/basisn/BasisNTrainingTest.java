package org.imclab.training.basisn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imclab.common.data.ChannelStats;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.basisn.BasisConversion;
import org.imclab.common.nn.basisn.BasisInit;
import org.imclab.common.nn.basisn.BasisNBlockFactory;
import org.imclab.common.nn.basisn.BasisNLayer;
import org.imclab.common.nn.basisn.BasisNLayers;
import org.imclab.common.nn.basisn.BasisNSpec;
import org.imclab.common.nn.basisn.BasisQuantization;
import org.imclab.common.nn.basisn.ConversionResult;
import org.imclab.common.nn.basisn.LayerReconstruction;
import org.imclab.common.nn.training.EpochMetrics;
import org.imclab.common.nn.training.Evaluation;
import org.imclab.common.nn.training.ImageSamples;
import org.imclab.common.nn.training.Samples;
import org.imclab.common.nn.training.TrainingCheckpoint;
import org.imclab.common.nn.training.TrainingConfig;
import org.imclab.common.nn.training.TrainingLoop;
import org.imclab.training.support.MnistSubset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** BasisN training on real MNIST images: conversion of a trained model and the group-lasso regulariser. */
class BasisNTrainingTest {

    static Samples train;
    static Samples val;
    static Samples test;
    static final ModelSpec LENET = ModelZoo.lenet5(new int[] {1, 28, 28}, 10);

    @BeforeAll
    static void data() {
        ImageDataset all = MnistSubset.train();
        ImageDataset tr = all.subset(range(0, 1500));
        ChannelStats s = ChannelStats.of(tr);
        float[] mean = {(float) s.mean()[0]};
        float[] std = {(float) s.std()[0]};
        train = new ImageSamples(tr, mean, std, false);
        val = new ImageSamples(all.subset(range(2500, 3000)), mean, std, false);
        test = new ImageSamples(MnistSubset.test(), mean, std, false);
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    static TrainingConfig config(int epochs) {
        return TrainingConfig.defaults().withEpochs(epochs).withBatchSize(32)
                .withOptimizer(TrainingConfig.OptimizerKind.ADAM, 0.002).withSeed(5).withThreads(1);
    }

    @Test
    void convertingATrainedModelWithAFullSvdBasisReproducesItAndSmallerBasesDegradeGracefully() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            SpecBlock source = new DjlModelBuilder().build(LENET);
            new TrainingLoop(source, config(1)).fit(m, train, null, null);
            double sourceAcc = Evaluation.run(source, m, test, 256).accuracy();
            assertThat(sourceAcc).isGreaterThan(0.7);

            // N = R: the basis spans every segment, 16-bit coefficients leave only rounding.
            ConversionResult full = BasisConversion.convert(source, new BasisConfig(32, 32, 16, 4), BasisInit.SVD, 1,
                    BasisQuantization.NONE, m);
            assertThat(full.layers()).hasSize(5).allSatisfy(l -> assertThat(l.quantizedError()).isLessThan(1e-3));
            double fullAcc = Evaluation.run(full.model(), m, test, 256).accuracy();
            assertThat(fullAcc).isCloseTo(sourceAcc, within(0.002));

            List<Double> errors = new ArrayList<>();
            List<Double> accuracies = new ArrayList<>();
            for (int n : new int[] {32, 24, 16, 8, 4}) {
                ConversionResult r = BasisConversion.convert(source, new BasisConfig(32, n, 8, 1), BasisInit.SVD, 1,
                        BasisQuantization.NONE, m);
                errors.add(r.layers().stream().mapToDouble(LayerReconstruction::quantizedError).average().orElseThrow());
                accuracies.add(Evaluation.run(r.model(), m, test, 256).accuracy());
            }
            System.out.println("SVD conversion of LeNet-5 (R=32, 8-bit c), N=32,24,16,8,4: mean error " + errors
                    + ", test acc " + accuracies + " (source " + sourceAcc + ")");
            // Graceful: the error grows steadily as N shrinks and stays below that of dropping the weights (1).
            for (int i = 1; i < errors.size(); i++) {
                assertThat(errors.get(i)).isGreaterThan(errors.get(i - 1));
            }
            assertThat(errors.get(0)).isLessThan(0.02);
            assertThat(errors.get(errors.size() - 1)).isLessThan(1.0);
            assertThat(accuracies.get(0)).isCloseTo(sourceAcc, within(0.01));
            assertThat(accuracies.get(4)).isLessThanOrEqualTo(accuracies.get(0));
            // Truncated SVD is the best N-dimensional span (Eckart-Young): k-means captures no more energy.
            ConversionResult svd16 = BasisConversion.convert(source, new BasisConfig(32, 16, 8, 1), BasisInit.SVD, 1,
                    BasisQuantization.NONE, m);
            ConversionResult kmeans16 = BasisConversion.convert(source, new BasisConfig(32, 16, 8, 1),
                    BasisInit.KMEANS, 1, BasisQuantization.NONE, m);
            assertThat(svd16.capturedEnergy()).isGreaterThanOrEqualTo(kmeans16.capturedEnergy() - 1e-9);
        }
    }

    @Test
    void theGroupLassoTermIsLambdaTimesTheSumOfGroupNormsWithTheMatchingGradient() {
        ModelSpec spec = BasisNSpec.of(LENET, new BasisConfig(16, 8, 8, 4));
        try (NDManager m = NDManager.newBaseManager()) {
            SpecBlock model = BasisNBlockFactory.build(spec);
            TrainingLoop.initialize(model, m, spec.input(), 3);
            GroupLasso lasso = new GroupLasso(0.5, GroupLasso.Weighting.NONE);
            try (NDManager scope = m.newSubManager()) {
                NDArray value;
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    value = lasso.extra(model, new ParameterStore(scope, false));
                    gc.backward(value);
                }
                assertThat((double) value.getFloat()).isCloseTo(0.5 * GroupLasso.groupNormSum(model, GroupLasso.Weighting.NONE), within(1e-3));
                BasisNLayer fc3 = BasisNLayers.of(model).get("fc3");
                float[] c = fc3.coefficients().getArray().toFloatArray();
                float[] grad = fc3.coefficients().getArray().getGradient().toFloatArray();
                double[] norms = GroupLasso.groupNorms(fc3);
                long outputs = fc3.outputs();
                for (int i = 0; i < c.length; i++) {
                    int col = (int) ((i / outputs) % 8);
                    assertThat((double) grad[i]).isCloseTo(0.5 * c[i] / norms[fc3.groups().groupOf(col)], within(1e-4));
                }
            }
        }
    }

    @Test
    void theProximalStepSoftThresholdsEachGroupAndZeroesSmallOnes() {
        ModelSpec spec = BasisNSpec.of(ModelZoo.mlp(new int[] {6}, new int[] {4}, 3), new BasisConfig(4, 4, 8, 2));
        try (NDManager m = NDManager.newBaseManager()) {
            SpecBlock model = BasisNBlockFactory.build(spec);
            TrainingLoop.initialize(model, m, spec.input(), 3);
            BasisNLayer first = BasisNLayers.of(model).values().iterator().next();
            // S=2, N=4, M=4; group 0 = columns 0-1, group 1 = columns 2-3.
            float[] c = new float[2 * 4 * 4];
            c[0] = 3f;
            c[4] = 4f;
            c[2 * 4] = 0.1f;
            first.coefficients().getArray().set(c);
            double t = 0.5;
            GroupLassoProximal prox = new GroupLassoProximal(1, GroupLasso.Weighting.ORDERED, config(1));
            double[] before = GroupLasso.groupNorms(first);
            prox.shrink(model, t);
            float[] after = first.coefficients().getArray().toFloatArray();
            // Group 0 (norm 5, weight sqrt(16) * 1 = 4): threshold 2, factor 1 - 2/5.
            assertThat((double) after[0]).isCloseTo(3 * (1 - 2.0 / 5), within(1e-5));
            assertThat((double) after[4]).isCloseTo(4 * (1 - 2.0 / 5), within(1e-5));
            // Group 1 (norm 0.1 below its threshold 0.5 * 4 * 2): exactly zero.
            assertThat(after[8]).isZero();
            assertThat(before[1]).isCloseTo(0.1, within(1e-6));
        }
    }

    /** Trains a BasisN LeNet-5 with this λ and returns [mean groups used per layer, test accuracy]. */
    private static double[] trainWithLasso(double lambda) throws Exception {
        ModelSpec spec = BasisNSpec.of(LENET, new BasisConfig(32, 32, 4, 8));
        BasisNSettings settings = new BasisNSettings(BasisNSettings.Mode.FROM_SCRATCH, spec.basis(),
                new CrossbarGeometry(32, 2, 8, false), BasisQuantization.NONE, BasisInit.SVD, lambda,
                GroupLasso.Weighting.ORDERED, BasisNSettings.Solver.PROXIMAL, 0, 0, config(3));
        List<Double> perEpoch = new ArrayList<>();
        BasisNRun run = new BasisNRun(settings, train, val, test, new BasisNRun.Sink() {
            @Override
            public void epoch(String phase, EpochMetrics metrics, Map<String, Double> extra,
                    TrainingCheckpoint checkpoint, Map<String, Object> meta) {
                perEpoch.add(extra.get("groups_used_mean"));
                assertThat(meta).containsEntry("phase", BasisNRun.BASISN);
            }

            @Override
            public void step(String phase, int epoch, int batch, int batches) {
            }
        });
        try (NDManager m = NDManager.newBaseManager()) {
            BasisNOutcome o = run.fromScratch(LENET, m, null);
            assertThat(perEpoch).hasSize(3);
            System.out.println("group lasso λ=" + lambda + ": groups used per epoch " + perEpoch + ", per layer "
                    + o.usage().layers().stream().map(u -> u.name() + "=" + u.groupsUsed()).toList()
                    + ", test acc " + o.testAccuracy());
            return new double[] {o.usage().meanGroupsUsed(), o.testAccuracy()};
        }
    }

    @Test
    void theGroupLassoReducesTheCrossbarGroupsEachLayerUses() throws Exception {
        double[] without = trainWithLasso(0);
        double[] with = trainWithLasso(GROUP_LASSO);
        assertThat(without[0]).isEqualTo(8.0);
        assertThat(with[0]).isLessThan(without[0] - 2);
        assertThat(with[1]).isGreaterThan(without[1] - 0.05);
    }

    static final double GROUP_LASSO = 0.1;
}
