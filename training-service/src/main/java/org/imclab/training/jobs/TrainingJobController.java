package org.imclab.training.jobs;

import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobResultSchema;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Training jobs: submit (202 + Location), get, list, cancel, SSE events. */
@RestController
@RequestMapping("/api/v1/training-jobs")
class TrainingJobController extends JobResourceController<TrainingRequest> {

    TrainingJobController(JobSubmissions submissions, JobStore jobs, JobEventStream events, TrainingPlanner planner) {
        super(TrainingJobHandler.KIND, submissions, jobs, events, planner::jobPlan,
                JobResultSchema.of(TrainingJobHandler.Result.class));
    }
}
