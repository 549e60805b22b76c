package org.imclab.hwsim.presets;

import static org.imclab.hwsim.presets.NeuroSimCircuits.CELL_HEIGHT;
import static org.imclab.hwsim.presets.NeuroSimCircuits.CELL_WIDTH_F;
import static org.imclab.hwsim.presets.NeuroSimCircuits.F;
import static org.imclab.hwsim.presets.NeuroSimCircuits.GAP_FIELD_POLY;
import static org.imclab.hwsim.presets.NeuroSimCircuits.GAP_GATE_POLY;
import static org.imclab.hwsim.presets.NeuroSimCircuits.GAP_P_N;
import static org.imclab.hwsim.presets.NeuroSimCircuits.MIN_NMOS;
import static org.imclab.hwsim.presets.NeuroSimCircuits.PN_RATIO;
import static org.imclab.hwsim.presets.NeuroSimCircuits.POLY_EXT;
import static org.imclab.hwsim.presets.NeuroSimCircuits.POLY_WIDTH;

/**
 * Layout of one RRAM 1T1R subarray of DNN+NeuroSim V1.3 in parallel-read mode (SubArray.cpp
 * CalculateArea, the conventionalParallel branch for a CMOS-accessed cell; Param.cpp writeVoltage 2 V
 * turns the level shifters on). The cell array (rows x 4 F high, cols x 12 F wide; Param.cpp
 * heightInFeatureSize1T1R, widthInFeatureSize1T1R) has its row periphery beside it and its column
 * periphery stacked under it:
 * <ul>
 *   <li>width = array + the word-line and bit-line level shifters (one per row each, stacked along
 *       the array's height) + the word-line switch matrix (NewSwitchMatrix.cpp: transmission gates
 *       and their DFF columns in the array's height);</li>
 *   <li>height = array + the source-line level shifters (one per column) + the source-line switch
 *       matrix (SwitchMatrix.cpp, column mode) + the column mux (Mux.cpp), as tall as its decoder
 *       (RowDecoder.cpp) + the sense amps with their encoders and the shift-adds, each laid out as
 *       wide as the array (its area / the array width).</li>
 * </ul>
 * These are the lengths NeuroSim's PE buses run along (ProcessingUnit.cpp gives Bus.cpp
 * subArray->width and subArray->height): a PE's input bus crosses whole subarray widths, periphery
 * included. The parts that are neither array, ADC nor shift-add are NeuroSim's subarray "other" area.
 * Every gate is a formula.cpp standard cell (CalculateGateArea, CalculatePassGateArea).
 */
public final class NeuroSimSubarrayLayout {

    /** formula.cpp: the two diffusion ends of a cell, (poly extension + half the field-poly gap) x 2. */
    private static final double ENDS = (POLY_EXT + GAP_FIELD_POLY / 2) * 2 * F;
    /** Minimum width of a one-device cell: 2 x (poly + gate-poly gap). */
    private static final double MIN_CELL_WIDTH = 2 * (POLY_WIDTH + GAP_GATE_POLY) * F;
    /** Param.cpp alpha (validated = true): wiring allowance of the level shifters. */
    private static final double ALPHA = 1.44;
    /** constant.h IR_DROP_TOLERANCE and LINEAR_REGION_RATIO: sizing of the analog transmission gates. */
    private static final double IR_DROP_TOLERANCE = 0.25;
    private static final double LINEAR_REGION_RATIO = 0.20;
    /** constant.h M3_PITCH (F): a metal connection in the decoder. */
    private static final double M3_PITCH = 2.8;

    private final int rows;
    private final int cols;
    private final int mux;
    private final double avgCellOhm;
    private final double adcAndShiftAddUm2;

    /**
     * @param rows              subarray rows
     * @param cols              subarray columns
     * @param mux               columns per sense amp (Param.cpp numColMuxed)
     * @param avgCellOhm        average cell resistance in series with its access transistor, which sizes
     *                          the analog transmission gates (SubArray.cpp resMemCellAvg)
     * @param adcAndShiftAddUm2 sense amps with encoders and shift-adds of one subarray (um^2), laid out as
     *                          wide as the array
     */
    public NeuroSimSubarrayLayout(int rows, int cols, int mux, double avgCellOhm, double adcAndShiftAddUm2) {
        this.rows = rows;
        this.cols = cols;
        this.mux = mux;
        this.avgCellOhm = avgCellOhm;
        this.adcAndShiftAddUm2 = adcAndShiftAddUm2;
    }

