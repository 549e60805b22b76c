package org.imclab.hwsim.presets;

/**
 * Circuit-level constants of DNN+NeuroSim V1.3's digital periphery at its Param.cpp defaults (22 nm
 * LSTP bulk CMOS, vdd 0.85 V), derived from NeuroSim's gate-level formulas instead of read off its
 * VGG-8 output: gate and drain capacitances and standard-cell areas (formula.cpp), the ripple-carry
 * adder (Adder.cpp), the D flip-flop (DFF.cpp), the shift-add unit (ShiftAdd.cpp), the multilevel
 * sense amp and its encoder (MultilevelSenseAmp.cpp, CurrentSenseAmp.cpp, MultilevelSAEncoder.cpp),
 * register-file buffers (Buffer.cpp) and repeated H-tree wires (HTree.cpp). docs/hwsim.md,
 * "Derived circuit constants", writes each derivation out. All lengths in metres, capacitances in
 * farads, energies in joules inside this class; the public getters convert to pJ and um^2.
 *
 * <p>One deliberate difference: NeuroSim widens the transistors of a standard cell to the cell's
 * maximum width (formula.cpp EnlargeSize) and then re-derives that maximum when it computes the
 * drain capacitance; in double precision the re-derived bound can come out one ulp below the width,
 * which folds the transistor. We treat a width equal to the bound as unfolded.
 */
public final class NeuroSimCircuits {

    private NeuroSimCircuits() {
    }

    // ---- technology: Technology.cpp, featureSizeInNano 22, LSTP (Param.cpp deviceroadmap 2) ----
    /** Feature size F (Param.cpp technode 22). */
    static final double F = 22e-9;
    /** Supply voltage (Technology.cpp 22 nm LSTP). */
    static final double VDD = 0.85;
    /** Gate capacitance per metre of width: capIdealGate 5.245e-10 + capOverlap (0.2 x capIdealGate) + capFringe 8.004e-10 F/m (Technology.cpp; formula.cpp CalculateGateCap). */
    static final double GATE_CAP_PER_M = 5.245e-10 * 1.2 + 8.004e-10;
    /** Bulk junction bias factor 1 + vdd / 0.9 V build-in potential (Technology.cpp, BSIM4 value). */
    private static final double BIAS = 1 + VDD / 0.9;
    /** Bottom junction capacitance cjd 1e-3 F/m^2, grading 0.5 (Technology.cpp capJunction). */
    static final double CAP_JUNCTION = 1e-3 / Math.pow(BIAS, 0.5);
    /** Isolation-edge sidewall capacitance cjswd 2.5e-10 F/m, grading 0.33 (Technology.cpp capSidewall). */
    static final double CAP_SIDEWALL = 2.5e-10 / Math.pow(BIAS, 0.33);
    /** Gate-edge (drain-to-channel) capacitance cjswgd 0.5e-10 F/m, grading 0.33 (Technology.cpp capDrainToChannel). */
    static final double CAP_DRAIN_TO_CHANNEL = 0.5e-10 / Math.pow(BIAS, 0.33);
    /** On current per metre of width at 300 K, NMOS / PMOS (Technology.cpp currentOnNmos[0], currentOnPmos[0], uA/um = A/m). */
    static final double ION_N = 791.9;
    static final double ION_P = 600.2;
    /** PMOS/NMOS width ratio for equal drive, currentOnNmos / currentOnPmos (Technology.cpp pnSizeRatio). */
    static final double PN_RATIO = ION_N / ION_P;
    /** effectiveResistanceMultiplier (Technology.cpp, from CACTI; formula.cpp CalculateOnResistance). */
    static final double R_MULT = 1.77;

    // ---- layout rules: constant.h, in units of F ----
    static final double MIN_NMOS = 2; // MIN_NMOS_SIZE
    static final double CELL_HEIGHT = 28; // MAX_TRANSISTOR_HEIGHT
    static final double GAP_P_N = 3.5; // MIN_GAP_BET_P_AND_N_DIFFS
    static final double GAP_GATE_POLY = 2.8; // MIN_GAP_BET_GATE_POLY
    static final double POLY_EXT = 1.0; // MIN_POLY_EXT_DIFF
    static final double GAP_FIELD_POLY = 1.6; // MIN_GAP_BET_FIELD_POLY
    static final double POLY_WIDTH = 1.0; // POLY_WIDTH

