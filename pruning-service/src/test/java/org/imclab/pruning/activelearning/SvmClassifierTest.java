package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import libsvm.svm;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.junit.jupiter.api.Test;

class SvmClassifierTest {

    private static final FeatureData DIGITS = BuiltinDatasetSource.digits().orElseThrow();

    @Test
    void decisionValuesAndPredictionsMatchLibsvm() {
        SvmClassifier svmc = new SvmClassifier(10, 10, 0.05, false);
        svmc.fit(Arrays.copyOfRange(DIGITS.x(), 0, 300), Arrays.copyOfRange(DIGITS.y(), 0, 300));
        for (int i = 400; i < 460; i++) {
            double[] mine = svmc.decisionValues(DIGITS.x()[i]);
            double[] theirs = new double[45];
            double label = svm.svm_predict_values(svmc.model(), SvmClassifier.nodes(DIGITS.x()[i]), theirs);
            for (int p = 0; p < 45; p++) {
                assertThat(mine[p]).isCloseTo(theirs[p], within(1e-6));
            }
            assertThat(svmc.predict(new float[][] {DIGITS.x()[i]})[0]).isEqualTo((int) label);
        }
        double[][] proba = svmc.predictProba(Arrays.copyOfRange(DIGITS.x(), 400, 410));
        for (double[] row : proba) {
            assertThat(Arrays.stream(row).sum()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void distanceMatchesFiniteDifferenceGradientAndBisectionToTheBoundary() {
        // Two digit classes: the binary decision function f, with the boundary f = 0.
        int[] idx = java.util.stream.IntStream.range(0, DIGITS.size()).filter(i -> DIGITS.y()[i] == 3 || DIGITS.y()[i] == 8)
                .toArray();
        float[][] x = new float[120][];
        int[] y = new int[120];
        for (int i = 0; i < 120; i++) {
            x[i] = DIGITS.x()[idx[i]];
            y[i] = DIGITS.y()[idx[i]];
        }
        double gamma = 0.05;
        SvmClassifier svmc = new SvmClassifier(10, 10, gamma, false);
        svmc.fit(x, y);
        int checked = 0;
        for (int q = 120; q < idx.length && checked < 15; q++) {
            float[] p = DIGITS.x()[idx[q]];
            double f = svmc.decisionValues(p)[0];
            // Finite-difference gradient (central, h = 1e-3).
            double[] g = new double[p.length];
            for (int d = 0; d < p.length; d++) {
                float[] a = p.clone();
                float[] b = p.clone();
                a[d] += 1e-3f;
                b[d] -= 1e-3f;
                g[d] = (svmc.decisionValues(a)[0] - svmc.decisionValues(b)[0]) / (a[d] - b[d]);
            }
            double gNorm = Vectors.norm(g);
            double distance = svmc.boundaryDistance(p);
            assertThat(distance).isCloseTo(Math.abs(f) / gNorm, within(1e-3 * Math.max(1, distance)));
            // Walk along -sign(f)·∇f and bisect to where the real f changes sign.
            double[] dir = new double[p.length];
            for (int d = 0; d < p.length; d++) {
                dir[d] = -Math.signum(f) * g[d] / gNorm;
            }
            double hi = 0;
            while (hi < 5 && Math.signum(svmc.decisionValues(move(p, dir, hi))[0]) == Math.signum(f)) {
                hi += 0.01;
            }
            if (hi >= 5) {
                continue;
            }
            double lo = Math.max(0, hi - 0.01);
            for (int i = 0; i < 40; i++) {
                double mid = (lo + hi) / 2;
                if (Math.signum(svmc.decisionValues(move(p, dir, mid))[0]) == Math.signum(f)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            if (distance < 0.5) {
                // Near the boundary the first-order distance agrees with the true one along the gradient.
                assertThat(distance).as("sample %d", q).isCloseTo(hi, within(0.25 * hi + 1e-3));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    private static float[] move(float[] p, double[] dir, double t) {
        float[] out = p.clone();
        for (int d = 0; d < p.length; d++) {
            out[d] += (float) (t * dir[d]);
        }
        return out;
    }

    @Test
    void deepFoolExamplesFlipTheMultiClassPrediction() {
        SvmClassifier svmc = new SvmClassifier(10, 10, 0.05, false);
        svmc.fit(Arrays.copyOfRange(DIGITS.x(), 0, 300), Arrays.copyOfRange(DIGITS.y(), 0, 300));
        float[][] q = Arrays.copyOfRange(DIGITS.x(), 500, 530);
        Perturbations p = svmc.deepFool(q, AdversarialSettings.defaults());
        int[] before = svmc.predict(q);
        int flipped = 0;
        for (int i = 0; i < q.length; i++) {
            assertThat(p.distance()[i]).isPositive();
            if (p.flipped()[i]) {
                flipped++;
                assertThat(svmc.predict(new float[][] {p.adversarial()[i]})[0]).isNotEqualTo(before[i]);
            }
        }
        assertThat(flipped).isGreaterThanOrEqualTo(q.length - 2);
    }
}
