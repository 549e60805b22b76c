package org.imclab.common.nn.training;

/**
 * Samples that are already float rows in the network's input scale (one row per sample, row-major over
 * {@code sampleShape}), such as active learning's feature vectors; copied as they are.
 */
public final class RowSamples implements Samples {

    private final float[][] rows;
    private final int[] labels;
    private final int[] sampleShape;
    private final int numClasses;

    public RowSamples(float[][] rows, int[] labels, int[] sampleShape, int numClasses) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + labels.length + " labels");
        }
        this.rows = rows;
        this.labels = labels;
        this.sampleShape = sampleShape.clone();
        this.numClasses = numClasses;
        int features = featureCount();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != features) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected "
                        + features);
            }
        }
    }

    @Override
    public int size() {
        return rows.length;
    }

    @Override
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void features(int index, float[] dst, int offset) {
        System.arraycopy(rows[index], 0, dst, offset, rows[index].length);
    }
}
