package org.imclab.hwsim.simulations;

import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Simulation jobs: submit (202 + Location), get, list, cancel, SSE events. The run id is the job id. */
@RestController
@RequestMapping("/api/v1/simulations")
class SimulationController extends JobResourceController<SimulationRequest> {

    private final SimulationPlanner planner;

    SimulationController(JobSubmissions submissions, JobStore jobs, JobEventStream events, SimulationPlanner planner) {
        super(SimulationJob.KIND, submissions, jobs, events);
        this.planner = planner;
    }

    @Override
    protected void validate(SimulationRequest request) {
        planner.plan(request);
    }
}