    // ---- interconnect: Param.cpp wireWidth 40 nm at 22 nm (AR 1.9, Rho 4.03e-8 ohm m); HTree.cpp 0.2 fF/um ----
    static final double WIRE_RES_PER_M = 4.03e-8 / (40e-9 * 40e-9 * 1.9);
    static final double WIRE_CAP_PER_M = 0.2e-15 / 1e-6;
    /** Param.cpp globalBusDelayTolerance / localBusDelayTolerance: accept 10 % more delay for less energy. */
    static final double BUS_DELAY_TOLERANCE = 0.1;

    // ---- activity factors: Param.cpp validated = true ----
    /** Param.cpp delta: switching activity of adders. */
    static final double DELTA = 0.15;
    /** Param.cpp gamma: switching activity of DFFs in shift-add and accumulators. */
    static final double GAMMA = 0.5;
    /** Param.cpp widthInFeatureSize1T1R: a 1T1R cell is 12 F wide, so a 128-column subarray is 1536 F wide. */
    static final double CELL_WIDTH_F = 12;

    /** Widest NMOS and PMOS that fit the cell height, for this P/N ratio (formula.cpp, bulk). */
    static double[] maxWidths(double wn, double wp) {
        return maxWidths(wn, wp, CELL_HEIGHT * F);
    }

    /** Widest NMOS and PMOS that fit a cell {@code h} metres high, for this P/N ratio (formula.cpp, bulk). */
    static double[] maxWidths(double wn, double wp, double h) {
        double ends = (POLY_EXT + GAP_FIELD_POLY / 2) * 2 * F;
        if (wp == 0) {
            return new double[] {h - ends, 0};
        }
        if (wn == 0) {
            return new double[] {0, h - ends};
        }
        double ratio = wp / (wp + wn);
        double maxP = ratio * (h - GAP_P_N * F - ends);
        return new double[] {maxP / ratio * (1 - ratio), maxP};
    }

    /** formula.cpp EnlargeSize: a gate smaller than its cell is widened to fill it. */
    static double[] enlarge(double wn, double wp) {
        double[] max = maxWidths(wn, wp);
        if (wn > 0 && wp > 0 && wn < max[0] && wp < max[1]) {
            return max;
        }
        return new double[] {wn, wp};
    }

    static double gateCap(double w) {
        return GATE_CAP_PER_M * w;
    }

    static int folds(double w, double max) {
        return w <= max * (1 + 1e-9) ? 1 : (int) Math.ceil(w / max);
    }

    /**
     * Output (drain) capacitance of an inverter or n-input NAND (formula.cpp
     * CalculateGateCapacitance, bulk): junction bottom area, sidewall perimeter and gate edge of the
     * drain regions, with drains shared between series/parallel devices when nothing is folded.
     */
    static double drainCap(boolean nand, int inputs, double wn, double wp) {
        double[] max = maxWidths(wn, wp);
        int fp = wp > 0 ? folds(wp, max[1]) : 1;
        int fn = wn > 0 ? folds(wn, max[0]) : 1;
        double unitP = fp == 1 ? GAP_GATE_POLY * F : Math.ceil((fp + 1) / 2.0) * GAP_GATE_POLY * F;
        double unitN = fn == 1 ? GAP_GATE_POLY * F : Math.ceil((fn + 1) / 2.0) * GAP_GATE_POLY * F;
        double srcN = fn == 1 ? GAP_GATE_POLY * F : Math.floor((fn + 1) / 2.0) * GAP_GATE_POLY * F;
        double hP = wp > 0 ? Math.min(wp, max[1]) : 0;
        double hN = wn > 0 ? Math.min(wn, max[0]) : 0;
        double widthP;
        double sideP;
        double widthN;
        double sideN;
        if (!nand) {
            widthP = wp > 0 ? unitP : 0;
            sideP = wp > 0 ? widthP * 2 + hP * (1 + (fp + 1) % 2) : 0;
            widthN = wn > 0 ? unitN : 0;
            sideN = wn > 0 ? widthN * 2 + hN * (1 + (fp + 1) % 2) : 0;
        } else if (fp == 1 && fn == 1) {
            // parallel PMOS share drains; series NMOS expose one drain per input
            widthP = unitP * Math.floor((inputs + 1) / 2.0);
            sideP = widthP * 2 + hP * (1 - (inputs + 1) % 2);
            widthN = unitN * inputs;
            sideN = widthN * 2 + hN;
        } else {
            widthP = unitP * inputs;
            sideP = widthP * 2 + hP * (1 + (fp + 1) % 2) * inputs;
            widthN = unitN * inputs + (inputs - 1) * srcN;
            sideN = widthN * 2 + hN * (1 + (fn + 1) % 2) * inputs + hN * (1 - (fn + 1) % 2) * (inputs - 1);
        }
        return (widthN * hN + widthP * hP) * CAP_JUNCTION + (sideN + sideP) * CAP_SIDEWALL
                + (fn * hN + fp * hP) * CAP_DRAIN_TO_CHANNEL;
    }

