package org.imclab.common.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Deterministic train/validation/test index splits. java.util.Random's algorithm is fixed by its
 * specification, so a seed gives the same split on every JVM, which makes runs reproducible.
 *
 * @param train indices for training, ascending
 * @param val   indices for validation, ascending
 * @param test  indices for testing, ascending
 */
public record DataSplit(int[] train, int[] val, int[] test) {

    /**
     * Shuffles 0..n-1 with the seed and cuts it: floor(n·trainFraction) for training,
     * floor(n·valFraction) for validation, the rest for testing.
     */
    public static DataSplit random(int n, double trainFraction, double valFraction, long seed) {
        checkFractions(n, trainFraction, valFraction);
        int[] perm = permutation(n, new Random(seed));
        int nTrain = (int) Math.floor(n * trainFraction);
        int nVal = (int) Math.floor(n * valFraction);
        return new DataSplit(sorted(perm, 0, nTrain), sorted(perm, nTrain, nTrain + nVal), sorted(perm, nTrain + nVal, n));
    }

    /**
     * The same cut applied within each class, so every part keeps the class proportions (up to
     * rounding). Useful for small or imbalanced sets.
     */
    public static DataSplit stratified(int[] labels, double trainFraction, double valFraction, long seed) {
        checkFractions(labels.length, trainFraction, valFraction);
        int classes = Arrays.stream(labels).max().orElse(-1) + 1;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is negative");
            }
            byClass.get(labels[i]).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> members : byClass) {
            int[] perm = permutation(members.size(), random);
            int nTrain = (int) Math.floor(members.size() * trainFraction);
            int nVal = (int) Math.floor(members.size() * valFraction);
            for (int k = 0; k < perm.length; k++) {
                (k < nTrain ? train : k < nTrain + nVal ? val : test).add(members.get(perm[k]));
            }
        }
        return new DataSplit(toSorted(train), toSorted(val), toSorted(test));
    }

    private static void checkFractions(int n, double train, double val) {
        if (n < 0 || train < 0 || val < 0 || train + val > 1 + 1e-9) {
            throw new IllegalArgumentException("fractions must be non-negative and sum to at most 1");
        }
    }

    /** Fisher-Yates shuffle of 0..n-1 (also the training engine's per-epoch sample order). */
    public static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] sorted(int[] a, int from, int to) {
        int[] out = Arrays.copyOfRange(a, from, to);
        Arrays.sort(out);
        return out;
    }

    private static int[] toSorted(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataSplit s && Arrays.equals(train, s.train) && Arrays.equals(val, s.val)
                && Arrays.equals(test, s.test);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(train) + Arrays.hashCode(val)) + Arrays.hashCode(test);
    }

    @Override
    public String toString() {
        return "DataSplit[train=" + train.length + ", val=" + val.length + ", test=" + test.length + "]";
    }
}
