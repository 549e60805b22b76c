package org.imclab.pruning.activelearning.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.imclab.common.data.CsvDatasetReader;
import org.imclab.common.data.SplitPolicy;
import org.imclab.common.data.TabularDataset;
import org.imclab.pruning.activelearning.FeatureData;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Small data sets that need no training-service, for tests, demos and the benchmark harness:
 * <ul>
 * <li>{@code builtin:digits}: scikit-learn's 8×8 digits (1797 rows), read from the classpath resource
 * {@code activelearning/digits.csv.gz} when present (the test classpath ships it, with its licence);</li>
 * <li>{@code builtin:blobs}: three seeded 2-D Gaussian blobs, 600 points, for fast checks.</li>
 * </ul>
 * Both are cut by SplitPolicy's default (stratified 70/10/20, seed 42): test is the 20 %, the pool the other 80 %.
 */
@Component
@Order(0)
public class BuiltinDatasetSource implements DatasetSource {

    public static final String PREFIX = "builtin:";
    public static final String DIGITS_RESOURCE = "activelearning/digits.csv.gz";

    @Override
    public boolean handles(String datasetId) {
        return datasetId != null && datasetId.startsWith(PREFIX);
    }

    @Override
    public Optional<PoolData> load(String datasetId) {
        return switch (datasetId) {
            case PREFIX + "digits" -> digits().map(d -> split(datasetId, "sklearn digits", d));
            case PREFIX + "blobs" -> Optional.of(split(datasetId, "gaussian blobs", blobs(600, 0)));
            default -> Optional.empty();
        };
    }

    static PoolData split(String id, String name, FeatureData data) {
        byte[] parts = SplitPolicy.defaultCut(data.y());
        return new PoolData(id, name, data, SplitPolicy.indicesExcept(parts, SplitPolicy.TEST),
                SplitPolicy.indices(parts, SplitPolicy.TEST));
    }

    /** scikit-learn digits as 1×8×8 images with values 0..16 scaled to [0, 1]; empty if not on the classpath. */
    public static Optional<FeatureData> digits() {
        try (InputStream in = BuiltinDatasetSource.class.getClassLoader().getResourceAsStream(DIGITS_RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            TabularDataset t = CsvDatasetReader.read(in);
            return Optional.of(FeatureData.fromTable(t, new int[] {1, 8, 8}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Three isotropic 2-D Gaussians (σ = 0.08) centred inside [0, 1]², n points in total. */
    public static FeatureData blobs(int n, long seed) {
        double[][] centres = {{0.3, 0.3}, {0.7, 0.35}, {0.5, 0.75}};
        Random r = new Random(seed);
        float[][] x = new float[n][2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            x[i][0] = (float) Math.max(0, Math.min(1, centres[c][0] + 0.08 * r.nextGaussian()));
            x[i][1] = (float) Math.max(0, Math.min(1, centres[c][1] + 0.08 * r.nextGaussian()));
        }
        return new FeatureData(x, y, List.of("0", "1", "2"), null);
    }
}