    /**
     * Width of a standard cell of fixed height 28 F (formula.cpp CalculateGateArea, bulk): each device
     * takes 2 x (poly + gate-poly gap), a NAND's series devices share one diffusion between neighbours.
     */
    static double cellWidth(boolean nand, int inputs, double wn, double wp) {
        double[] max = maxWidths(wn, wp);
        int fp = wp > 0 ? folds(wp, max[1]) : 1;
        int fn = wn > 0 ? folds(wn, max[0]) : 1;
        double pitch = (POLY_WIDTH + GAP_GATE_POLY) * F;
        double unitP = wp > 0 ? (fp == 1 ? 2 * pitch : (fp + 1) * pitch) : 0;
        double unitN = wn > 0 ? (fn == 1 ? 2 * pitch : (fn + 1) * pitch) : 0;
        if (!nand) {
            return Math.max(unitN, unitP);
        }
        if (fp == 1 && fn == 1) {
            return Math.max(unitN * inputs - (inputs - 1) * pitch, unitP * inputs - (inputs - 1) * pitch);
        }
        return Math.max(unitN * inputs, unitP * inputs);
    }

    /**
     * Width (m) of an inverter-shaped cell {@code h} metres high (formula.cpp CalculateGateArea, bulk): a
     * device wider than fits is folded into ceil(w / w_max) fingers, (folds + 1) x (poly + gate-poly gap)
     * wide, an unfolded one 2 x that.
     */
    static double invWidth(double wn, double wp, double h) {
        double[] max = maxWidths(wn, wp, h);
        double pitch = (POLY_WIDTH + GAP_GATE_POLY) * F;
        int fp = folds(wp, max[1]);
        int fn = folds(wn, max[0]);
        return Math.max(fn == 1 ? 2 * pitch : (fn + 1) * pitch, fp == 1 ? 2 * pitch : (fp + 1) * pitch);
    }

    static double cellArea(boolean nand, int inputs, double wn, double wp) {
        return cellWidth(nand, inputs, wn, wp) * CELL_HEIGHT * F;
    }

    // ---- gates ----
    /** Adder.cpp NAND2: NMOS 2 x 2 F (series pair), PMOS pnRatio x 2 F, enlarged to the cell. */
    static double[] nand2Widths() {
        return enlarge(2 * MIN_NMOS * F, PN_RATIO * MIN_NMOS * F);
    }

    /** DFF.cpp inverter and transmission gate: minimum NMOS 2 F, PMOS pnRatio x 2 F, enlarged. */
    static double[] dffInvWidths() {
        return enlarge(MIN_NMOS * F, PN_RATIO * MIN_NMOS * F);
    }

    /**
     * Energy of one n-bit ripple-carry adder operation on NeuroSim's calibration pattern (Adder.cpp
     * CalculatePower): 0-to-1 transitions of 6 NAND inputs and 2 outputs in the first bit, 7 inputs
     * and 3 outputs per later bit, plus the hidden transitions (first bit 8 inputs + 5 outputs, later
     * bits 6 inputs + 4 outputs), all at vdd^2, times the adder activity delta 0.15. That is
     * (14 Ci + 7 Co) + (n - 1)(13 Ci + 7 Co) = Ci + n (13 Ci + 7 Co). Returned as {base, perBit} (J).
     */
    static double[] adderEnergy() {
        double[] w = nand2Widths();
        double ci = gateCap(w[0]) + gateCap(w[1]);
        double co = drainCap(true, 2, w[0], w[1]);
        double v2 = VDD * VDD * DELTA;
        return new double[] {ci * v2, (13 * ci + 7 * co) * v2};
    }

