package org.imclab.hwsim.cost;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Device and circuit parameters of one RRAM crossbar chip, as the cost model consumes them.
 *
 * <p>Time unit: one <b>cycle</b> is one crossbar MVM read cycle of {@link #cycleNs()} nanoseconds,
 * i.e. one analog pass of one input bit-slice (DAC slice) through a crossbar, including the
 * conversion of every column. Energies are in picojoules, times in nanoseconds.
 *
 * @param rows                     R, crossbar rows (word lines)
 * @param cols                     C, crossbar columns (bit lines)
 * @param bitsPerCell              bits stored per RRAM cell
 * @param weightBits               bits per weight (or basis value); sliced over cells
 * @param differential             signed values stored as a differential (positive/negative) pair
 * @param inputBits                bits per input activation
 * @param dacBits                  bits applied per input cycle (bit-serial when 1)
 * @param adcBits                  ADC resolution (descriptive; energy comes from adcEnergyPerConversionPj)
 * @param adcEnergyPerConversionPj energy of one ADC conversion (pJ)
 * @param columnsPerAdc            columns multiplexed onto one ADC
 * @param adcConversionNs          time of one ADC conversion (ns)
 * @param readLatencyNs            analog read time of one crossbar MVM input slice (ns)
 * @param arrayReadEnergyPj        array (plus sample-and-hold) energy of one MVM read cycle of one
 *                                 crossbar, ADC excluded (pJ)
 * @param dacEnergyPerRowPj        energy of driving one active row for one input cycle (pJ)
 * @param digitalMacEnergyPj       energy of one digital multiply-accumulate (pJ)
 * @param digitalMacsPerCycle      digital MACs the chip's digital unit completes per cycle
 * @param writeLatencyPerRowNs     one write (or write+verify) pulse on one crossbar row (ns)
 * @param writeEnergyPerCellPj     energy of one write pulse on one cell (pJ)
 * @param writeVerifyIterations    write-verify iterations per row (each rewrites the row)
 * @param parallelWriteCrossbars   crossbars that can be programmed at the same time
 */
public record CrossbarParams(
        int rows,
        int cols,
        int bitsPerCell,
        int weightBits,
        boolean differential,
        int inputBits,
        int dacBits,
        int adcBits,
        double adcEnergyPerConversionPj,
        int columnsPerAdc,
        double adcConversionNs,
        double readLatencyNs,
        double arrayReadEnergyPj,
        double dacEnergyPerRowPj,
        double digitalMacEnergyPj,
        double digitalMacsPerCycle,
        double writeLatencyPerRowNs,
        double writeEnergyPerCellPj,
        int writeVerifyIterations,
        int parallelWriteCrossbars) {

    /** Default weight precision of the platform. */
    public static final int DEFAULT_WEIGHT_BITS = 8;
    /** Default write-verify iterations (docs/science/cost-model.md §2). */
    public static final int DEFAULT_WRITE_VERIFY_ITERATIONS = 10;

    /** Override keys, in component order; {@code differential} takes 0 or 1. */
    public static final List<String> KEYS = List.of(
            "rows", "cols", "bitsPerCell", "weightBits", "differential", "inputBits", "dacBits",
            "adcBits", "adcEnergyPerConversionPj", "columnsPerAdc", "adcConversionNs",
            "readLatencyNs", "arrayReadEnergyPj", "dacEnergyPerRowPj", "digitalMacEnergyPj",
            "digitalMacsPerCycle", "writeLatencyPerRowNs", "writeEnergyPerCellPj",
            "writeVerifyIterations", "parallelWriteCrossbars");

    public CrossbarParams {
        positive("rows", rows);
        positive("cols", cols);
        positive("bitsPerCell", bitsPerCell);
        positive("weightBits", weightBits);
        positive("inputBits", inputBits);
        positive("dacBits", dacBits);
        positive("adcBits", adcBits);
        positive("adcEnergyPerConversionPj", adcEnergyPerConversionPj);
        positive("columnsPerAdc", columnsPerAdc);
        positive("adcConversionNs", adcConversionNs);
        positive("readLatencyNs", readLatencyNs);
        positive("arrayReadEnergyPj", arrayReadEnergyPj);
        positive("dacEnergyPerRowPj", dacEnergyPerRowPj);
        positive("digitalMacEnergyPj", digitalMacEnergyPj);
        positive("digitalMacsPerCycle", digitalMacsPerCycle);
        positive("writeLatencyPerRowNs", writeLatencyPerRowNs);
        positive("writeEnergyPerCellPj", writeEnergyPerCellPj);
        positive("writeVerifyIterations", writeVerifyIterations);
        positive("parallelWriteCrossbars", parallelWriteCrossbars);
        if (columnsPerAdc > cols) {
            throw new IllegalArgumentException(
                    "columnsPerAdc (" + columnsPerAdc + ") must not exceed cols (" + cols + ")");
        }
    }

    /** Cells per stored value: ceil(weightBits / bitsPerCell) slices, doubled for a differential pair. */
    public int cellsPerValue() {
        return ceilDiv(weightBits, bitsPerCell) * (differential ? 2 : 1);
    }

    /** MVM cycles per input vector: ceil(inputBits / dacBits). */
    public int inputCycles() {
        return ceilDiv(inputBits, dacBits);
    }

    /** ADCs per crossbar: ceil(cols / columnsPerAdc). */
    public int adcsPerCrossbar() {
        return ceilDiv(cols, columnsPerAdc);
    }

    /**
     * Length of one cycle in ns: the read and the conversions of the multiplexed columns are
     * pipelined through a sample-and-hold (ISAAC), so the slower of the two sets the cycle.
     */
    public double cycleNs() {
        return Math.max(readLatencyNs, columnsPerAdc * adcConversionNs);
    }

    /** Cells of one crossbar, R*C. */
    public long cellsPerCrossbar() {
        return (long) rows * cols;
    }

    /** The parameters as an ordered key/value map ({@code differential} as 0 or 1). */
    public Map<String, Number> toMap() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("cols", cols);
        m.put("bitsPerCell", bitsPerCell);
        m.put("weightBits", weightBits);
        m.put("differential", differential ? 1 : 0);
        m.put("inputBits", inputBits);
        m.put("dacBits", dacBits);
        m.put("adcBits", adcBits);
        m.put("adcEnergyPerConversionPj", adcEnergyPerConversionPj);
        m.put("columnsPerAdc", columnsPerAdc);
        m.put("adcConversionNs", adcConversionNs);
        m.put("readLatencyNs", readLatencyNs);
        m.put("arrayReadEnergyPj", arrayReadEnergyPj);
        m.put("dacEnergyPerRowPj", dacEnergyPerRowPj);
        m.put("digitalMacEnergyPj", digitalMacEnergyPj);
        m.put("digitalMacsPerCycle", digitalMacsPerCycle);
        m.put("writeLatencyPerRowNs", writeLatencyPerRowNs);
        m.put("writeEnergyPerCellPj", writeEnergyPerCellPj);
        m.put("writeVerifyIterations", writeVerifyIterations);
        m.put("parallelWriteCrossbars", parallelWriteCrossbars);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Builds parameters from a complete key/value map (see {@link #KEYS}).
     *
     * @throws IllegalArgumentException naming a missing or unknown key or an invalid value
     */
    public static CrossbarParams fromMap(Map<String, ? extends Number> values) {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown crossbar parameter '" + key + "'; known: " + KEYS);
            }
        }
        for (String key : KEYS) {
            if (values.get(key) == null) {
                throw new IllegalArgumentException("crossbar parameter '" + key + "' is missing");
            }
        }
        return new CrossbarParams(
                integer(values, "rows"),
                integer(values, "cols"),
                integer(values, "bitsPerCell"),
                integer(values, "weightBits"),
                flag(values, "differential"),
                integer(values, "inputBits"),
                integer(values, "dacBits"),
                integer(values, "adcBits"),
                real(values, "adcEnergyPerConversionPj"),
                integer(values, "columnsPerAdc"),
                real(values, "adcConversionNs"),
                real(values, "readLatencyNs"),
                real(values, "arrayReadEnergyPj"),
                real(values, "dacEnergyPerRowPj"),
                real(values, "digitalMacEnergyPj"),
                real(values, "digitalMacsPerCycle"),
                real(values, "writeLatencyPerRowNs"),
                real(values, "writeEnergyPerCellPj"),
                integer(values, "writeVerifyIterations"),
                integer(values, "parallelWriteCrossbars"));
    }

    /**
     * A copy with some parameters replaced.
     *
     * @throws IllegalArgumentException naming an unknown key, a non-positive value, a fractional
     *                                  value for an integer parameter, or a {@code differential}
     *                                  other than 0 or 1
     */
    public CrossbarParams withOverrides(Map<String, ? extends Number> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        Map<String, Number> merged = new LinkedHashMap<>(toMap());
        for (Map.Entry<String, ? extends Number> e : overrides.entrySet()) {
            String key = e.getKey();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown crossbar parameter '" + key + "'; known: " + KEYS);
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("crossbar parameter '" + key + "' has no value");
            }
            merged.put(key, e.getValue());
        }
        return fromMap(merged);
    }

    private static int integer(Map<String, ? extends Number> values, String key) {
        double v = values.get(key).doubleValue();
        positive(key, v);
        if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("crossbar parameter '" + key + "' must be a positive integer, got " + v);
        }
        return (int) v;
    }

    private static double real(Map<String, ? extends Number> values, String key) {
        double v = values.get(key).doubleValue();
        positive(key, v);
        return v;
    }

    private static boolean flag(Map<String, ? extends Number> values, String key) {
        double v = values.get(key).doubleValue();
        if (v != 0 && v != 1) {
            throw new IllegalArgumentException("crossbar parameter '" + key + "' must be 0 or 1, got " + v);
        }
        return v == 1;
    }

    private static void positive(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("crossbar parameter '" + key + "' must be positive, got " + v);
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
