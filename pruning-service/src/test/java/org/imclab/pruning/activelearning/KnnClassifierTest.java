package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.imclab.pruning.activelearning.data.BuiltinDatasetSource;
import org.junit.jupiter.api.Test;

class KnnClassifierTest {

    @Test
    void probabilitiesAreNeighbourVoteFractions() {
        KnnClassifier knn = new KnnClassifier(3, 2);
        knn.fit(new float[][] {{0f}, {0.1f}, {0.2f}, {1f}}, new int[] {0, 0, 1, 1});
        double[][] p = knn.predictProba(new float[][] {{0.05f}, {0.9f}});
        assertThat(p[0]).containsExactly(2.0 / 3, 1.0 / 3);
        assertThat(p[1]).containsExactly(1.0 / 3, 2.0 / 3);
        assertThat(knn.predict(new float[][] {{0.05f}, {0.9f}})).containsExactly(0, 1);
    }

    @Test
    void oneNearestNeighbourBoundIsTheExactDistanceToTheBisector() {
        KnnClassifier knn = new KnnClassifier(1, 2);
        knn.fit(new float[][] {{0.2f, 0.5f}, {0.8f, 0.5f}}, new int[] {0, 1});
        // The boundary is the line x = 0.5: a point at x = 0.35 is 0.15 away.
        assertThat(knn.boundaryDistance(new float[] {0.35f, 0.7f})).isCloseTo(0.15, within(1e-6));
    }

    @Test
    void boundIsNeverAboveTheFlipDistanceFoundByLineSearch() {
        FeatureData blobs = BuiltinDatasetSource.blobs(300, 3);
        for (int k : new int[] {1, 3, 5}) {
            KnnClassifier knn = new KnnClassifier(k, 3);
            float[][] train = new float[60][];
            int[] labels = new int[60];
            for (int i = 0; i < 60; i++) {
                train[i] = blobs.x()[i];
                labels[i] = blobs.y()[i];
            }
            knn.fit(train, labels);
            Random rng = new Random(k);
            for (int q = 100; q < 125; q++) {
                float[] x = blobs.x()[q];
                double bound = knn.boundaryDistance(x);
                int c = knn.predict(new float[][] {x})[0];
                double best = Double.POSITIVE_INFINITY;
                for (int dir = 0; dir < 48; dir++) {
                    double angle = 2 * Math.PI * dir / 48 + rng.nextDouble() * 0.01;
                    best = Math.min(best, flipDistance(knn, x, c, Math.cos(angle), Math.sin(angle)));
                }
                assertThat(bound).as("k=%d sample %d", k, q).isLessThanOrEqualTo(best + 1e-9);
            }
        }
    }

    /** Smallest t on a grid of 0.01 (then bisected) with a different prediction at x + t·d, or +∞ within 2. */
    private static double flipDistance(KnnClassifier knn, float[] x, int c, double dx, double dy) {
        double step = 0.01;
        for (double t = step; t < 2; t += step) {
            if (knn.predict(new float[][] {{(float) (x[0] + t * dx), (float) (x[1] + t * dy)}})[0] != c) {
                double lo = t - step;
                double hi = t;
                for (int i = 0; i < 30; i++) {
                    double mid = (lo + hi) / 2;
                    if (knn.predict(new float[][] {{(float) (x[0] + mid * dx), (float) (x[1] + mid * dy)}})[0] != c) {
                        hi = mid;
                    } else {
                        lo = mid;
                    }
                }
                return hi;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    @Test
    void adversarialExamplesChangeThePredictionAndBimCountsSteps() {
        FeatureData digits = BuiltinDatasetSource.digits().orElseThrow();
        KnnClassifier knn = new KnnClassifier(3, 10);
        float[][] train = java.util.Arrays.copyOfRange(digits.x(), 0, 200);
        knn.fit(train, java.util.Arrays.copyOfRange(digits.y(), 0, 200));
        float[][] queries = java.util.Arrays.copyOfRange(digits.x(), 300, 330);
        Perturbations p = knn.deepFool(queries, AdversarialSettings.defaults());
        int[] before = knn.predict(queries);
        int flipped = 0;
        for (int i = 0; i < queries.length; i++) {
            if (p.flipped()[i]) {
                flipped++;
                assertThat(knn.predict(new float[][] {p.adversarial()[i]})[0]).isNotEqualTo(before[i]);
                // The sound bound never exceeds the perturbation that really flipped the prediction.
                assertThat(p.distance()[i]).isLessThanOrEqualTo(Vectors.distance(queries[i], p.adversarial()[i]) + 1e-6);
            }
        }
        assertThat(flipped).isEqualTo(queries.length);
        int[] steps = knn.bimStepsToFlip(queries, new AdversarialSettings(50, 0.02, 0.5, 0.02, 40));
        assertThat(java.util.Arrays.stream(steps).allMatch(s -> s >= 1 && s <= 41)).isTrue();
        assertThat(java.util.Arrays.stream(steps).filter(s -> s <= 40).count()).isGreaterThan(queries.length / 2);
    }
}
