package org.imclab.pruning.activelearning;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.data.TabularDataset;

/**
 * Labelled feature vectors as the active-learning classifiers see them: one float row per sample,
 * scaled to [0, 1] so that one set of attack step sizes (eps, BIM step) means the same for every data
 * set. Image data keeps its C×H×W shape for LeNet-style models and for PNG previews.
 *
 * @param x          N rows of F features in [0, 1]
 * @param y          class index per row
 * @param classNames name of each class index
 * @param imageShape [C, H, W] when the rows are images (F = C·H·W), else null
 */
public record FeatureData(float[][] x, int[] y, List<String> classNames, int[] imageShape) {

    public FeatureData {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        classNames = List.copyOf(classNames);
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
        }
        if (imageShape != null && x.length > 0 && imageShape[0] * imageShape[1] * imageShape[2] != x[0].length) {
            throw new IllegalArgumentException("image shape " + Arrays.toString(imageShape) + " does not match "
                    + x[0].length + " features");
        }
    }

    /** uint8 images, divided by 255. */
    public static FeatureData fromImages(ImageDataset images) {
        int n = images.size();
        int f = images.imageBytes();
        byte[] raw = images.images();
        float[][] x = new float[n][f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i][j] = (raw[i * f + j] & 0xff) / 255f;
            }
        }
        return new FeatureData(x, images.labels().clone(), images.classNames(), images.shape());
    }

    /**
     * A table, min-max scaled with one global range (not per column) so that relative feature scales,
     * such as pixel intensities, are kept. {@code imageShape} may declare the rows as images.
     */
    public static FeatureData fromTable(TabularDataset table, int[] imageShape) {
        int n = table.size();
        int f = table.numFeatures();
        float[] v = table.features();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float a : v) {
            min = Math.min(min, a);
            max = Math.max(max, a);
        }
        float range = max > min ? max - min : 1f;
        float[][] x = new float[n][f];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                x[i][j] = (v[i * f + j] - min) / range;
            }
        }
        return new FeatureData(x, table.labels().clone(), table.classNames(), imageShape);
    }

    /**
     * Each feature as {@code (x − mean) / std} with mean and std taken over {@code fitRows} only (the pool,
     * never the test rows), so features whose ranges differ by orders of magnitude weigh alike in k-NN
     * distances, RBF kernels and gradient steps. Constant features keep std 1. Image data is returned as is:
     * its pixels share one scale already, and the attack step sizes are defined in [0, 1].
     */
    public FeatureData standardized(int[] fitRows) {
        if (imageShape != null || fitRows.length == 0) {
            return this;
        }
        int f = numFeatures();
        double[] mean = new double[f];
        double[] sq = new double[f];
        for (int i : fitRows) {
            for (int j = 0; j < f; j++) {
                mean[j] += x[i][j];
            }
        }
        for (int j = 0; j < f; j++) {
            mean[j] /= fitRows.length;
        }
        for (int i : fitRows) {
            for (int j = 0; j < f; j++) {
                double d = x[i][j] - mean[j];
                sq[j] += d * d;
            }
        }
        float[][] out = new float[x.length][f];
        for (int j = 0; j < f; j++) {
            double std = Math.sqrt(sq[j] / fitRows.length);
            double inv = std > 1e-12 ? 1 / std : 1;
            for (int i = 0; i < x.length; i++) {
                out[i][j] = (float) ((x[i][j] - mean[j]) * inv);
            }
        }
        return new FeatureData(out, y, classNames, null);
    }

    public int size() {
        return y.length;
    }

    public int numFeatures() {
        return x.length == 0 ? 0 : x[0].length;
    }

    public int numClasses() {
        return classNames.size();
    }

    /** The rows at these indices (shared, not copied) with their labels. */
    public FeatureData subset(int[] indices) {
        float[][] sx = new float[indices.length][];
        int[] sy = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            sx[k] = x[indices[k]];
            sy[k] = y[indices[k]];
        }
        return new FeatureData(sx, sy, classNames, imageShape);
    }

    /** Row i as an 8-bit grey or RGB image, for previews; null when the data are not images. */
    public byte[] imageBytes(int i) {
        if (imageShape == null) {
            return null;
        }
        float[] row = x[i];
        byte[] out = new byte[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (byte) Math.round(Math.max(0f, Math.min(1f, row[j])) * 255f);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureData d && Arrays.deepEquals(x, d.x) && Arrays.equals(y, d.y)
                && classNames.equals(d.classNames) && Arrays.equals(imageShape, d.imageShape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.deepHashCode(x), Arrays.hashCode(y), classNames, Arrays.hashCode(imageShape));
    }

    @Override
    public String toString() {
        return "FeatureData[n=" + size() + ", features=" + numFeatures() + ", classes=" + numClasses() + "]";
    }
}
