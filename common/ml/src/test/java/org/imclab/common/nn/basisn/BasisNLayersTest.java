package org.imclab.common.nn.basisn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.DjlModelBuilder;
import org.imclab.common.nn.LayerSpec;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.junit.jupiter.api.Test;

class BasisNLayersTest {

    private static final Shape LENET_IN = new Shape(4, 1, 28, 28);

    private static ModelSpec lenet(int rows, int n, int bits, int groups) {
        return BasisNSpec.of(ModelZoo.lenet5(new int[] {1, 28, 28}, 10), new BasisConfig(rows, n, bits, groups));
    }

    private static List<BasisNLayer> basisLayers(SpecBlock model) {
        List<BasisNLayer> out = new ArrayList<>();
        for (LayerSpec l : model.spec().layers()) {
            if (model.layer(l.name()) instanceof BasisNLayer b) {
                out.add(b);
            }
        }
        return out;
    }

    private static NDArray loss(SpecBlock model, NDManager m, NDArray x) {
        NDArray logits = model.forward(new ParameterStore(m, false), new NDList(x), true).head();
        return logits.logSoftmax(1).get(":, 3").neg().mean();
    }

    @Test
    void theBasisIsOneParameterAndOneStepOnItChangesEveryLayersWeights() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock model = BasisNBlockFactory.build(lenet(32, 16, 8, 2));
            model.initialize(m, DataType.FLOAT32, LENET_IN);
            List<String> keys = new ArrayList<>();
            Parameter basis = model.sharedParameter(BasisNBlockFactory.BASIS);
            int sameObject = 0;
            for (Pair<String, Parameter> p : model.getParameters()) {
                keys.add(p.getKey());
                if (p.getValue() == basis) {
                    sameObject++;
                }
            }
            assertThat(keys.stream().filter(BasisNBlockFactory.BASIS::equals)).hasSize(1);
            assertThat(keys.stream().filter(k -> k.contains("basis"))).hasSize(1);
            assertThat(sameObject).isEqualTo(1);
            List<BasisNLayer> layers = basisLayers(model);
            assertThat(layers).hasSize(5).allSatisfy(l -> assertThat(l.basis()).isSameAs(basis));
            assertThat(basis.getArray().getShape()).isEqualTo(new Shape(32, 16));