    double arrayWidth() {
        return cols * CELL_WIDTH_F * F;
    }

    double arrayHeight() {
        return rows * 4 * F;
    }

    /**
     * One level-shifter output (m^2), LevelShifter.cpp CalculateArea with validated = true: three
     * inverters (input 30 x / 40 x, latch 64 x / 20 x, pull-up 128 x / 164 x a minimum NMOS / PMOS) in
     * cells 2.5 x 28 F high; latch and pull-up are IO devices, 2.5 x wider; x alpha 1.44 for wiring.
     */
    static double levelShifterArea() {
        double h = CELL_HEIGHT * F * 2.5;
        double n = MIN_NMOS * F;
        double p = PN_RATIO * MIN_NMOS * F;
        double low = NeuroSimCircuits.invWidth(n * 30, p * 40, h);
        double latch = NeuroSimCircuits.invWidth(n * 64, p * 20, h);
        double high = NeuroSimCircuits.invWidth(n * 128, p * 164, h);
        return h * (low + (2 * latch + high) * 2.5) * ALPHA;
    }

    /** Width (m) of a DFF: twelve enlarged minimum inverters (DFF.cpp CalculateArea). */
    static double dffWidth() {
        return 12 * NeuroSimCircuits.invWidth(MIN_NMOS * F, PN_RATIO * MIN_NMOS * F, CELL_HEIGHT * F);
    }

    /** Width (m) of {@code n} DFFs stacked in columns {@code h} high (DFF.cpp, height given). */
    static double dffColumnsWidth(int n, double h) {
        int perCol = Math.min(n, (int) (h / (CELL_HEIGHT * F)));
        return dffWidth() * Math.ceil((double) n / perCol);
    }

    /** Height (m) of {@code n} DFFs in rows {@code w} wide (DFF.cpp, width given). */
    static double dffRowsHeight(int n, double w) {
        int perRow = Math.min(n, (int) (w / dffWidth()));
        return CELL_HEIGHT * F * Math.ceil((double) n / perRow);
    }

    /**
     * Word-line switch matrix width (m), NewSwitchMatrix.cpp with the array height: as many 28 F
     * transmission-gate cells per column as fit, rows spread evenly over the columns, 4 gate widths per
     * column, plus the row DFFs in columns of the same height.
     */
    double wordLineSwitchMatrixWidth() {
        double h = arrayHeight();
        int perCol = (int) (h / (CELL_HEIGHT * F));
        int columns = (int) Math.ceil((double) rows / perCol);
        int perColUsed = (int) Math.ceil((double) rows / columns);
        double[] tg = NeuroSimCircuits.enlarge(MIN_NMOS * F, PN_RATIO * MIN_NMOS * F);
        double wTg = NeuroSimCircuits.invWidth(tg[0], tg[1], h / perColUsed);
        return 4 * wTg * columns + dffColumnsWidth(rows, h);
    }

    /**
     * An analog transmission gate sized for a load (SwitchMatrix.cpp, Mux.cpp): each device's on
     * resistance is twice the target, target = load x IR_DROP_TOLERANCE, in the linear region
     * (x LINEAR_REGION_RATIO); widened to the 28 F cell when smaller ({NMOS, PMOS} widths, m).
     */
    static double[] analogGate(double loadOhm) {
        double target = loadOhm * IR_DROP_TOLERANCE;
        double wn = NeuroSimCircuits.onResistance(F, true) * F * LINEAR_REGION_RATIO / (target * 2);
        double wp = NeuroSimCircuits.onResistance(F, false) * F * LINEAR_REGION_RATIO / (target * 2);
        return NeuroSimCircuits.enlarge(wn, wp);
    }

    /**
     * Height (m) of a row of pass gates sharing the array width (formula.cpp CalculatePassGateArea):
     * {@code perRow} gates of width w / perRow, folded floor(width / half a minimum cell) - 1 times,
     * P and N stacked: (w_P + w_N) / folds + the P-N gap + the diffusion ends.
     */
    double passGateRowHeight(double[] tg, int perRow) {
        double gateWidth = arrayWidth() / perRow;
        int folds = (int) (gateWidth / (0.5 * MIN_CELL_WIDTH)) - 1;
        return (tg[0] + tg[1]) / folds + GAP_P_N * F + ENDS;
    }

