package org.imclab.hwsim.simulations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.nn.LayerInfo;
import org.imclab.hwsim.cost.CostReport;
import org.imclab.hwsim.cost.CrossbarCostModel;
import org.imclab.hwsim.cost.CrossbarParams;
import org.imclab.hwsim.cost.ReadModel;
import org.imclab.hwsim.cost.SweepAxis;
import org.imclab.hwsim.cost.SweepChipFigures;
import org.imclab.hwsim.cost.Sweep;
import org.imclab.hwsim.cost.SweepPoint;
import org.imclab.hwsim.cost.SweepResult;
import org.imclab.hwsim.cost.chip.ChipCostModel;
import org.imclab.hwsim.cost.chip.ChipParams;
import org.imclab.hwsim.cost.chip.ChipReads;
import org.imclab.hwsim.cost.chip.ChipReport;
import org.imclab.hwsim.cost.chip.LayerWorkload;
import org.imclab.hwsim.cost.chip.Workload;
import org.imclab.hwsim.noise.WorkloadMeasurement;
import org.imclab.hwsim.noise.EvaluableModel;
import org.imclab.hwsim.noise.ModelSource;
import org.imclab.hwsim.noise.NoisyAccuracyEvaluator;
import org.imclab.hwsim.noise.NoisyAccuracyResult;
import org.imclab.hwsim.noise.SigmaAccuracy;
import org.imclab.hwsim.presets.CrossbarPresets;
import org.springframework.stereotype.Component;

/**
 * Runs simulation jobs (kind {@value #KIND}): COST and SWEEP analytically, NOISY_ACCURACY by DJL
 * inference. Everything is logged to the job's tracking run. Inference only, so these jobs stay out of
 * the DJL gradient group. COST takes milliseconds and spends most of them waiting on the database, so
 * the kind gets {@value #SLOTS} slots (imclab.worker.concurrency.simulation overrides); the heavier
 * NOISY_ACCURACY evaluations take turns for {@value #INFERENCE_SLOTS} of them.
 */
@Component
class SimulationJob extends AbstractJobHandler<SimulationRequest> {

    static final String KIND = "simulation";
    static final int SLOTS = 16;
    static final int INFERENCE_SLOTS = 2;

    private final ModelSource models;
    private final ChipCostModel chipModel = new ChipCostModel();
    private final NoisyAccuracyEvaluator evaluator = new NoisyAccuracyEvaluator();
    private final WorkloadMeasurement measurement = new WorkloadMeasurement();
    private final java.util.concurrent.Semaphore inference = new java.util.concurrent.Semaphore(INFERENCE_SLOTS, true);

    SimulationJob(ModelSource models) {
        super(KIND, SimulationRequest.class, KIND, SLOTS);
        this.models = models;
    }

    @Override
    public Object run(SimulationRequest request, JobContext ctx) {
        // Resolved and checked by the controller at submit; the params it resolved are the run's already.
        SimulationPlan plan = ctx.requiredPlan(SimulationPlan.class);
        ctx.setTags(Map.of("simulation.type", plan.type().name(), "simulation.model", plan.model()));
        return switch (plan.type()) {
            case COST -> cost(plan, ctx);
            case SWEEP -> sweep(plan, ctx);
            case NOISY_ACCURACY -> withInferenceSlot(() -> noisyAccuracy(plan, ctx), ctx);
        };
    }

    private <T> T withInferenceSlot(java.util.function.Supplier<T> evaluation, JobContext ctx) {
        ctx.progress(0, "waiting for an inference slot");
        try {
            inference.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an inference slot", e);
        }
        try {
            return evaluation.get();
        } finally {
            inference.release();
        }
    }

