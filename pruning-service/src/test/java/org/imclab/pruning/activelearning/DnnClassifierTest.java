package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.junit.jupiter.api.Test;

/** DJL-backed DNN: DeepFool and BIM through autograd. */
class DnnClassifierTest {

    private static DnnClassifier.Settings settings(int[] hidden, int epochs, int minSteps) {
        return new DnnClassifier.Settings("mlp", hidden, epochs, minSteps, 64, 0.01, 1);
    }

    @Test
    void deepFoolPerturbationReallyFlipsTheNetworksPrediction() {
        FeatureData digits = BuiltinDatasetSource.digits().orElseThrow();
        try (DnnClassifier dnn = new DnnClassifier(10, 64, digits.imageShape(), settings(new int[] {64}, 10, 0))) {
            dnn.fit(Arrays.copyOfRange(digits.x(), 0, 400), Arrays.copyOfRange(digits.y(), 0, 400));
            float[][] q = Arrays.copyOfRange(digits.x(), 1000, 1040);
            int[] before = dnn.predict(q);
            Perturbations p = dnn.deepFool(q, new AdversarialSettings(50, 0.02, 0.3, 0.01, 50));
            int flipped = 0;
            for (int i = 0; i < q.length; i++) {
                if (p.flipped()[i]) {
                    flipped++;
                    int after = dnn.predict(new float[][] {p.adversarial()[i]})[0];
                    assertThat(after).isNotEqualTo(before[i]);
                    assertThat(p.distance()[i]).isCloseTo(Vectors.distance(q[i], p.adversarial()[i]),
                            org.assertj.core.api.Assertions.within(1e-3));
                }
            }
            assertThat(flipped).isGreaterThanOrEqualTo(q.length - 1);
            assertThat(dnn.embed(q)[0]).hasSize(64);
        }
    }

    @Test
    void onAToyProblemThePointNearTheBoundaryRanksAboveAnInteriorOne() {
        // Two classes split by the line x0 = 0.5.
        Random r = new Random(5);
        float[][] x = new float[400][2];
        int[] y = new int[400];
        for (int i = 0; i < 400; i++) {
            x[i][0] = r.nextFloat();
            x[i][1] = r.nextFloat();
            y[i] = x[i][0] < 0.5f ? 0 : 1;
        }
        try (DnnClassifier dnn = new DnnClassifier(2, 2, null, settings(new int[] {32}, 20, 150))) {
            dnn.fit(x, y);
            float[][] probes = {{0.46f, 0.5f}, {0.1f, 0.5f}, {0.55f, 0.3f}, {0.95f, 0.3f}};
            assertThat(dnn.predict(probes)).containsExactly(0, 0, 1, 1);
            Perturbations p = dnn.deepFool(probes, AdversarialSettings.defaults());
            assertThat(p.flipped()).containsOnly(true);
            assertThat(p.distance()[0]).isLessThan(p.distance()[1]);
            assertThat(p.distance()[2]).isLessThan(p.distance()[3]);
            // The ranking the strategy uses puts the near points first.
            Selection s = QueryStrategies.select(Strategy.DEEPFOOL, dnn, probes, new float[0][], 2, new Random(0),
                    AdversarialSettings.defaults());
            assertThat(List.of(s.positions()[0], s.positions()[1])).containsExactlyInAnyOrder(0, 2);
            int[] steps = dnn.bimStepsToFlip(probes, new AdversarialSettings(50, 0.02, 1.0, 0.01, 100));
            assertThat(steps[0]).isLessThan(steps[1]);
            assertThat(steps[2]).isLessThan(steps[3]);
        }
    }

    @Test
    void refittingTheSameLabelsGivesTheSameNetwork() {
        FeatureData digits = BuiltinDatasetSource.digits().orElseThrow();
        float[][] x = Arrays.copyOfRange(digits.x(), 0, 100);
        int[] y = Arrays.copyOfRange(digits.y(), 0, 100);
        float[][] q = Arrays.copyOfRange(digits.x(), 500, 520);
        try (DnnClassifier a = new DnnClassifier(10, 64, null, settings(new int[] {32}, 2, 10));
                DnnClassifier b = new DnnClassifier(10, 64, null, settings(new int[] {32}, 2, 10))) {
            a.fit(x, y);
            b.fit(x, y);
            assertThat(a.logits(q)).isDeepEqualTo(b.logits(q));
        }
    }
}
