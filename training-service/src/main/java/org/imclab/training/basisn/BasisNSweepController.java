package org.imclab.training.basisn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imclab.common.jobs.JobEventStream;
import org.imclab.common.jobs.JobPlan;
import org.imclab.common.jobs.JobResourceController;
import org.imclab.common.jobs.JobResultSchema;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.web.ApiException;
import org.imclab.common.web.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** BasisN sweeps over R, N and coefficient bits: one job per point, all in the sweep's experiment. */
@RestController
@RequestMapping("/api/v1/basisn-sweeps")
class BasisNSweepController extends JobResourceController<BasisNSweepRequest> {

    BasisNSweepController(JobSubmissions submissions, JobStore jobs, JobEventStream events, BasisNPlanner planner) {
        super(BasisNSweepHandler.KIND, submissions, jobs, events, request -> planSweep(planner, request),
                JobResultSchema.of(BasisNSweepHandler.Result.class));
    }

    /** Every point planned here, once; the sweep job submits each point's job with its plan. */
    private static JobPlan planSweep(BasisNPlanner planner, BasisNSweepRequest request) {
        if (request.template() == null) {
            throw ApiException.badRequest("template", "give the BasisN request every point starts from");
        }
        List<BasisNSweepRequest.Point> points = request.points();
        if (points.size() > BasisNSweepRequest.MAX_POINTS) {
            throw ApiException.badRequest("basisSizes", "the grid has " + points.size() + " points; at most "
                    + BasisNSweepRequest.MAX_POINTS);
        }
        List<BasisNPlanner.Plan> plans = new ArrayList<>();
        for (BasisNSweepRequest.Point p : points) {
            try {
                plans.add(planner.plan(request.request(p)));
            } catch (ApiException e) {
                List<FieldError> errors = e.errors().stream().map(f -> new FieldError("template." + f.field(),
                        p.label() + ": " + f.message())).toList();
                throw new ApiException(HttpStatus.BAD_REQUEST, "grid point " + p.label() + " is invalid", errors);
            }
        }
        return new JobPlan(new BasisNSweepHandler.Plan(plans), Map.of("points", Integer.toString(points.size())));
    }
}
