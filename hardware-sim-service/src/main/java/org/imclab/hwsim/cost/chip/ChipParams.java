package org.imclab.hwsim.cost.chip;

/**
 * Circuit and technology constants of a DNN+NeuroSim-style chip (subarray, PE, tile, chip), as the
 * {@link ChipCostModel} consumes them. The preset that fills these in cites a source for each
 * ({@link org.imclab.hwsim.presets.CrossbarPresets#NEUROSIM_V13}). Units: ohm, volt, farad,
 * second-free nanoseconds for times, picojoules for energies, square micrometres for areas.
 *
 * @param rows                   subarray rows (numRowSubArray)
 * @param cols                   subarray columns (numColSubArray)
 * @param cellBits               bits per cell (cellBit)
 * @param weightBits             weight bits (synapseBit); cellsPerWeight = ceil(weightBits/cellBits)
 * @param inputBits              input bits, applied one per read pulse (numBitInput)
 * @param adcLevels              sense-amp output levels (levelOutput; 32 = 5 bit)
 * @param columnsPerAdc          columns sharing one ADC (numColMuxed)
 * @param resistanceOn           cell on resistance (ohm)
 * @param resistanceOff          cell off resistance (ohm)
 * @param resistanceAccess       series access-transistor resistance of a 1T1R cell (ohm)
 * @param readVoltage            bit-line read voltage (V)
 * @param vdd                    logic supply (V)
 * @param clockNs                synchronous clock period (ns)
 * @param senseNs                time one column is sensed by the MLSA (ns)
 * @param mlsaStaticWPerLevel    MLSA bias power per reference level (W)
 * @param mlsaCurrentCoefficient MLSA power per siemens of column conductance (W/S)
 * @param encoderPjPerRead       the sense amps' encoders, per subarray read pulse (pJ)
 * @param bitLineCapF            bit-line capacitance of one column (F)
 * @param wordLineCapF           word-line capacitance of one row (wire plus access gates, F)
 * @param shiftAddPjPerRead      shift-add energy of one subarray for one read pulse (pJ)
 * @param peripheryPjPerRead     word-line switch matrix energy of one subarray per read pulse, input-independent part (pJ)
 * @param peripheryPjPerActiveRow word-line switch matrix energy per selected row and read pulse (pJ)
 * @param adderPjBase            energy of one adder operation, intercept (pJ); n bits cost base + n x perBit
 * @param adderPjPerBit          energy of one adder operation per bit (pJ)
 * @param adderStageCycles       clock cycles of one adder-tree stage
 * @param globalBufferLineBits   global buffer line width (bits)
 * @param globalBufferCoreBits   bits of one global buffer core; the buffer has enough cores for the largest
 *                               layer input, and moves one line per core per cycle, as many as the chip bus takes
 * @param tileBufferLineBits     tile buffer line width (bits)
 * @param nmTileInputPorts       novel-mapped tile input-buffer lines per cycle
 * @param cmTileInputPorts       conventional tile input-buffer lines per cycle
 * @param nmTileOutputPorts      novel-mapped tile output-buffer lines per cycle
 * @param cmTileOutputPorts      conventional tile output-buffer lines per cycle
 * @param wires                  the H-trees' and PE buses' wire constants ({@link Interconnect})
 * @param bufferPjPerBit         buffer energy per bit written and read (pJ)
 * @param subarrayLeakageUw      leakage power of one subarray slot's periphery (uW)
 * @param dffLeakageUw           leakage power of one DFF, the cell of every register file (uW)
 * @param adderLeakageUwPerBit   leakage power of one adder bit (uW)
 * @param bufferDecoderLeakageUw leakage power of one tile buffer's row decoder (uW)
 * @param cellAreaF2             cell area in F^2
 * @param featureNm              feature size F of the array (nm)
 * @param adcAreaUm2             area of one ADC (um^2)
 * @param shiftAddAreaUm2        shift-add area of one subarray (um^2)
 * @param adderAreaUm2PerBit     adder-tree area per adder bit (um^2)
 * @param peripheryAreaUm2       a subarray's own "other" periphery (um^2): level shifters, switch
 *                               matrices, column mux and its decoder (SubArray.cpp areaOther); register
 *                               files and buffers are added by {@link RegisterFiles}, the interconnect
 *                               from the wires
 * @param dffWidthUm             width of one DFF, the cell of every register file and buffer (um)
 * @param dffHeightUm            height of one DFF (um)
 * @param energyCalibration      zeta, the post-layout energy factor NeuroSim applies only inside
 *                               its printed TOPS/W
 * @param novelMapping           map 3x3 convolutions one PE per kernel position
 * @param validConvVectors       count conv input vectors as NeuroSim does, (H-k+1)(W-k+1)/s^2
 *                               (padding ignored); otherwise the true output pixels
 */
public record ChipParams(
        int rows, int cols, int cellBits, int weightBits, int inputBits, int adcLevels, int columnsPerAdc,
        double resistanceOn, double resistanceOff, double resistanceAccess, double readVoltage, double vdd,
        double clockNs, double senseNs, double mlsaStaticWPerLevel, double mlsaCurrentCoefficient, double encoderPjPerRead,
        double bitLineCapF, double wordLineCapF, double shiftAddPjPerRead, double peripheryPjPerRead,
        double peripheryPjPerActiveRow,
        double adderPjBase, double adderPjPerBit,
        int adderStageCycles, int globalBufferLineBits, int globalBufferCoreBits, int tileBufferLineBits,
        int nmTileInputPorts, int cmTileInputPorts, int nmTileOutputPorts, int cmTileOutputPorts,
        ChipWires wires, double bufferPjPerBit,
        double subarrayLeakageUw, double dffLeakageUw, double adderLeakageUwPerBit, double bufferDecoderLeakageUw,
        double cellAreaF2, double featureNm, double adcAreaUm2,
        double shiftAddAreaUm2, double adderAreaUm2PerBit, double peripheryAreaUm2, double dffWidthUm,
        double dffHeightUm, double energyCalibration,
        boolean novelMapping, boolean validConvVectors) {

    /** Bits of one tile buffer core: tileBufferLineBits lines of tileBufferLineBits bits (Param.cpp 32 x 32). */
    public int tileBufferCoreBits() {
        return tileBufferLineBits * tileBufferLineBits;
    }

    /** Cells (columns) per weight: ceil(weightBits / cellBits). */
    public int cellsPerWeight() {
        return (weightBits + cellBits - 1) / cellBits;
    }

    /** ADCs per subarray: cols / columnsPerAdc. */
    public int adcsPerSubarray() {
        return (cols + columnsPerAdc - 1) / columnsPerAdc;
    }

    /**
     * Mean conductance one selected cell adds to its column when its 2^cellBits levels are equally
     * likely: level j maps linearly onto [1/Roff, 1/Ron] (NeuroSim Chip.cpp LoadInWeightData) and
     * the access transistor is in series (ProcessingUnit.cpp GetColumnResistance).
     */
    public double uniformCellConductance() {
        int levels = 1 << cellBits;
        double gMin = 1 / resistanceOff;
        double gMax = 1 / resistanceOn;
        double sum = 0;
        for (int j = 0; j < levels; j++) {
            double g = gMin + (double) j / (levels - 1) * (gMax - gMin);
            sum += 1 / (1 / g + resistanceAccess);
        }
        return sum / levels;
    }
}
