package org.imclab.common.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Checks integer class labels against the class count. A data set's class count is either given (the
 * {@code numClasses} of an upload) or inferred as max label + 1; an inferred count that leaves classes
 * without a single sample is refused, because it almost always means a corrupt label (one byte of 200 among
 * MNIST's 0..9 would otherwise make a 201-class data set that trains without complaint).
 */
public final class ClassLabels {

    /**
     * Most classes a data set may have: ImageNet-21k has 21,841. It bounds the per-class arrays and name
     * lists built from a label value before the labels are checked.
     */
    public static final int MAX_CLASSES = 100_000;

    private ClassLabels() {
    }

    /**
     * Class names "0".."n-1" for these labels. With {@code numClasses}, every label must lie in
     * [0, numClasses); without it, n is max label + 1 and every class must occur.
     *
     * @param field names the label file in errors
     */
    public static List<String> indexNames(int[] labels, Integer numClasses, String field) {
        return IntStream.range(0, count(labels, numClasses, field)).mapToObj(String::valueOf).toList();
    }

    /** The class count, checked as {@link #indexNames} describes. */
    public static int count(int[] labels, Integer numClasses, String field) {
        if (numClasses != null) {
            requireValidCount(numClasses);
            requireInRange(labels, numClasses, field);
            return numClasses;
        }
        int max = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new DataFormatException(field, "label " + labels[i] + " at index " + i + " is negative");
            }
            if (labels[i] >= MAX_CLASSES) {
                throw new DataFormatException(field, "label " + labels[i] + " at index " + i + " exceeds the limit of "
                        + MAX_CLASSES + " classes");
            }
            max = Math.max(max, labels[i]);
        }
        int n = max + 1;
        int[] counts = new int[n];
        for (int l : labels) {
            counts[l]++;
        }
        List<Integer> empty = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            if (counts[c] == 0) {
                empty.add(c);
            }
        }
        if (!empty.isEmpty()) {
            int top = max;
            int at = IntStream.range(0, labels.length).filter(i -> labels[i] == top).findFirst().orElse(-1);
            throw new DataFormatException(field, "labels run up to " + top + " (first at index " + at + "), which makes "
                    + n + " classes, but " + empty.size() + " of them have no samples (" + describe(empty)
                    + "); a label is probably corrupt. If the data set really has " + n
                    + " classes, pass numClasses=" + n + " with the import");
        }
        return n;
    }

    /** 400 naming {@code numClasses} unless it is in [1, MAX_CLASSES]. */
    public static void requireValidCount(int numClasses) {
        if (numClasses < 1 || numClasses > MAX_CLASSES) {
            throw new DataFormatException("numClasses", "must be between 1 and " + MAX_CLASSES + ", got " + numClasses);
        }
    }

    /** 400 naming {@code field} for the first label outside [0, numClasses). */
    public static void requireInRange(int[] labels, int numClasses, String field) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new DataFormatException(field, "label " + labels[i] + " at index " + i + " is outside [0, "
                        + numClasses + ")");
            }
        }
    }

    private static String describe(List<Integer> classes) {
        List<String> runs = new ArrayList<>();
        int start = classes.get(0);
        int prev = start;
        for (int k = 1; k <= classes.size(); k++) {
            int c = k < classes.size() ? classes.get(k) : Integer.MIN_VALUE;
            if (c != prev + 1) {
                runs.add(start == prev ? String.valueOf(start) : start + ".." + prev);
                if (runs.size() == 5 && k < classes.size()) {
                    runs.add("...");
                    break;
                }
                start = c;
            }
            prev = c;
        }
        return String.join(", ", runs);
    }
}
