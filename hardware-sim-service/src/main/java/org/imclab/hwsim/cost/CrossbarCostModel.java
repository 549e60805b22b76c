package org.imclab.hwsim.cost;

import java.util.ArrayList;
import java.util.List;
import org.imclab.common.nn.LayerInfo;

/**
 * Analytical cost of running a network on RRAM crossbars, for the weight-stationary baseline that
 * reprograms the chip and for BasisN (docs/science/basisn.md §1, §2). Stateless and thread-safe.
 *
 * <p>Common rules. One cycle is one crossbar MVM read cycle ({@link ReadModel#cycleNs}); an
 * input vector takes inputCycles = ceil(inputBits / dacBits) cycles. Layers run one after another
 * (no inter-layer pipelining). The model counts crossbar-cycles (every column of a firing crossbar is
 * converted; multiplexed columns are converted in turn within the cycle, so sharing changes the
 * cycle time, not the count) and driven rows (rows that carry input; zero padding is not driven);
 * the {@link ReadModel} prices them: by default the preset's constants (array read energy per
 * crossbar-cycle, C ADC conversions, one DAC drive per active row), for a chip preset its chip-level
 * circuit model. Programming is priced by the preset's write constants in either case.
 */
public final class CrossbarCostModel {

    private final ReadModel reads;

    /** Reads priced with the preset's per-crossbar constants ({@link ReadModel#ABSTRACT}). */
    public CrossbarCostModel() {
        this(ReadModel.ABSTRACT);
    }

    /** Reads priced by {@code reads}, e.g. a chip preset's chip-level circuit model. */
    public CrossbarCostModel(ReadModel reads) {
        if (reads == null) {
            throw new IllegalArgumentException("reads must not be null");
        }
        this.reads = reads;
    }

    /** How this model prices crossbar reads. */
    public ReadModel reads() {
        return reads;
    }

    /**
     * Weight-stationary baseline with reprogramming.
     *
     * <p>Layer l occupies ceil(K_l/R) * ceil(M_l*cellsPerValue/C) crossbars. If all fit in X, they are
     * programmed once at deployment ({@link CostReport#oneTimeProgramming()}). Otherwise the
     * {@link ReprogrammingSchedule} streams them in rounds; a round of n crossbars takes
     * ceil(n / parallelWriteCrossbars) * R * writeVerifyIterations * writeLatencyPerRowNs, and each
     * round is rewritten once per batch, so its time and energy (cells x writeEnergyPerCellPj x
     * iterations) are divided by the batch. A round's time is attributed to its layers in
     * proportion to their crossbars in it. Compute: the tiles of a layer in the same round run in
     * parallel, tiles in different rounds one after another: span_l * P_l * inputCycles cycles.
     * Cross-tile partial sums are added in the ADC's shift-and-add periphery and are not charged
     * as digital MACs (conservative for the comparison with BasisN).
     *
     * @param crossbarBudget X, crossbars on the chip
     * @param batch          inputs served by one programming round
     */
    public CostReport reprogramming(List<LayerInfo> layers, CrossbarParams p, int crossbarBudget, int batch) {
        requireParams(p);
        requirePositive("crossbarBudget", crossbarBudget);
        requirePositive("batch", batch);
        List<WeightLayer> ws = WeightLayer.of(layers);
        ReprogrammingSchedule schedule = ReprogrammingSchedule.plan(ws, p, crossbarBudget);
        int[] spans = schedule.spans(ws.size());
        double cycleNs = reads.cycleNs(p);
        int ic = p.inputCycles();

        double[] programmingNsPerBatch = new double[ws.size()];
        double batchProgrammingNs = 0;
        if (!schedule.resident()) {
            for (ReprogrammingSchedule.Round round : schedule.rounds()) {
                double roundNs = ProgrammingCost.of(round.crossbars(), 0, p).latencyNs();
                batchProgrammingNs += roundNs;
                for (ReprogrammingSchedule.Portion portion : round.portions()) {
                    programmingNsPerBatch[portion.layerIndex()] += roundNs * portion.crossbars() / round.crossbars();
                }
            }
        }

        List<LayerCost> costs = new ArrayList<>(ws.size());
        long totalCrossbars = 0;
        long totalMapped = 0;
        for (int i = 0; i < ws.size(); i++) {
            WeightLayer w = ws.get(i);
            long tiles = w.crossbars(p);
            long mapped = w.mappedCells(p);
            totalCrossbars += tiles;
            totalMapped += mapped;

            long compute = spans[i] * w.pixels() * ic;
            long crossbarCycles = tiles * w.pixels() * ic;
            long activeRowCycles = w.groups() * w.columnTiles(p) * w.k() * w.pixels() * ic;
            double programmingPj = schedule.resident()
                    ? 0 : (double) mapped * p.writeEnergyPerCellPj() * p.writeVerifyIterations() / batch;
            EnergyBreakdown r = reads.reads(w.name(), false, crossbarCycles, activeRowCycles, p);
            EnergyBreakdown e = new EnergyBreakdown(r.arrayReadPj(), r.adcPj(), r.dacPj(), 0, programmingPj);
            double programmingCycles = programmingNsPerBatch[i] / batch / cycleNs;
            double cycles = compute + programmingCycles;
            costs.add(new LayerCost(w.name(), tiles, compute, 0, programmingCycles, cycles, cycles * cycleNs, e, 0,
                    crossbarCycles, (double) crossbarCycles / ((double) crossbarBudget * compute)));
        }

        ProgrammingCost perBatch = ProgrammingCost.NONE;
        ProgrammingCost oneTime = ProgrammingCost.NONE;
        if (schedule.resident()) {
            oneTime = ProgrammingCost.of(totalCrossbars, totalMapped, p, cycleNs);
        } else {
            perBatch = new ProgrammingCost(totalCrossbars, totalMapped, batchProgrammingNs, batchProgrammingNs / cycleNs,
                    (double) totalMapped * p.writeEnergyPerCellPj() * p.writeVerifyIterations());
        }
        double mappingUtilisation = (double) totalMapped / ((double) totalCrossbars * p.cellsPerCrossbar());
        return summarise("reprogramming", p, crossbarBudget, batch, costs, totalCrossbars,
                schedule.resident() ? 0 : schedule.rounds().size(), 0, mappingUtilisation, perBatch, oneTime);
    }

