package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.imclab.common.data.ImageDataset;

/**
 * uint8 images normalised per channel as {@code (x/255 − mean[c]) / std[c]}, batched on demand so that a
 * data set stays in its compact stored form and only a batch is ever expanded to floats.
 */
public final class NormalizedImages {

    private final ImageDataset data;
    private final float[] scale;
    private final float[] shift;

    public NormalizedImages(ImageDataset data, double[] mean, double[] std) {
        if (mean.length != data.channels() || std.length != data.channels()) {
            throw new IllegalArgumentException("need one mean and std per channel, got " + mean.length + "/"
                    + std.length + " for " + data.channels() + " channels");
        }
        this.data = data;
        scale = new float[mean.length];
        shift = new float[mean.length];
        for (int c = 0; c < mean.length; c++) {
            double s = std[c] > 1e-6 ? std[c] : 1;
            scale[c] = (float) (1 / (255 * s));
            shift[c] = (float) (-mean[c] / s);
        }
    }

    public ImageDataset data() {
        return data;
    }

    public int size() {
        return data.size();
    }

    public int classes() {
        return data.classNames().size();
    }

    public int label(int i) {
        return data.labels()[i];
    }

    public int[] shape() {
        return data.shape();
    }

    /** The same normalisation over a subset of the images. */
    public NormalizedImages subset(int[] indices) {
        return new NormalizedImages(data.subset(indices), this);
    }

    private NormalizedImages(ImageDataset data, NormalizedImages like) {
        this.data = data;
        this.scale = like.scale;
        this.shift = like.shift;
    }

    /** Indices of the samples labelled {@code c}, ascending. */
    public int[] indicesOf(int c) {
        return java.util.stream.IntStream.range(0, size()).filter(i -> data.labels()[i] == c).toArray();
    }

    /** The images at these indices as one [B, C, H, W] float array. */
    public NDArray batch(NDManager manager, int[] indices) {
        int n = data.imageBytes();
        int plane = data.height() * data.width();
        float[] buf = new float[indices.length * n];
        byte[] px = data.images();
        for (int k = 0; k < indices.length; k++) {
            int base = indices[k] * n;
            for (int c = 0; c < data.channels(); c++) {
                float a = scale[c];
                float b = shift[c];
                int from = base + c * plane;
                int to = k * n + c * plane;
                for (int i = 0; i < plane; i++) {
                    buf[to + i] = (px[from + i] & 0xff) * a + b;
                }
            }
        }
        return manager.create(buf, new Shape(indices.length, data.channels(), data.height(), data.width()));
    }

    /** The labels at these indices as an int64 vector. */
    public NDArray labels(NDManager manager, int[] indices) {
        return manager.create(Arrays.stream(indices).mapToLong(i -> data.labels()[i]).toArray());
    }
}
