package org.imclab.common.nn.training;

import org.imclab.common.data.TabularDataset;

/** Feature vectors standardised per column as {@code (x − mean[f]) / std[f]}. */
public final class TabularSamples implements Samples {

    private final TabularDataset data;
    private final float[] mean;
    private final float[] invStd;

    public TabularSamples(TabularDataset data, float[] mean, float[] std) {
        if (mean.length != data.numFeatures() || std.length != data.numFeatures()) {
            throw new IllegalArgumentException("need one mean and std per feature");
        }
        this.data = data;
        this.mean = mean.clone();
        this.invStd = new float[std.length];
        for (int f = 0; f < std.length; f++) {
            invStd[f] = std[f] > 1e-12f ? 1f / std[f] : 1f;
        }
    }

    /** The features as they are, for models trained without standardisation. */
    public static TabularSamples raw(TabularDataset data) {
        float[] ones = new float[data.numFeatures()];
        java.util.Arrays.fill(ones, 1f);
        return new TabularSamples(data, new float[data.numFeatures()], ones);
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int[] sampleShape() {
        return new int[] {data.numFeatures()};
    }

    @Override
    public int numClasses() {
        return data.classNames().size();
    }

    @Override
    public int label(int index) {
        return data.labels()[index];
    }

    @Override
    public void features(int index, float[] dst, int offset) {
        int f = data.numFeatures();
        float[] x = data.features();
        int base = index * f;
        for (int i = 0; i < f; i++) {
            dst[offset + i] = (x[base + i] - mean[i]) * invStd[i];
        }
    }
}
