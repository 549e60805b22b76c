package org.imclab.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.imclab.common.testsupport.TestDatabase;
import org.imclab.common.tracking.MetricPoint;
import org.imclab.common.tracking.TrackingStore;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes' pod shutdown on the real queue: a worker JVM gets SIGTERM (Process.destroy, not
 * destroyForcibly) in the middle of an epoch, finishes that epoch, checkpoints, hands the job back and exits
 * well within terminationGracePeriodSeconds; another worker resumes from the checkpoint, and every epoch is
 * run and recorded by exactly one of the two attempts.
 */
class GracefulDrainTest extends QueueDatabaseTest {

    @Test
    void sigtermDrainsTheRunningJobAndAnotherWorkerResumesItFromTheCheckpoint() throws Exception {
        TestDatabase.Server s = TestDatabase.server();
        drainAndResume("draining", List.of(GracefulWorkerProcessMain.class.getName(), url, s.user(), s.password(),
                "draining", cache.resolve("child").toString()));
    }

    /** The same through Spring Boot: its shutdown hook, the worker's SmartLifecycle, graceful shutdown settings. */
    @Test
    void sigtermToASpringBootServiceDrainsThroughItsLifecycle() throws Exception {
        TestDatabase.Server s = TestDatabase.server();
        drainAndResume("draining-spring", List.of(GracefulSpringWorkerMain.class.getName(), url, s.user(), s.password(),
                "draining-spring"));
    }

    private void drainAndResume(String kind, List<String> mainAndArgs) throws Exception {
        int steps = 10;
        UUID id = submissions()
                .submit(kind, new StepJobHandler.Request(steps, 600, "drain", null), null, "drain", null, null)
                .job().id();
        JobStore store = new JobStore(ds, json);
        Path log = cache.resolve(kind + "-child.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        cmd.addAll(mainAndArgs);
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant termAt;
        int checkpointBeforeTerm;
        try {
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> {
                    if (!child.isAlive()) {
                        throw new AssertionError("the child exited early; its log:\n" + readLog(log));
                    }
                    return store.checkpoint(id).map(c -> c.meta().get("step").asInt() >= 3).orElse(false);
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the child never reached step 3; its log:\n" + readLog(log), e);
            }
            // Mid-epoch: half a step after the checkpoint was seen.
            Thread.sleep(300);
            checkpointBeforeTerm = store.checkpoint(id).orElseThrow().meta().get("step").asInt();
            termAt = Instant.now();
            child.destroy();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exits on SIGTERM; log:%n%s", readLog(log)).isTrue();
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly().waitFor();
            }
        }
        Duration drainTook = Duration.between(termAt, Instant.now());
        String childLog = readLog(log);
        // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal, not by a crash.
        assertThat(child.exitValue()).as(childLog).isEqualTo(143);
        // Within the pods' grace period with room to spare (deploy/k8s: 60 s for workers, 20 s drain).
        assertThat(drainTook).isLessThan(Duration.ofSeconds(15));

        // Handed back at once, not left to its 30 s lease: queued again, with the reason in its history.
        assertThat(store.state(id)).isEqualTo(JobState.QUEUED);
        int checkpointAtTerm = store.checkpoint(id).orElseThrow().meta().get("step").asInt();
        assertThat(checkpointAtTerm).isBetween(3, steps - 1);
        // The epoch in flight at SIGTERM was finished and checkpointed, not thrown away.
        assertThat(checkpointAtTerm).as("checkpoint after drain vs before SIGTERM").isGreaterThan(checkpointBeforeTerm);
        JobView handedBack = store.get(id, kind);
        assertThat(handedBack.history()).extracting(JobView.Transition::reason).contains("worker shut down");

        Instant survivorStart = Instant.now();
        JobWorker survivor = worker(store, new WorkerSettings("survivor", Duration.ofSeconds(30),
                Duration.ofMillis(300), Duration.ofMillis(50)), new GracefulWorkerProcessMain.AttemptStepHandler(kind));
        survivor.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> store.state(id) == JobState.SUCCEEDED);
        } finally {
            survivor.stop();
        }
        JobView view = store.get(id, kind);
        assertThat(view.attempts()).isEqualTo(2);
        // Resumed exactly where the drained attempt's last finished epoch left off: nothing redone, nothing lost.
        assertThat(view.result().get("resumedFrom").asInt()).isEqualTo(checkpointAtTerm);
        assertThat(view.result().get("stepsRun").asInt()).isEqualTo(steps - checkpointAtTerm);
        assertThat(view.history()).extracting(JobView.Transition::worker).contains("survivor")
                .anyMatch(w -> w != null && !w.equals("survivor"));

        TrackingStore tracking = new TrackingStore(ds);
        List<MetricPoint> loss = tracking.metricHistory(id, "loss");
        assertThat(loss).extracting(MetricPoint::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        // Every epoch was written by exactly one attempt: the drained one up to its checkpoint (before SIGTERM
        // plus the epoch it was finishing), the survivor after it. A late write from the drained JVM would show
        // up as attempt 1 past the checkpoint or a timestamp after the survivor started.
        for (MetricPoint p : tracking.metricHistory(id, "attempt")) {
            boolean first = p.step() <= checkpointAtTerm;
            assertThat(p.value()).as("attempt that wrote step %d", p.step()).isEqualTo(first ? 1.0 : 2.0);
            if (first) {
                assertThat(p.loggedAt()).isBefore(survivorStart);
            }
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
