package org.imclab.pruning.pruning;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per filter group, a matrix [filters][columns] of importance normalised within the group (layer) so that
 * its largest entry is 1. For class-aware importance the columns are the classes (I[f, c]); for the
 * class-agnostic criteria there is one column.
 *
 * @param columns number of columns (classes, or 1)
 * @param values  group name → [filters][columns], in spec order
 */
public record ImportanceMatrix(int columns, Map<String, double[][]> values) {

    public ImportanceMatrix {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Divides every group's matrix by its largest entry; an all-zero group stays zero. */
    public static ImportanceMatrix normalised(int columns, Map<String, double[][]> raw) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : raw.entrySet()) {
            double max = 0;
            for (double[] row : e.getValue()) {
                for (double v : row) {
                    max = Math.max(max, v);
                }
            }
            double[][] m = new double[e.getValue().length][];
            for (int f = 0; f < m.length; f++) {
                m[f] = e.getValue()[f].clone();
                if (max > 0) {
                    for (int c = 0; c < m[f].length; c++) {
                        m[f][c] /= max;
                    }
                }
            }
            out.put(e.getKey(), m);
        }
        return new ImportanceMatrix(columns, out);
    }

    public double[][] of(String group) {
        double[][] m = values.get(group);
        if (m == null) {
            throw new IllegalArgumentException("no importance for '" + group + "'");
        }
        return m;
    }

    /** Per filter of a group, the mean over the columns. */
    public double[] rowMeans(String group) {
        double[][] m = of(group);
        double[] out = new double[m.length];
        for (int f = 0; f < m.length; f++) {
            double s = 0;
            for (double v : m[f]) {
                s += v;
            }
            out[f] = m[f].length == 0 ? 0 : s / m[f].length;
        }
        return out;
    }
}
