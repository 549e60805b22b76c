package org.imclab.hwsim.presets;

import org.imclab.hwsim.cost.chip.ChipParams;

/**
 * Chip-level constants of DNN+NeuroSim V1.3 (Inference_pytorch/NeuroSIM, commit 388f421) at its
 * Param.cpp defaults, for the {@link org.imclab.hwsim.cost.chip.ChipCostModel}. Circuit constants
 * are NeuroSim's own formulas evaluated at 22 nm LSTP; the per-event energies and latencies of the
 * digital parts, which NeuroSim builds from transistor-level models we do not re-implement, are
 * taken from NeuroSim's measured VGG-8 run (docs/hwsim.md, "Calibration") divided
 * by the event counts the model itself computes; each is marked "CALIBRATED from NeuroSim's VGG-8
 * row X" (docs/hwsim.md lists them with the NeuroSim function whose formula they stand in for).
 */
public final class NeuroSimChip {

    private NeuroSimChip() {
    }

    /** Access-transistor width (F): Ron(1F) x LINEAR_REGION_RATIO / (Ron_cell x IR_DROP_TOLERANCE). */
    static double accessWidthF() {
        // formula.cpp CalculateOnResistance: 1.77 (effectiveResistanceMultiplier) x vdd 0.85 V
        // / (currentOnNmos[300 K] 791.9 uA/um x 22 nm) = 86.4 kOhm (Technology.cpp 22 nm LSTP);
        // SubArray.cpp: width = that x 0.20 (constant.h LINEAR_REGION_RATIO) / (6 kOhm x 0.25) = 11.5 F.
        double rOnMinWidth = 1.77 * 0.85 / (791.9 * 22e-9);
        return rOnMinWidth * 0.20 / (6e3 * 0.25);
    }

    /** The chip of NeuroSim V1.3's Param.cpp defaults. */
    public static ChipParams v13() {
        // Technology.cpp 22 nm LSTP: capIdealGate 5.245e-10 F/m, capFringe 8.004e-10 F/m, capOverlap 0.2 x capIdealGate;
        // formula.cpp CalculateGateCap = (capIdealGate + capOverlap + 3 capFringe) x width.
        double gateCapPerM = 5.245e-10 * 1.2 + 3 * 8.004e-10;
        double accessGateF = gateCapPerM * accessWidthF() * 22e-9;
        // SubArray.cpp: capRow2 = lengthRow x 0.2 fF/um + 128 access gates; lengthRow = 128 cells x 12 F x 40 nm (featuresize).
        double wordLineCap = 128 * 12 * 40e-9 / 1e-6 * 0.2e-15 + 128 * accessGateF;
        // SubArray.cpp conventionalParallel: capBL = lengthCol x 0.2 fF/um, lengthCol = 128 x 4 F x 40 nm.
        double bitLineCap = 128 * 4 * 40e-9 / 1e-6 * 0.2e-15;
        return new ChipParams(
                128, 128, // Param.cpp numRowSubArray, numColSubArray
                2, 8, 8, // Param.cpp cellBit; synapseBit and numBitInput from the wrapper (--wl_weight 8 --wl_activate 8)
                32, 8, // Param.cpp levelOutput (5-bit MLSA), numColMuxed
                6e3, 6e3 * 150, 6e3 * 0.25, // Param.cpp resistanceOn, resistanceOff (on/off 150), resistanceAccess = Ron x IR_DROP_TOLERANCE
                0.5, 0.85, // Param.cpp readVoltage; Technology.cpp 22 nm LSTP vdd
                2.03892, // synchronous clock: NeuroSim's worst sensing cycle x beta 1.4 (main.cpp clkPeriod, calibration run)
                1.0, // MultilevelSenseAmp.cpp GetColumnLatency: 1 ns per column at <= 22 nm
                1.7e-6, 0.0631, // MultilevelSenseAmp.cpp GetColumnPower, current mode, LP, 22 nm: 1.7 uW x (levels-1) + 0.0631 x G
                bitLineCap, wordLineCap,
                // CALIBRATED from NeuroSim's VGG-8 row "E accum": 4.862 uJ over 892,672 subarray read pulses (sum of
                // needed subarrays x vectors x 8 bits) = 5.45 pJ. NeuroSim's formula (ShiftAdd.cpp CalculatePower:
                // Adder.cpp + DFF.cpp CalculatePower, gamma 0.5) needs formula.cpp's layout-level drain capacitances.
                5.45,
                // CALIBRATED from NeuroSim's VGG-8 rows "E other" - "E buffer" - "E IC" = 5.17 uJ over the same read
                // pulses = 5.79 pJ: WL switch matrix, 8:1 mux and mux decoder per subarray read (SubArray.cpp).
                5.79,
                // CALIBRATED from NeuroSim's VGG-8 row "t accum" of layer 2: 14,400 cycles of the 9-input tile adder
                // tree = 900 x 2 reads x 4 stages x 2 cycles per stage.
                2,
                // Param.cpp globalBufferCoreSizeCol 128 bits per line; Chip.cpp cores = min(numBufferCore 64, 2048/128 = 16).
                128, 16,
                // Param.cpp tileBufferCoreSizeCol 32 bits per line; Tile.cpp cores = min(numInBufferCore,
                // busWidth / 32): 2 for both tile kinds (input), 3 NM / 1 CM output (numOutBufferCore for 20-bit sums).
                32, 2, 2, 3, 1,
                // CALIBRATED from NeuroSim's VGG-8 row "t IC" of layer 2: 68,570 ns = 33,630 cycles for 2.99 Mbit
                // through the chip H-tree (HTree.cpp's delay needs the repeater sizing and the tile dimensions).
                89.0,
                // CALIBRATED from NeuroSim's VGG-8 row "E IC": 10.22 uJ over 12.85 Mbit (global plus tile-input bits,
                // all layers) = 0.795 pJ/bit. Plausibility (HTree.cpp CalculatePower): wire alone costs 0.25 x
                // 0.2 fF/um x 0.85^2 V^2 = 0.036 pJ/bit/mm, so 0.795 pJ is 22 mm of bare wire, or less with the
                // repeaters' own capacitance, on a 58.7 mm^2 (7.7 mm side) chip.
                0.795,
                // CALIBRATED from NeuroSim's VGG-8 row "E buffer": 0.465 uJ over 15.6 Mbit buffered (global, tile in,
                // tile out) = 0.0298 pJ/bit (Buffer.cpp register-file DFF energy per bit).
                0.0298,
                // CALIBRATED from NeuroSim's VGG-8 leakage power column: CM tile 430.8 uW / 32 tiles (layer 7); NM tile
                // mean of layers 2-6.
                13.46, 29.8,
                48, 22, // Param.cpp heightInFeatureSize1T1R 4 x widthInFeatureSize1T1R 12; technode 22 (array area 1.541 mm^2 = 4048 x 16384 x 48 F^2)
                // CALIBRATED from NeuroSim's VGG-8 area rows over 4048 subarray slots: ADC 24.53 mm^2 / (4048 x 16) =
                // 378.7 um^2 per MLSA,
                // accumulation 5.306 mm^2 / 4048 = 1310.8 um^2, other 20.27 mm^2 / 4048 = 5007 um^2; IC 7.082 mm^2 / 47 tiles.
                378.7, 1310.8, 5007.4, 150681,
                1.22, // Param.cpp zeta (validated=true), applied only inside TOPS/W
                true, // Param.cpp novelMapping
                true); // NeuroSim's conv vector count (Chip.cpp numInVector)
    }
}
