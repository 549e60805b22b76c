package org.imclab.common.data;

import java.util.stream.IntStream;

/**
 * The one train/validation/test policy of the platform. A data set's split is a part per sample: 0 train,
 * 1 validation, 2 test, stored as {@code split.npy} in its archive ({@link DatasetArchive}).
 * <ol>
 * <li>The split the archive records wins: training-service writes it on import (the user's own test file or
 * the official test set becomes the test part), and every service that later trains, fine-tunes, prunes,
 * simulates or queries on the data set uses that same record, so test accuracies are comparable.</li>
 * <li>An archive without a usable record is cut by {@link #defaultCut}: stratified by class, 10 % validation
 * and 20 % test, seed 42, the same cut training-service applies on import with default options, so reading a
 * foreign archive gives the split importing it would have recorded.</li>
 * </ol>
 * Training uses the validation part for model selection (early stopping, best epoch). Services that select no
 * model on validation data may learn from it: active learning's unlabelled pool is every sample that is not
 * test. Pruning fine-tunes on the training part only, as the model it starts from was trained on it.
 */
public final class SplitPolicy {

    public static final byte TRAIN = 0;
    public static final byte VAL = 1;
    public static final byte TEST = 2;

    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_VAL = 0.1;
    public static final double DEFAULT_TEST = 0.2;

    private SplitPolicy() {
    }

    /** The cut of a data set that records none: {@link #stratified} with 10 % validation, 20 % test, seed 42. */
    public static byte[] defaultCut(int[] labels) {
        return stratified(labels, DEFAULT_VAL, DEFAULT_TEST, DEFAULT_SEED);
    }

    /** Parts per sample from {@link DataSplit#stratified}: each class cut train/validation/test alike. */
    public static byte[] stratified(int[] labels, double valFraction, double testFraction, long seed) {
        DataSplit cut = DataSplit.stratified(labels, 1 - valFraction - testFraction, valFraction, seed);
        byte[] parts = new byte[labels.length];
        for (int i : cut.val()) {
            parts[i] = VAL;
        }
        for (int i : cut.test()) {
            parts[i] = TEST;
        }
        return parts;
    }

    /** Whether {@code parts} gives each of {@code n} samples a part 0, 1 or 2. */
    public static boolean isValid(byte[] parts, int n) {
        if (parts == null || parts.length != n) {
            return false;
        }
        for (byte b : parts) {
            if (b < TRAIN || b > TEST) {
                return false;
            }
        }
        return true;
    }

    /** Indices of one part, ascending. */
    public static int[] indices(byte[] parts, byte part) {
        return IntStream.range(0, parts.length).filter(i -> parts[i] == part).toArray();
    }

    /** Indices of every sample outside {@code part}, ascending (e.g. all but the test part). */
    public static int[] indicesExcept(byte[] parts, byte part) {
        return IntStream.range(0, parts.length).filter(i -> parts[i] != part).toArray();
    }
}
