package org.imclab.hwsim.cost;

/**
 * Cost of writing weights (or the basis) into crossbars.
 *
 * @param crossbars    crossbars written
 * @param cellsWritten cells holding values that are written (each written writeVerifyIterations times)
 * @param latencyNs    programming time (ns)
 * @param cycles       programming time in MVM cycles: latencyNs / cycleNs (not rounded)
 * @param energyPj     programming energy (pJ)
 */
public record ProgrammingCost(long crossbars, long cellsWritten, double latencyNs, double cycles, double energyPj) {

    public static final ProgrammingCost NONE = new ProgrammingCost(0, 0, 0, 0, 0);

    /**
     * Programs {@code crossbars} crossbars holding {@code cells} cells: ceil(crossbars /
     * parallelWriteCrossbars) sequential batches, each writing R rows writeVerifyIterations times
     * at writeLatencyPerRowNs; energy = cells x writeEnergyPerCellPj x writeVerifyIterations.
     */
    public static ProgrammingCost of(long crossbars, double cells, CrossbarParams p) {
        return of(crossbars, cells, p, p.cycleNs());
    }

    /** {@link #of(long, double, CrossbarParams)} with cycles counted in cycles of {@code cycleNs}. */
    public static ProgrammingCost of(long crossbars, double cells, CrossbarParams p, double cycleNs) {
        if (crossbars == 0) {
            return NONE;
        }
        double ns = CrossbarParams.ceilDiv(crossbars, p.parallelWriteCrossbars())
                * (double) p.rows() * p.writeVerifyIterations() * p.writeLatencyPerRowNs();
        double energy = cells * p.writeEnergyPerCellPj() * p.writeVerifyIterations();
        return new ProgrammingCost(crossbars, Math.round(cells), ns, ns / cycleNs, energy);
    }
}
