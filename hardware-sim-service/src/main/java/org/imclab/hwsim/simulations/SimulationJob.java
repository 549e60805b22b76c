package org.imclab.hwsim.simulations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.jobs.JobHandler;
import org.imclab.hwsim.cost.CostReport;
import org.imclab.hwsim.cost.CrossbarCostModel;
import org.imclab.hwsim.cost.Sweep;
import org.imclab.hwsim.cost.SweepPoint;
import org.imclab.hwsim.cost.SweepResult;
import org.imclab.hwsim.noise.EvaluableModel;
import org.imclab.hwsim.noise.ModelSource;
import org.imclab.hwsim.noise.NoisyAccuracyEvaluator;
import org.imclab.hwsim.noise.NoisyAccuracyResult;
import org.imclab.hwsim.noise.SigmaAccuracy;
import org.springframework.stereotype.Component;

/**
 * Runs simulation jobs (kind {@value #KIND}): COST and SWEEP analytically, NOISY_ACCURACY by DJL
 * inference. Everything is logged to the job's tracking run. Inference only, so these jobs stay out of
 * the DJL gradient group. COST takes milliseconds and spends most of them waiting on the database, so
 * the kind gets {@value #SLOTS} slots (imclab.worker.concurrency.simulation overrides); the heavier
 * NOISY_ACCURACY evaluations take turns for {@value #INFERENCE_SLOTS} of them.
 */
@Component
class SimulationJob implements JobHandler<SimulationRequest> {

    static final String KIND = "simulation";
    static final int SLOTS = 16;
    static final int INFERENCE_SLOTS = 2;

    private final SimulationPlanner planner;
    private final ModelSource models;
    private final CrossbarCostModel costModel = new CrossbarCostModel();
    private final Sweep sweep = new Sweep(costModel);
    private final NoisyAccuracyEvaluator evaluator = new NoisyAccuracyEvaluator();
    private final java.util.concurrent.Semaphore inference = new java.util.concurrent.Semaphore(INFERENCE_SLOTS, true);

    SimulationJob(SimulationPlanner planner, ModelSource models) {
        this.planner = planner;
        this.models = models;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Class<SimulationRequest> requestType() {
        return SimulationRequest.class;
    }

    @Override
    public int maxConcurrency() {
        return SLOTS;
    }

    @Override
    public Object run(SimulationRequest request, JobContext ctx) {
        SimulationPlan plan = planner.plan(request);
        ctx.logParams(params(plan, request));
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
        ctx.progress(0, "baseline");
        CostReport base = costModel.reprogramming(plan.layers(), plan.params(), plan.crossbars(), plan.batch());
        ctx.progress(0.5, "BasisN");
        CostReport basis = costModel.basisN(plan.layers(), plan.params(), plan.crossbars(), plan.batch(), plan.usage(),
                plan.policy());
        CostComparison result = new CostComparison(plan.model(), plan.preset(), usage(plan), base, basis,
                CostComparison.Ratios.of(base, basis));
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
        ctx.logMetrics(0, m);
        ctx.progress(1, "done");
        return result;
    }

    SweepSeries sweep(SimulationPlan plan, JobContext ctx) {
        ctx.progress(0, "sweeping " + plan.axis() + " over " + plan.values().size() + " values");
        SweepResult r = sweep.sweep(plan.layers(), plan.params(), plan.usage(), plan.axis(), plan.values(),
                plan.crossbars(), plan.batch(), plan.policy());
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
            ctx.logMetrics(i, m);
        }
        ctx.progress(1, "done");
        return SweepSeries.of(plan.model(), plan.preset(), r, usage(plan));
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

    private static CostComparison.UsageSummary usage(SimulationPlan plan) {
        return new CostComparison.UsageSummary(plan.usageSource(), plan.usage().basisSize(), plan.usage().coeffBits(),
                plan.usage().basisCrossbars(plan.params()), plan.policy(), plan.denseFallback(), plan.usage().layers());
    }

    private static Map<String, String> params(SimulationPlan plan, SimulationRequest r) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("type", plan.type().name());
        p.put("model", plan.model());
        p.put("preset", plan.preset());
        p.put("crossbarBudget", String.valueOf(plan.crossbars()));
        p.put("batch", String.valueOf(plan.batch()));
        p.put("basisN.basisSize", String.valueOf(plan.usage().basisSize()));
        p.put("basisN.coeffBits", String.valueOf(plan.usage().coeffBits()));
        p.put("basisN.policy", plan.policy().name());
        p.put("basisN.usage", plan.usageSource());
        if (r.overrides() != null) {
            r.overrides().forEach((k, v) -> p.put("overrides." + k, String.valueOf(v)));
        }
        if (plan.axis() != null) {
            p.put("sweep.axis", plan.axis().name());
            p.put("sweep.points", String.valueOf(plan.values().size()));
        }
        if (plan.noise() != null) {
            p.put("noise.sigmas", plan.noise().sigmas().toString());
            p.put("noise.variation", plan.noise().variationOrDefault().name());
            p.put("noise.chips", String.valueOf(plan.noise().chipsOrDefault()));
            p.put("noise.seed", String.valueOf(plan.noise().seedOrDefault()));
            p.put("noise.stuckAtOnRate", String.valueOf(plan.noise().stuckAtOnOrDefault()));
            p.put("noise.stuckAtOffRate", String.valueOf(plan.noise().stuckAtOffOrDefault()));
            p.put("noise.adcBits", String.valueOf(plan.noise().adcBits() == null ? plan.params().adcBits()
                    : plan.noise().adcBits()));
        }
        return p;
    }
}
