package org.imclab.hwsim.simulations;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import org.imclab.hwsim.cost.SweepAxis;
import org.imclab.hwsim.cost.SweepChipFigures;
import org.imclab.hwsim.cost.SweepPoint;
import org.imclab.hwsim.cost.SweepResult;

/**
 * Result of a SWEEP simulation as parallel arrays, one entry per x value, ready to plot. BasisN entries
 * are null where BasisN cannot run (fewer crossbars than X_B); {@code basisNInfeasible} says why.
 * {@code readModel} says how crossbar reads are priced (the preset's constants or its chip model);
 * the {@code chip*} entries are the chip-level model's figures of the weight-stationary chip at each
 * point, for presets with chip constants (null otherwise; {@code chipNote} says why).
 */
public record SweepSeries(String model, String preset, SweepAxis axis, List<Number> x, int crossbarBudget, int batch,
        CostComparison.UsageSummary usage,
        List<Double> baselineCycles, List<Double> basisNCycles,
        List<Double> baselineEnergyPj, List<Double> basisNEnergyPj,
        List<Double> baselineEdpPjNs, List<Double> basisNEdpPjNs,
        List<Double> cycleRatio, List<Double> energyRatio, List<Double> edpRatio,
        List<Integer> baselineRounds, List<String> basisNInfeasible, String readModel,
        List<Double> chipLatencyNs, List<Double> chipEnergyPj, List<Double> chipEdpPjNs, List<Double> chipTopsPerWatt,
        List<Long> chipStreamedSubarrays, String chipNote) {

    static SweepSeries of(String model, String preset, SweepResult r, CostComparison.UsageSummary usage,
            String readModel, String chipNote) {
        int n = r.points().size();
        List<Double> bc = new ArrayList<>(n);
        List<Double> nc = new ArrayList<>(n);
        List<Double> be = new ArrayList<>(n);
        List<Double> ne = new ArrayList<>(n);
        List<Double> bd = new ArrayList<>(n);
        List<Double> nd = new ArrayList<>(n);
        List<Double> rc = new ArrayList<>(n);
        List<Double> re = new ArrayList<>(n);
        List<Double> rd = new ArrayList<>(n);
        List<Integer> rounds = new ArrayList<>(n);
        List<String> why = new ArrayList<>(n);
        List<Double> cl = new ArrayList<>(n);
        List<Double> ce = new ArrayList<>(n);
        List<Double> cd = new ArrayList<>(n);
        List<Double> ct = new ArrayList<>(n);
        List<Long> cs = new ArrayList<>(n);
        for (SweepPoint p : r.points()) {
            SweepChipFigures c = p.chip();
            cl.add(c == null ? null : c.latencyNs());
            ce.add(c == null ? null : c.energyPj());
            cd.add(c == null ? null : c.edpPjNs());
            ct.add(c == null ? null : c.topsPerWatt());
            cs.add(c == null ? null : c.streamedSubarrays());
            bc.add(p.baselineCycles());
            nc.add(p.basisNCycles());
            be.add(p.baselineEnergyPj());
            ne.add(p.basisNEnergyPj());
            bd.add(p.baselineEdpPjNs());
            nd.add(p.basisNEdpPjNs());
            rc.add(p.cycleRatio());
            re.add(p.energyRatio());
            rd.add(p.edpRatio());
            rounds.add(p.baselineRounds());
            why.add(p.basisNInfeasible());
        }
        return new SweepSeries(model, preset, r.axis(), r.values(), r.crossbarBudget(), r.batch(), usage, bc, nc, be, ne,
                bd, nd, rc, re, rd, rounds, why, readModel, cl, ce, cd, ct, cs, chipNote);
    }

    /** Which simulation type this answers; the discriminator of a simulation job's result in the API contract. */
    @JsonProperty("type")
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "SWEEP")
    public String type() {
        return "SWEEP";
    }
}
