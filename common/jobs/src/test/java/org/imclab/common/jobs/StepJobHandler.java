package org.imclab.common.jobs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A test job of {@code steps} steps that checkpoints after every step and logs one metric per step,
 * like an epoch loop. It resumes from the checkpoint, so a crash repeats at most one step.
 */
public class StepJobHandler extends AbstractJobHandler<StepJobHandler.Request> {

    public record Request(int steps, long stepMillis, String experiment, String callbackUrl) implements JobRequest {
    }

    public record Result(int stepsRun, int resumedFrom, int attempt) {
    }

    public StepJobHandler(String kind, int concurrency) {
        this(kind, kind, concurrency);
    }

    /** A handler that shares the concurrency group {@code group} (another kind's, or the DJL gradient one). */
    public StepJobHandler(String kind, String group, int concurrency) {
        super(kind, Request.class, group, concurrency);
    }

    @Override
    public Object run(Request request, JobContext ctx) throws Exception {
        int start = ctx.checkpoint().map(c -> c.meta().get("step").asInt()).orElse(0);
        if (start > 0) {
            try (var in = ctx.openArtifact(ctx.checkpoint().get().artifactSha256())) {
                String state = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (!state.equals("state-after-" + start)) {
                    throw new IllegalStateException("checkpoint content mismatch: " + state);
                }
            }
        }
        int run = 0;
        for (int step = start + 1; step <= request.steps(); step++) {
            ctx.checkCancelled();
            Thread.sleep(request.stepMillis());
            ctx.logMetrics(step, Map.of("loss", 1.0 / step));
            ctx.saveCheckpoint(Map.of("step", step),
                    new ByteArrayInputStream(("state-after-" + step).getBytes(StandardCharsets.UTF_8)));
            ctx.progress((double) step / request.steps(), "step " + step + "/" + request.steps());
            run++;
        }
        return new Result(run, start, ctx.attempt());
    }
}
