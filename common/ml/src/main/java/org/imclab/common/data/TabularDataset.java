package org.imclab.common.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Labelled feature vectors from a CSV: an N×F row-major float matrix, class indices and names.
 *
 * @param features     N·F values, row-major
 * @param labels       class index per row
 * @param featureNames name of each of the F columns
 * @param classNames   name of each class index
 */
public record TabularDataset(float[] features, int[] labels, List<String> featureNames, List<String> classNames) {

    public TabularDataset {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        featureNames = List.copyOf(featureNames);
        classNames = List.copyOf(classNames);
        if ((long) labels.length * featureNames.size() != features.length) {
            throw new IllegalArgumentException(labels.length + " rows of " + featureNames.size()
                    + " features do not match " + features.length + " values");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " is not a class index");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int numFeatures() {
        return featureNames.size();
    }

    /** A copy of row i. */
    public float[] row(int i) {
        int f = numFeatures();
        return Arrays.copyOfRange(features, i * f, (i + 1) * f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TabularDataset d && Arrays.equals(features, d.features) && Arrays.equals(labels, d.labels)
                && featureNames.equals(d.featureNames) && classNames.equals(d.classNames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(features), Arrays.hashCode(labels), featureNames, classNames);
    }

    @Override
    public String toString() {
        return "TabularDataset[n=" + size() + ", features=" + numFeatures() + ", classes=" + classNames.size() + "]";
    }
}
