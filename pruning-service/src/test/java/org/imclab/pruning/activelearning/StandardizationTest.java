package org.imclab.pruning.activelearning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.imclab.common.data.DataSplit;
import org.imclab.common.data.TabularDataset;
import org.imclab.pruning.activelearning.data.DatasetCatalog;
import org.imclab.pruning.activelearning.data.DatasetSource;
import org.imclab.pruning.activelearning.data.PoolData;
import org.imclab.pruning.activelearning.study.StudyResult;
import org.imclab.pruning.activelearning.study.StudyRunner;
import org.imclab.pruning.activelearning.study.StudySpec;
import org.junit.jupiter.api.Test;

/**
 * Per-feature standardisation on a table whose feature ranges differ by 1000×: with one global min-max
 * range the wide noise columns drown the narrow informative ones; standardised, k-NN and the SVM learn.
 */
class StandardizationTest {

    /** Two informative features of scale 1, three noise features of scale 1000, three classes. */
    static TabularDataset wideRanges(int n, long seed) {
        Random r = new Random(seed);
        int f = 5;
        float[] x = new float[n * f];
        int[] y = new int[n];
        double[][] centres = {{0, 0}, {3, 0}, {1.5, 2.6}};
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            x[i * f] = (float) (centres[c][0] + 0.6 * r.nextGaussian());
            x[i * f + 1] = (float) (centres[c][1] + 0.6 * r.nextGaussian());
            for (int j = 2; j < f; j++) {
                x[i * f + j] = (float) (1000 * r.nextDouble());
            }
        }
        return new TabularDataset(x, y, List.of("a", "b", "n1", "n2", "n3"), List.of("0", "1", "2"));
    }

    private static final DatasetSource SYNTHETIC = new DatasetSource() {
        @Override
        public boolean handles(String datasetId) {
            return datasetId.equals("synthetic");
        }

        @Override
        public Optional<PoolData> load(String datasetId) {
            TabularDataset t = wideRanges(900, 7);
            DataSplit s = DataSplit.stratified(t.labels(), 0.75, 0, 0);
            return Optional.of(new PoolData(datasetId, "wide ranges", FeatureData.fromTable(t, null), s.train(),
                    s.test()));
        }
    };

    private static double finalAccuracy(PoolData p, ClassifierConfig classifier) {
        StudySpec spec = new StudySpec(classifier, List.of(Strategy.RANDOM), List.of(1L, 2L), 30, 30, 150, null, 0,
                AdversarialSettings.defaults());
        StudyResult r = StudyRunner.run(p.name(), spec, p.data(), p.poolIds(), p.testIds(), List.of(),
                new StudyRunner.Listener() {
                });
        double[] mean = r.summaries().get("random").mean();
        return mean[mean.length - 1];
    }

    @Test
    void standardisedFeaturesBeatOneGlobalRangeForKnnAndSvm() {
        DatasetCatalog catalog = new DatasetCatalog(List.of(SYNTHETIC));
        PoolData raw = catalog.load("synthetic", "datasetId", false);
        PoolData standardized = catalog.load("synthetic", "datasetId");
        for (ClassifierConfig c : List.of(ClassifierConfig.knn(1), ClassifierConfig.svm(10, null))) {
            double before = finalAccuracy(raw, c);
            double after = finalAccuracy(standardized, c);
            assertThat(after).as("%s: %.3f standardised vs %.3f global min-max", c.type(), after, before)
                    .isGreaterThan(0.85).isGreaterThan(before + 0.2);
        }
    }

    @Test
    void statisticsComeFromThePoolOnlyAndImagesAreLeftAlone() {
        DatasetCatalog catalog = new DatasetCatalog(List.of(SYNTHETIC));
        PoolData p = catalog.load("synthetic", "datasetId");
        for (int j = 0; j < 5; j++) {
            double sum = 0;
            double sq = 0;
            for (int i : p.poolIds()) {
                sum += p.data().x()[i][j];
            }
            double mean = sum / p.poolIds().length;
            for (int i : p.poolIds()) {
                sq += Math.pow(p.data().x()[i][j] - mean, 2);
            }
            assertThat(mean).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-4));
            assertThat(Math.sqrt(sq / p.poolIds().length)).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-3));
        }
        FeatureData digits = org.imclab.pruning.activelearning.data.BuiltinDatasetSource.digits().orElseThrow();
        assertThat(digits.standardized(new int[] {0, 1, 2})).isSameAs(digits);
    }
}