    /**
     * Energy of one DFF for one clock (DFF.cpp CalculatePower, input D = 1): the clock inverter
     * (4 x its input plus output), the clock transmission gates (2 x NMOS and PMOS gates), the D
     * input side (3 TG drains + an inverter input), the feedback side (a TG drain + an inverter
     * output) and the Q side (inverter input + output), at vdd^2. Without the gamma activity.
     */
    static double dffEnergy() {
        double[] w = dffInvWidths();
        double ci = gateCap(w[0]) + gateCap(w[1]);
        double co = drainCap(false, 1, w[0], w[1]);
        double tgN = gateCap(w[0]);
        double tgP = gateCap(w[1]);
        double tgDrain = co;
        double clock = (ci + co) * 4 + tgN * 2 + tgP * 2;
        double data = (tgDrain * 3 + ci) + (tgDrain + co) + (ci + co);
        return (clock + data) * VDD * VDD;
    }

    /**
     * One shift-add unit operation set (ShiftAdd.cpp, NONSPIKING): {@code units} adders of
     * {@code bits} bits and (bits + 1 + pulses - 1) DFFs per unit, clocked {@code reads} times,
     * adders at delta, DFFs at gamma (J).
     */
    static double shiftAddEnergy(int units, int bits, int pulses, int reads) {
        double[] a = adderEnergy();
        double adder = a[0] + a[1] * bits;
        double dffs = (double) (bits + 1 + pulses - 1) * units;
        return reads * (units * adder + dffs * dffEnergy() * GAMMA);
    }

    /**
     * Accumulation energy of one subarray for one read pulse (pJ). SubArray.cpp, RRAM parallel read:
     * the weight shift-add (one unit per ADC, log2(levels)-bit adders, cellsPerWeight pulses) runs
     * columnsPerAdc times, the input shift-add (log2(levels) + cellsPerWeight bits, inputBits pulses)
     * ceil(columnsPerAdc / cellsPerWeight) times.
     */
    public static double shiftAddPjPerRead(int adcs, int adcBits, int cellsPerWeight, int inputBits, int mux) {
        double weight = shiftAddEnergy(adcs, adcBits, cellsPerWeight, mux);
        double input = shiftAddEnergy(adcs, adcBits + cellsPerWeight, inputBits,
                (mux + cellsPerWeight - 1) / cellsPerWeight);
        return (weight + input) * 1e12;
    }

    /** Adder energy per operation, intercept (pJ): Ci vdd^2 delta. */
    public static double adderPjBase() {
        return adderEnergy()[0] * 1e12;
    }

    /** Adder energy per operation and bit (pJ): (13 Ci + 7 Co) vdd^2 delta. */
    public static double adderPjPerBit() {
        return adderEnergy()[1] * 1e12;
    }

    /**
     * Register-file buffer energy per bit read (pJ): Buffer.cpp with DFF storage spends one DFF
     * clock (without gamma) per stored bit per read of the whole buffer, averaged per bit; writes
     * cost only the row decoder, which is not charged here.
     */
    public static double bufferPjPerBit() {
        return dffEnergy() * 1e12;
    }

    /**
     * Word-line switch matrix of a 1T1R subarray, per subarray read pulse (pJ), the part that does not
     * depend on the input (NewSwitchMatrix.cpp CalculatePower, called by SubArray.cpp with numRead =
     * numColMuxed): its {@code rows} DFFs all clock once per read, full DFF energy (no gamma).
     */
    public static double switchMatrixPjPerRead(int rows, int mux) {
        return (double) mux * rows * dffEnergy() * 1e12;
    }

    /**
     * Word-line switch matrix per selected row and subarray read pulse (pJ), NewSwitchMatrix.cpp: one
     * transmission gate passes the access voltage to the access transistor's gate (2 TG drains), two
     * pass the read voltage (5 TG drains), three TGs open (their gates at vdd), all numColMuxed times.
     * The TGs are minimum devices enlarged to the 28 F cell, as the DFF's inverter.
     */
    public static double switchMatrixPjPerActiveRow(int mux, double accessVoltage, double readVoltage) {
        double[] w = dffInvWidths();
        double drain = drainCap(false, 1, w[0], w[1]);
        double gates = gateCap(w[0]) + gateCap(w[1]);
        double perRow = 2 * drain * accessVoltage * accessVoltage + 5 * drain * readVoltage * readVoltage
                + 3 * gates * VDD * VDD;
        return mux * perRow * 1e12;
    }

    /** Param.cpp epsilon: switching activity of control circuits (validated = true). */
    static final double EPSILON = 0.05;