    CostComparison cost(SimulationPlan plan, JobContext ctx) {
        Optional<ChipParams> chipParams = CrossbarPresets.chip(plan.preset());
        Workload workload = chipParams.map(c -> workload(plan, c, ctx)).orElse(null);
        ReadModel reads = reads(plan, plan.params(), chipParams, workload);
        CrossbarCostModel costModel = new CrossbarCostModel(reads);
        ctx.progress(0.2, "baseline");
        CostReport base = costModel.reprogramming(plan.layers(), plan.params(), plan.crossbars(), plan.batch());
        ctx.progress(0.5, "BasisN");
        CostReport basis = costModel.basisN(plan.layers(), plan.params(), plan.crossbars(), plan.batch(), plan.usage(),
                plan.policy());
        ChipReport chip = chipParams.filter(c -> chipMapsAll(plan))
                .map(c -> chipModel.evaluate(plan.layers(), c, plan.params(), plan.crossbars(), plan.batch(), workload))
                .orElse(null);
        List<LayerWorkload> used = reads instanceof ChipReads cr ? cr.workload().describe(weightLayerNames(plan),
                chipParams.get()) : null;
        CostComparison result = new CostComparison(plan.model(), plan.preset(), usage(plan), base, basis,
                CostComparison.Ratios.of(base, basis), chip, reads.description(), used);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cycles_baseline", base.cycles());
        m.put("cycles_basisn", basis.cycles());
        m.put("latency_ns_baseline", base.latencyNs());
        m.put("latency_ns_basisn", basis.latencyNs());
        m.put("energy_pj_baseline", base.energyPj());
        m.put("energy_pj_basisn", basis.energyPj());
        m.put("edp_pj_ns_baseline", base.edpPjNs());
        m.put("edp_pj_ns_basisn", basis.edpPjNs());
        m.put("ratio_cycles", result.ratios().cycles());
        m.put("ratio_energy", result.ratios().energy());
        m.put("ratio_edp", result.ratios().edp());
        m.put("programming_rounds_baseline", (double) base.programmingRounds());
        m.put("crossbars_needed_baseline", (double) base.crossbarsNeeded());
        m.put("basis_crossbars", (double) basis.crossbarsNeeded());
        m.put("utilisation_baseline", base.chipUtilisation());
        m.put("utilisation_basisn", basis.chipUtilisation());
        m.put("one_time_programming_pj_basisn", basis.oneTimeProgramming().energyPj());
        if (chip != null) {
            m.put("chip_latency_ns", chip.totalLatencyNs());
            m.put("chip_energy_pj", chip.totalEnergyPj());
            m.put("chip_edp_pj_ns", chip.edpPjNs());
            m.put("chip_tops_per_watt", chip.topsPerWatt());
            m.put("chip_area_mm2", chip.area().total());
            m.put("chip_subarrays_needed", (double) chip.subarraysNeeded());
            m.put("chip_subarrays_allocated", (double) chip.subarraysAllocated());
            m.put("chip_streamed_subarrays", (double) chip.streamedSubarrays());
        }
        ctx.logMetrics(0, m);
        ctx.progress(1, "done");
        return result;
    }

    SweepSeries sweep(SimulationPlan plan, JobContext ctx) {
        Optional<ChipParams> chipParams = CrossbarPresets.chip(plan.preset());
        String chipNote = null;
        if (chipParams.isEmpty()) {
            chipNote = "preset '" + plan.preset() + "' has no chip constants";
        } else if (plan.axis() == SweepAxis.BITS_PER_CELL) {
            // The chip constants (floorplan, MLSA, per-read digital costs) are NeuroSim's cellBit-2 chip.
            chipParams = Optional.empty();
            chipNote = "the chip constants are for one cell precision; a BITS_PER_CELL sweep uses the preset's"
                    + " per-crossbar constants throughout";
        } else if (!chipMapsAll(plan)) {
            chipNote = "grouped convolutions are outside the chip-level model (reads still on the chip model)";
        }
        Workload workload = chipParams.map(c -> workload(plan, c, ctx)).orElse(null);
        ReadModel reads = reads(plan, plan.params(), chipParams, workload);
        Sweep sweep = new Sweep(new CrossbarCostModel(reads));
        Sweep.ChipFigures figures = null;
        if (chipParams.isPresent() && chipMapsAll(plan)) {
            ChipParams c = chipParams.get();
            figures = (p, x, b) -> {
                ChipReport r = chipModel.evaluate(plan.layers(), c, p, x, b, workload);
                return new SweepChipFigures(r.totalLatencyNs(), r.totalEnergyPj(), r.edpPjNs(), r.topsPerWatt(),
                        r.streamedSubarrays());
            };
        }
        ctx.progress(0.2, "sweeping " + plan.axis() + " over " + plan.values().size() + " values");
        SweepResult r = sweep.sweep(plan.layers(), plan.params(), plan.usage(), plan.axis(), plan.values(),
                plan.crossbars(), plan.batch(), plan.policy(), figures);
        List<SweepPoint> points = r.points();
        for (int i = 0; i < points.size(); i++) {
            SweepPoint p = points.get(i);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("x", p.value().doubleValue());
            m.put("cycles_baseline", p.baselineCycles());
            m.put("energy_pj_baseline", p.baselineEnergyPj());
            m.put("edp_pj_ns_baseline", p.baselineEdpPjNs());
            m.put("programming_rounds_baseline", (double) p.baselineRounds());
            if (p.basisNCycles() != null) {
                m.put("cycles_basisn", p.basisNCycles());
                m.put("energy_pj_basisn", p.basisNEnergyPj());
                m.put("edp_pj_ns_basisn", p.basisNEdpPjNs());
                m.put("ratio_cycles", p.cycleRatio());
                m.put("ratio_energy", p.energyRatio());
                m.put("ratio_edp", p.edpRatio());
            }
            if (p.chip() != null) {
                m.put("chip_latency_ns", p.chip().latencyNs());
                m.put("chip_energy_pj", p.chip().energyPj());
                m.put("chip_edp_pj_ns", p.chip().edpPjNs());
                m.put("chip_tops_per_watt", p.chip().topsPerWatt());
                m.put("chip_streamed_subarrays", (double) p.chip().streamedSubarrays());
            }
            ctx.logMetrics(i, m);
        }
        ctx.progress(1, "done");
        return SweepSeries.of(plan.model(), plan.preset(), r, usage(plan), reads.description(), chipNote);
    }

