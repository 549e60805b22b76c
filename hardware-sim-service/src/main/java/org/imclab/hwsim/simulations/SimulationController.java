package org.imclab.hwsim.simulations;

import java.util.Map;
import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobResultSchema;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.hwsim.noise.NoisyAccuracyResult;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Simulation jobs: submit (202 + Location), get, list, cancel, SSE events. The run id is the job id. */
@RestController
@RequestMapping("/api/v1/simulations")
class SimulationController extends JobResourceController<SimulationRequest> {

    /** The result follows the request's type; each result carries that type, the discriminator. */
    SimulationController(JobSubmissions submissions, JobStore jobs, JobEventStream events, SimulationPlanner planner) {
        super(SimulationJob.KIND, submissions, jobs, events, planner::jobPlan, JobResultSchema.oneOf("type",
                Map.of(SimulationType.COST.name(), CostComparison.class, SimulationType.SWEEP.name(), SweepSeries.class,
                        SimulationType.NOISY_ACCURACY.name(), NoisyAccuracyResult.class)));
    }
}