    /**
     * The multilevel sense amps' encoders, per subarray read pulse (pJ), MultilevelSAEncoder.cpp
     * CalculatePower with numRead = numColMuxed (SubArray.cpp): each of the {@code adcs} encoders
     * switches levels + log2(levels) inverters and NAND2s and log2(levels) NANDs of levels/2 inputs,
     * input plus output capacitance at vdd^2, times epsilon. Gates are minimum devices enlarged to the
     * 28 F cell.
     */
    public static double encoderPjPerRead(int levels, int adcs, int mux) {
        int gates = (int) Math.ceil(Math.log(levels) / Math.log(2) - 1e-9);
        int wide = (levels + 1) / 2;
        double[] inv = dffInvWidths();
        double[] nand = nand2Widths();
        double invC = gateCap(inv[0]) + gateCap(inv[1]) + drainCap(false, 1, inv[0], inv[1]);
        double nandC = gateCap(nand[0]) + gateCap(nand[1]) + drainCap(true, 2, nand[0], nand[1]);
        double wideC = gateCap(nand[0]) + gateCap(nand[1]) + drainCap(true, wide, nand[0], nand[1]);
        double perEncoder = (invC + nandC) * (levels + gates) + wideC * gates;
        return perEncoder * VDD * VDD * adcs * mux * EPSILON * 1e12;
    }

    /**
     * One step of formula.cpp's horowitz (beta fixed at 0.5, switching at vdd/2): the delay of a gate of
     * time constant tr driven by a ramp; returns {delay, output ramp}.
     */
    static double[] horowitz(double tr, double rampIn) {
        double alpha = 1 / rampIn / tr;
        double vs = 0.5;
        double delay = tr * Math.sqrt(Math.log(vs) * Math.log(vs) + 2 * alpha * 0.5 * (1 - vs));
        return new double[] {delay, (1 - vs) / delay};
    }

    /**
     * Delay of one n-bit ripple-carry adder (s), Adder.cpp CalculateLatency: the calibration pattern's
     * path through its NAND2s, pull-down 2 x R_N(w_N) into (C_out + 3 C_in), pull-up R_P(w_P) into
     * (C_out + 2 C_in), the middle pair repeated for n - 2 bits, then three final stages into
     * (C_out + 3 C_in), (C_out + C_in) and C_out (no load), each by horowitz starting from a step input.
     */
    static double adderDelayS(int bits) {
        double[] w = nand2Widths();
        double ci = gateCap(w[0]) + gateCap(w[1]);
        double co = drainCap(true, 2, w[0], w[1]);
        double down = 2 * onResistance(w[0], true);
        double up = onResistance(w[1], false);
        double[] s1 = horowitz(down * (co + 3 * ci), 1e20);
        double[] s2 = horowitz(up * (co + 2 * ci), s1[1]);
        double[] s3 = horowitz(down * (co + 3 * ci), s2[1]);
        double[] s4 = horowitz(up * (co + 2 * ci), s3[1]);
        double[] s5 = horowitz(down * (co + 3 * ci), s4[1]);
        double[] s6 = horowitz(up * (co + ci), s5[1]);
        double[] s7 = horowitz(down * co, s6[1]);
        double middle = bits > 2 ? (s3[0] + s4[0]) * (bits - 2) : 0;
        return s1[0] + s2[0] + middle + s5[0] + s6[0] + s7[0];
    }

    /**
     * Clock cycles of one adder-tree stage (AdderTree.cpp / Adder.cpp CalculateLatency, synchronous):
     * the adder's delay rounded up to whole ns (the adders are built at Param.cpp's 1 GHz clkFreq).
     */
    public static int adderStageCycles(int bits) {
        return (int) Math.ceil(adderDelayS(bits) * 1e9 - 1e-9);
    }

    // ---- leakage: formula.cpp CalculateGateLeakage, Technology.cpp 22 nm LSTP off-current 100e-6 uA/um at 300 K ----
    /** Off-current per metre of width, NMOS and PMOS (Technology.cpp currentOffNmos[0], currentOffPmos[0]: 1e-4 A/m). */
    static final double IOFF = 100e-6;
    /** constant.h AVG_RATIO_LEAK_2INPUT_NAND / 3INPUT_NAND (used for wider NANDs) and 2/3-input NOR. */
    static final double LEAK_NAND2 = 0.48;
    static final double LEAK_NAND3 = 0.31;
    static final double LEAK_NOR2 = 0.95;
    static final double LEAK_NOR3 = 0.62;

