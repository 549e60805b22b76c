package org.imclab.hwsim.cost;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.imclab.common.nn.LayerInfo;
import org.imclab.hwsim.cost.chip.ChipCostModel;
import org.imclab.hwsim.cost.chip.ChipParams;
import org.imclab.hwsim.cost.chip.ChipReads;
import org.imclab.hwsim.cost.chip.ChipReport;
import org.imclab.hwsim.cost.chip.Workload;
import org.imclab.hwsim.presets.CrossbarPresets;

/**
 * The chip-level part of {@link CostModelBenchmark}: what a COST or SWEEP job on {@code neurosim-rram}
 * computes besides the analytical baseline, timed on the same network. The chip model's cost depends
 * on where the budget falls, so it is timed at one budget in each of its three regimes
 * ({@code ChipCostModel.BudgetPlan}): below the subarrays needed (graceful overflow), between needed
 * and NeuroSim's allocation (the greedy duplication search, which re-evaluates the chip's read
 * latency for every candidate copy) and at the allocation (NeuroSim's duplication, one pass). The
 * job-level rows time what the service does per request: both mappings with reads priced by the chip
 * ({@link ChipReads}) plus the chip report, and a 100-point CROSSBARS sweep with chip figures at every
 * point.
 */
final class ChipModelTimings {

    private static final int WARMUP = 20;
    private static final int MEASURED = 50;
    private static final int WARMUP_SWEEPS = 3;
    private static final int MEASURED_SWEEPS = 10;

    private ChipModelTimings() {
    }

    /** Appends the chip section to {@code md}; returns whether every median met its target. */
    static boolean append(StringBuilder md, List<LayerInfo> layers, int crossbars, int batch, int basisSize,
            List<Number> sweepValues, double[] sink) {
        CrossbarParams p = CrossbarPresets.get(CrossbarPresets.NEUROSIM_RRAM);
        ChipParams chip = CrossbarPresets.chip(CrossbarPresets.NEUROSIM_RRAM).orElseThrow();
        Workload workload = Workload.assumed();
        ChipCostModel model = new ChipCostModel();
        ChipReport full = model.evaluate(layers, chip, p, Integer.MAX_VALUE, batch, workload);
        long needed = full.subarraysNeeded();
        long allocated = full.subarraysAllocated();
        int[] budgets = {crossbars, (int) needed - 1, (int) ((needed + allocated) / 2), (int) allocated};
        String[] regimes = {"overflow (the runs above)", "overflow, one subarray short", "duplication search",
                "NeuroSim's duplication"};

        md.append("## Chip-level model (neurosim-rram, `ChipCostModel`)\n\n");
        md.append("The same network on DNN+NeuroSim V1.3's chip structure: ").append(needed)
                .append(" subarrays needed, ").append(allocated).append(" allocated with NeuroSim's duplication, ")
                .append(full.tiles()).append(" tiles. Input activity 0.5 and uniform cell levels (assumed), batch ")
                .append(batch).append(". One evaluation: ").append(WARMUP).append(" warm-up + ").append(MEASURED)
                .append(" timed; sweeps: ").append(WARMUP_SWEEPS).append(" warm-up + ").append(MEASURED_SWEEPS)
                .append(" timed.\n\n");
        md.append("| what | subarray budget | regime | median / p90 (ms) |\n|---|---|---|---|\n");
        boolean met = true;
        for (int i = 0; i < budgets.length; i++) {
            int x = budgets[i];
            double[] t = time(WARMUP, MEASURED, () -> model.evaluate(layers, chip, p, x, batch, workload).totalLatencyNs(),
                    sink);
            met &= CostModelBenchmark.median(t) < 50;
            row(md, "chip report (`ChipCostModel.evaluate`)", String.valueOf(x), regimes[i], t);
        }

        // what SimulationJob.cost does for this preset: both mappings read on the chip, plus the chip report
        CrossbarCostModel onChip = new CrossbarCostModel(new ChipReads(chip, workload, p));
        BasisNUsage usage = BasisNUsage.dense(layers, basisSize, 8, p);
        double[] job = time(WARMUP, MEASURED, () -> onChip.reprogramming(layers, p, crossbars, batch).cycles()
                + onChip.basisN(layers, p, crossbars, batch, usage).cycles()
                + model.evaluate(layers, chip, p, crossbars, batch, workload).totalLatencyNs(), sink);
        met &= CostModelBenchmark.median(job) < 50;
        row(md, "COST job's models: baseline + BasisN on chip reads + chip report", String.valueOf(crossbars),
                "overflow", job);

        // what SimulationJob.sweep does for this preset: chip reads, and the chip report at every point
        Sweep sweep = new Sweep(onChip);
        Sweep.ChipFigures figures = (q, x, b) -> {
            ChipReport r = model.evaluate(layers, chip, q, x, b, workload);
            return new SweepChipFigures(r.totalLatencyNs(), r.totalEnergyPj(), r.edpPjNs(), r.topsPerWatt(),
                    r.streamedSubarrays());
        };
        double[] sweeps = time(WARMUP_SWEEPS, MEASURED_SWEEPS, () -> sweep.sweep(layers, p, usage, SweepAxis.CROSSBARS,
                sweepValues, 0, batch, ReplicaPolicy.PER_GROUP, figures).points().size(), sink);
        boolean sweepMet = CostModelBenchmark.median(sweeps) < 2000;
        row(md, "SWEEP job's models: 100 CROSSBARS points with chip figures", "8 … 4067", "overflow", sweeps);

        // a sweep that crosses all three regimes: 100 budgets from needed - 50 to the allocation
        List<Number> across = new ArrayList<>();
        long step = Math.max(1, (allocated - (needed - 50)) / 99);
        for (int i = 0; i < 100; i++) {
            across.add(Math.min(allocated, needed - 50 + i * step));
        }
        double[] acrossSweeps = time(WARMUP_SWEEPS, MEASURED_SWEEPS, () -> sweep.sweep(layers, p, usage,
                SweepAxis.CROSSBARS, across, 0, batch, ReplicaPolicy.PER_GROUP, figures).points().size(), sink);
        sweepMet &= CostModelBenchmark.median(acrossSweeps) < 2000;
        row(md, "SWEEP job's models: 100 CROSSBARS points with chip figures", (needed - 50) + " … " + allocated,
                "all three", acrossSweeps);
        md.append("\nTargets: < 50 ms per analysis: ").append(met ? "met" : "NOT met")
                .append("; < 2 s per 100-point sweep: ").append(sweepMet ? "met" : "NOT met").append(".\n\n");
        return met && sweepMet;
    }

    private static double[] time(int warmup, int measured, DoubleSupplier work, double[] sink) {
        for (int i = 0; i < warmup; i++) {
            sink[0] += work.getAsDouble();
        }
        double[] ms = new double[measured];
        for (int i = 0; i < measured; i++) {
            long t0 = System.nanoTime();
            sink[0] += work.getAsDouble();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    private static void row(StringBuilder md, String what, String budget, String regime, double[] ms) {
        md.append("| ").append(what).append(" | ").append(budget).append(" | ").append(regime).append(" | ")
                .append(CostModelBenchmark.fmt(CostModelBenchmark.median(ms))).append(" / ")
                .append(CostModelBenchmark.fmt(CostModelBenchmark.p90(ms))).append(" |\n");
    }
}
