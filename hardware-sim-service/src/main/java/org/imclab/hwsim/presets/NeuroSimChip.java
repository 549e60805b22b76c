package org.imclab.hwsim.presets;

import org.imclab.hwsim.cost.chip.ChipParams;
import org.imclab.hwsim.cost.chip.ChipWires;

/**
 * Chip-level constants of DNN+NeuroSim V1.3 (Inference_pytorch/NeuroSIM, commit 388f421) at its
 * Param.cpp defaults, for the {@link org.imclab.hwsim.cost.chip.ChipCostModel}. Circuit constants
 * are NeuroSim's own formulas evaluated at 22 nm LSTP. The shift-add, adder-tree and buffer energies,
 * the H-tree and PE-bus wires (energy, delay, area) and the ADC, shift-add and adder-tree areas are
 * DERIVED from NeuroSim's gate-level and wire formulas ({@link NeuroSimCircuits}), and so is the
 * word-line switch matrix, the tiles' leakage power, the adder stage time and the subarray's layout
 * with its "other" periphery ({@link NeuroSimSubarrayLayout}). No constant is read off the result rows
 * of NeuroSim's VGG-8 run any more; the clock period is the synchronous clock that run used
 * (docs/hwsim.md, "Calibration").
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

    /**
     * Wires of the H-trees and PE buses, DERIVED (NeuroSimCircuits; HTree.cpp, Bus.cpp, formula.cpp,
     * Param.cpp): 4.87e-5 pJ per bit and um on the H-trees (47x repeaters every 108.8 um after the 10 %
     * delay tolerance), 5.85e-5 on the PE buses (fastest 94x every 120.9 um); 0.377 / 0.354 ns per mm on
     * H-tree stages shorter / longer than 100,000 F (2x / 4x wide wires); transfers rounded up to whole
     * ns (HTree.cpp's clock is Param.cpp's clkFreq 1 GHz) and each ns costs one chip cycle; bus at most
     * 2048 bits (Param.cpp maxGlobalBusWidth), folded 4 (treeFoldedRatio) at chip and 16 at tile level
     * (Tile.cpp); repeater cell 1.003 x 0.616 um; the PE buses run over whole subarrays, periphery
     * included ({@link #subarrayLayout()}).
     */
    static ChipWires wires() {
        NeuroSimSubarrayLayout sub = subarrayLayout();
        return new ChipWires(NeuroSimCircuits.wirePjPerUm(), NeuroSimCircuits.busPjPerUm(),
                NeuroSimCircuits.htreeNsPerUm(false), NeuroSimCircuits.htreeNsPerUm(true),
                NeuroSimCircuits.wideWireFromUm(), 1.0, 2048, 4, 16, NeuroSimCircuits.repeaterWidthUm(),
                NeuroSimCircuits.cellHeightUm(), sub.widthUm(), sub.heightUm());
    }

    /**
     * The Param.cpp subarray's layout, DERIVED (NeuroSimSubarrayLayout; SubArray.cpp, LevelShifter.cpp,
     * NewSwitchMatrix.cpp, SwitchMatrix.cpp, Mux.cpp, RowDecoder.cpp, DFF.cpp, formula.cpp): 128 x 128
     * cells, 8 columns per sense amp, transmission gates sized for the average cell, Ron 6 kOhm + Roff
     * 900 kOhm halved, in series with the access transistor's 1.5 kOhm (SubArray.cpp resMemCellAvg); 16
     * sense amps with encoders and the two shift-adds stacked under the array.
     */
    public static NeuroSimSubarrayLayout subarrayLayout() {
        double avgCell = 6e3 * 0.25 + (6e3 + 6e3 * 150) / 2;
        double columnBlocks = 16 * NeuroSimCircuits.mlsaAreaUm2(32, 128, 16)
                + NeuroSimCircuits.shiftAddAreaUm2(128, 16, 5, 2 * 2, 8);
        return new NeuroSimSubarrayLayout(128, 128, 8, avgCell, columnBlocks);
    }

    /** The chip of NeuroSim V1.3's Param.cpp defaults. */
    public static ChipParams v13() {
        // Technology.cpp 22 nm LSTP: capIdealGate 5.245e-10 F/m, capFringe 8.004e-10 F/m, capOverlap 0.2 x capIdealGate;
        // formula.cpp CalculateGateCap = (capIdealGate + capOverlap + capFringe) x width (one fringe term; the
        // "3 * capFringe" there is a comment, not the code).
        double gateCapPerM = NeuroSimCircuits.GATE_CAP_PER_M;
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
                // DERIVED (NeuroSimCircuits.encoderPjPerRead; MultilevelSAEncoder.cpp x epsilon 0.05): 16 encoders of
                // 37 inverters, 37 NAND2s and 5 NAND16s, 8 times per read pulse.
                NeuroSimCircuits.encoderPjPerRead(32, 16, 8),
                bitLineCap, wordLineCap,
                // DERIVED (NeuroSimCircuits.shiftAddPjPerRead; ShiftAdd.cpp, Adder.cpp, DFF.cpp, formula.cpp): weight
                // shift-add (16 units, 5-bit adders, 9 DFFs each) clocked 8 times + input shift-add (9-bit adders, 17
                // DFFs each) clocked 2 times per subarray read pulse, adders x delta 0.15, DFFs x gamma 0.5 = 5.33 pJ.
                NeuroSimCircuits.shiftAddPjPerRead(16, 5, 2 * 2, 8, 8),
                // DERIVED (NeuroSimCircuits.switchMatrixPjPerRead / PerActiveRow; NewSwitchMatrix.cpp, DFF.cpp): per
                // subarray read pulse the 128 row DFFs clock 8 times, 8 x 128 x 5.104 fJ = 5.23 pJ, and every selected
                // row costs 8 x (2 x 0.1805 fF x 1.1^2 + 5 x 0.1805 fF x 0.5^2 + 3 x 0.6574 fF x 0.85^2) = 16.7 fJ
                // (Param.cpp accessVoltage 1.1 V, readVoltage 0.5 V). The 8:1 mux (Mux.cpp) and its decoder
                // (RowDecoder.cpp, x epsilon 0.05), about 6 fJ and 0.4 fJ per pulse, are not charged.
                NeuroSimCircuits.switchMatrixPjPerRead(128, 8), NeuroSimCircuits.switchMatrixPjPerActiveRow(8, 1.1, 0.5),
                // DERIVED (Adder.cpp CalculatePower, formula.cpp capacitances): an n-bit adder op costs
                // (Ci + n (13 Ci + 7 Co)) vdd^2 delta with the NAND2's Ci 0.657 fF and Co 0.181 fF.
                NeuroSimCircuits.adderPjBase(), NeuroSimCircuits.adderPjPerBit(),
                // DERIVED (NeuroSimCircuits.adderStageCycles; Adder.cpp CalculateLatency, formula.cpp horowitz): a
                // ripple adder of the trees' widest first stage (18 + log2(512/128) + log2(9) = 24 bits) takes 1.52 ns
                // -> 2 cycles (2 for every width from 16 to 31 bits).
                NeuroSimCircuits.adderStageCycles(24),
                // Param.cpp globalBufferCoreSizeCol 128 bits per line, cores of globalBufferCoreSizeRow x Col = 128 x 128 bits
                // (Chip.cpp: min(numBufferCore, ceil(bus / 128)) cores in parallel; VGG-8: min(64, ceil(1512/128) = 12)).
                128, 128 * 128,
                // Param.cpp tileBufferCoreSizeCol 32 bits per line; Tile.cpp lines in parallel = min(numInBufferCore /
                // numOutBufferCore, busWidth / 32). Both counts are globals that TileInitialize sets for the novel
                // tile and then overwrites with the conventional tile's: 2 input cores (2 x 8 x 128 bits) and 1 output
                // core (640 bits of 20-bit sums) for both tile kinds (a novel tile's own counts would be 9 and 3).
                32, 2, 2, 1, 1,
                wires(),
                // DERIVED (NeuroSimCircuits.bufferPjPerBit; Buffer.cpp register file, DFF.cpp without gamma): one DFF
                // clock per bit read = 5.10 fJ (the row decoder's share is not charged).
                NeuroSimCircuits.bufferPjPerBit(),
                // DERIVED leakage (NeuroSimCircuits; formula.cpp CalculateGateLeakage, Technology.cpp 22 nm LSTP off-current
                // 1e-4 A/m): a subarray's periphery 0.1624 uW (256 switch-matrix DFFs, 416 shift-add DFFs, 224 adder
                // bits, 16 encoders, the mux decoder); one DFF 1.563e-4 uW; one adder bit 1.342e-4 uW; a tile buffer's
                // 5-bit row decoder.
                NeuroSimCircuits.subarrayLeakageUw(128, 128, 16, 32, 2 * 2, 8, 8), NeuroSimCircuits.dffLeakageUw(),
                NeuroSimCircuits.adderLeakageUwPerBit(), NeuroSimCircuits.decoderLeakageUw(5, false),
                48, 22, // Param.cpp heightInFeatureSize1T1R 4 x widthInFeatureSize1T1R 12; technode 22 (array area 1.541 mm^2 = 4048 x 16384 x 48 F^2)
                // DERIVED (NeuroSimCircuits.mlsaAreaUm2; MultilevelSenseAmp.cpp, CurrentSenseAmp.cpp,
                // MultilevelSAEncoder.cpp): 31 levels x 106 minimum devices + the encoder row's share = 378.8 um^2.
                NeuroSimCircuits.mlsaAreaUm2(32, 128, 16),
                // DERIVED (NeuroSimCircuits.shiftAddAreaUm2; ShiftAdd.cpp, Adder.cpp, DFF.cpp areas under a 128 x 12 F
                // wide array) = 894.3 um^2; adder trees: 9 NAND2 per adder bit = 1.390 um^2 (Adder.cpp).
                NeuroSimCircuits.shiftAddAreaUm2(128, 16, 5, 2 * 2, 8), NeuroSimCircuits.adderAreaUm2PerBit(),
                // DERIVED (NeuroSimSubarrayLayout.otherAreaUm2; SubArray.cpp areaOther, LevelShifter.cpp,
                // NewSwitchMatrix.cpp, SwitchMatrix.cpp, Mux.cpp, RowDecoder.cpp): per subarray 384 level-shifter
                // outputs of 10.01 um^2 (word, bit and source lines, 2 V writes), the word- and source-line switch
                // matrices, the column mux and its decoder = 4452.5 um^2.
                subarrayLayout().otherAreaUm2(),
                // DFF.cpp: a DFF is 12 enlarged minimum inverters, 91.2 F x 28 F (the register files and buffers,
                // RegisterFiles in the model).
                NeuroSimSubarrayLayout.dffWidth() * 1e6, NeuroSimCircuits.cellHeightUm(),
                1.22, // Param.cpp zeta (validated=true), applied only inside TOPS/W
                true, // Param.cpp novelMapping
                true); // NeuroSim's conv vector count (Chip.cpp numInVector)
    }
}