    /** Leakage power of an inverter (W): (w_N + w_P)/2 x I_off x vdd (formula.cpp, INV). */
    static double invLeakW(double wn, double wp) {
        return (wn + wp) / 2 * IOFF * VDD;
    }

    /** Leakage of a k-input NAND (W): ratio x k x w_P x I_off x vdd. */
    static double nandLeakW(int k, double wp) {
        return (k == 2 ? LEAK_NAND2 : LEAK_NAND3) * k * wp * IOFF * VDD;
    }

    /** Leakage power of one DFF (uW): eight minimum inverters enlarged to the cell (DFF.cpp CalculatePower). */
    public static double dffLeakageUw() {
        double[] w = dffInvWidths();
        return 8 * invLeakW(w[0], w[1]) * 1e6;
    }

    /** Leakage power of one adder bit (uW): nine NAND2 (Adder.cpp CalculatePower). */
    public static double adderLeakageUwPerBit() {
        return 9 * nandLeakW(2, nand2Widths()[1]) * 1e6;
    }

    /**
     * Leakage of a row decoder of {@code bits} address bits (uW), RowDecoder.cpp: address inverters,
     * 4 NAND2 per 2 bits, 2^bits NORs of ceil(bits/2) inputs, then per output a NAND2 and two inverters
     * (MUX mode) or two driver inverters of 2x minimum width, not enlarged (row mode).
     */
    public static double decoderLeakageUw(int bits, boolean mux) {
        double[] inv = dffInvWidths();
        double nandP = nand2Widths()[1];
        int outputs = bits > 2 ? 1 << bits : 0;
        int k = (bits + 1) / 2;
        double[] nor = enlarge(MIN_NMOS * F, k * PN_RATIO * MIN_NMOS * F);
        double w = invLeakW(inv[0], inv[1]) * bits + nandLeakW(2, nandP) * 4 * (bits / 2)
                + (k == 2 ? LEAK_NOR2 : LEAK_NOR3) * k * nor[0] * IOFF * VDD * outputs;
        if (mux) {
            w += (nandLeakW(2, nandP) + 2 * invLeakW(inv[0], inv[1])) * outputs;
        } else {
            w += 2 * invLeakW(2 * MIN_NMOS * F, 2 * PN_RATIO * MIN_NMOS * F) * outputs;
        }
        return w * 1e6;
    }

    /**
     * Leakage of one 1T1R subarray's periphery (uW), SubArray.cpp conventionalParallel: the word- and
     * source-line switch matrices' DFFs (one per row, one per column; NewSwitchMatrix.cpp,
     * SwitchMatrix.cpp), the weight and input shift-adds (adders and DFFs, ShiftAdd.cpp), the sense
     * amps' encoders (MultilevelSAEncoder.cpp) and the mux decoder (RowDecoder.cpp, MUX mode). The
     * sense amps and the mux pass gates have none in NeuroSim.
     */
    public static double subarrayLeakageUw(int rows, int cols, int adcs, int levels, int cellsPerWeight,
            int inputBits, int mux) {
        int adcBits = (int) Math.ceil(Math.log(levels) / Math.log(2) - 1e-9);
        double dff = dffLeakageUw();
        double adder = adderLeakageUwPerBit();
        double switches = (rows + cols) * dff;
        double weightShift = adcBits * adcs * adder + (double) (adcBits + cellsPerWeight) * adcs * dff;
        int inBits = adcBits + cellsPerWeight;
        double inputShift = inBits * adcs * adder + (double) (inBits + inputBits) * adcs * dff;
        double[] inv = dffInvWidths();
        double nandP = nand2Widths()[1];
        int gates = adcBits;
        double encoder = ((levels + gates) * (invLeakW(inv[0], inv[1]) + nandLeakW(2, nandP))
                + gates * nandLeakW((levels + 1) / 2, nandP)) * 1e6 * adcs;
        int muxBits = (int) Math.ceil(Math.log(mux) / Math.log(2) - 1e-9);
        return switches + weightShift + inputShift + encoder + decoderLeakageUw(muxBits, true);
    }

    private static double um2(double m2) {
        return m2 * 1e12;
    }

    /** Adder.cpp area: nine NAND2 per bit (um^2 per adder bit). */
    public static double adderAreaUm2PerBit() {
        double[] w = nand2Widths();
        return um2(9 * cellArea(true, 2, w[0], w[1]));
    }

