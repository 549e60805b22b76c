package org.imclab.hwsim.cost;

/**
 * What reading the crossbars costs: the length of one crossbar cycle (one input slice through one
 * crossbar, every column converted) and the energy of a layer's crossbar reads. The
 * {@link CrossbarCostModel} counts the cycles and the rows driven; a read model prices them.
 * {@link #ABSTRACT} prices them with the preset's per-crossbar constants (docs/science/cost-model.md §2); a chip
 * preset prices them with its chip-level circuit model ({@code cost.chip.ChipReads}), so that the
 * baseline and BasisN are read on the same calibrated chip.
 */
public interface ReadModel {

    /** Length of one crossbar cycle (ns). */
    double cycleNs(CrossbarParams p);

    /**
     * Energy of a layer's crossbar reads.
     *
     * @param layer          the layer whose inputs are read
     * @param basis          true when the crossbars hold the BasisN basis, false for the layer's own weights
     * @param crossbarCycles crossbar-cycles (sum over cycles of crossbars firing)
     * @param rowCycles      rows carrying input, summed over those crossbar-cycles (zero padding not driven)
     * @return array read, ADC and DAC parts; digital MACs and programming are the caller's
     */
    EnergyBreakdown reads(String layer, boolean basis, long crossbarCycles, long rowCycles, CrossbarParams p);

    /** One line saying where the read costs come from, for reports. */
    String description();

    /**
     * The preset's per-crossbar constants: arrayReadEnergyPj per crossbar-cycle, C conversions at
     * adcEnergyPerConversionPj per crossbar-cycle, dacEnergyPerRowPj per driven row, and
     * {@link CrossbarParams#cycleNs()}.
     */
    ReadModel ABSTRACT = new ReadModel() {
        @Override
        public double cycleNs(CrossbarParams p) {
            return p.cycleNs();
        }

        @Override
        public EnergyBreakdown reads(String layer, boolean basis, long crossbarCycles, long rowCycles,
                CrossbarParams p) {
            return new EnergyBreakdown(crossbarCycles * p.arrayReadEnergyPj(),
                    (double) crossbarCycles * p.cols() * p.adcEnergyPerConversionPj(),
                    rowCycles * p.dacEnergyPerRowPj(), 0, 0);
        }

        @Override
        public String description() {
            return "preset constants: arrayReadEnergyPj and C ADC conversions per crossbar-cycle, dacEnergyPerRowPj"
                    + " per driven row, cycleNs = max(readLatencyNs, columnsPerAdc x adcConversionNs)";
        }
    };
}
