package org.imclab.pruning.activelearning.study;

import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobResultSchema;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Simulated-oracle studies as jobs: POST → 202 + Location, then GET / cancel / events. */
@RestController
@RequestMapping("/api/v1/active-learning/studies")
class AlStudyController extends JobResourceController<AlStudyRequest> {

    AlStudyController(JobSubmissions submissions, JobStore jobs, JobEventStream events, AlStudyHandler handler) {
        super(AlStudyHandler.KIND, submissions, jobs, events, handler::jobPlan,
                JobResultSchema.of(StudyResult.class));
    }
}
