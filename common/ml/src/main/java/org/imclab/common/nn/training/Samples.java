package org.imclab.common.nn.training;

import java.util.Random;

/**
 * Labelled samples the loop can batch: it asks for normalised float features one sample at a time, so a
 * data set stays in its compact stored form (uint8 images) and only a batch is ever expanded to floats.
 */
public interface Samples {

    int size();

    /** Shape of one sample without the batch axis, e.g. [1, 28, 28] or [13]. */
    int[] sampleShape();

    int numClasses();

    int label(int index);

    /** Floats per sample: the product of {@link #sampleShape()}. */
    default int featureCount() {
        int n = 1;
        for (int d : sampleShape()) {
            n *= d;
        }
        return n;
    }

    /** Writes the normalised features of sample {@code index} into {@code dst} from {@code offset}. */
    void features(int index, float[] dst, int offset);

    /**
     * Like {@link #features} with training-time augmentation drawn from {@code random}; samples that do
     * not augment ignore it.
     */
    default void augmentedFeatures(int index, float[] dst, int offset, Random random) {
        features(index, dst, offset);
    }

    /** Whether {@link #augmentedFeatures} differs from {@link #features}. */
    default boolean augments() {
        return false;
    }
}
