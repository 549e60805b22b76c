package org.imclab.training.datasets;

import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobResultSchema;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The dataset-import jobs that {@code POST /api/v1/datasets/builtin} starts: status, cancel, events. */
@RestController
@RequestMapping("/api/v1/dataset-imports")
class DatasetImportController extends JobResourceController<DatasetImportRequest> {

    private final BuiltinDatasets builtins;

    DatasetImportController(JobSubmissions submissions, JobStore jobs, JobEventStream events,
            BuiltinDatasets builtins) {
        super(DatasetImportHandler.KIND, submissions, jobs, events);
        this.builtins = builtins;
    }

    @Override
    protected void validate(DatasetImportRequest request) {
        BuiltinDatasets.checkName(request.name());
        SplitOptions.of(request.splitSeed(), request.valFraction(), request.testFraction());
        builtins.requireFetchable(request.name());
    }

    @Override
    public JobResultSchema resultSchema() {
        return JobResultSchema.of(DatasetImportHandler.Result.class);
    }
}