    /** BasisN with the {@link ReplicaPolicy#PER_GROUP} replication of docs/science/basisn.md §1(c). */
    public CostReport basisN(List<LayerInfo> layers, CrossbarParams p, int crossbarBudget, int batch, BasisNUsage usage) {
        return basisN(layers, p, crossbarBudget, batch, usage, ReplicaPolicy.PER_GROUP);
    }

    /**
     * BasisN: the basis B (R x N) is written once into X_B = ceil(N*cellsPerValue/C) crossbars per
     * copy and never rewritten; that deployment cost is reported in
     * {@link CostReport#oneTimeProgramming()} and never charged per inference.
     *
     * <p>Per layer l with S_l = ceil(K_l/R) segments, g_l groups used and parallelPasses_l from the
     * {@link ReplicaPolicy}: analog cycles = ceil(P_l*S_l / parallelPasses_l) * inputCycles; each
     * pass fires g_l crossbars. The digital unit forms y_f = sum_s c[l,s,f] z_s: P_l * nnz(c_l)
     * MACs at digitalMacEnergyPj, taking ceil(MACs / digitalMacsPerCycle) cycles. The digital unit
     * consumes z as the passes produce it (pipelined), so a layer takes max(analog, digital) cycles.
     *
     * @param crossbarBudget X, crossbars on the chip; must hold at least one basis copy
     * @param batch          inputs per batch (no effect: nothing is reprogrammed per batch)
     * @throws IllegalArgumentException if X &lt; X_B (naming crossbarBudget), or the usage misses a
     *                                  layer, uses more than X_B groups or more than the dense
     *                                  number of coefficients
     */
    public CostReport basisN(List<LayerInfo> layers, CrossbarParams p, int crossbarBudget, int batch,
            BasisNUsage usage, ReplicaPolicy policy) {
        requireParams(p);
        requirePositive("crossbarBudget", crossbarBudget);
        requirePositive("batch", batch);
        if (usage == null) {
            throw new IllegalArgumentException("usage must not be null; use BasisNUsage.dense(...) without a trained model");
        }
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
        List<WeightLayer> ws = WeightLayer.of(layers);
        int n = usage.basisSize();
        long xb = usage.basisCrossbars(p);
        if (crossbarBudget < xb) {
            throw new IllegalArgumentException("crossbarBudget " + crossbarBudget + " is smaller than X_B = " + xb
                    + " crossbars needed to hold the basis (N=" + n + ", cellsPerValue=" + p.cellsPerValue()
                    + ", C=" + p.cols() + ")");
        }
        long replicas = crossbarBudget / xb;
        double cycleNs = reads.cycleNs(p);
        int ic = p.inputCycles();
        double macsPerCycle = cycleNs == p.cycleNs() ? p.digitalMacsPerCycle()
                : p.digitalMacsPerCycle() / p.cycleNs() * cycleNs;

        List<LayerCost> costs = new ArrayList<>(ws.size());
        for (WeightLayer w : ws) {
            LayerBasisUsage u = usage.layers().get(w.name());
            if (u == null) {
                throw new IllegalArgumentException("BasisN usage has no entry for layer '" + w.name() + "'");
            }
            if (u.groupsUsed() > xb) {
                throw new IllegalArgumentException("layer '" + w.name() + "' uses " + u.groupsUsed()
                        + " crossbar groups but the basis has only X_B = " + xb);
            }
            long denseNnz = BasisNUsage.denseNonzeros(w, n, p);
            if (u.nonzeroCoefficients() > denseNnz) {
                throw new IllegalArgumentException("layer '" + w.name() + "' has " + u.nonzeroCoefficients()
                        + " nonzero coefficients, more than its " + denseNnz + " coefficients");
            }
            int g = u.groupsUsed();
            long passes = w.groups() * w.pixels() * w.segments(p);
            long parallelPasses = policy == ReplicaPolicy.PER_GROUP ? crossbarBudget / g : replicas;
            long analog = CrossbarParams.ceilDiv(passes, parallelPasses) * ic;
            long macs = w.pixels() * u.nonzeroCoefficients();
            // The digital unit's MAC rate is fixed in time (digitalMacsPerCycle per preset cycle), so a
            // read model with another cycle length gets proportionally more or fewer MACs per cycle.
            long digital = (long) Math.ceil(macs / macsPerCycle);
            long compute = Math.max(analog, digital);
            long crossbarCycles = passes * g * ic;
            long activeRowCycles = w.groups() * w.k() * w.pixels() * g * ic;
            EnergyBreakdown r = reads.reads(w.name(), true, crossbarCycles, activeRowCycles, p);
            EnergyBreakdown e = new EnergyBreakdown(r.arrayReadPj(), r.adcPj(), r.dacPj(), macs * p.digitalMacEnergyPj(),
                    0);
            double utilisation = compute == 0 ? 0 : (double) crossbarCycles / ((double) crossbarBudget * compute);
            costs.add(new LayerCost(w.name(), g, analog, digital, 0, compute, compute * cycleNs, e, macs,
                    crossbarCycles, utilisation));
        }

        long basisCells = (long) p.rows() * n * p.cellsPerValue();
        ProgrammingCost oneTime = policy == ReplicaPolicy.PER_GROUP
                ? ProgrammingCost.of(crossbarBudget, (double) crossbarBudget * basisCells / xb, p, cycleNs)
                : ProgrammingCost.of(replicas * xb, (double) replicas * basisCells, p, cycleNs);
        double mappingUtilisation = (double) basisCells / ((double) xb * p.cellsPerCrossbar());
        return summarise("basisN", p, crossbarBudget, batch, costs, xb, 0, replicas, mappingUtilisation,
                ProgrammingCost.NONE, oneTime);
    }

    private CostReport summarise(String mapping, CrossbarParams p, int crossbarBudget, int batch,
            List<LayerCost> costs, long crossbarsNeeded, int rounds, long replicas, double mappingUtilisation,
            ProgrammingCost perBatch, ProgrammingCost oneTime) {
        long compute = 0;
        double programming = 0;
        long crossbarCycles = 0;
        EnergyBreakdown energy = EnergyBreakdown.ZERO;
        for (LayerCost c : costs) {
            compute += Math.max(c.computeCycles(), c.digitalCycles());
            programming += c.programmingCycles();
            crossbarCycles += c.crossbarCycles();
            energy = energy.plus(c.energy());
        }
        double cycles = compute + programming;
        double chipUtilisation = (double) crossbarCycles / ((double) crossbarBudget * cycles);
        return new CostReport(mapping, p, crossbarBudget, batch, costs, crossbarsNeeded, rounds, replicas, compute,
                programming, cycles, cycles * reads.cycleNs(p), energy, mappingUtilisation, chipUtilisation, perBatch,
                oneTime);
    }

    private static void requireParams(CrossbarParams p) {
        if (p == null) {
            throw new IllegalArgumentException("crossbar params must not be null");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
