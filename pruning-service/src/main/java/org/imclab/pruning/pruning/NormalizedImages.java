package org.imclab.pruning.pruning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.imclab.common.data.ImageDataset;
import org.imclab.common.nn.training.ImageSamples;

/**
 * uint8 images normalised per channel as {@code (x/255 − mean[c]) / std[c]}, batched on demand so that a
 * data set stays in its compact stored form and only a batch is ever expanded to floats. The normalisation is
 * the training engine's {@link ImageSamples}, which {@link #samples()} hands to the engine for fine-tuning.
 */
public final class NormalizedImages {

    private final ImageSamples samples;

    public NormalizedImages(ImageDataset data, double[] mean, double[] std) {
        this(new ImageSamples(data, toFloats(mean), toFloats(std), false));
    }

    private NormalizedImages(ImageSamples samples) {
        this.samples = samples;
    }

    public ImageDataset data() {
        return samples.data();
    }

    /** The images as the training engine's samples, without augmentation. */
    public ImageSamples samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    public int classes() {
        return samples.numClasses();
    }

    public int label(int i) {
        return samples.label(i);
    }

    public int[] shape() {
        return samples.sampleShape();
    }

    /** The same normalisation over a subset of the images. */
    public NormalizedImages subset(int[] indices) {
        return new NormalizedImages(samples.withData(samples.data().subset(indices)));
    }

    /** Indices of the samples labelled {@code c}, ascending. */
    public int[] indicesOf(int c) {
        int[] labels = data().labels();
        return java.util.stream.IntStream.range(0, size()).filter(i -> labels[i] == c).toArray();
    }

    /** The images at these indices as one [B, C, H, W] float array. */
    public NDArray batch(NDManager manager, int[] indices) {
        ImageDataset data = data();
        int n = data.imageBytes();
        float[] buf = new float[indices.length * n];
        for (int k = 0; k < indices.length; k++) {
            samples.features(indices[k], buf, k * n);
        }
        return manager.create(buf, new Shape(indices.length, data.channels(), data.height(), data.width()));
    }

    /** The labels at these indices as an int64 vector. */
    public NDArray labels(NDManager manager, int[] indices) {
        return manager.create(Arrays.stream(indices).mapToLong(samples::label).toArray());
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
