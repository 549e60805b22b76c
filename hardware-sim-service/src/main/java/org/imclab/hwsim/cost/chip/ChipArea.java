package org.imclab.hwsim.cost.chip;

/**
 * Chip area by part (mm^2), NeuroSim's split (main.cpp ChipCalculateArea printout).
 *
 * @param arrays       RRAM cells
 * @param adc          sense amps / ADCs
 * @param accumulation shift-add and adder trees
 * @param interconnect H-tree
 * @param other        subarray periphery (level shifters, switch matrices, column mux and decoder),
 *                     register files and buffers
 */
public record ChipArea(double arrays, double adc, double accumulation, double interconnect, double other) {

    public double total() {
        return arrays + adc + accumulation + interconnect + other;
    }
}
