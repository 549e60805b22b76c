package org.imclab.hwsim.cost.chip;

/**
 * A cost split the way NeuroSim prints it: ADC (sense amps, array), accumulation (shift-add and
 * adder trees), other periphery; buffer and interconnect are parts of "other", not additions.
 * Used for latency (ns) and for read dynamic energy (pJ).
 */
public record Components(double adc, double accumulation, double other, double buffer, double interconnect) {

    public static final Components ZERO = new Components(0, 0, 0, 0, 0);

    /** adc + accumulation + other. */
    public double total() {
        return adc + accumulation + other;
    }

    public Components plus(Components o) {
        return new Components(adc + o.adc, accumulation + o.accumulation, other + o.other, buffer + o.buffer,
                interconnect + o.interconnect);
    }
}