    /**
     * Source-line switch matrix height (m), SwitchMatrix.cpp column mode: transmission-gate pairs in
     * rows as wide as the array (gates sized for one average cell), plus the column DFFs in rows.
     */
    double sourceLineSwitchMatrixHeight() {
        double w = arrayWidth();
        int pairsPerRow = (int) (w / (MIN_CELL_WIDTH * 2));
        int tgRows = (int) Math.ceil((double) cols / pairsPerRow);
        int used = (int) Math.ceil((double) cols / tgRows);
        double[] tg = analogGate(avgCellOhm);
        return passGateRowHeight(tg, used * 2) * tgRows + dffRowsHeight(cols, w);
    }

    /**
     * Column-mux height (m): Mux.cpp's analog pass gates (one per column, sized for a column of
     * rows average cells in parallel) in rows as wide as the array, but at least as tall as its
     * log2(mux)-bit decoder, to which SubArray.cpp stretches it (RowDecoder.cpp REGULAR_ROW without a
     * given size: one 28 F cell per output NOR).
     */
    double muxHeight() {
        int perRow = (int) (arrayWidth() / MIN_CELL_WIDTH);
        int tgRows = (int) Math.ceil((double) cols / perRow);
        int used = (int) Math.ceil((double) cols / tgRows);
        double gates = passGateRowHeight(analogGate(avgCellOhm / rows), used) * tgRows;
        return Math.max(gates, muxDecoderHeight());
    }

    /** RowDecoder.cpp without a given size: max(NORs, NAND2s) cells stacked, 2^bits NORs, 4 floor(bits / 2) NAND2s. */
    double muxDecoderHeight() {
        int bits = log2Ceil(mux);
        int nors = bits > 2 ? 1 << bits : 0;
        int nands = 4 * (bits / 2);
        return CELL_HEIGHT * F * Math.max(nors, nands);
    }

    /**
     * Mux decoder width (m), RowDecoder.cpp with MUX: its inverter, NAND2 and ceil(bits/2)-input NOR,
     * the metal connections between the NAND and NOR stages, and the mux-enable NAND2 and two inverters.
     */
    double muxDecoderWidth() {
        int bits = log2Ceil(mux);
        double[] inv = NeuroSimCircuits.enlarge(MIN_NMOS * F, PN_RATIO * MIN_NMOS * F);
        double[] nand = NeuroSimCircuits.nand2Widths();
        int norInputs = (bits + 1) / 2;
        double[] nor = NeuroSimCircuits.enlarge(MIN_NMOS * F, norInputs * PN_RATIO * MIN_NMOS * F);
        double wInv = NeuroSimCircuits.cellWidth(false, 1, inv[0], inv[1]);
        double wNand = NeuroSimCircuits.cellWidth(true, 2, nand[0], nand[1]);
        // formula.cpp shares diffusions between the series devices of a NOR exactly as of a NAND
        double wNor = NeuroSimCircuits.cellWidth(true, norInputs, nor[0], nor[1]);
        int nands = 4 * (bits / 2);
        int connections = bits > 2 ? nands + (bits % 2) * 2 : 0;
        return wInv + wNand + M3_PITCH * connections * F + wNor + wNand + 2 * wInv;
    }

    private static int log2Ceil(int v) {
        return 32 - Integer.numberOfLeadingZeros(Math.max(1, v) - 1);
    }

    /** Width of the subarray (um): row periphery + array. */
    public double widthUm() {
        double levelShifters = 2 * rows * levelShifterArea() / arrayHeight();
        double rowSide = Math.max(levelShifters + wordLineSwitchMatrixWidth(), muxDecoderWidth());
        return (rowSide + arrayWidth()) * 1e6;
    }

    /** Height of the subarray (um): array + column periphery. */
    public double heightUm() {
        double w = arrayWidth();
        double levelShifters = cols * levelShifterArea() / w;
        return (levelShifters + sourceLineSwitchMatrixHeight() + arrayHeight() + muxHeight()) * 1e6
                + adcAndShiftAddUm2 / (w * 1e6);
    }

    /**
     * NeuroSim's subarray "other" area (um^2), SubArray.cpp areaOther: the three level shifters, the
     * word-line and source-line switch matrices, the mux and its decoder.
     */
    public double otherAreaUm2() {
        double levelShifters = (2.0 * rows + cols) * levelShifterArea();
        double wl = wordLineSwitchMatrixWidth() * arrayHeight();
        double sl = sourceLineSwitchMatrixHeight() * arrayWidth();
        double muxes = muxHeight() * arrayWidth() + muxDecoderHeight() * muxDecoderWidth();
        return (levelShifters + wl + sl + muxes) * 1e12;
    }
}
