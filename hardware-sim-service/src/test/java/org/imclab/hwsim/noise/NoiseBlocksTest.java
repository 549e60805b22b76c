package org.imclab.hwsim.noise;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The DJL side of the noise model: the shared BasisN basis and the ADC wrapper. */
class NoiseBlocksTest {

    private static final int R = 16;
    private static final int N = 4;
    private static final int M = 3;

    /**
     * A minimal BasisN-style model: the top-level block owns {@code basis} (R x N); each of two layers owns
     * its coefficients (N x M) and computes x · (B · C), reading B through the ParameterStore without
     * registering it, as docs/science/basisn.md §1 prescribes. Each layer remembers the basis it saw.
     */
    static final class SharedBasisModel extends AbstractBlock {
        final Parameter basis;
        final BasisLayer first;
        final BasisLayer second;

        SharedBasisModel() {
            basis = addParameter(Parameter.builder().setName("basis").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(R, N)).build());
            first = addChildBlock("first", new BasisLayer(basis));
            second = addChildBlock("second", new BasisLayer(basis));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray a = first.forward(store, inputs, training, params).head();
            NDArray b = second.forward(store, inputs, training, params).head();
            return new NDList(a.add(b));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            first.initialize(manager, dataType, inputShapes);
            second.initialize(manager, dataType, inputShapes);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), M)};
        }
    }

    static final class BasisLayer extends AbstractBlock {
        final Parameter shared;
        final Parameter coefficients;
        float[] seenBasis;

        BasisLayer(Parameter shared) {
            this.shared = shared;
            coefficients = addParameter(Parameter.builder().setName("coefficients").setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(N, M)).build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.head();
            NDArray b = store.getValue(shared, x.getDevice(), training);
            seenBasis = b.toFloatArray();
            NDArray c = store.getValue(coefficients, x.getDevice(), training);
            return new NDList(x.matMul(b.matMul(c)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), M)};
        }
    }

    @Test
    void oneNoisyBasisPerChipIsSeenByEveryLayerAndCoefficientsStayExact() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SharedBasisModel model = new SharedBasisModel();
            model.initialize(manager, DataType.FLOAT32, new Shape(2, R));
            float[] cleanBasis = model.basis.getArray().toFloatArray();
            float[] coeff1 = model.first.coefficients.getArray().toFloatArray();
            float[] coeff2 = model.second.coefficients.getArray().toFloatArray();
            NDArray x = manager.randomNormal(new Shape(2, R));

            NoiseInjector injector = NoiseInjector.of(model);
            assertThat(injector.targets()).extracting(NoiseInjector.Target::name).containsExactly("basis");
            assertThat(injector.hasBasis()).isTrue();

            CellProgramming cells = new CellProgramming(8, 2, VariationModel.LOGNORMAL, 0.3, 0.01, 0.01);
            injector.perturb(cells, 17);
            model.forward(new ParameterStore(manager, false), new NDList(x), false);
            float[] chipA = model.first.seenBasis;
            assertThat(chipA).isNotEqualTo(cleanBasis);
            assertThat(model.second.seenBasis).containsExactly(chipA);
            assertThat(chipA).containsExactly(cells.apply(cleanBasis, NoiseInjector.mix(17, 0)));
            assertThat(model.first.coefficients.getArray().toFloatArray()).containsExactly(coeff1);
            assertThat(model.second.coefficients.getArray().toFloatArray()).containsExactly(coeff2);

            injector.perturb(cells, 18);
            model.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(model.first.seenBasis).isNotEqualTo(chipA);
            assertThat(model.second.seenBasis).containsExactly(model.first.seenBasis);

            injector.restore();
            model.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(model.first.seenBasis).containsExactly(cleanBasis);
            assertThat(model.second.seenBasis).containsExactly(cleanBasis);
        }
    }

    @Test
    void adcQuantizesALayerOutputToItsLevelsOverTheCalibratedRange() {
        try (NDManager manager = NDManager.newBaseManager()) {
            AdcOutputBlock adc = new AdcOutputBlock("fc", Linear.builder().setUnits(8).build(), 2);
            adc.initialize(manager, DataType.FLOAT32, new Shape(64, 5));
            NDArray x = manager.randomNormal(new Shape(64, 5));
            NDArray clean = adc.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            assertThat(NoiseInjector.of(adc).targets()).extracting(NoiseInjector.Target::name)
                    .containsExactly("01layer/weight");

            adc.startCalibration();
            adc.forward(new ParameterStore(manager, false), new NDList(x), false);
            adc.stopCalibration();
            float[] range = adc.range();
            assertThat(range[0]).isEqualTo(clean.min().getFloat());
            assertThat(range[1]).isEqualTo(clean.max().getFloat());

            float[] q = adc.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();
            Set<Float> levels = new HashSet<>();
            for (float v : q) {
                levels.add(v);
            }
            assertThat(levels).hasSizeLessThanOrEqualTo(4).hasSizeGreaterThan(1);
            float step = (range[1] - range[0]) / 3;
            float[] c = clean.toFloatArray();
            for (int i = 0; i < c.length; i++) {
                assertThat(Math.abs(q[i] - c[i])).isLessThanOrEqualTo(step / 2 + 1e-5f);
            }
            assertThat(Arrays.equals(q, c)).isFalse();
        }
    }
}
