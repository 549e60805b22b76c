package org.imclab.pruning.activelearning;

/**
 * A classifier that active learning retrains on the labelled subset after every batch. {@link #fit}
 * replaces any previous state, so one instance serves a whole learning curve.
 */
public interface Classifier extends AutoCloseable {

    /** Number of classes of the task; predictions and probability columns range over it. */
    int numClasses();

    /** Trains on these rows; labels lie in [0, numClasses). May be called again with a larger set. */
    void fit(float[][] x, int[] y);

    /** Class probabilities, one row per input with numClasses columns summing to 1. */
    double[][] predictProba(float[][] x);

    /** The predicted class per row. */
    int[] predict(float[][] x);

    /** The representation core-set sampling measures distances in: the inputs unless overridden. */
    default float[][] embed(float[][] x) {
        return x;
    }

    @Override
    default void close() {
    }

    /** Index of the largest value (the first one on ties). */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
