package org.imclab.common.jobs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A worker in its own JVM that shuts down the way a pod does on SIGTERM: the JVM runs its shutdown hooks,
 * and the hook stops the worker gracefully, as Spring's shutdown hook does through the worker's
 * SmartLifecycle (JobsAutoConfiguration). Args: jdbcUrl user password kind cacheDir.
 */
public final class GracefulWorkerProcessMain {

    private GracefulWorkerProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        // A 30 s lease: longer than the test waits, so the job can only move on if the worker releases it.
        JobWorker worker = WorkerProcessMain.worker(args, "draining-worker", Duration.ofSeconds(30),
                new AttemptStepHandler(args[3]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SIGTERM: draining");
            worker.stop(Duration.ofSeconds(20));
            System.out.println("drained");
        }, "drain"));
        worker.start();
        System.out.println("worker started");
        Thread.sleep(Long.MAX_VALUE);
    }

    /**
     * {@link StepJobHandler}'s epoch loop, but each step also logs which attempt ran it, so a test can tell
     * whether a step was run (and written) by both the drained attempt and the one that resumed.
     */
    static final class AttemptStepHandler extends StepJobHandler {

        AttemptStepHandler(String kind) {
            super(kind, 1);
        }

        @Override
        public Object run(Request request, JobContext ctx) throws Exception {
            int start = ctx.checkpoint().map(c -> c.meta().get("step").asInt()).orElse(0);
            for (int step = start + 1; step <= request.steps(); step++) {
                ctx.checkCancelled();
                Thread.sleep(request.stepMillis());
                ctx.logMetrics(step, Map.of("loss", 1.0 / step, "attempt", (double) ctx.attempt()));
                ctx.saveCheckpoint(Map.of("step", step),
                        new ByteArrayInputStream(("state-after-" + step).getBytes(StandardCharsets.UTF_8)));
                ctx.progress((double) step / request.steps(), "step " + step + "/" + request.steps());
            }
            return new Result(request.steps() - start, start, ctx.attempt());
        }
    }
}
