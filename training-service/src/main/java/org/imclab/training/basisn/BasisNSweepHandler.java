package org.imclab.training.basisn;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.imclab.common.jobs.AbstractJobHandler;
import org.imclab.common.jobs.JobCancelledException;
import org.imclab.common.jobs.JobContext;
import org.imclab.common.jobs.JobPlan;
import org.imclab.common.jobs.JobState;
import org.imclab.common.jobs.JobStore;
import org.imclab.common.jobs.JobSubmissions;
import org.imclab.common.jobs.JobView;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Job kind {@code basisn-sweep}: submits one {@code basisn} job per grid point through {@link JobSubmissions},
 * in the sweep's experiment, so every point is a first-class job and tracking run (own params, metrics,
 * registered model, cancel) that the experiment compares side by side; then waits for them and returns the
 * table. It takes no gradient collector (its own concurrency group), so the points run in the DJL worker
 * slot one at a time, on any replica. Child submissions use idempotency keys derived from the sweep's id,
 * so a resumed sweep finds its children instead of submitting them again.
 */
@Component
public class BasisNSweepHandler extends AbstractJobHandler<BasisNSweepRequest> {

    public static final String KIND = "basisn-sweep";
    private static final long POLL_MILLIS = 1000;

    private final JobSubmissions submissions;
    private final JobStore jobs;

    public BasisNSweepHandler(JobSubmissions submissions, JobStore jobs) {
        super(KIND, BasisNSweepRequest.class, KIND, 4);
        this.submissions = submissions;
        this.jobs = jobs;
    }

    /** One point of the result table: the child's job (= run) id, state and summary. */
    @Schema(name = "BasisNSweepPoint")
    public record PointResult(Integer rows, Integer basisSize, Integer coeffBits, UUID jobId, JobState state,
            Double testAccuracy, Double baselineAccuracy, Integer basisCrossbars, Double meanGroupsUsed,
            Double coefficientSparsity, Long modelId, String error) {
    }

    @Schema(name = "BasisNSweepResult")
    public record Result(String experiment, List<PointResult> points) {
    }

    /** The plans of the grid's points, in {@link BasisNSweepRequest#points()} order, resolved at submit. */
    public record Plan(List<BasisNPlanner.Plan> points) {
    }

    @Override
    public Object run(BasisNSweepRequest request, JobContext ctx) throws Exception {
        List<BasisNSweepRequest.Point> points = request.points();
        Plan plan = ctx.requiredPlan(Plan.class);
        String experiment = request.experiment() == null || request.experiment().isBlank() ? "Default"
                : request.experiment();
        List<UUID> children = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            BasisNSweepRequest.Point p = points.get(i);
            BasisNRequest child = request.request(p);
            BasisNPlanner.Plan point = plan.points().get(i);
            var s = submissions.submit(BasisNJobHandler.KIND, child, new JobPlan(point, BasisNPlanner.params(point)),
                    "sweep:" + ctx.jobId() + ":" + i, experiment, null, child.runName());
            children.add(s.job().id());
        }
        // Which job runs which point is learnt only now: tags, since params are the request's, fixed at submit.
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < children.size(); i++) {
            tags.put("point." + i, points.get(i).label() + " -> " + children.get(i));
        }
        ctx.setTags(tags);
        while (true) {
            int done = 0;
            for (UUID id : children) {
                if (jobs.state(id).isTerminal()) {
                    done++;
                }
            }
            ctx.progress((double) done / children.size(), done + "/" + children.size() + " points finished");
            if (done == children.size()) {
                break;
            }
            try {
                ctx.checkCancelled();
            } catch (JobCancelledException cancelled) {
                for (UUID id : children) {
                    if (!jobs.state(id).isTerminal()) {
                        jobs.requestCancel(id, "sweep " + ctx.jobId() + " cancelled");
                    }
                }
                throw cancelled;
            }
            Thread.sleep(POLL_MILLIS);
        }
        List<PointResult> out = new ArrayList<>();
        int succeeded = 0;
        for (int i = 0; i < children.size(); i++) {
            BasisNSweepRequest.Point p = points.get(i);
            JobView v = jobs.get(children.get(i), BasisNJobHandler.KIND);
            JsonNode r = v.result();
            if (v.state() == JobState.SUCCEEDED) {
                succeeded++;
            }
            out.add(new PointResult(r != null ? r.get("rows").asInt() : p.rows(),
                    r != null ? r.get("basisSize").asInt() : p.basisSize(),
                    r != null ? r.get("coeffBits").asInt() : p.coeffBits(), v.id(), v.state(),
                    number(r, "testAccuracy"), number(r, "baselineAccuracy"),
                    r == null ? null : r.get("basisCrossbars").asInt(), number(r, "meanGroupsUsed"),
                    number(r, "coefficientSparsity"), r == null ? null : r.get("modelId").asLong(), v.error()));
        }
        ctx.logMetrics(1, Map.of("points", (double) children.size(), "points_succeeded", (double) succeeded));
        return new Result(experiment, out);
    }

    private static Double number(JsonNode r, String field) {
        if (r == null || r.get(field) == null || r.get(field).isNull()) {
            return null;
        }
        return r.get(field).asDouble();
    }
}
