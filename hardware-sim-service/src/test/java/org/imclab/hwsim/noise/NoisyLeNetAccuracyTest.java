package org.imclab.hwsim.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.junit.jupiter.api.Test;

/**
 * A LeNet-5 trained here on the committed MNIST subset, evaluated on simulated isaac-puma chips (8-bit
 * weights in four 2-bit cells, 8-bit ADC, log-normal variation): with a fixed seed, the Monte-Carlo mean
 * accuracy falls strictly as σ grows.
 */
class NoisyLeNetAccuracyTest {

    @Test
    void monteCarloAccuracyOfATrainedLeNetFallsMonotonicallyWithSigma() {
        long t0 = System.nanoTime();
        EvaluableModel lenet = LocalModels.trainedLeNet(2, 7);
        long t1 = System.nanoTime();
        CrossbarParams isaac = CrossbarPresets.get(CrossbarPresets.ISAAC_PUMA);
        NoiseOptions options = new NoiseOptions(List.of(0.0, 0.1, 0.3, 0.6), VariationModel.LOGNORMAL, 5, 2024L,
                null, null, null, null, null, null);

        NoisyAccuracyResult r = new NoisyAccuracyEvaluator().evaluate(lenet, isaac, options, NoisyAccuracyEvaluator.SILENT);

        System.out.printf("LeNet-5: training %.1f s, Monte Carlo %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        assertThat(r.floatAccuracy()).isGreaterThan(0.9);
        assertThat(r.samples()).isEqualTo(1000);
        assertThat(r.mapping()).isEqualTo("weight-stationary");
        assertThat(r.perturbed()).hasSize(5);
        assertThat(r.adcBits()).isEqualTo(8);
        assertThat(r.slices()).isEqualTo(4);
        List<SigmaAccuracy> p = r.points();
        assertThat(p).extracting(SigmaAccuracy::sigma).containsExactly(0.0, 0.1, 0.3, 0.6);
        for (int i = 1; i < p.size(); i++) {
            assertThat(p.get(i).mean()).as("mean accuracy at sigma %s vs %s", p.get(i).sigma(), p.get(i - 1).sigma())
                    .isLessThan(p.get(i - 1).mean());
        }
        // σ = 0: every chip is the same quantized chip, close to the float model.
        assertThat(p.get(0).std()).isZero();
        assertThat(p.get(0).mean()).isGreaterThan(r.floatAccuracy() - 0.02);
        for (SigmaAccuracy s : p) {
            assertThat(s.accuracies()).hasSize(5);
            assertThat(s.ci95Low()).isLessThanOrEqualTo(s.mean());
            assertThat(s.ci95High()).isGreaterThanOrEqualTo(s.mean());
            assertThat(s.p2_5()).isBetween(s.min(), s.max());
            assertThat(s.p97_5()).isBetween(s.p2_5(), s.max());
        }
        System.out.printf("LeNet-5 float %.4f; %s%n", r.floatAccuracy(), p.stream()
                .map(s -> String.format("sigma %.1f: %.4f +- %.4f", s.sigma(), s.mean(), s.std())).toList());
    }
}
