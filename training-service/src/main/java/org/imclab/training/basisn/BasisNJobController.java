package org.imclab.training.basisn;

import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobResultSchema;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** BasisN jobs: submit (202 + Location), get, list, cancel, SSE events. */
@RestController
@RequestMapping("/api/v1/basisn-jobs")
class BasisNJobController extends JobResourceController<BasisNRequest> {

    BasisNJobController(JobSubmissions submissions, JobStore jobs, JobEventStream events, BasisNPlanner planner) {
        super(BasisNJobHandler.KIND, submissions, jobs, events, planner::jobPlan,
                JobResultSchema.of(BasisNJobHandler.Result.class));
    }
}
