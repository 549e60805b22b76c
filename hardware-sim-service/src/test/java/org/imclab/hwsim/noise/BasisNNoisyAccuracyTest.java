package org.imclab.hwsim.noise;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.List;
import org.imclab.common.nn.BasisConfig;
import org.imclab.common.nn.ModelSpec;
import org.imclab.common.nn.ModelZoo;
import org.imclab.common.nn.SpecBlock;
import org.imclab.common.nn.SpecWeights;
import org.imclab.common.nn.basisn.BasisNBlockFactory;
import org.imclab.common.nn.basisn.BasisNSpec;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.junit.jupiter.api.Test;

/** NOISY_ACCURACY on a model built with common.nn's BasisN layers: only the one shared basis is perturbed. */
class BasisNNoisyAccuracyTest {

    @Test
    void aBasisNModelIsEvaluatedWithOnlyItsSharedBasisOnTheCrossbars() throws IOException {
        ModelSpec spec = BasisNSpec.of(ModelZoo.lenet5(new int[] {1, 28, 28}, 10), new BasisConfig(32, 16, 4, 2));
        byte[] weights;
        try (NDManager manager = NDManager.newBaseManager()) {
            SpecBlock block = BasisNBlockFactory.build(spec);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            weights = SpecWeights.toBytes(block);
        }
        TestSet test = LocalModels.untrainedLeNet(1).testSet();
        EvaluableModel model = new EvaluableModel("basisn-lenet", spec, weights, new BasisNBlockFactory(), test);
        NoiseOptions options = new NoiseOptions(List.of(0.0, 0.5), VariationModel.LOGNORMAL, 2, 3L, null, null, null,
                200, null, null);

        NoisyAccuracyResult r = new NoisyAccuracyEvaluator().evaluate(model,
                CrossbarPresets.get(CrossbarPresets.ISAAC_PUMA), options, NoisyAccuracyEvaluator.SILENT);

        assertThat(r.mapping()).isEqualTo("basisN");
        assertThat(r.perturbed()).containsExactly(NoiseInjector.BASIS);
        assertThat(r.points()).hasSize(2);
        assertThat(r.points().get(0).std()).isZero();
        assertThat(r.samples()).isEqualTo(200);
    }
}
