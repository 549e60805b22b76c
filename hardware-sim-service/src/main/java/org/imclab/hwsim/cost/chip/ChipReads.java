package org.imclab.hwsim.cost.chip;

import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.EnergyBreakdown;
import org.imclab.hwsim.cost.ReadModel;

/**
 * Crossbar reads priced by the chip-level circuit model, so that the weight-stationary baseline
 * (with its reprogramming) and BasisN are compared on the same calibrated chip. One crossbar cycle
 * is one read pulse of one subarray, as in {@link ChipCostModel}:
 * <ul>
 *   <li>time: the MLSA senses the columnsPerAdc multiplexed column sets one per clock, then the
 *       shift-add takes columnsPerAdc + ceil(columnsPerAdc / cellsPerWeight) clocks (SubArray.cpp,
 *       ShiftAdd.cpp; NeuroSim adds the two), (2 mux + ceil(mux/cpw)) x clock;</li>
 *   <li>array read part: every bit line charged once, the driven word lines once
 *       ({@link ChipCostModel#bitLinesPj}, {@link ChipCostModel#wordLinesPj}), plus the subarray's
 *       read periphery per pulse: shift-add and the word-line switch matrix
 *       (shiftAddPjPerRead + peripheryPjPerRead + peripheryPjPerActiveRow per driven row);</li>
 *   <li>ADC part: every column converted once per pulse ({@link ChipCostModel#conversionPj}), with
 *       the layer's input-bit activity and the mean conductance of the cells read (the layer's
 *       weights for the baseline, the basis for BasisN);</li>
 *   <li>DAC part: none (the word-line drive is in the array part).</li>
 * </ul>
 * Adder trees above the subarray, buffers and the H-tree move the same activations for either
 * mapping and are not charged here (the chip report has them for the resident chip).
 */
public final class ChipReads implements ReadModel {

    private final ChipParams chip;
    private final Workload workload;

    /**
     * @throws IllegalArgumentException if the crossbar parameters describe another subarray than the chip's
     *                                  ({@link #mismatch})
     */
    public ChipReads(ChipParams chip, Workload workload, CrossbarParams p) {
        String why = mismatch(chip, p);
        if (why != null) {
            throw new IllegalArgumentException(why);
        }
        this.chip = chip;
        this.workload = workload == null ? Workload.assumed() : workload;
    }

    /**
     * Why the chip model cannot price reads of crossbars with these parameters (another subarray
     * size, cell or input precision, signed pairs or ADC sharing than the chip constants were
     * derived for), or null when it can.
     */
    public static String mismatch(ChipParams c, CrossbarParams p) {
        if (p.rows() != c.rows() || p.cols() != c.cols()) {
            return "the chip constants are for " + c.rows() + "x" + c.cols() + " subarrays, not " + p.rows() + "x"
                    + p.cols();
        }
        if (p.bitsPerCell() != c.cellBits() || p.weightBits() != c.weightBits() || p.differential()) {
            return "the chip constants are for " + c.weightBits() + "-bit weights in " + c.cellBits()
                    + "-bit cells without differential pairs";
        }
        if (p.inputBits() != c.inputBits() || p.dacBits() != 1) {
            return "the chip constants are for " + c.inputBits() + "-bit inputs applied one bit per read pulse";
        }
        if (p.columnsPerAdc() != c.columnsPerAdc()) {
            return "the chip constants are for " + c.columnsPerAdc() + " columns per ADC";
        }
        return null;
    }

    public Workload workload() {
        return workload;
    }

    @Override
    public double cycleNs(CrossbarParams p) {
        int mux = chip.columnsPerAdc();
        int perWeightGroups = (mux + chip.cellsPerWeight() - 1) / chip.cellsPerWeight();
        return (2 * mux + perWeightGroups) * chip.clockNs();
    }

    @Override
    public EnergyBreakdown reads(String layer, boolean basis, long crossbarCycles, long rowCycles, CrossbarParams p) {
        double a = workload.activityOf(layer);
        double g = basis ? workload.basisConductanceOf(chip) : workload.conductanceOf(layer, chip);
        double drivenRows = a * rowCycles;
        // conversionPj is affine in the active rows: a fixed bias part per conversion and a part per active row.
        double bias = ChipCostModel.conversionPj(chip, 0, g);
        double perRow = ChipCostModel.conversionPj(chip, 1, g) - bias;
        double adc = (double) chip.cols() * (crossbarCycles * bias + drivenRows * perRow)
                + crossbarCycles * chip.encoderPjPerRead();
        double array = crossbarCycles * (ChipCostModel.bitLinesPj(chip) + chip.shiftAddPjPerRead()
                + chip.peripheryPjPerRead()) + ChipCostModel.wordLinesPj(chip, drivenRows)
                + drivenRows * chip.peripheryPjPerActiveRow();
        return new EnergyBreakdown(array, adc, 0, 0, 0);
    }

    @Override
    public String description() {
        return "chip model (" + String.format(java.util.Locale.ROOT, "%.2f", cycleNs(null))
                + " ns per subarray read pulse: MLSA over the multiplexed columns, then shift-add; array, MLSA,"
                + " shift-add and subarray periphery energy at the layer's input activity and cell conductance; "
                + workload.source() + "); adder trees, buffers and H-tree not charged; programming from the preset's"
                + " write constants";
    }
}