    /**
     * Shift-add area of one subarray (um^2), laid out under the array (ShiftAdd.cpp CalculateArea with
     * the array width 128 x 12 F): the adders (9 NAND2 per bit), the DFFs (12 minimum inverters
     * each) packed in rows as wide as the array, and one cell row for the PISO inverters and NANDs,
     * for the weight and the input shift-add.
     */
    public static double shiftAddAreaUm2(int cols, int adcs, int adcBits, int cellsPerWeight, int inputBits) {
        double width = cols * CELL_WIDTH_F * F;
        double h = CELL_HEIGHT * F;
        double nand = adderAreaUm2PerBit() / 1e12;
        double dffWidth = 12 * cellWidth(false, 1, MIN_NMOS * F, PN_RATIO * MIN_NMOS * F);
        int perRow = (int) Math.floor(width / dffWidth);
        double total = 0;
        int[][] units = {{adcBits, cellsPerWeight}, {adcBits + cellsPerWeight, inputBits}};
        for (int[] u : units) {
            int bits = u[0];
            long dffs = (long) (bits + 1 + u[1] - 1) * adcs;
            total += nand * bits * adcs;
            total += Math.ceil((double) dffs / perRow) * h * width;
            total += h * width;
        }
        return um2(total);
    }

    /**
     * One multilevel sense amp with its share of the encoders (um^2). MultilevelSenseAmp.cpp, current
     * mode: per reference level a current sense amp (CurrentSenseAmp.cpp: 48 NMOS + 40 PMOS minimum
     * devices) plus 9 NMOS + 9 PMOS; each device is a minimum transistor in a 28 F cell. The
     * encoders (MultilevelSAEncoder.cpp: 2 inverters, a NAND2 and a levels/2-input NAND, stacked
     * levels - 1 high) fill one row as wide as the array; that row is shared by the subarray's ADCs.
     */
    public static double mlsaAreaUm2(int levels, int cols, int adcs) {
        double device = cellArea(false, 1, MIN_NMOS * F, 0);
        double senseAmps = (levels - 1) * (88 + 18) * device;
        double[] inv = enlarge(MIN_NMOS * F, PN_RATIO * MIN_NMOS * F);
        double[] nd = nand2Widths();
        double wEnc = 2 * cellWidth(false, 1, inv[0], inv[1]) + cellWidth(true, 2, nd[0], nd[1])
                + cellWidth(true, (levels + 1) / 2, nd[0], nd[1]);
        double hEnc = (levels - 1) * CELL_HEIGHT * F;
        double width = cols * CELL_WIDTH_F * F;
        int perRow = (int) Math.min(adcs, Math.ceil(width / wEnc));
        double rowsOfEncoders = Math.ceil((double) adcs / perRow);
        double encoders = Math.max(width, wEnc) * hEnc * rowsOfEncoders;
        return um2(senseAmps + encoders / adcs);
    }

    /** Param.cpp wireWidth (nm) at 22 nm; HTree.cpp widens long stages to 2x or 4x of it. */
    static final double WIRE_WIDTH_NM = 40;

    /**
     * Repeater of a repeated wire, {size in minimum inverters, spacing in metres} (HTree.cpp and
     * Bus.cpp Initialize): the fastest repeater is floor(sqrt(R_inv c_wire / (C_inv r_wire))) minimum
     * inverters every sqrt(2 R_inv (C_out + C_in) / (r_wire c_wire)); with a delay tolerance (the
     * H-trees get Param.cpp's 0.1; the PE buses 0, ProcessingUnit.cpp) the size is halved (an int in
     * HTree.h) and the spacing shortened by 10 % until the delay per metre exceeds the fastest one by
     * the tolerance.
     */
    static double[] repeater(double tolerance) {
        double wn = MIN_NMOS * F;
        double wp = PN_RATIO * MIN_NMOS * F;
        double cin = gateCap(wn) + gateCap(wp);
        double cout = drainCap(false, 1, wn, wp);
        double rOn = onResistance(wn, true) + onResistance(wp, false);
        int size = (int) Math.floor(Math.sqrt(rOn * WIRE_CAP_PER_M / cin / WIRE_RES_PER_M));
        double dist = Math.sqrt(2 * rOn * (cout + cin) / (WIRE_RES_PER_M * WIRE_CAP_PER_M));
        if (tolerance > 0) {
            double fastest = repeatedDelayPerM(size, dist, WIRE_RES_PER_M);
            double delay = 0;
            while (delay < fastest * (1 + tolerance)) {
                size /= 2;
                dist *= 0.9;
                delay = repeatedDelayPerM(size, dist, WIRE_RES_PER_M);
            }
        }
        return new double[] {Math.max(1, size), dist};
    }