    NoisyAccuracyResult noisyAccuracy(SimulationPlan plan, JobContext ctx) {
        ctx.progress(0, "loading model " + plan.modelId());
        EvaluableModel model = models.load(plan.modelId());
        ctx.checkCancelled();
        NoisyAccuracyResult r = evaluator.evaluate(model, plan.params(), plan.noise(), new NoisyAccuracyEvaluator.Listener() {
            @Override
            public void checkCancelled() {
                ctx.checkCancelled();
            }

            @Override
            public void chipDone(int done, int total, double sigma, int chip, double accuracy) {
                ctx.logMetrics(done - 1, Map.of("chip_accuracy", accuracy, "chip_sigma", sigma));
                ctx.progress((double) done / total, "sigma " + sigma + ", chip " + (chip + 1));
            }
        });
        ctx.logMetrics(0, Map.of("float_accuracy", r.floatAccuracy()));
        for (int i = 0; i < r.points().size(); i++) {
            SigmaAccuracy s = r.points().get(i);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("sigma", s.sigma());
            m.put("accuracy_mean", s.mean());
            m.put("accuracy_std", s.std());
            m.put("accuracy_ci95_low", s.ci95Low());
            m.put("accuracy_ci95_high", s.ci95High());
            m.put("accuracy_p2_5", s.p2_5());
            m.put("accuracy_p97_5", s.p97_5());
            ctx.logMetrics(i, m);
        }
        return r;
    }

    /** Grouped convolutions are outside the chip-level floorplan; such networks get no chip report. */
    private static boolean chipMapsAll(SimulationPlan plan) {
        return plan.layers().stream().noneMatch(l -> "conv".equals(l.type()) && l.groups() > 1);
    }

    private static List<String> weightLayerNames(SimulationPlan plan) {
        return plan.layers().stream().filter(LayerInfo::isWeightLayer).map(LayerInfo::name).toList();
    }

    /**
     * Baseline and BasisN reads on the preset's chip model when it has one and the (possibly
     * overridden) crossbar parameters still describe that chip's subarray; else the preset's
     * per-crossbar constants.
     */
    private static ReadModel reads(SimulationPlan plan, CrossbarParams params, Optional<ChipParams> chip,
            Workload workload) {
        if (chip.isPresent() && ChipReads.mismatch(chip.get(), params) == null) {
            return new ChipReads(chip.get(), workload, params);
        }
        return ReadModel.ABSTRACT;
    }

    /**
     * What the chip's read energy depends on: the request's activity when it gives one; else, for a
     * registered model, the activity measured from its real activations on test images and the cell
     * levels of its real weights; else the assumed 0.5 and uniform cell levels. A registered model that
     * cannot be measured (no weights or no test data) falls back to the assumptions, saying why.
     */
    private Workload workload(SimulationPlan plan, ChipParams chip, JobContext ctx) {
        if (plan.activityGiven()) {
            return Workload.ofActivity(plan.inputActivity());
        }
        if (plan.modelId() == null) {
            return Workload.assumed();
        }
        ctx.progress(0.05, "measuring input activity of " + plan.modelId());
        try {
            EvaluableModel model = models.load(plan.modelId());
            ctx.checkCancelled();
            return measurement.measure(model, chip, WorkloadMeasurement.DEFAULT_IMAGES);
        } catch (IllegalArgumentException e) {
            return new Workload(Workload.DEFAULT_ACTIVITY, Map.of(), null, "assumed: input-bit activity 0.5, cell"
                    + " levels uniformly distributed (model " + plan.modelId() + " could not be measured: "
                    + e.getMessage() + ")");
        }
    }

    private static CostComparison.UsageSummary usage(SimulationPlan plan) {
        return new CostComparison.UsageSummary(plan.usageSource(), plan.usage().basisSize(), plan.usage().coeffBits(),
                plan.usage().basisCrossbars(plan.params()), plan.policy(), plan.denseFallback(), plan.usage().layers());
    }
}
