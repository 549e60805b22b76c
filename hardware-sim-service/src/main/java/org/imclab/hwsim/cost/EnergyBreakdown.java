package org.imclab.hwsim.cost;

/**
 * Energy split by where it is spent, in picojoules.
 *
 * @param arrayReadPj  crossbar array reads (MVM cycles x arrayReadEnergyPj)
 * @param adcPj        ADC conversions (conversions x adcEnergyPerConversionPj)
 * @param dacPj        row drivers (active rows x input cycles x dacEnergyPerRowPj)
 * @param digitalMacPj digital multiply-accumulates (BasisN coefficient combination)
 * @param programmingPj crossbar writes charged to this scope
 */
public record EnergyBreakdown(double arrayReadPj, double adcPj, double dacPj, double digitalMacPj, double programmingPj) {

    public static final EnergyBreakdown ZERO = new EnergyBreakdown(0, 0, 0, 0, 0);

    /** Sum of all parts (pJ). */
    public double totalPj() {
        return arrayReadPj + adcPj + dacPj + digitalMacPj + programmingPj;
    }

    public EnergyBreakdown plus(EnergyBreakdown o) {
        return new EnergyBreakdown(arrayReadPj + o.arrayReadPj, adcPj + o.adcPj, dacPj + o.dacPj,
                digitalMacPj + o.digitalMacPj, programmingPj + o.programmingPj);
    }
}