    /** Switching energy per bit and metre of a repeated wire: (C_rep,in + C_rep,out + c_wire x spacing) / spacing x vdd^2 x 0.25 (J/m). */
    private static double switchingPerM(double[] rep) {
        double rn = MIN_NMOS * F * rep[0];
        double rp = PN_RATIO * MIN_NMOS * F * rep[0];
        double c = gateCap(rn) + gateCap(rp) + drainCap(false, 1, rn, rp);
        return (c + WIRE_CAP_PER_M * rep[1]) * VDD * VDD / rep[1] * 0.25;
    }

    /**
     * Energy per bit and um of an H-tree wire (pJ/um), HTree.cpp CalculatePower: the repeater relaxed by
     * the 10 % bus delay tolerance (47x every 108.8 um), activity 0.25.
     */
    public static double wirePjPerUm() {
        return switchingPerM(repeater(BUS_DELAY_TOLERANCE)) * 1e12 * 1e-6;
    }

    /** Energy per bit and um of a PE bus (pJ/um), Bus.cpp CalculatePower: the fastest repeater (94x every 120.9 um). */
    public static double busPjPerUm() {
        return switchingPerM(repeater(0)) * 1e12 * 1e-6;
    }

    /**
     * Delay per um of an H-tree stage (ns/um), HTree.cpp CalculateLatency: the relaxed repeater's Elmore
     * delay, but with the resistance GetUnitLengthRes gives the stage: a wire 2x Param.cpp's width
     * below 100,000 F of length, 4x from there; its chained comparisons ({@code 110 <= w < 175}) are
     * always true in C++, so every width below 175 nm takes aspect ratio 1.6 and resistivity 2.52e-8
     * ohm m.
     */
    public static double htreeNsPerUm(boolean wide) {
        double w = (wide ? 4 : 2) * WIRE_WIDTH_NM * 1e-9;
        double r = 2.52e-8 / (w * w * 1.6);
        double[] rep = repeater(BUS_DELAY_TOLERANCE);
        return repeatedDelayPerM(rep[0], rep[1], r) * 1e9 * 1e-6;
    }

    /** Stage length (um) from which HTree.cpp's GetUnitLengthRes widens the wire 4x: 100,000 F. */
    public static double wideWireFromUm() {
        return 1e5 * F * 1e6;
    }

    /**
     * Width (um) of the H-tree's repeater cell (formula.cpp CalculateGateArea): 47x a minimum inverter
     * folds into ceil(w / w_max) fingers in the 28 F cell, (folds + 1) x (poly + gate-poly gap) wide.
     */
    public static double repeaterWidthUm() {
        double s = repeater(BUS_DELAY_TOLERANCE)[0];
        return cellWidth(false, 1, MIN_NMOS * F * s, PN_RATIO * MIN_NMOS * F * s) * 1e6;
    }

    /** Height (um) of every standard cell, the H-tree's repeaters included: 28 F (constant.h MAX_TRANSISTOR_HEIGHT). */
    public static double cellHeightUm() {
        return CELL_HEIGHT * F * 1e6;
    }

    /** Elmore delay per metre of a wire with repeaters of this size every {@code dist} (HTree.cpp). */
    static double repeatedDelayPerM(double size, double dist, double wireResPerM) {
        double wn = MIN_NMOS * F * size;
        double wp = PN_RATIO * MIN_NMOS * F * size;
        double cin = gateCap(wn) + gateCap(wp);
        double cout = drainCap(false, 1, wn, wp);
        double r = onResistance(wn, true) + onResistance(wp, false);
        return 0.7 * (r * (cin + cout + WIRE_CAP_PER_M * dist) + 0.5 * wireResPerM * dist * WIRE_CAP_PER_M * dist
                + wireResPerM * dist * cin) / dist;
    }

    /** formula.cpp CalculateOnResistance, 300 K: effectiveResistanceMultiplier x vdd / (I_on x width). */
    static double onResistance(double width, boolean nmos) {
        return R_MULT * VDD / ((nmos ? ION_N : ION_P) * width);
    }
}
