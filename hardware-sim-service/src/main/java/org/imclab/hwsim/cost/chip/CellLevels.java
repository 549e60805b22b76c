package org.imclab.hwsim.cost.chip;

/**
 * How a weight tensor lands on the chip's cells, NeuroSim's way (Chip.cpp LoadInWeightData): each
 * weight, scaled into [-1, 1] by the tensor's max |w| (NeuroSim's algoWeightMin/Max = -1/+1, which
 * its WAGE-quantised weights satisfy), is offset-encoded to the integer round((w + 1) / 2 x
 * 2^weightBits) (half away from zero), cut into cellsPerWeight digits of cellBits bits from the least
 * significant one (NeuroSim's repeated value % 2^cellBits; the carry of w = +1 into a fifth digit is
 * lost, as there), and digit d is programmed to conductance G_min + d / (2^cellBits - 1) x (G_max - G_min),
 * G = 1/R; the access transistor is in series (ProcessingUnit.cpp GetColumnResistance).
 *
 * @param counts          cells at each level 0 .. 2^cellBits - 1
 * @param meanConductance mean conductance of a selected cell, access transistor included (S)
 */
public record CellLevels(long[] counts, double meanConductance) {

    public CellLevels {
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** Share of cells at each level. */
    public double[] shares() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double[] s = new double[counts.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = n == 0 ? 0 : (double) counts[i] / n;
        }
        return s;
    }

    /** The cell levels of {@code weights} on chip {@code p}. */
    public static CellLevels of(float[] weights, ChipParams p) {
        if (weights == null || weights.length == 0) {
            throw new IllegalArgumentException("no weights to place on cells");
        }
        double scale = 0;
        for (float w : weights) {
            scale = Math.max(scale, Math.abs(w));
        }
        int range = 1 << p.cellBits();
        long full = 1L << p.weightBits();
        int cells = p.cellsPerWeight();
        long[] counts = new long[range];
        for (float w : weights) {
            double f = scale == 0 ? 0 : w / scale;
            double x = full * (f + 1) / 2;
            long value = (long) (x >= 0 ? x + 0.5 : x - 0.5);
            for (int z = 0; z < cells; z++) {
                counts[(int) (value % range)]++;
                value /= range;
            }
        }
        double sum = 0;
        long n = 0;
        for (int d = 0; d < range; d++) {
            sum += counts[d] * conductance(p, d);
            n += counts[d];
        }
        return new CellLevels(counts, sum / n);
    }

    /** Conductance of a selected cell at level d, access transistor in series (S). */
    static double conductance(ChipParams p, int d) {
        int levels = 1 << p.cellBits();
        double gMin = 1 / p.resistanceOff();
        double gMax = 1 / p.resistanceOn();
        double g = gMin + (double) d / (levels - 1) * (gMax - gMin);
        return 1 / (1 / g + p.resistanceAccess());
    }
}