            Map<BasisNLayer, float[]> before = new LinkedHashMap<>();
            layers.forEach(l -> before.put(l, l.denseWeight()));
            NDArray x = m.randomNormal(LENET_IN);
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                gc.backward(loss(model, m, x));
            }
            NDArray b = basis.getArray();
            NDArray grad = b.getGradient();
            assertThat(grad.abs().sum().getFloat()).isGreaterThan(0f);
            // One SGD step on B alone; every coefficient stays as it was.
            b.subi(grad.mul(0.5f));
            for (BasisNLayer l : layers) {
                float[] after = l.denseWeight();
                double change = 0;
                for (int i = 0; i < after.length; i++) {
                    change += Math.abs(after[i] - before.get(l)[i]);
                }
                assertThat(change).as("weights of a layer after a step on B").isGreaterThan(1e-4);
            }
        }
    }

    @Test
    void theBasisGradientIsTheSumOfEveryLayersGradient() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock model = BasisNBlockFactory.build(lenet(32, 16, 8, 2));
            model.initialize(m, DataType.FLOAT32, LENET_IN);
            NDArray b = model.sharedParameter(BasisNBlockFactory.BASIS).getArray();
            List<BasisNLayer> layers = basisLayers(model);
            List<NDArray> targets = new ArrayList<>();
            for (BasisNLayer l : layers) {
                ParameterStore store = new ParameterStore(m, false);
                targets.add(m.randomNormal(l.weight(store, m, m.getDevice(), false).getShape()));
            }
            NDArray sum = m.zeros(b.getShape());
            for (int i = 0; i < layers.size(); i++) {
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    NDArray w = layers.get(i).weight(new ParameterStore(m, false), m, m.getDevice(), true);
                    gc.backward(w.mul(targets.get(i)).sum());
                }
                NDArray g = b.getGradient();
                sum.addi(g);
                // PyTorch accumulates gradients across backward calls.
                g.subi(g);
            }
            NDArray all;
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray total = m.zeros(new Shape());
                for (int i = 0; i < layers.size(); i++) {
                    NDArray w = layers.get(i).weight(new ParameterStore(m, false), m, m.getDevice(), true);
                    total = total.add(w.mul(targets.get(i)).sum());
                }
                gc.backward(total);
            }
            all = b.getGradient();
            assertThat(all.sub(sum).abs().max().getFloat()).isLessThan(1e-3f * Math.max(1f, sum.abs().max().getFloat()));
        }
    }

    @Test
    void fourBitCoefficientsHaveAtMostSixteenLevelsPerLayerScale() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock model = BasisNBlockFactory.build(lenet(32, 16, 4, 4));
            model.initialize(m, DataType.FLOAT32, LENET_IN);
            Engine.getInstance().setRandomSeed(7);
            // A few training steps so the coefficients move off their initial draw.
            Parameter basis = model.sharedParameter(BasisNBlockFactory.BASIS);
            for (int step = 0; step < 3; step++) {
                try (NDManager scope = m.newSubManager()) {
                    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                        gc.backward(loss(model, scope, scope.randomNormal(LENET_IN)));
                    }
                    for (Pair<String, Parameter> p : model.getParameters()) {
                        if (p.getValue().requiresGradient()) {
                            NDArray w = p.getValue().getArray();
                            NDArray g = w.getGradient();
                            w.subi(g.mul(0.01f));
                            g.subi(g);
                        }
                    }
                }
            }
            assertThat(basis.getArray().isNaN().any().getBoolean()).isFalse();
            for (BasisNLayer l : basisLayers(model)) {
                float scale = l.scaleValue();
                float[] q = l.quantizedCoefficients();
                Set<Integer> levels = new HashSet<>();
                for (float v : q) {
                    float level = v / scale;
                    assertThat(level).isCloseTo(Math.round(level), within(1e-3f));
                    assertThat(Math.round(level)).isBetween(-8, 7);
                    levels.add(Math.round(level));
                }
                assertThat(levels.size()).as("distinct 4-bit levels").isLessThanOrEqualTo(16).isGreaterThan(2);
                assertThat(BasisNUsageReport.usage("l", "conv", l).distinctLevels()).isEqualTo(levels.size());
                // The forward computes with exactly these coefficients: W = B * c_q.
                float[] w = l.denseWeight();
                float[] expected = assemble(basis.getArray().toFloatArray(), q, l);
                for (int i = 0; i < w.length; i++) {
                    assertThat(w[i]).isCloseTo(expected[i], within(1e-4f));
                }
            }
        }
    }

    /** (M x K) weight from B (R x N) and quantised c (S x N x M), the BasisN definition written out. */
    private static float[] assemble(float[] b, float[] c, BasisNLayer l) {
        int r = l.rows();
        int n = l.basisSize();
        int m = (int) l.outputs();
        int k = (int) l.unrolledRows();
        float[] w = new float[m * k];
        for (int f = 0; f < m; f++) {
            for (int row = 0; row < k; row++) {
                int s = row / r;
                int i = row % r;
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += b[i * n + j] * c[(s * n + j) * m + f];
                }
                w[f * k + row] = (float) sum;
            }
        }
        return w;
    }

    @Test
    void theStraightThroughEstimatorPassesTheGradientToTheFloatCoefficients() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock model = BasisNBlockFactory.build(lenet(32, 16, 2, 1));
            model.initialize(m, DataType.FLOAT32, LENET_IN);
            NDArray b = model.sharedParameter(BasisNBlockFactory.BASIS).getArray();
            for (BasisNLayer l : basisLayers(model)) {
                NDArray c = l.coefficients().getArray();
                NDArray target;
                try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                    NDArray w = l.weight(new ParameterStore(m, false), m, m.getDevice(), true);
                    target = m.randomNormal(w.getShape());
                    gc.backward(w.mul(target).sum());
                }
                // d/dc of sum(W * T) through c_q = c + stopGradient(q(c) - c) is B^T T_seg: identity through q.
                long k = l.unrolledRows();
                long s = l.segments();
                NDArray t = target.reshape(l.outputs(), k).transpose();
                NDArray padded = m.zeros(new Shape(s * l.rows(), l.outputs()));
                padded.set(new NDIndex(":{}", k), t);
                NDArray expected = b.transpose().matMul(padded.reshape(s, l.rows(), l.outputs()));
                NDArray grad = c.getGradient();
                assertThat(grad.abs().sum().getFloat()).isGreaterThan(0f);
                assertThat(grad.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
                // With 2 bits most coefficients are moved by quantisation, yet none blocks its gradient.
                assertThat(grad.eq(0).sum().getLong()).isLessThan(grad.size() / 100 + 1);
                grad.subi(grad);
            }
        }
    }

    @Test
    void convAndLinearComputeWhatDjlsDenseBlocksComputeWithTheAssembledWeights() {
        ModelSpec spec = new ModelSpec("small", new int[] {3, 9, 9}, 5, List.of(
                LayerSpec.conv("c1", 8, 3, 2, 1, true).withBasis("B"),
                LayerSpec.relu("r1"),
                LayerSpec.conv("c2", 8, 3, 1, 0, false).withBasis("B").withGroups(2),
                LayerSpec.flatten("f"),
                LayerSpec.linear("fc", 5).withBasis("B")), new BasisConfig(16, 12, 6, 3));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Shape in = new Shape(2, 3, 9, 9);
            SpecBlock basisN = BasisNBlockFactory.build(spec);
            basisN.initialize(m, DataType.FLOAT32, in);
            SpecBlock dense = new DjlModelBuilder().build(BasisNSpec.standard(spec));
            dense.initialize(m, DataType.FLOAT32, in);
            for (String name : List.of("c1", "c2", "fc")) {
                BasisNLayer l = (BasisNLayer) basisN.layer(name);
                Block d = dense.layer(name);
                NDArray w = d.getParameters().get("weight").getArray();
                w.set(l.denseWeight());
                if (l.biasParameter() != null) {
                    d.getParameters().get("bias").getArray().set(new NDIndex("..."), l.biasParameter().getArray().add(0.1f));
                    l.biasParameter().getArray().addi(0.1f);
                }
            }
            NDArray x = m.randomNormal(in);
            NDArray expected = dense.forward(new ParameterStore(m, false), new NDList(x), false).head();
            NDArray actual = basisN.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertThat(actual.getShape()).isEqualTo(new Shape(2, 5));
            assertThat(basisN.getOutputShapes(new Shape[] {in})[0]).isEqualTo(new Shape(2, 5));
            assertThat(actual.sub(expected).abs().max().getFloat()).isLessThan(1e-4f);
        }
    }

    @Test
    void weightsRoundTripThroughSpecWeightsWithTheBasisSavedOnce() throws IOException {
        ModelSpec spec = lenet(32, 16, 4, 2);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock model = BasisNBlockFactory.build(spec);
            model.initialize(m, DataType.FLOAT32, LENET_IN);
            NDArray x = m.randomNormal(LENET_IN);
            // A training forward recalibrates the scales, as training would.
            model.forward(new ParameterStore(m, false), new NDList(x), true);
            byte[] bytes = SpecWeights.toBytes(model);
            NDArray expected = model.forward(new ParameterStore(m, false), new NDList(x), false).head();

            SpecBlock initialised = BasisNBlockFactory.build(spec);
            initialised.initialize(m, DataType.FLOAT32, LENET_IN);
            SpecWeights.fromBytes(initialised, m, bytes);
            NDArray again = initialised.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertThat(again.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);

            SpecBlock fresh = BasisNBlockFactory.build(spec);
            SpecWeights.fromBytes(fresh, m, bytes);
            NDArray loaded = fresh.forward(new ParameterStore(m, false), new NDList(x), false).head();
            assertThat(loaded.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
            assertThat(((BasisNLayer) fresh.layer("fc1")).segments()).isEqualTo(13);
        }
    }

    @Test
    void quantizingTheBasisInTrainingPutsTheForwardOnTheDeviceGrid() {
        ModelSpec spec = lenet(32, 16, 8, 1);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock model = BasisNBlockFactory.build(spec, BasisQuantization.of(1, 2));
            model.initialize(m, DataType.FLOAT32, LENET_IN);
            BasisNLayer fc3 = (BasisNLayer) model.layer("fc3");
            NDArray b = model.sharedParameter(BasisNBlockFactory.BASIS).getArray();
            NDArray c = fc3.coefficients().getArray();
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray w = fc3.weight(new ParameterStore(m, false), m, m.getDevice(), true);
                // 2-bit B (1 bit x 2 slices): levels -2..1 times max|B|.
                float step = b.abs().max().getFloat();
                float[] bq = b.toFloatArray();
                for (int i = 0; i < bq.length; i++) {
                    bq[i] = Math.max(-2, Math.min(1, Math.round(bq[i] / step))) * step;
                }
                float[] cq = fc3.quantizedCoefficients();
                float[] expected = assemble(bq, cq, fc3);
                float[] actual = w.toFloatArray();
                for (int i = 0; i < actual.length; i++) {
                    assertThat(actual[i]).isCloseTo(expected[i], within(1e-4f));
                }
                gc.backward(w.sum());
            }
            assertThat(b.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            assertThat(c.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
            // At inference B is read as stored.
            float[] inference = fc3.denseWeight();
            float[] floatB = assemble(b.toFloatArray(), fc3.quantizedCoefficients(), fc3);
            for (int i = 0; i < inference.length; i++) {
                assertThat(inference[i]).isCloseTo(floatB[i], within(1e-4f));
            }
        }
    }

    @Test
    void trainingStepsLeaveNoIntermediatesInTheModelsManager() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            SpecBlock model = BasisNBlockFactory.build(lenet(32, 16, 4, 2));
            model.initialize(m, DataType.FLOAT32, LENET_IN);
            int before = m.getManagedArrays().size();
            for (int step = 0; step < 3; step++) {
                try (NDManager scope = m.newSubManager()) {
                    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                        gc.backward(loss(model, scope, scope.randomNormal(LENET_IN)));
                    }
                }
            }
            // Gradients are created once per parameter; nothing else may accumulate per step.
            int after = m.getManagedArrays().size();
            assertThat(after - before).isLessThanOrEqualTo(model.getParameters().size());
        }
    }
}
